import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/core/model/kube-object.js';
import { deployment, manualSim, namespace, service, spec, status, type Harness } from './helpers.js';

let h: Harness;
afterEach(async () => h?.cleanup());

async function pods(ns = 'app'): Promise<KubeObject[]> {
  return h.sim.list({ kind: 'Pod', namespace: ns });
}
const ready = (p: KubeObject) => status(p).conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True');
const nodeOf = (p: KubeObject) => spec(p).nodeName as string;
const cond = (o: KubeObject | undefined, type: string) => status(o).conditions?.find((c: any) => c.type === type);

async function threeReplicasOnThreeNodes(extra = {}): Promise<void> {
  h = await manualSim(extra);
  await h.sim.apply(namespace('app'));
  await h.sim.apply(deployment('web', { replicas: 3 }));
  await h.sim.apply(service('web', { app: 'web' }));
  await h.sim.advance(2000);
}

describe('node failure', () => {
  it('a failed node reports Ready Unknown, is tainted unreachable and records NodeNotReady; recovery undoes it', async () => {
    h = await manualSim();
    await h.sim.failNode('sim-node-2');
    let node = h.sim.nodes().find((n) => n.metadata.name === 'sim-node-2');
    expect(cond(node, 'Ready')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    expect(spec(node).taints).toEqual([
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: '2026-01-02T03:04:05Z' },
      { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2026-01-02T03:04:05Z' },
    ]);
    expect(h.sim.events().find((e) => e['reason'] === 'NodeNotReady')).toMatchObject({
      involvedObject: { kind: 'Node', name: 'sim-node-2' },
      message: 'Node sim-node-2 status is now: NodeNotReady',
    });
    await h.sim.recoverNode('sim-node-2');
    node = h.sim.nodes().find((n) => n.metadata.name === 'sim-node-2');
    expect(cond(node, 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady' });
    expect(spec(node).taints).toBeUndefined();
    expect(h.sim.events().some((e) => e['reason'] === 'NodeReady')).toBe(true);
    await expect(h.sim.failNode('nope')).rejects.toMatchObject({ code: 404 });
  });

  it('pods of a failed node become not Ready and leave the Service endpoints', async () => {
    await threeReplicasOnThreeNodes();
    const victim = (await pods()).find((p) => nodeOf(p) === 'sim-node-1')!;
    await h.sim.failNode('sim-node-1');
    await h.sim.advance(10_000);
    const p = (await pods()).find((x) => x.metadata.name === victim.metadata.name)!;
    expect(cond(p, 'Ready').status).toBe('False');
    const ep = await h.sim.get({ group: '', kind: 'Endpoints', namespace: 'app', name: 'web' });
    const subset = (ep as any).subsets[0];
    expect(subset.addresses.map((a: any) => a.targetRef.name)).not.toContain(victim.metadata.name);
    expect(subset.notReadyAddresses.map((a: any) => a.targetRef.name)).toEqual([victim.metadata.name]);
    expect(h.sim.events('app').some((e) => e['reason'] === 'NodeNotReady' && (e['involvedObject'] as any).name === victim.metadata.name)).toBe(true);
  });

  it.each([
    { name: 'default 300 s', opts: {}, before: 299_000, after: 2_000 },
    { name: 'nodeEvictionSeconds 30', opts: { nodeEvictionSeconds: 30 }, before: 29_000, after: 2_000 },
  ])('pods of a failed node move after the eviction period ($name)', async ({ opts, before, after }) => {
    await threeReplicasOnThreeNodes(opts);
    const victim = (await pods()).find((p) => nodeOf(p) === 'sim-node-1')!;
    const deleted: KubeObject[] = [];
    h.sim.watch((ev) => ev.type === 'DELETED' && ev.object.kind === 'Pod' && deleted.push(ev.object));
    await h.sim.failNode('sim-node-1');
    await h.sim.advance(before);
    expect((await pods()).map((p) => p.metadata.name)).toContain(victim.metadata.name);
    await h.sim.advance(after);
    const now = await pods();
    expect(now.map((p) => p.metadata.name)).not.toContain(victim.metadata.name);
    expect(now).toHaveLength(3);
    expect(now.every((p) => nodeOf(p) !== 'sim-node-1')).toBe(true);
    await h.sim.advance(2000);
    expect((await pods()).every(ready)).toBe(true);
    const evs = h.sim.events('app').filter((e) => (e['involvedObject'] as any).name === victim.metadata.name);
    expect(evs.find((e) => e['reason'] === 'TaintManagerEviction')).toMatchObject({ message: `Marking for deletion Pod app/${victim.metadata.name}` });
    expect(evs.some((e) => e['reason'] === 'Killing')).toBe(true);
    expect(deleted.map((p) => p.metadata.name)).toEqual([victim.metadata.name]);
    expect(cond(deleted[0], 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'DeletionByTaintManager' });
  });

  it('new pods are not scheduled on a failed node; recovery makes it schedulable again', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    await h.sim.failNode('sim-node-3');
    await h.sim.apply(deployment('web', { replicas: 4 }));
    await h.sim.advance(2000);
    expect((await pods()).map(nodeOf).filter((n) => n === 'sim-node-3')).toEqual([]);
    await h.sim.recoverNode('sim-node-3');
    await h.sim.apply(deployment('web', { replicas: 6 }));
    await h.sim.advance(2000);
    expect((await pods()).map(nodeOf).filter((n) => n === 'sim-node-3').length).toBeGreaterThan(0);
  });

  it('a pod that recovers before the eviction period stays and is Ready again', async () => {
    await threeReplicasOnThreeNodes();
    const victim = (await pods()).find((p) => nodeOf(p) === 'sim-node-1')!;
    await h.sim.failNode('sim-node-1');
    await h.sim.advance(60_000);
    await h.sim.recoverNode('sim-node-1');
    await h.sim.advance(400_000);
    const p = (await pods()).find((x) => x.metadata.name === victim.metadata.name);
    expect(p && ready(p)).toBe(true);
  });

  it.each([
    { name: 'a toleration without tolerationSeconds keeps the pod for ever', toleration: { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' }, gone: false },
    { name: 'tolerationSeconds 10 evicts after 10 s', toleration: { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 10 }, gone: true },
  ])('NoExecute tolerations: $name', async ({ toleration, gone }) => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    await h.sim.apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'solo', namespace: 'app' },
      spec: { containers: [{ name: 'main', image: 'nginx' }], nodeSelector: { 'kubernetes.io/hostname': 'sim-node-1' }, tolerations: [toleration] },
    });
    await h.sim.advance(2000);
    await h.sim.failNode('sim-node-1');
    await h.sim.advance(11_000);
    expect((await pods()).length).toBe(gone ? 0 : 1);
    await h.sim.advance(600_000);
    expect((await pods()).length).toBe(gone ? 0 : 1);
  });

  it('a failed node stays failed across a restart and its pods still move on time', async () => {
    await threeReplicasOnThreeNodes({ nodeEvictionSeconds: 60 });
    const victim = (await pods()).find((p) => nodeOf(p) === 'sim-node-1')!;
    await h.sim.failNode('sim-node-1');
    await h.sim.advance(30_000);
    await h.reopen();
    expect(cond(h.sim.nodes()[0], 'Ready').status).toBe('Unknown');
    await h.sim.advance(29_000);
    expect((await pods()).map((p) => p.metadata.name)).toContain(victim.metadata.name);
    await h.sim.advance(2_000);
    expect((await pods()).map((p) => p.metadata.name)).not.toContain(victim.metadata.name);
    expect(await pods()).toHaveLength(3);
  });
});
