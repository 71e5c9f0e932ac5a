/**
 * Drift decided against the inventory of what Tugboat applied (ADR 0003), on a cluster whose watch events
 * name no writer (as a live API server's do): a foreign change is drift and selfHeal undoes it; Tugboat's
 * own applies, the controllers' status writes and a field Tugboat does not manage are not drift.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { createSimCluster, type SimCluster } from '../../src/adapters/cluster/sim/index.js';
import { SqliteStateStore } from '../../src/adapters/state/sqlite-state-store.js';
import { silentLogger, nullRecorder, type ClusterStore, type GroupKind, type WatchEvent, type WatchHandler, type WatchOptions } from '../../src/core/ports.js';
import type { Trigger } from '../../src/core/reconcile/app-spec.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { daemonPorts } from '../../src/adapters/daemon-ports.js';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap, deployment } from '../helpers/manifests.js';
import { waitFor } from '../helpers/daemon-process.js';
import { syncStatusOf } from '../../src/daemon/sync-status.js';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => { while (stops.length) await stops.pop()!(); });

const DEPLOY = { group: 'apps', kind: 'Deployment', namespace: 'web', name: 'web' };
const CM = { group: '', kind: 'ConfigMap', namespace: 'web', name: 'settings' };

/** The sim behind a store whose watch events carry no `manager`, recording the kinds each watch asked for. */
function anonymousEvents(sim: SimCluster) {
  const asked: Array<readonly GroupKind[] | undefined> = [];
  const events: WatchEvent[] = [];
  const strip = (h: WatchHandler): WatchHandler => (ev) => {
    expect(ev.manager === undefined || typeof ev.manager === 'string').toBe(true);
    const anon: WatchEvent = { type: ev.type, object: ev.object };
    events.push(anon);
    h(anon);
  };
  const store: ClusterStore = {
    get: (k) => sim.get(k),
    list: (o) => sim.list(o),
    apply: (o, opts) => sim.apply(o, opts),
    applyStatus: (o, opts) => sim.applyStatus(o, opts),
    validate: (objs) => sim.validate(objs),
    delete: (k, o) => sim.delete(k, o),
    watch: ((a: WatchOptions | WatchHandler, b?: WatchHandler) => {
      if (typeof a === 'function') {
        asked.push(undefined);
        return sim.watch(strip(a));
      }
      asked.push(a.kinds);
      return sim.watch(a, strip(b!));
    }) as ClusterStore['watch'],
    close: () => sim.close(),
  };
  return { store, asked, events };
}

async function setup(selfHeal: boolean) {
  const repo = new TempGitRepo();
  repo.write('app/deploy.yaml', deployment('web', { replicas: 2 }));
  repo.write('app/cm.yaml', configMap('settings'));
  repo.commit('initial');
  const work = mkdtempSync(join(tmpdir(), 'tugboat-drift-inv-'));
  const config = parseConfig(`apiVersion: tugboat.dev/v1alpha1
kind: Config
cluster: {dataDir: ${join(work, 'data')}}
sources: [{name: src, repo: ${repo.dir}}]
applications:
  - {name: web, source: src, path: app, namespace: web, syncPolicy: {automated: true, prune: true, selfHeal: ${selfHeal}}}
`, join(work, 'tugboat.yaml'), {});
  const sim = await createSimCluster({ dataDir: config.cluster.dataDir, nodes: 2 });
  const state = new SqliteStateStore(config.cluster.dataDir);
  const { store, asked, events } = anonymousEvents(sim);
  const daemon = new Daemon({ ...daemonPorts, config, cluster: store, state, recorder: nullRecorder, logger: silentLogger });
  await daemon.prepare();
  const ctl = daemon.app('web');
  // Count the drift passes the watch asks for.
  const drifts: Trigger[] = [];
  const request = ctl.request.bind(ctl);
  ctl.request = (t, o) => {
    if (t.kind === 'drift') drifts.push(t);
    return request(t, o);
  };
  await daemon.start();
  stops.push(() => repo.cleanup(), async () => { await daemon.stop(); await sim.close(); state.close(); rmSync(work, { recursive: true, force: true }); });
  const status = () => syncStatusOf(ctl, state.getApp('web'));
  await waitFor('synced', async () => status() === 'Synced');
  return { repo, sim, state, ctl, drifts, asked, events, status };
}

