import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/core/model/kube-object.js';
import type { NodeSpec } from '../../../../src/adapters/cluster/sim/index.js';
import { manualSim, namespace, spec, status, type Harness } from './helpers.js';

let h: Harness;
afterEach(async () => h?.cleanup());

function daemonSet(name: string, opts: { image?: string; nodeSelector?: Record<string, string>; tolerations?: unknown[]; maxUnavailable?: number | string; onDelete?: boolean } = {}): KubeObject {
  const labels = { app: name };
  const podSpec: Record<string, unknown> = { containers: [{ name: 'main', image: opts.image ?? 'agent:1' }] };
  if (opts.nodeSelector) podSpec['nodeSelector'] = opts.nodeSelector;
  if (opts.tolerations) podSpec['tolerations'] = opts.tolerations;
  const s: Record<string, unknown> = { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec } };
  if (opts.onDelete) s['updateStrategy'] = { type: 'OnDelete' };
  else if (opts.maxUnavailable !== undefined) s['updateStrategy'] = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: opts.maxUnavailable } };
  return { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name, namespace: 'app' }, spec: s };
}
const dsKey = (name: string) => ({ group: 'apps', kind: 'DaemonSet', namespace: 'app', name });

async function pods(): Promise<KubeObject[]> {
  return h.sim.list({ kind: 'Pod', namespace: 'app' });
}
const nodesOf = async () => (await pods()).map((p) => spec(p).nodeName as string).sort();
const ready = (p: KubeObject) => status(p).conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True');

async function setup(nodes: number | NodeSpec[] = 3, images: unknown[] = []): Promise<void> {
  h = await manualSim({ nodes, images: images as never });
  await h.sim.apply(namespace('app'));
}

const mixed: NodeSpec[] = [
  { name: 'a', labels: { role: 'edge' } },
  { name: 'b', labels: { role: 'edge' }, taints: [{ key: 'dedicated', value: 'edge', effect: 'NoSchedule' }] },
  { name: 'c' },
];

