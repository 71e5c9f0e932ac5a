import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/core/model/kube-object.js';
import { deployment, manualSim, namespace, spec, status, type Harness } from './helpers.js';

let h: Harness;
afterEach(async () => h?.cleanup());

const ready = (p: KubeObject) => status(p).conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True');

describe('readiness probes and node pod capacity', () => {
  it('a readinessProbe initialDelaySeconds holds Ready back until the delay has passed', async () => {
    h = await manualSim({});
    await h.sim.apply(namespace('app'));
    const d = deployment('web', { replicas: 1 });
    (d as any).spec.template.spec.containers[0].readinessProbe = { httpGet: { path: '/', port: 80 }, initialDelaySeconds: 10 };
    await h.sim.apply(d);
    await h.sim.advance(5000);
    let [pod] = await h.sim.list({ kind: 'Pod', namespace: 'app' });
    expect(status(pod).phase).toBe('Running');
    expect(ready(pod!)).toBe(false);
    await h.sim.advance(7000);
    [pod] = await h.sim.list({ kind: 'Pod', namespace: 'app' });
    expect(ready(pod!)).toBe(true);
  });

  it('a node takes no more pods than its pods capacity; the rest stay Pending with the reason', async () => {
    h = await manualSim({ nodes: [{ name: 'small', pods: 2 }] });
    await h.sim.apply(namespace('app'));
    await h.sim.apply(deployment('web', { replicas: 3 }));
    await h.sim.advance(3000);
    const pods = await h.sim.list({ kind: 'Pod', namespace: 'app' });
    expect(pods.filter((p) => spec(p).nodeName === 'small')).toHaveLength(2);
    const pending = pods.filter((p) => !spec(p).nodeName);
    expect(pending).toHaveLength(1);
    expect(status(pending[0]).conditions.find((c: any) => c.type === 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    expect(h.sim.events('app').some((e) => e['reason'] === 'FailedScheduling' && String(e['message']).includes('Too many pods'))).toBe(true);
  });
});
