import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/core/model/kube-object.js';
import type { NodeSpec } from '../../../../src/adapters/cluster/sim/index.js';
import { deployment, manualSim, namespace, spec, status, type Harness } from './helpers.js';

let h: Harness;
afterEach(async () => h?.cleanup());

async function pods(ns = 'app'): Promise<KubeObject[]> {
  return h.sim.list({ kind: 'Pod', namespace: ns });
}
const nodeOf = (p: KubeObject) => spec(p).nodeName as string | undefined;
const cond = (o: KubeObject | undefined, type: string) => status(o).conditions?.find((c: any) => c.type === type);

/** A Deployment whose pod template spec gets `extra` merged in. */
function workload(name: string, replicas: number, extra: Record<string, unknown>, container: Record<string, unknown> = {}): KubeObject {
  const d = deployment(name, { replicas });
  const tspec = (d as any).spec.template.spec;
  Object.assign(tspec, extra);
  Object.assign(tspec.containers[0], container);
  return d;
}

async function withNodes(nodes: NodeSpec[]): Promise<void> {
  h = await manualSim({ nodes });
  await h.sim.apply(namespace('app'));
}

const zoned: NodeSpec[] = [
  { name: 'a', labels: { zone: 'z1', disk: 'ssd', cores: '4' } },
  { name: 'b', labels: { zone: 'z2', cores: '8' } },
  { name: 'c', labels: { zone: 'z3', disk: 'hdd', cores: '16' } },
];

