import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/core/model/kube-object.js';
import { manualSim, namespace, spec, status, type Harness } from './helpers.js';

let h: Harness;
afterEach(async () => h?.cleanup());

function statefulSet(
  name: string,
  opts: { replicas?: number; image?: string; policy?: 'OrderedReady' | 'Parallel'; partition?: number; onDelete?: boolean } = {},
): KubeObject {
  const labels = { app: name };
  const s: Record<string, unknown> = {
    serviceName: name,
    selector: { matchLabels: labels },
    template: { metadata: { labels }, spec: { containers: [{ name: 'main', image: opts.image ?? 'nginx:1.25' }] } },
  };
  if (opts.replicas !== undefined) s['replicas'] = opts.replicas;
  if (opts.policy) s['podManagementPolicy'] = opts.policy;
  if (opts.onDelete) s['updateStrategy'] = { type: 'OnDelete' };
  else if (opts.partition !== undefined) s['updateStrategy'] = { type: 'RollingUpdate', rollingUpdate: { partition: opts.partition } };
  return { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name, namespace: 'app' }, spec: s };
}

const stsKey = (name: string) => ({ group: 'apps', kind: 'StatefulSet', namespace: 'app', name });
async function pods(): Promise<KubeObject[]> {
  return h.sim.list({ kind: 'Pod', namespace: 'app' });
}
async function names(): Promise<string[]> {
  return (await pods()).map((p) => p.metadata.name).sort();
}
const ready = (p: KubeObject) => status(p).conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True');
const imageOf = (p: KubeObject) => spec(p).containers[0].image as string;

async function setup(images: Array<{ match: string; startupSeconds?: number; behaviour?: any }> = []): Promise<void> {
  h = await manualSim({ images });
  await h.sim.apply(namespace('app'));
}

