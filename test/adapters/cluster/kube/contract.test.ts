/**
 * One contract for the ClusterStore port, run against the sim in-process and against cluster/kube
 * talking to the sim's Kubernetes API over HTTPS: the same cases, the same results.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClusterError, type WatchEvent } from '../../../../src/core/ports.js';
import type { KubeObject } from '../../../../src/core/model/kube-object.js';
import { kubeBackend, simBackend, type Backend } from './backends.js';

const ns = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const cm = (name: string, data: Record<string, string>, labels: Record<string, string> = {}): KubeObject =>
  ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'c1', labels }, data });
const deploy = (replicas: number): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'c1' },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } } },
});
const key = (kind: string, name: string, group = '') => ({ group, kind, namespace: 'c1', name });

async function until<T>(fn: () => Promise<T>, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

for (const make of [simBackend, kubeBackend]) {
  describe(`ClusterStore contract: ${make === simBackend ? 'sim in-process' : 'cluster/kube over the sim API'}`, () => {
    let b: Backend;
    const events: WatchEvent[] = [];
    beforeAll(async () => {
      b = await make();
      b.store.watch((ev) => events.push({ ...ev, object: JSON.parse(JSON.stringify(ev.object)) }));
      await b.store.apply(ns('c1'));
    });
    afterAll(async () => b?.close());

    it('apply creates, reapplying is unchanged with the same resourceVersion, a change is configured', async () => {
      const a = await b.store.apply(cm('one', { k: 'v' }, { tier: 'fe' }));
      expect(a.outcome).toBe('created');
      expect(a.object.metadata.uid).toBeTruthy();
      const again = await b.store.apply(cm('one', { k: 'v' }, { tier: 'fe' }));
      expect(again.outcome).toBe('unchanged');
      expect(again.object.metadata.resourceVersion).toBe(a.object.metadata.resourceVersion);
      const changed = await b.store.apply(cm('one', { k: 'w' }, { tier: 'fe' }));
      expect(changed.outcome).toBe('configured');
      expect(Number(changed.object.metadata.resourceVersion)).toBeGreaterThan(Number(a.object.metadata.resourceVersion));
      expect((await b.store.get(key('ConfigMap', 'one')))?.['data']).toEqual({ k: 'w' });
    });

    it('a field the manager stops sending is removed', async () => {
      await b.store.apply(cm('two', { a: '1', b: '2' }));
      await b.store.apply(cm('two', { a: '1' }));
      expect((await b.store.get(key('ConfigMap', 'two')))?.['data']).toEqual({ a: '1' });
    });

    it('get answers undefined for a missing object; list filters by namespace and labels', async () => {
      expect(await b.store.get(key('ConfigMap', 'nope'))).toBeUndefined();
      await b.store.apply(cm('three', { x: '1' }, { tier: 'be' }));
      const fe = await b.store.list({ kind: 'ConfigMap', namespace: 'c1', labelSelector: 'tier=fe' });
      expect(fe.map((o) => o.metadata.name)).toEqual(['one']);
      const tiers = await b.store.list({ kind: 'ConfigMap', namespace: 'c1', labelSelector: 'tier in (fe,be)' });
      expect(tiers.map((o) => o.metadata.name)).toEqual(['one', 'three']);
      expect(tiers.every((o) => o.kind === 'ConfigMap' && o.apiVersion === 'v1')).toBe(true);
      expect(await b.store.list({ kind: 'ConfigMap', namespace: 'elsewhere' })).toEqual([]);
    });

    it('generation goes up only when spec changes', async () => {
      const d1 = await b.store.apply(deploy(1));
      expect(d1.object.metadata.generation).toBe(1);
      const d2 = await b.store.apply(deploy(2));
      expect(d2.object.metadata.generation).toBe(2);
    });

    it('apply into a missing namespace is a 404 and writes nothing', async () => {
      const err = await b.store.apply({ ...cm('x', {}), metadata: { name: 'x', namespace: 'missing-ns' } }).catch((e) => e);
      expect(err).toBeInstanceOf(ClusterError);
      expect(err.code).toBe(404);
      expect(err.message).toContain('namespaces "missing-ns" not found');
    });

    it('validate reports an invalid object with a 422 and writes nothing', async () => {
      const bad = { ...cm('Bad_Name', {}) };
      const problems = await b.store.validate([cm('fine', {}), bad]);
      expect(problems).toHaveLength(1);
      expect(problems[0]!.error.code).toBe(422);
      expect(problems[0]!.error.message).toContain('Bad_Name');
      expect(await b.store.get(key('ConfigMap', 'fine'))).toBeUndefined();
    });

    it('a dry run computes the result without storing it', async () => {
      const r = await b.store.apply(cm('dry', { k: 'v' }), { dryRun: true });
      expect(r.outcome).toBe('created');
      expect(await b.store.get(key('ConfigMap', 'dry'))).toBeUndefined();
    });

    it('another manager owning a field is a conflict unless forced', async () => {
      await b.store.apply(cm('shared', { k: 'mine' }), { fieldManager: 'someone' });
      const err = await b.store.apply(cm('shared', { k: 'theirs' }), { fieldManager: 'tugboat', force: false }).catch((e) => e);
      expect(err).toBeInstanceOf(ClusterError);
      expect(err.code).toBe(409);
      expect(err.causes.map((c: { field?: string }) => c.field)).toEqual(['.data.k']);
      const forced = await b.store.apply(cm('shared', { k: 'theirs' }), { fieldManager: 'tugboat', force: true });
      expect(forced.object['data']).toEqual({ k: 'theirs' });
    });

    it('delete cascades to owned objects and answers false when already gone', async () => {
      await until(async () => (await b.store.list({ group: '', kind: 'Pod', namespace: 'c1' })).length === 2, 'two pods');
      expect(await b.store.delete(key('Deployment', 'web', 'apps'))).toBe(true);
      await until(async () => (await b.store.list({ group: '', kind: 'Pod', namespace: 'c1' })).length === 0 &&
        (await b.store.list({ group: 'apps', kind: 'ReplicaSet', namespace: 'c1' })).length === 0, 'children gone');
      expect(await b.store.delete(key('Deployment', 'web', 'apps'))).toBe(false);
    });

    it('delete with propagationPolicy Orphan keeps the dependents, without their owner reference', async () => {
      const rs = {
        apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'keep', namespace: 'c1' },
        spec: { replicas: 1, selector: { matchLabels: { app: 'keep' } }, template: { metadata: { labels: { app: 'keep' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } } },
      };
      await b.store.apply(rs, { fieldManager: 'tugboat', force: true });
      const pods = () => b.store.list({ group: '', kind: 'Pod', namespace: 'c1', labelSelector: 'app=keep' });
      await until(async () => (await pods()).length === 1, 'the ReplicaSet has its pod');
      expect(await b.store.delete(key('ReplicaSet', 'keep', 'apps'), { propagationPolicy: 'Orphan' })).toBe(true);
      await until(async () => !(await b.store.get(key('ReplicaSet', 'keep', 'apps'))), 'the ReplicaSet is gone');
      await new Promise((r) => setTimeout(r, 300));
      const left = await pods();
      expect(left).toHaveLength(1);
      expect(left[0]!.metadata.ownerReferences ?? []).toEqual([]);
      await b.store.delete(key('Pod', left[0]!.metadata.name));
    });

    it('watch reports ADDED, MODIFIED and DELETED, with Tugboat named on its own writes', async () => {
      const mine = (t: string) => events.find((e) => e.type === t && e.object.kind === 'ConfigMap' && e.object.metadata.name === 'watched');
      await b.store.apply(cm('watched', { n: '1' }));
      await until(async () => mine('ADDED'), 'ADDED');
      await b.store.apply(cm('watched', { n: '2' }));
      await until(async () => mine('MODIFIED'), 'MODIFIED');
      await b.store.delete(key('ConfigMap', 'watched'), { manager: 'tugboat' });
      await until(async () => mine('DELETED'), 'DELETED');
      expect(mine('ADDED')!.manager).toBe('tugboat');
      expect(mine('MODIFIED')!.object['data']).toEqual({ n: '2' });
      expect(mine('DELETED')!.manager).toBe('tugboat');
    });

    it('a change by someone else is reported without Tugboat as the manager', async () => {
      await b.store.apply(cm('edited', { n: '1' }));
      await b.sim.apply(cm('edited', { n: 'changed' }), { fieldManager: 'kubectl', force: true });
      const ev = await until(async () => events.find((e) => e.object.metadata.name === 'edited' && (e.object['data'] as Record<string, string>).n === 'changed'), 'edit event');
      expect(ev.manager).not.toBe('tugboat');
      await until(async () => (((await b.store.get(key('ConfigMap', 'edited')))?.['data']) as Record<string, string>).n === 'changed', 'read back');
    });

    it('a custom resource applies right after its CRD, and validate accepts both in one batch', async () => {
      const crd: KubeObject = {
        apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'gadgets.example.com' },
        spec: { group: 'example.com', scope: 'Namespaced', names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' }, versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } }] },
      };
      const cr: KubeObject = { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g1', namespace: 'c1' }, spec: { size: 2 } };
      expect(await b.store.validate([crd, cr])).toEqual([]);
      await b.store.apply(crd);
      const r = await b.store.apply(cr);
      expect(r.outcome).toBe('created');
      expect((await b.store.get({ group: 'example.com', kind: 'Gadget', namespace: 'c1', name: 'g1' }))?.['spec']).toEqual({ size: 2 });
    });
    it('a controller manager writes the status of a kind with a status subresource; a Tugboat apply leaves it alone', async () => {
      const ro: KubeObject = {
        apiVersion: 'tugboat.dev/v1alpha1', kind: 'Rollout', metadata: { name: 'ro1', namespace: 'c1' },
        spec: { replicas: 1, selector: { matchLabels: { app: 'ro1' } }, template: { metadata: { labels: { app: 'ro1' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } }, strategy: { blueGreen: { activeService: 'ro1' } } },
      };
      await b.store.apply(ro);
      await b.store.apply({ apiVersion: ro.apiVersion, kind: ro.kind, metadata: { name: 'ro1', namespace: 'c1' }, status: { phase: 'Progressing', weight: 0 } }, { fieldManager: 'tugboat-rollouts', force: true });
      const k = { group: 'tugboat.dev', kind: 'Rollout', namespace: 'c1', name: 'ro1' };
      expect((await b.sim.get(k))?.['status']).toEqual({ phase: 'Progressing', weight: 0 });
      await until(async () => ((await b.store.get(k))?.['status'] as { phase?: string } | undefined)?.phase === 'Progressing', 'status read back');
      await b.store.apply({ ...ro, status: { phase: 'Bogus' } });
      expect((await b.sim.get(k))?.['status']).toEqual({ phase: 'Progressing', weight: 0 });
    });

    it('applyStatus writes only the status of an existing object, and is a 404 for a missing one', async () => {
      const ro: KubeObject = {
        apiVersion: 'tugboat.dev/v1alpha1', kind: 'Rollout', metadata: { name: 'ro2', namespace: 'c1', labels: { a: 'b' } },
        spec: { replicas: 1, selector: { matchLabels: { app: 'ro2' } }, template: { metadata: { labels: { app: 'ro2' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } }, strategy: { blueGreen: { activeService: 'ro2' } } },
      };
      await b.store.apply(ro);
      const k = { group: 'tugboat.dev', kind: 'Rollout', namespace: 'c1', name: 'ro2' };
      const before = (await b.sim.get(k))!;
      // The spec and labels sent along are not written: only status is.
      const r = await b.store.applyStatus({ ...ro, metadata: { name: 'ro2', namespace: 'c1', labels: { a: 'changed' } }, spec: { replicas: 9 }, status: { phase: 'Healthy', weight: 100 } }, { fieldManager: 'tugboat-rollouts' });
      expect(r.object['status']).toEqual({ phase: 'Healthy', weight: 100 });
      const after = (await b.sim.get(k))!;
      expect(after['status']).toEqual({ phase: 'Healthy', weight: 100 });
      expect(after['spec']).toEqual(before['spec']);
      expect(after.metadata.labels).toEqual({ a: 'b' });
      expect(after.metadata.generation).toBe(before.metadata.generation);
      const missing = await b.store.applyStatus({ apiVersion: ro.apiVersion, kind: 'Rollout', metadata: { name: 'nope', namespace: 'c1' }, status: { phase: 'Healthy' } }, { fieldManager: 'tugboat-rollouts' }).catch((e: unknown) => e);
      expect(missing).toBeInstanceOf(ClusterError);
      expect((missing as ClusterError).code).toBe(404);
      expect(await b.sim.get({ ...k, name: 'nope' })).toBeUndefined();
    });

    it('watch({kinds}) reports only objects of the kinds asked for; watch(handler) still reports every kind', async () => {
      const limited: WatchEvent[] = [];
      const all: WatchEvent[] = [];
      const offLimited = b.store.watch({ kinds: [{ group: '', kind: 'Secret' }] }, (ev) => limited.push(ev));
      const offAll = b.store.watch((ev) => all.push(ev));
      try {
        // The kube backend opens the Secret watch asynchronously: wait until it reports.
        await until(async () => {
          await b.store.apply({ apiVersion: 'v1', kind: 'Secret', metadata: { name: `s-${limited.length}-${Date.now()}`, namespace: 'c1' }, stringData: { k: 'v' } });
          return limited.length > 0;
        }, 'a Secret event');
        await b.store.apply(cm('kinds-cm', { n: '1' }));
        await until(async () => all.some((e) => e.object.kind === 'ConfigMap' && e.object.metadata.name === 'kinds-cm'), 'ConfigMap event on the unlimited watch');
        expect(limited.every((e) => e.object.kind === 'Secret')).toBe(true);
        expect(limited.some((e) => e.object.kind === 'ConfigMap')).toBe(false);
      } finally {
        offLimited();
        offAll();
      }
    });
  });
}