describe('scheduler', () => {
  it('spreads the replicas of one workload across nodes', async () => {
    await withNodes([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    await h.sim.apply(deployment('one', { replicas: 1 }));
    await h.sim.settle();
    await h.sim.apply(deployment('web', { replicas: 6 }));
    await h.sim.settle();
    const counts: Record<string, number> = {};
    for (const p of await pods()) if (p.metadata.labels?.['app'] === 'web') counts[nodeOf(p)!] = (counts[nodeOf(p)!] ?? 0) + 1;
    expect(counts).toEqual({ a: 2, b: 2, c: 2 });
  });

  it.each([
    { op: 'In', values: ['z1', 'z3'], key: 'zone', expect: ['a', 'c'] },
    { op: 'NotIn', values: ['z1'], key: 'zone', expect: ['b', 'c'] },
    { op: 'Exists', key: 'disk', expect: ['a', 'c'] },
    { op: 'DoesNotExist', key: 'disk', expect: ['b'] },
    { op: 'Gt', values: ['6'], key: 'cores', expect: ['b', 'c'] },
    { op: 'Lt', values: ['10'], key: 'cores', expect: ['a', 'b'] },
  ])('required node affinity $op places pods only on matching nodes', async ({ op, values, key, expect: nodes }) => {
    await withNodes(zoned);
    const expr: Record<string, unknown> = { key, operator: op };
    if (values) expr['values'] = values;
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [expr] }] } } };
    await h.sim.apply(workload('web', 6, { affinity }));
    await h.sim.settle();
    expect([...new Set((await pods()).map(nodeOf))].sort()).toEqual(nodes);
  });

  it('node selector terms are ORed, expressions within a term ANDed', async () => {
    await withNodes(zoned);
    const affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }, { key: 'disk', operator: 'In', values: ['hdd'] }] },
            { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z2'] }] },
          ],
        },
      },
    };
    await h.sim.apply(workload('web', 4, { affinity }));
    await h.sim.settle();
    expect([...new Set((await pods()).map(nodeOf))]).toEqual(['b']);
  });

  it('a pod no node matches stays Pending with the affinity reason', async () => {
    await withNodes(zoned);
    await h.sim.apply(workload('web', 1, { nodeSelector: { zone: 'mars' } }));
    await h.sim.settle();
    const [p] = await pods();
    expect(cond(p, 'PodScheduled')).toMatchObject({ status: 'False', reason: 'Unschedulable', message: "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector." });
  });

  it.each([
    { name: 'NoSchedule without toleration avoids the node', effect: 'NoSchedule', toleration: undefined, onTainted: false },
    { name: 'NoExecute without toleration avoids the node', effect: 'NoExecute', toleration: undefined, onTainted: false },
    { name: 'NoSchedule with an Equal toleration may use the node', effect: 'NoSchedule', toleration: { key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }, onTainted: true },
    { name: 'an Exists toleration with no effect tolerates every effect', effect: 'NoExecute', toleration: { key: 'dedicated', operator: 'Exists' }, onTainted: true },
    { name: 'a toleration with another value does not match', effect: 'NoSchedule', toleration: { key: 'dedicated', value: 'db', effect: 'NoSchedule' }, onTainted: false },
  ])('taints: $name', async ({ effect, toleration, onTainted }) => {
    await withNodes([{ name: 'a', taints: [{ key: 'dedicated', value: 'gpu', effect: effect as 'NoSchedule' }] }, { name: 'b' }]);
    await h.sim.apply(workload('web', 4, toleration ? { tolerations: [toleration] } : {}));
    await h.sim.settle();
    const used = new Set((await pods()).map(nodeOf));
    expect(used.has('a')).toBe(onTainted);
    expect(used.has('b')).toBe(true);
  });

  it('a node whose taints nobody tolerates is named in the FailedScheduling message', async () => {
    await withNodes([{ name: 'a', taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] }]);
    await h.sim.apply(workload('web', 1, {}));
    await h.sim.settle();
    const [p] = await pods();
    expect(cond(p, 'PodScheduled').message).toBe('0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}.');
  });

  it('PreferNoSchedule is avoided while other nodes fit, and used when nothing else does', async () => {
    await withNodes([{ name: 'a', taints: [{ key: 'spot', effect: 'PreferNoSchedule' }] }, { name: 'b', cpu: '1' }]);
    await h.sim.apply(workload('web', 2, {}, { resources: { requests: { cpu: '500m' } } }));
    await h.sim.settle();
    expect((await pods()).map(nodeOf)).toEqual(['b', 'b']);
    await h.sim.apply(workload('web', 3, {}, { resources: { requests: { cpu: '500m' } } }));
    await h.sim.settle();
    expect((await pods()).map(nodeOf).sort()).toEqual(['a', 'b', 'b']);
  });

  it('requests that exceed every node leave pods Pending with the reason; a node recovering schedules them', async () => {
    await withNodes([{ name: 'n1', cpu: '1' }, { name: 'n2', cpu: '1' }, { name: 'n3', cpu: '1' }]);
    await h.sim.failNode('n3');
    await h.sim.apply(workload('web', 3, {}, { resources: { requests: { cpu: '800m' } } }));
    await h.sim.advance(2000);
    let ps = await pods();
    const pending = ps.filter((p) => !nodeOf(p));
    expect(pending).toHaveLength(1);
    expect(status(pending[0]).phase).toBe('Pending');
    expect(cond(pending[0], 'PodScheduled')).toMatchObject({
      status: 'False',
      reason: 'Unschedulable',
      message: '0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, 2 Insufficient cpu.',
    });
    expect(h.sim.events('app').find((e) => e['reason'] === 'FailedScheduling')).toMatchObject({ type: 'Warning', involvedObject: { name: pending[0]!.metadata.name } });
    await h.sim.recoverNode('n3');
    await h.sim.advance(2000);
    ps = await pods();
    expect(ps.map(nodeOf).sort()).toEqual(['n1', 'n2', 'n3']);
    expect(ps.every((p) => status(p).phase === 'Running')).toBe(true);
  });

  it('a request larger than every node: "0/3 nodes are available: 3 Insufficient cpu."', async () => {
    await withNodes([{ name: 'n1', cpu: '1' }, { name: 'n2', cpu: '1' }, { name: 'n3', cpu: '1' }]);
    await h.sim.apply(workload('big', 1, {}, { resources: { requests: { cpu: '2', memory: '1Gi' } } }));
    await h.sim.settle();
    const [p] = await pods();
    expect(cond(p, 'PodScheduled').message).toBe('0/3 nodes are available: 3 Insufficient cpu.');
    const ev = h.sim.events('app').find((e) => e['reason'] === 'FailedScheduling')!;
    expect(ev['message']).toBe('0/3 nodes are available: 3 Insufficient cpu.');
  });

  it('a completed pod gives its node capacity back', async () => {
    await withNodes([{ name: 'n1', cpu: '1' }]);
    await h.sim.apply(workload('web', 2, {}, { resources: { requests: { cpu: '600m' } } }));
    await h.sim.settle();
    expect((await pods()).filter((p) => !nodeOf(p))).toHaveLength(1);
    const placed = (await pods()).find((p) => nodeOf(p))!;
    await h.sim.delete({ group: '', kind: 'Pod', namespace: 'app', name: placed.metadata.name });
    await h.sim.settle();
    expect((await pods()).filter((p) => nodeOf(p))).toHaveLength(1);
  });
});