describe('statefulset controller', () => {
  it('a StatefulSet with OrderedReady creates web-1 only after web-0 is Ready', async () => {
    await setup([{ match: 'slow:*', startupSeconds: 5 }]);
    await h.sim.apply(statefulSet('web', { replicas: 3, image: 'slow:1' }));
    await h.sim.settle();
    expect(await names()).toEqual(['web-0']);
    await h.sim.advance(4000);
    expect(await names()).toEqual(['web-0']);
    await h.sim.advance(1000);
    expect(await names()).toEqual(['web-0', 'web-1']);
    await h.sim.advance(5000);
    expect(await names()).toEqual(['web-0', 'web-1', 'web-2']);
    await h.sim.advance(5000);
    const sts = await h.sim.get(stsKey('web'));
    expect(status(sts)).toMatchObject({ observedGeneration: 1, replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3 });
    expect(status(sts).currentRevision).toMatch(/^web-[a-z0-9]{10}$/);
    expect(status(sts).updateRevision).toBe(status(sts).currentRevision);
    const p0 = (await pods())[0]!;
    expect(p0.metadata.labels).toMatchObject({ app: 'web', 'controller-revision-hash': status(sts).currentRevision, 'statefulset.kubernetes.io/pod-name': 'web-0', 'apps.kubernetes.io/pod-index': '0' });
    expect(p0.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'StatefulSet', name: 'web', controller: true });
    expect(spec(p0)).toMatchObject({ hostname: 'web-0', subdomain: 'web' });
    const revs = await h.sim.list({ group: 'apps', kind: 'ControllerRevision', namespace: 'app' });
    expect(revs.map((r) => [r.metadata.name, (r as any).revision])).toEqual([[status(sts).currentRevision, 1]]);
    const msgs = h.sim.events('app').filter((e) => e['reason'] === 'SuccessfulCreate').map((e) => e['message']);
    expect(msgs).toEqual(['create Pod web-0 in StatefulSet web successful', 'create Pod web-1 in StatefulSet web successful', 'create Pod web-2 in StatefulSet web successful']);
  });

  it('a pod that never becomes Ready holds back the higher ordinals (OrderedReady)', async () => {
    await setup([{ match: 'stuck:*', behaviour: 'neverReady' }]);
    await h.sim.apply(statefulSet('db', { replicas: 3, image: 'stuck:1' }));
    await h.sim.advance(60_000);
    expect(await names()).toEqual(['db-0']);
  });

  it('Parallel pod management creates every pod at once', async () => {
    await setup([{ match: 'stuck:*', behaviour: 'neverReady' }]);
    await h.sim.apply(statefulSet('db', { replicas: 3, image: 'stuck:1', policy: 'Parallel' }));
    await h.sim.settle();
    expect(await names()).toEqual(['db-0', 'db-1', 'db-2']);
  });

  it.each([
    { policy: 'OrderedReady' as const, order: ['web-3', 'web-2', 'web-1'] },
    { policy: 'Parallel' as const, order: ['web-3', 'web-2', 'web-1'] },
  ])('scale down removes the highest ordinals first ($policy)', async ({ policy, order }) => {
    await setup();
    await h.sim.apply(statefulSet('web', { replicas: 4, policy }));
    await h.sim.advance(10_000);
    const deleted: string[] = [];
    h.sim.watch((ev) => ev.type === 'DELETED' && ev.object.kind === 'Pod' && deleted.push(ev.object.metadata.name));
    await h.sim.apply(statefulSet('web', { replicas: 1, policy }));
    await h.sim.advance(1000);
    expect(deleted).toEqual(order);
    expect(await names()).toEqual(['web-0']);
    expect(status(await h.sim.get(stsKey('web')))).toMatchObject({ replicas: 1, readyReplicas: 1 });
  });

  it('a deleted pod comes back under the same name', async () => {
    await setup();
    await h.sim.apply(statefulSet('web', { replicas: 2 }));
    await h.sim.advance(10_000);
    const before = (await pods()).find((p) => p.metadata.name === 'web-1')!;
    await h.sim.delete({ group: '', kind: 'Pod', namespace: 'app', name: 'web-1' });
    await h.sim.advance(2000);
    const after = (await pods()).find((p) => p.metadata.name === 'web-1')!;
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(ready(after)).toBe(true);
  });

  it('RollingUpdate replaces pods from the highest ordinal down, one at a time, waiting for Ready', async () => {
    await setup([{ match: 'app:*', startupSeconds: 3 }]);
    await h.sim.apply(statefulSet('web', { replicas: 3, image: 'app:1' }));
    await h.sim.advance(20_000);
    const oldRev = status(await h.sim.get(stsKey('web'))).currentRevision;
    const order: string[] = [];
    let maxUnready = 0;
    h.sim.watch((ev) => {
      if (ev.type === 'ADDED' && ev.object.kind === 'Pod') order.push(ev.object.metadata.name);
    });
    await h.sim.apply(statefulSet('web', { replicas: 3, image: 'app:2' }));
    await h.sim.settle();
    let sts = await h.sim.get(stsKey('web'));
    expect(sts!.metadata.generation).toBe(2);
    expect(status(sts).updateRevision).not.toBe(oldRev);
    expect(status(sts).currentRevision).toBe(oldRev);
    for (let i = 0; i < 30; i++) {
      await h.sim.advance(500);
      const ps = await pods();
      maxUnready = Math.max(maxUnready, 3 - ps.filter(ready).length);
    }
    expect(order).toEqual(['web-2', 'web-1', 'web-0']);
    expect(maxUnready).toBe(1);
    expect((await pods()).map(imageOf)).toEqual(['app:2', 'app:2', 'app:2']);
    sts = await h.sim.get(stsKey('web'));
    expect(status(sts)).toMatchObject({ observedGeneration: 2, replicas: 3, readyReplicas: 3, currentReplicas: 3, updatedReplicas: 3 });
    expect(status(sts).currentRevision).toBe(status(sts).updateRevision);
    const revs = await h.sim.list({ group: 'apps', kind: 'ControllerRevision', namespace: 'app' });
    expect(revs.map((r) => (r as any).revision).sort()).toEqual([1, 2]);
  });

  it('a partition keeps the ordinals below it on the current revision', async () => {
    await setup();
    await h.sim.apply(statefulSet('web', { replicas: 4 }));
    await h.sim.advance(10_000);
    await h.sim.apply(statefulSet('web', { replicas: 4, image: 'nginx:1.26', partition: 2 }));
    await h.sim.advance(10_000);
    const byName = Object.fromEntries((await pods()).map((p) => [p.metadata.name, imageOf(p)]));
    expect(byName).toEqual({ 'web-0': 'nginx:1.25', 'web-1': 'nginx:1.25', 'web-2': 'nginx:1.26', 'web-3': 'nginx:1.26' });
    let sts = await h.sim.get(stsKey('web'));
    expect(status(sts)).toMatchObject({ replicas: 4, currentReplicas: 2, updatedReplicas: 2 });
    expect(status(sts).currentRevision).not.toBe(status(sts).updateRevision);
    // a pod below the partition that is deleted comes back on the current revision
    await h.sim.delete({ group: '', kind: 'Pod', namespace: 'app', name: 'web-0' });
    await h.sim.advance(2000);
    expect(imageOf((await pods()).find((p) => p.metadata.name === 'web-0')!)).toBe('nginx:1.25');
    // lowering the partition to 0 finishes the rollout
    await h.sim.apply(statefulSet('web', { replicas: 4, image: 'nginx:1.26', partition: 0 }));
    await h.sim.advance(10_000);
    expect((await pods()).map(imageOf)).toEqual(['nginx:1.26', 'nginx:1.26', 'nginx:1.26', 'nginx:1.26']);
    sts = await h.sim.get(stsKey('web'));
    expect(status(sts).currentRevision).toBe(status(sts).updateRevision);
  });

  it('OnDelete updates a pod only when it is deleted', async () => {
    await setup();
    await h.sim.apply(statefulSet('web', { replicas: 2, onDelete: true }));
    await h.sim.advance(5000);
    await h.sim.apply(statefulSet('web', { replicas: 2, image: 'nginx:1.26', onDelete: true }));
    await h.sim.advance(5000);
    expect((await pods()).map(imageOf)).toEqual(['nginx:1.25', 'nginx:1.25']);
    await h.sim.delete({ group: '', kind: 'Pod', namespace: 'app', name: 'web-1' });
    await h.sim.advance(5000);
    expect((await pods()).map(imageOf)).toEqual(['nginx:1.25', 'nginx:1.26']);
    expect(status(await h.sim.get(stsKey('web')))).toMatchObject({ updatedReplicas: 1, currentReplicas: 1 });
  });

  it('deleting the StatefulSet deletes its pods and revisions', async () => {
    await setup();
    await h.sim.apply(statefulSet('web', { replicas: 2 }));
    await h.sim.advance(5000);
    await h.sim.delete(stsKey('web'));
    await h.sim.settle();
    expect(await pods()).toEqual([]);
    expect(await h.sim.list({ group: 'apps', kind: 'ControllerRevision', namespace: 'app' })).toEqual([]);
  });

  it.each([
    { whenDeleted: undefined, whenScaled: undefined, afterScale: ['www-web-0', 'www-web-1'], kept: ['www-web-0', 'www-web-1'] },
    { whenDeleted: 'Delete', whenScaled: 'Retain', afterScale: ['www-web-0', 'www-web-1'], kept: [] },
    { whenDeleted: 'Retain', whenScaled: 'Delete', afterScale: ['www-web-0'], kept: ['www-web-0'] },
  ])('volumeClaimTemplates give each pod its own Bound claim (whenDeleted $whenDeleted, whenScaled $whenScaled)', async ({ whenDeleted, whenScaled, afterScale, kept }) => {
    await setup();
    const sts = statefulSet('web', { replicas: 2 });
    (sts as any).spec.volumeClaimTemplates = [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }];
    if (whenDeleted) (sts as any).spec.persistentVolumeClaimRetentionPolicy = { whenDeleted, whenScaled };
    await h.sim.apply(sts);
    await h.sim.advance(5000);
    const claims = async () => (await h.sim.list({ kind: 'PersistentVolumeClaim', namespace: 'app' })).map((c) => c.metadata.name);
    expect(await claims()).toEqual(['www-web-0', 'www-web-1']);
    const pvc = await h.sim.get({ group: '', kind: 'PersistentVolumeClaim', namespace: 'app', name: 'www-web-1' });
    expect(status(pvc)).toEqual({ phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } });
    expect(pvc!.metadata.labels).toEqual({ app: 'web' });
    const p1 = (await pods()).find((p) => p.metadata.name === 'web-1')!;
    expect(spec(p1).volumes).toEqual([{ name: 'www', persistentVolumeClaim: { claimName: 'www-web-1' } }]);
    (sts as any).spec.replicas = 1;
    await h.sim.apply(sts);
    await h.sim.advance(2000);
    expect(await names()).toEqual(['web-0']);
    expect(await claims()).toEqual(afterScale);
    await h.sim.delete(stsKey('web'));
    await h.sim.settle();
    expect(await claims()).toEqual(kept);
  });
});