describe('daemonset controller', () => {
  it('runs one pod per node and reports the counts', async () => {
    await setup();
    await h.sim.apply(daemonSet('agent'));
    await h.sim.advance(3000);
    expect(await nodesOf()).toEqual(['sim-node-1', 'sim-node-2', 'sim-node-3']);
    const p = (await pods())[0]!;
    expect(p.metadata.name).toMatch(/^agent-[a-z0-9]{5}$/);
    expect(p.metadata.labels).toMatchObject({ app: 'agent', 'pod-template-generation': '1' });
    expect(p.metadata.labels?.['controller-revision-hash']).toMatch(/^[a-z0-9]{10}$/);
    expect(spec(p).affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0]).toMatchObject({ key: 'metadata.name', operator: 'In' });
    expect(spec(p).tolerations).toContainEqual({ key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' });
    expect(status(await h.sim.get(dsKey('agent')))).toEqual({
      currentNumberScheduled: 3,
      numberMisscheduled: 0,
      desiredNumberScheduled: 3,
      numberReady: 3,
      observedGeneration: 1,
      updatedNumberScheduled: 3,
      numberAvailable: 3,
      numberUnavailable: 0,
    });
    expect(h.sim.events('app').filter((e) => e['reason'] === 'SuccessfulCreate')).toHaveLength(3);
  });

  it.each([
    { name: 'nodeSelector picks the labelled nodes it tolerates', ds: { nodeSelector: { role: 'edge' } }, nodes: ['a'] },
    { name: 'a NoSchedule taint keeps pods off unless tolerated', ds: {}, nodes: ['a', 'c'] },
    { name: 'a matching toleration lets the pod onto the tainted node', ds: { tolerations: [{ key: 'dedicated', operator: 'Exists' }] }, nodes: ['a', 'b', 'c'] },
    { name: 'selector and toleration together', ds: { nodeSelector: { role: 'edge' }, tolerations: [{ key: 'dedicated', value: 'edge', effect: 'NoSchedule' }] }, nodes: ['a', 'b'] },
  ])('eligible nodes: $name', async ({ ds, nodes }) => {
    await setup(mixed);
    await h.sim.apply(daemonSet('agent', ds));
    await h.sim.advance(3000);
    expect(await nodesOf()).toEqual(nodes);
    expect(status(await h.sim.get(dsKey('agent')))).toMatchObject({ desiredNumberScheduled: nodes.length, numberReady: nodes.length });
  });

  it('a new node gets a daemon pod; a removed node loses it', async () => {
    await setup(2);
    await h.sim.apply(daemonSet('agent'));
    await h.sim.advance(2000);
    expect(await nodesOf()).toEqual(['sim-node-1', 'sim-node-2']);
    await h.reopen({ nodes: 3 });
    await h.sim.advance(2000);
    expect(await nodesOf()).toEqual(['sim-node-1', 'sim-node-2', 'sim-node-3']);
    await h.reopen({ nodes: 1 });
    await h.sim.advance(2000);
    expect(await nodesOf()).toEqual(['sim-node-1']);
  });

  it('daemon pods stay on a failed node (they tolerate unreachable) and are not Ready there', async () => {
    await setup();
    await h.sim.apply(daemonSet('agent'));
    await h.sim.advance(2000);
    await h.sim.failNode('sim-node-2');
    await h.sim.advance(600_000);
    const ps = await pods();
    expect(ps).toHaveLength(3);
    expect(ready(ps.find((p) => spec(p).nodeName === 'sim-node-2')!)).toBe(false);
    expect(status(await h.sim.get(dsKey('agent')))).toMatchObject({ desiredNumberScheduled: 2, numberReady: 2, numberMisscheduled: 1 });
    await h.sim.recoverNode('sim-node-2');
    await h.sim.advance(1000);
    expect((await pods()).every(ready)).toBe(true);
    expect(status(await h.sim.get(dsKey('agent')))).toMatchObject({ desiredNumberScheduled: 3, numberReady: 3, numberMisscheduled: 0 });
  });

  it('a deleted daemon pod is replaced on its node', async () => {
    await setup();
    await h.sim.apply(daemonSet('agent'));
    await h.sim.advance(2000);
    const victim = (await pods())[0]!;
    await h.sim.delete({ group: '', kind: 'Pod', namespace: 'app', name: victim.metadata.name });
    await h.sim.advance(2000);
    expect(await nodesOf()).toEqual(['sim-node-1', 'sim-node-2', 'sim-node-3']);
  });

  it.each([
    { maxUnavailable: undefined, most: 1 },
    { maxUnavailable: 2, most: 2 },
    { maxUnavailable: '50%', most: 2 },
  ])('RollingUpdate replaces pods with at most maxUnavailable=$maxUnavailable unavailable', async ({ maxUnavailable, most }) => {
    await setup(4, [{ match: 'agent:*', startupSeconds: 3 }]);
    await h.sim.apply(daemonSet('agent', { maxUnavailable }));
    await h.sim.advance(5000);
    await h.sim.apply(daemonSet('agent', { maxUnavailable, image: 'agent:2' }));
    let worst = 0;
    for (let i = 0; i < 40; i++) {
      await h.sim.advance(500);
      worst = Math.max(worst, 4 - (await pods()).filter(ready).length);
    }
    expect(worst).toBe(most);
    const ps = await pods();
    expect(ps.map((p) => spec(p).containers[0].image)).toEqual(['agent:2', 'agent:2', 'agent:2', 'agent:2']);
    expect(status(await h.sim.get(dsKey('agent')))).toMatchObject({ observedGeneration: 2, updatedNumberScheduled: 4, numberAvailable: 4, desiredNumberScheduled: 4 });
    expect(ps.every((p) => p.metadata.labels?.['pod-template-generation'] === '2')).toBe(true);
  });

  it('OnDelete leaves old pods until they are deleted', async () => {
    await setup(2);
    await h.sim.apply(daemonSet('agent', { onDelete: true }));
    await h.sim.advance(2000);
    await h.sim.apply(daemonSet('agent', { onDelete: true, image: 'agent:2' }));
    await h.sim.advance(5000);
    expect(status(await h.sim.get(dsKey('agent')))).toMatchObject({ updatedNumberScheduled: 0, desiredNumberScheduled: 2 });
    expect((await pods()).map((p) => spec(p).containers[0].image)).toEqual(['agent:1', 'agent:1']);
  });

  it('RollingUpdate with maxSurge starts the new pod next to the old one and never drops below the desired count', async () => {
    await setup(4, [{ match: 'agent:*', startupSeconds: 3 }]);
    const ds = (image: string) => {
      const d = daemonSet('agent', { image });
      (d as any).spec.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } };
      return d;
    };
    await h.sim.apply(ds('agent:1'));
    await h.sim.advance(5000);
    await h.sim.apply(ds('agent:2'));
    let fewestReady = 4;
    let most = 0;
    for (let i = 0; i < 60; i++) {
      await h.sim.advance(500);
      const ps = await pods();
      fewestReady = Math.min(fewestReady, ps.filter(ready).length);
      most = Math.max(most, ps.length);
    }
    expect(fewestReady).toBe(4);
    expect(most).toBe(5);
    const ps = await pods();
    expect(ps.map((p) => spec(p).containers[0].image)).toEqual(['agent:2', 'agent:2', 'agent:2', 'agent:2']);
    expect(new Set(ps.map((p) => spec(p).nodeName)).size).toBe(4);
    expect(status(await h.sim.get(dsKey('agent')))).toMatchObject({ updatedNumberScheduled: 4, numberAvailable: 4, currentNumberScheduled: 4 });
  });
});