const replicasOf = async (sim: SimCluster) => ((await sim.get(DEPLOY))!.spec as { replicas: number }).replicas;

/** Someone edits the cluster behind Tugboat's back, as `kubectl scale` would. */
async function userScale(sim: SimCluster, replicas: number) {
  const live = (await sim.get(DEPLOY))!;
  const spec = live.spec as { selector: unknown; template: unknown };
  await sim.apply({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'web' }, spec: { replicas, selector: spec.selector, template: spec.template } }, { fieldManager: 'kubectl', force: true });
}

describe('drift by inventory, with watch events that name no writer', () => {
  it('a foreign change is drift and selfHeal undoes it', async () => {
    const { sim, state, drifts, events } = await setup(true);
    await userScale(sim, 5);
    await waitFor('healed', async () => (await replicasOf(sim)) === 2);
    expect(drifts.length).toBeGreaterThan(0);
    expect(events.every((e) => e.manager === undefined)).toBe(true);
    expect(state.history('web')).toHaveLength(1);
  });

  it('a deleted object is recreated', async () => {
    const { sim, drifts } = await setup(true);
    await sim.delete(CM, { manager: 'kubectl' });
    await waitFor('recreated', async () => (await sim.get(CM)) !== undefined);
    expect(drifts.length).toBeGreaterThan(0);
  });

  it("Tugboat's own applies (a new commit), the controllers' status writes and an unmanaged label are not drift", async () => {
    const { repo, sim, state, ctl, drifts, events, status } = await setup(true);
    // Let the Deployment's pods come up: the controllers write status and children meanwhile.
    await waitFor('healthy', async () => ctl.health.status === 'Healthy');
    repo.write('app/cm.yaml', configMap('settings', { n: '1' }));
    repo.write('app/deploy.yaml', deployment('web', { replicas: 3 }));
    const rev = repo.commit('change both');
    await waitFor('new revision synced', async () => state.getApp('web')?.syncedRevision === rev && status() === 'Synced');
    await waitFor('scaled', async () => (await replicasOf(sim)) === 3);
    // A label someone adds is not a field Tugboat applied.
    const cm = (await sim.get(CM))!;
    await sim.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'web', labels: { team: 'x' } } }, { fieldManager: 'kubectl', force: true });
    expect((await sim.get(CM))!.metadata.labels).toMatchObject({ team: 'x' });
    expect(cm.metadata.resourceVersion).not.toBe((await sim.get(CM))!.metadata.resourceVersion);
    await waitFor('healthy again', async () => ctl.health.status === 'Healthy');
    await new Promise((r) => setTimeout(r, 200));
    // Events of the Deployment and the ConfigMap did arrive (applies, status writes, the label), none was drift.
    expect(events.filter((e) => e.object.kind === 'Deployment').length).toBeGreaterThan(2);
    expect(events.some((e) => e.object.kind === 'ConfigMap' && e.object.metadata.labels?.['team'] === 'x')).toBe(true);
    expect(drifts).toEqual([]);
    expect(state.history('web')).toHaveLength(2);
  });

  it('the daemon watches only the kinds it applied and the children health follows', async () => {
    const { asked } = await setup(true);
    expect(asked).not.toContain(undefined);
    const kinds = asked.flatMap((k) => k!.map((g) => `${g.group}/${g.kind}`));
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(kinds).toEqual(expect.arrayContaining(['apps/Deployment', '/ConfigMap', 'apps/ReplicaSet', '/Pod']));
    expect(kinds).not.toContain('/Secret');
  });
});
