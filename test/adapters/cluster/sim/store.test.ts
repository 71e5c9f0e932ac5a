import { afterEach, describe, expect, it } from 'vitest';
import { ClusterError, type WatchEvent } from '../../../../src/core/ports.js';
import { configMap, manualSim, namespace, T0, type Harness } from './helpers.js';

let h: Harness;
afterEach(async () => h?.cleanup());

describe('sim object store', () => {
  it('fills uid, resourceVersion, generation and creationTimestamp', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    const r = await h.sim.apply(configMap('cfg', { a: '1' }));
    expect(r.outcome).toBe('created');
    const m = r.object.metadata;
    expect(m.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(m.resourceVersion).toMatch(/^\d+$/);
    expect(m.generation).toBe(1);
    expect(m.creationTimestamp).toBe('2026-01-02T03:04:05Z');

    h.clock.advance(5000);
    const r2 = await h.sim.apply(configMap('cfg', { a: '2' }));
    expect(r2.outcome).toBe('configured');
    expect(r2.object.metadata.uid).toBe(m.uid);
    expect(Number(r2.object.metadata.resourceVersion)).toBeGreaterThan(Number(m.resourceVersion));
    expect(r2.object.metadata.generation).toBe(2);
    expect(r2.object.metadata.creationTimestamp).toBe(m.creationTimestamp);

    // metadata-only change: rv bumps, generation does not
    const withLabel = configMap('cfg', { a: '2' });
    withLabel.metadata.labels = { team: 'x' };
    const r3 = await h.sim.apply(withLabel);
    expect(r3.outcome).toBe('configured');
    expect(r3.object.metadata.generation).toBe(2);
    expect(Number(r3.object.metadata.resourceVersion)).toBeGreaterThan(Number(r2.object.metadata.resourceVersion));
  });

  it('a no-op apply keeps the resourceVersion and emits no watch event', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    const first = await h.sim.apply(configMap('cfg', { a: '1' }));
    const events: WatchEvent[] = [];
    h.sim.watch((e) => events.push(e));
    h.clock.advance(60_000);
    const again = await h.sim.apply(configMap('cfg', { a: '1' }));
    expect(again.outcome).toBe('unchanged');
    expect(again.object.metadata.resourceVersion).toBe(first.object.metadata.resourceVersion);
    expect(again.object.metadata.managedFields).toEqual(first.object.metadata.managedFields);
    expect(events).toEqual([]);
  });

  it('watch reports ADDED/MODIFIED/DELETED with the manager', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    const events: WatchEvent[] = [];
    const stop = h.sim.watch((e) => events.push(e));
    await h.sim.apply(configMap('cfg', { a: '1' }));
    await h.sim.apply(configMap('cfg', { a: '2' }), { fieldManager: 'sim-user' });
    await h.sim.delete({ group: '', kind: 'ConfigMap', namespace: 'app', name: 'cfg' }, { manager: 'sim-user' });
    stop();
    await h.sim.apply(configMap('other', { a: '1' }));
    expect(events.map((e) => [e.type, e.manager, e.object.metadata.name])).toEqual([
      ['ADDED', 'tugboat', 'cfg'],
      ['MODIFIED', 'sim-user', 'cfg'],
      ['DELETED', 'sim-user', 'cfg'],
    ]);
  });

  it('rejects objects into a missing namespace with 404', async () => {
    h = await manualSim();
    const err = await h.sim.apply(configMap('cfg', { a: '1' }, 'nope')).catch((e) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect(err.code).toBe(404);
    expect(err.reason).toBe('NotFound');
    expect(err.message).toBe('namespaces "nope" not found');
  });

  it('cluster-scoped objects ignore a namespace; the default namespace exists', async () => {
    h = await manualSim();
    const ns = namespace('x');
    ns.metadata.namespace = 'whatever';
    const r = await h.sim.apply(ns);
    expect(r.object.metadata.namespace).toBeUndefined();
    expect((r.object as any).status.phase).toBe('Active');
    expect(await h.sim.get({ group: '', kind: 'Namespace', namespace: '', name: 'default' })).toBeDefined();
    expect(h.sim.nodes().map((n) => n.metadata.name)).toEqual(['sim-node-1', 'sim-node-2', 'sim-node-3']);
  });

  it('lists by kind, namespace and label selector', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    await h.sim.apply(namespace('other'));
    const mk = (name: string, labels: Record<string, string>, ns = 'app') => {
      const c = configMap(name, {}, ns);
      c.metadata.labels = labels;
      return h.sim.apply(c);
    };
    await mk('a', { tier: 'fe', env: 'prod' });
    await mk('b', { tier: 'be', env: 'prod' });
    await mk('c', { tier: 'db' });
    await mk('d', { tier: 'fe' }, 'other');
    const names = async (labelSelector?: string, namespace?: string) =>
      (await h.sim.list({ kind: 'ConfigMap', labelSelector, namespace })).map((o) => o.metadata.name);
    expect(await names()).toEqual(['a', 'b', 'c', 'd']);
    expect(await names(undefined, 'app')).toEqual(['a', 'b', 'c']);
    expect(await names('tier=fe')).toEqual(['a', 'd']);
    expect(await names('tier==fe', 'app')).toEqual(['a']);
    expect(await names('tier!=fe')).toEqual(['b', 'c']);
    expect(await names('tier in (fe, be),env')).toEqual(['a', 'b']);
    expect(await names('tier notin (fe)')).toEqual(['b', 'c']);
    expect(await names('!env')).toEqual(['c', 'd']);
    expect(await names('env=prod,tier=be')).toEqual(['b']);
    expect((await h.sim.list({ group: 'apps', kind: 'Deployment' })).length).toBe(0);
  });

  it('delete returns false when already gone; deleting a namespace deletes its contents', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    await h.sim.apply(configMap('cfg', { a: '1' }));
    expect(await h.sim.delete({ group: '', kind: 'Namespace', namespace: '', name: 'app' })).toBe(true);
    expect(await h.sim.get({ group: '', kind: 'ConfigMap', namespace: 'app', name: 'cfg' })).toBeUndefined();
    expect(await h.sim.delete({ group: '', kind: 'Namespace', namespace: '', name: 'app' })).toBe(false);
  });

  it('dryRun computes without writing', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    const r = await h.sim.apply(configMap('cfg', { a: '1' }), { dryRun: true });
    expect(r.outcome).toBe('created');
    expect(await h.sim.get({ group: '', kind: 'ConfigMap', namespace: 'app', name: 'cfg' })).toBeUndefined();
    await h.sim.apply(configMap('cfg', { a: '1' }));
    expect((await h.sim.apply(configMap('cfg', { a: '1' }), { dryRun: true })).outcome).toBe('unchanged');
    const changed = await h.sim.apply(configMap('cfg', { a: '2' }), { dryRun: true });
    expect(changed.outcome).toBe('configured');
    expect((await h.sim.get({ group: '', kind: 'ConfigMap', namespace: 'app', name: 'cfg' }) as any).data.a).toBe('1');
  });

  it('persists objects, resourceVersions and uids across a restart', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    const a = await h.sim.apply(configMap('cfg', { a: '1' }));
    await h.sim.apply(configMap('gone', { a: '1' }));
    await h.sim.delete({ group: '', kind: 'ConfigMap', namespace: 'app', name: 'gone' });
    const rvBefore = h.sim.stats().resourceVersion;
    const sim = await h.reopen();
    const b = await sim.get({ group: '', kind: 'ConfigMap', namespace: 'app', name: 'cfg' });
    expect(b).toEqual(a.object);
    expect(await sim.get({ group: '', kind: 'ConfigMap', namespace: 'app', name: 'gone' })).toBeUndefined();
    expect(sim.stats().resourceVersion).toBe(rvBefore);
    const c = await sim.apply(configMap('cfg', { a: '2' }));
    expect(Number(c.object.metadata.resourceVersion)).toBeGreaterThan(rvBefore);
  });

  it('group commit: 2,000 parallel applies all complete and survive a reopen', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    const results = await Promise.all(Array.from({ length: 2000 }, (_, i) => h.sim.apply(configMap(`cm-${i}`, { i: String(i) }))));
    expect(results.every((r) => r.outcome === 'created')).toBe(true);
    expect(new Set(results.map((r) => r.object.metadata.resourceVersion)).size).toBe(2000);
    const sim = await h.reopen();
    const all = await sim.list({ kind: 'ConfigMap', namespace: 'app' });
    expect(all.length).toBe(2000);
    expect(all.find((c) => c.metadata.name === 'cm-1999')?.['data']).toEqual({ i: '1999' });
  });

  it('10,000 applies (ConfigMaps and Services) in batches of 500 all land, with unique clusterIPs', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    for (let b = 0; b < 20; b++) {
      await Promise.all(
        Array.from({ length: 500 }, (_, j) => {
          const i = b * 500 + j;
          return i % 2 === 0
            ? h.sim.apply(configMap(`cm-${i}`, { i: String(i) }))
            : h.sim.apply({ apiVersion: 'v1', kind: 'Service', metadata: { name: `svc-${i}`, namespace: 'app' }, spec: { selector: { app: `a${i}` }, ports: [{ port: 80 }] } });
        }),
      );
    }
    expect(h.sim.stats().objects).toBeGreaterThanOrEqual(10_000);
    // clusterIPs are unique
    const ips = (await h.sim.list({ kind: 'Service' })).map((s) => (s as any).spec.clusterIP);
    expect(new Set(ips).size).toBe(5000);
  });

  it('creationTimestamp uses the clock', async () => {
    h = await manualSim();
    h.clock.set(T0 + 3_600_000);
    const r = await h.sim.apply(namespace('later'));
    expect(r.object.metadata.creationTimestamp).toBe('2026-01-02T04:04:05Z');
  });
});
