import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/core/model/kube-object.js';
import { deployment, depKey, manualSim, namespace, service, spec, status, type Harness } from './helpers.js';

let h: Harness;
afterEach(async () => h?.cleanup());

const REV = 'deployment.kubernetes.io/revision';

async function rsets(ns = 'app'): Promise<KubeObject[]> {
  return h.sim.list({ group: 'apps', kind: 'ReplicaSet', namespace: ns });
}
async function pods(selector?: string, ns = 'app'): Promise<KubeObject[]> {
  return h.sim.list({ kind: 'Pod', namespace: ns, labelSelector: selector });
}
const ready = (p: KubeObject) => status(p).conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True');

async function setup(extra = {}): Promise<void> {
  h = await manualSim(extra);
  await h.sim.apply(namespace('app'));
}

describe('deployment controller', () => {
  it('a Deployment reaches 3 ready pods through a ReplicaSet', async () => {
    await setup();
    await h.sim.apply(deployment('web', { replicas: 3 }));
    await h.sim.settle();
    const [rs] = await rsets();
    expect(rs!.metadata.name).toMatch(/^web-[a-z0-9]{10}$/);
    const hash = rs!.metadata.labels!['pod-template-hash'];
    expect(rs!.metadata.name).toBe(`web-${hash}`);
    expect(rs!.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Deployment', name: 'web', controller: true });
    expect(rs!.metadata.annotations?.[REV]).toBe('1');
    let ps = await pods();
    expect(ps).toHaveLength(3);
    for (const p of ps) {
      expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[a-z0-9]{5}$`));
      expect(p.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
      expect(p.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', name: rs!.metadata.name, controller: true });
      expect(spec(p).nodeName).toMatch(/^sim-node-[123]$/);
      expect(status(p).podIP).toMatch(/^10\.244\.\d+\.\d+$/);
      expect(status(p).phase).toBe('Pending');
    }
    // spread over the three nodes
    expect(new Set(ps.map((p) => spec(p).nodeName)).size).toBe(3);
    let d = await h.sim.get(depKey('web'));
    expect(status(d).readyReplicas ?? 0).toBe(0);
    expect(status(d).conditions.find((c: any) => c.type === 'Available').status).toBe('False');

    await h.sim.advance(1000);
    ps = await pods();
    expect(ps.every(ready)).toBe(true);
    expect(ps.every((p) => status(p).phase === 'Running')).toBe(true);
    const cs = status(ps[0]).containerStatuses[0];
    expect(cs).toMatchObject({ name: 'main', image: 'nginx:1.25', ready: true, restartCount: 0 });
    expect(cs.state.running).toBeDefined();
    d = await h.sim.get(depKey('web'));
    expect(status(d)).toMatchObject({ observedGeneration: 1, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, unavailableReplicas: 0 });
    const conds = Object.fromEntries(status(d).conditions.map((c: any) => [c.type, c]));
    expect(conds.Available).toMatchObject({ status: 'True', reason: 'MinimumReplicasAvailable' });
    expect(conds.Progressing).toMatchObject({ status: 'True', reason: 'NewReplicaSetAvailable' });
    expect(d!.metadata.annotations?.[REV]).toBe('1');

    const reasons = h.sim.events('app').map((e) => e['reason']);
    for (const r of ['ScalingReplicaSet', 'SuccessfulCreate', 'Scheduled', 'Pulled', 'Started']) expect(reasons).toContain(r);
    const scaling = h.sim.events('app').find((e) => e['reason'] === 'ScalingReplicaSet')!;
    expect(scaling).toMatchObject({ type: 'Normal', count: 1, involvedObject: { kind: 'Deployment', name: 'web', namespace: 'app' } });
    expect(scaling['message']).toBe(`Scaled up replica set ${rs!.metadata.name} from 0 to 3`);
    expect(scaling['firstTimestamp']).toBe('2026-01-02T03:04:05Z');
  });

  it('defaults replicas to 1', async () => {
    await setup();
    await h.sim.apply(deployment('one'));
    await h.sim.advance(2000);
    expect(await pods()).toHaveLength(1);
    expect(spec(await h.sim.get(depKey('one'))).replicas).toBe(1);
  });

  it('an image change rolls: new RS up, old RS at 0, never more than replicas+maxSurge pods', async () => {
    await setup();
    await h.sim.apply(deployment('web', { replicas: 4 }));
    await h.sim.advance(2000);
    const [oldRs] = await rsets();
    let maxPods = 0;
    let minReady = Infinity;
    const stop = h.sim.watch(() => {
      // counted synchronously on every change
    });
    stop();
    let podCount = (await pods()).length;
    h.sim.watch((ev) => {
      if (ev.object.kind !== 'Pod') return;
      if (ev.type === 'ADDED') podCount++;
      if (ev.type === 'DELETED') podCount--;
      maxPods = Math.max(maxPods, podCount);
    });
    await h.sim.apply(deployment('web', { replicas: 4, image: 'nginx:1.26' }));
    for (let i = 0; i < 20; i++) {
      await h.sim.advance(500);
      const ps = await pods();
      minReady = Math.min(minReady, ps.filter(ready).length);
    }
    // 25% of 4: surge 1, unavailable 1
    expect(maxPods).toBeLessThanOrEqual(5);
    expect(minReady).toBeGreaterThanOrEqual(3);
    const all = await rsets();
    expect(all).toHaveLength(2);
    const newRs = all.find((r) => r.metadata.name !== oldRs!.metadata.name)!;
    expect(spec(newRs).replicas).toBe(4);
    expect(spec(all.find((r) => r.metadata.name === oldRs!.metadata.name)).replicas).toBe(0);
    expect(newRs.metadata.annotations?.[REV]).toBe('2');
    const ps = await pods();
    expect(ps).toHaveLength(4);
    expect(ps.every((p) => spec(p).containers[0].image === 'nginx:1.26' && ready(p))).toBe(true);
    const d = await h.sim.get(depKey('web'));
    expect(d!.metadata.annotations?.[REV]).toBe('2');
    expect(status(d)).toMatchObject({ observedGeneration: 2, updatedReplicas: 4, availableReplicas: 4, replicas: 4 });
    expect(h.sim.events('app').some((e) => e['reason'] === 'Killing')).toBe(true);
  });

  it('respects explicit maxSurge/maxUnavailable', async () => {
    await setup();
    const strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } };
    await h.sim.apply(deployment('web', { replicas: 3, strategy }));
    await h.sim.advance(2000);
    let podCount = 3;
    let maxPods = 3;
    h.sim.watch((ev) => {
      if (ev.object.kind !== 'Pod') return;
      podCount += ev.type === 'ADDED' ? 1 : ev.type === 'DELETED' ? -1 : 0;
      maxPods = Math.max(maxPods, podCount);
    });
    await h.sim.apply(deployment('web', { replicas: 3, strategy, image: 'nginx:2' }));
    await h.sim.advance(10_000);
    expect(maxPods).toBe(3);
    const ps = await pods();
    expect(ps.every((p) => spec(p).containers[0].image === 'nginx:2' && ready(p))).toBe(true);
  });

  it('Recreate scales the old ReplicaSet to 0 before starting new pods', async () => {
    await setup();
    const strategy = { type: 'Recreate' };
    await h.sim.apply(deployment('web', { replicas: 2, strategy }));
    await h.sim.advance(2000);
    const images = new Set<string>();
    h.sim.watch((ev) => {
      if (ev.object.kind === 'Pod' && ev.type === 'ADDED') images.add(`${(ev.object as any).spec.containers[0].image}`);
    });
    await h.sim.apply(deployment('web', { replicas: 2, strategy, image: 'nginx:2' }));
    await h.sim.settle();
    const ps = await pods();
    expect(ps.every((p) => spec(p).containers[0].image === 'nginx:2')).toBe(true);
    expect(ps).toHaveLength(2);
    await h.sim.advance(2000);
    expect(status(await h.sim.get(depKey('web')))).toMatchObject({ availableReplicas: 2, updatedReplicas: 2 });
  });

  it('reverting the template reuses the old ReplicaSet under the next revision', async () => {
    await setup();
    await h.sim.apply(deployment('web', { replicas: 2 }));
    await h.sim.advance(2000);
    const [first] = await rsets();
    await h.sim.apply(deployment('web', { replicas: 2, image: 'nginx:1.26' }));
    await h.sim.advance(10_000);
    await h.sim.apply(deployment('web', { replicas: 2 }));
    await h.sim.advance(10_000);
    const all = await rsets();
    expect(all).toHaveLength(2);
    const reused = all.find((r) => r.metadata.name === first!.metadata.name)!;
    expect(reused.metadata.uid).toBe(first!.metadata.uid);
    expect(spec(reused).replicas).toBe(2);
    expect(reused.metadata.annotations?.[REV]).toBe('3');
    expect(reused.metadata.annotations?.['deployment.kubernetes.io/revision-history']).toBe('1');
    const other = all.find((r) => r !== reused)!;
    expect(spec(other).replicas).toBe(0);
    expect(other.metadata.annotations?.[REV]).toBe('2');
    const d = await h.sim.get(depKey('web'));
    expect(d!.metadata.annotations?.[REV]).toBe('3');
    expect((await pods()).every((p) => p.metadata.labels!['pod-template-hash'] === first!.metadata.labels!['pod-template-hash'] && ready(p))).toBe(true);
  });

  it('a deleted pod is replaced', async () => {
    await setup();
    await h.sim.apply(deployment('web', { replicas: 2 }));
    await h.sim.advance(2000);
    const [victim] = await pods();
    expect(await h.sim.delete({ group: '', kind: 'Pod', namespace: 'app', name: victim!.metadata.name }, { manager: 'sim-user' })).toBe(true);
    await h.sim.settle();
    const ps = await pods();
    expect(ps).toHaveLength(2);
    expect(ps.map((p) => p.metadata.name)).not.toContain(victim!.metadata.name);
    await h.sim.advance(1000);
    expect(status(await h.sim.get(depKey('web'))).readyReplicas).toBe(2);
  });

  it('deleting a Deployment cascades to its ReplicaSets and Pods', async () => {
    await setup();
    await h.sim.apply(deployment('web', { replicas: 2 }));
    await h.sim.advance(2000);
    const deleted: string[] = [];
    h.sim.watch((ev) => ev.type === 'DELETED' && deleted.push(`${ev.object.kind}:${ev.manager}`));
    expect(await h.sim.delete(depKey('web'))).toBe(true);
    expect(await rsets()).toHaveLength(0);
    expect(await pods()).toHaveLength(0);
    expect(deleted[0]).toBe('Deployment:undefined');
    expect(deleted.filter((d) => d === 'ReplicaSet:garbage-collector')).toHaveLength(1);
    expect(deleted.filter((d) => d === 'Pod:garbage-collector')).toHaveLength(2);
    await h.sim.settle();
    expect(await pods()).toHaveLength(0);
    expect(await h.sim.delete(depKey('web'))).toBe(false);
  });

  it('Endpoints list only ready pods', async () => {
    await setup({ images: [{ match: 'slow:*', startupSeconds: 30 }] });
    await h.sim.apply(deployment('web', { replicas: 2 }));
    await h.sim.apply(deployment('slow', { replicas: 1, image: 'slow:1', labels: { app: 'web', tier: 'slow' } }));
    await h.sim.apply(service('web', { app: 'web' }));
    await h.sim.advance(2000);
    const ep = await h.sim.get({ group: '', kind: 'Endpoints', namespace: 'app', name: 'web' });
    const subset = (ep as any).subsets[0];
    expect(subset.addresses).toHaveLength(2);
    expect(subset.notReadyAddresses).toHaveLength(1);
    expect(subset.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP' }]);
    const addr = subset.addresses[0];
    expect(addr.ip).toMatch(/^10\.244\./);
    expect(addr.nodeName).toMatch(/^sim-node-/);
    expect(addr.targetRef).toMatchObject({ kind: 'Pod', namespace: 'app' });
    await h.sim.advance(30_000);
    const ep2 = await h.sim.get({ group: '', kind: 'Endpoints', namespace: 'app', name: 'web' });
    expect((ep2 as any).subsets[0].addresses).toHaveLength(3);
    expect((ep2 as any).subsets[0].notReadyAddresses).toBeUndefined();
    // deleting the service deletes its endpoints
    await h.sim.delete({ group: '', kind: 'Service', namespace: 'app', name: 'web' });
    expect(await h.sim.get({ group: '', kind: 'Endpoints', namespace: 'app', name: 'web' })).toBeUndefined();
  });

  it('crashLoop images never get ready; restartCount grows; the rollout times out', async () => {
    await setup({ images: [{ match: '*:broken', behaviour: 'crashLoop' }] });
    await h.sim.apply(deployment('web', { replicas: 1, image: 'app:broken', progressDeadlineSeconds: 120 }));
    await h.sim.advance(60_000);
    const [p] = await pods();
    expect(ready(p!)).toBe(false);
    const cs = status(p).containerStatuses[0];
    expect(cs.restartCount).toBeGreaterThanOrEqual(2);
    const waitingOrRunning = cs.state.waiting?.reason ?? 'running';
    expect(['CrashLoopBackOff', 'running']).toContain(waitingOrRunning);
    await h.sim.advance(100_000);
    const p2 = (await pods())[0]!;
    expect(status(p2).containerStatuses[0].restartCount).toBeGreaterThan(cs.restartCount);
    expect(h.sim.events('app').some((e) => e['reason'] === 'BackOff' && e['type'] === 'Warning' && (e['count'] as number) > 1)).toBe(true);
    const d = await h.sim.get(depKey('web'));
    const prog = status(d).conditions.find((c: any) => c.type === 'Progressing');
    expect(prog).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    expect(status(d).availableReplicas ?? 0).toBe(0);
  });

  it('pullError stays Pending with ImagePullBackOff; neverReady runs but is not ready', async () => {
    await setup({ images: [{ match: 'missing/*', behaviour: 'pullError' }, { match: 'stuck*', behaviour: 'neverReady' }] });
    await h.sim.apply(deployment('a', { image: 'missing/app:1' }));
    await h.sim.apply(deployment('b', { image: 'stuck:1' }));
    await h.sim.advance(5000);
    const [pa] = await pods('app=a');
    expect(status(pa).phase).toBe('Pending');
    expect(status(pa).containerStatuses[0].state.waiting.reason).toBe('ImagePullBackOff');
    const [pb] = await pods('app=b');
    expect(status(pb).phase).toBe('Running');
    expect(ready(pb!)).toBe(false);
  });

  it('keeps revisionHistoryLimit old ReplicaSets', async () => {
    await setup();
    for (let v = 1; v <= 4; v++) {
      await h.sim.apply(deployment('web', { image: `nginx:${v}`, revisionHistoryLimit: 2 }));
      await h.sim.advance(5000);
    }
    const all = await rsets();
    expect(all.map((r) => r.metadata.annotations?.[REV]).sort()).toEqual(['2', '3', '4']);
  });

  it('unschedulable pods stay Pending with a reason until a node fits', async () => {
    await setup({ nodes: [{ name: 'small', cpu: '1', memory: '1Gi' }] });
    const d = deployment('big', { replicas: 1 });
    (d['spec'] as any).template.spec.containers[0].resources = { requests: { cpu: '2' } };
    await h.sim.apply(d);
    await h.sim.advance(2000);
    const [p] = await pods();
    expect(spec(p).nodeName).toBeUndefined();
    const cond = status(p).conditions.find((c: any) => c.type === 'PodScheduled');
    expect(cond).toMatchObject({ status: 'False', reason: 'Unschedulable', message: '0/1 nodes are available: 1 Insufficient cpu.' });
    expect(h.sim.events('app').some((e) => e['reason'] === 'FailedScheduling')).toBe(true);
    const sim = await h.reopen({ nodes: [{ name: 'small', cpu: '1' }, { name: 'large', cpu: '8' }] });
    await sim.advance(2000);
    const [p2] = await pods();
    expect(spec(p2).nodeName).toBe('large');
    expect(ready(p2!)).toBe(true);
  });
});

describe('nodes', () => {
  it('pods of a node that goes away are replaced on the remaining nodes', async () => {
    await setup();
    await h.sim.apply(deployment('web', { replicas: 3 }));
    await h.sim.advance(2000);
    const onNode3 = (await pods()).filter((p) => spec(p).nodeName === 'sim-node-3');
    expect(onNode3.length).toBeGreaterThan(0);
    const sim = await h.reopen({ nodes: 2 });
    expect(sim.nodes().map((n) => n.metadata.name)).toEqual(['sim-node-1', 'sim-node-2']);
    await sim.advance(3000);
    const ps = await pods();
    expect(ps).toHaveLength(3);
    expect(ps.every((p) => spec(p).nodeName !== 'sim-node-3' && ready(p))).toBe(true);
    const node = sim.nodes()[0]!;
    expect(status(node).capacity).toMatchObject({ cpu: '4', memory: '16Gi', pods: '110' });
    expect(status(node).conditions.find((c: any) => c.type === 'Ready').status).toBe('True');
  });

  it('honours nodeSelector', async () => {
    await setup({ nodes: [{ name: 'a', labels: { disk: 'hdd' } }, { name: 'b', labels: { disk: 'ssd' } }] });
    const d = deployment('db', { replicas: 3 });
    (d['spec'] as any).template.spec.nodeSelector = { disk: 'ssd' };
    await h.sim.apply(d);
    await h.sim.advance(2000);
    expect((await pods()).map((p) => spec(p).nodeName)).toEqual(['b', 'b', 'b']);
    const p = (await pods())[0]!;
    expect(p.metadata.generation).toBe(1);
  });
});
