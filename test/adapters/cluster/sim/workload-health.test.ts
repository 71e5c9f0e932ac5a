/**
 * The sim's workload statuses read the way Tugboat's health checks (Argo CD's) expect: Progressing while
 * pods come up, Healthy once the rollout is done, Degraded for a failed Job.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/core/model/kube-object.js';
import { assessHealth } from '../../../../src/core/health/index.js';
import { manualSim, namespace, type Harness } from './helpers.js';

let h: Harness;
afterEach(async () => h?.cleanup());

const labels = { app: 'w' };
const template = (image: string, restartPolicy?: string) => ({
  metadata: { labels },
  spec: { ...(restartPolicy ? { restartPolicy } : {}), containers: [{ name: 'main', image }] },
});
const cases: Array<{ name: string; make: (image: string) => KubeObject; group: string; kind: string; done: number }> = [
  {
    name: 'StatefulSet',
    group: 'apps',
    kind: 'StatefulSet',
    make: (image) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'w', namespace: 'app' }, spec: { replicas: 3, serviceName: 'w', selector: { matchLabels: labels }, template: template(image) } }),
    done: 20_000,
  },
  {
    name: 'DaemonSet',
    group: 'apps',
    kind: 'DaemonSet',
    make: (image) => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'w', namespace: 'app' }, spec: { selector: { matchLabels: labels }, template: template(image) } }),
    done: 20_000,
  },
  {
    name: 'Job',
    group: 'batch',
    kind: 'Job',
    make: (image) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'w', namespace: 'app' }, spec: { completions: 2, template: template(image, 'Never') } }),
    done: 20_000,
  },
];

describe('workload health over the sim', () => {
  it.each(cases)('a $name is Progressing, then Healthy; after a template change Progressing, then Healthy again', async ({ make, group, kind, done }) => {
    h = await manualSim({ images: [{ match: 'app:*', startupSeconds: 3 }] });
    await h.sim.apply(namespace('app'));
    const key = { group, kind, namespace: 'app', name: 'w' };
    await h.sim.apply(make('app:1'));
    await h.sim.settle();
    expect(assessHealth(await h.sim.get(key)).status).toBe('Progressing');
    await h.sim.advance(done);
    expect(assessHealth(await h.sim.get(key)).status).toBe('Healthy');
    if (kind === 'Job') return; // a Job's template is immutable
    await h.sim.apply(make('app:2'));
    await h.sim.settle();
    expect(assessHealth(await h.sim.get(key)).status).toBe('Progressing');
    await h.sim.advance(done);
    expect(assessHealth(await h.sim.get(key))).toMatchObject({ status: 'Healthy' });
  });

  it('a Job past its backoffLimit is Degraded with the reason', async () => {
    h = await manualSim({ images: [{ match: '*:broken', behaviour: 'crashLoop' }] });
    await h.sim.apply(namespace('app'));
    await h.sim.apply({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'w', namespace: 'app' }, spec: { backoffLimit: 1, template: template('x:broken', 'Never') } });
    await h.sim.advance(120_000);
    expect(assessHealth(await h.sim.get({ group: 'batch', kind: 'Job', namespace: 'app', name: 'w' }))).toEqual({ status: 'Degraded', message: 'Job has reached the specified backoff limit' });
  });
});
