/**
 * The cluster-backed StateStore against the sim's Kubernetes API over HTTPS: what one store writes another
 * (a fresh process elsewhere) reads back; history is trimmed; writes are durable when flush() resolves and
 * refused, with a clear error, when they cannot be made (not loaded, not the leader, another replica wrote
 * since, unreachable).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createSimCluster, type SimCluster } from '../../../src/adapters/cluster/sim/index.js';
import { startKubeApi, writeKubeconfig, type KubeApiServer } from '../../../src/adapters/kube-api/index.js';
import { loadKubeConfig } from '../../../src/adapters/cluster/kube/index.js';
import { KubeStateStore } from '../../../src/adapters/state/kube-state-store.js';
import { decodeAppState } from '../../../src/adapters/state/state-secret.js';
import { ClusterError, silentLogger } from '../../../src/core/ports.js';
import type { AppliedObject } from '../../../src/core/reconcile/app-state.js';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => { while (stops.length) await stops.pop()!(); });

async function setup(): Promise<{ sim: SimCluster; api: KubeApiServer; store: (opts?: { canWrite?: (w: string) => void }) => KubeStateStore; kubeconfig: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'tugboat-kube-state-'));
  const sim = await createSimCluster({ dataDir: join(dir, 'sim') });
  const token = randomBytes(16).toString('hex');
  const api = await startKubeApi({ cluster: sim, port: 0, token });
  const kubeconfig = join(dir, 'kubeconfig');
  writeKubeconfig(kubeconfig, api.url, token, api.caCert);
  stops.push(() => rmSync(dir, { recursive: true, force: true }), () => sim.close(), () => api.close());
  const store = (opts: { canWrite?: (w: string) => void } = {}) => {
    const s = new KubeStateStore({ kubeConfig: () => loadKubeConfig({ kubeconfig }), logger: silentLogger, ...opts });
    stops.push(() => s.close());
    return s;
  };
  return { sim, api, store, kubeconfig };
}

const cm = (name: string, value: string): AppliedObject => ({
  key: `/ConfigMap/web/${name}`,
  hash: `h-${name}-${value}`,
  object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'web' }, data: { value } },
});

const SECRET_KEY = { group: '', kind: 'Secret', namespace: 'tugboat-system', name: 'tugboat.app.web' };

describe('KubeStateStore', () => {
  it('what one store writes, a fresh one reads back from the cluster: record, history, inventory, rollouts', async () => {
    const { sim, store } = await setup();
    const a = store();
    await a.load();
    expect(a.getApp('web')).toBeUndefined();
    a.commitSync('web', {
      upserts: [cm('a', '1'), cm('b', '2')], removed: [], historyLimit: 10,
      history: { revision: 'r1', digest: 'd1', deployedAt: '2026-01-01T00:00:00Z', cause: 'auto', result: 'Succeeded' },
      record: { name: 'web', syncedRevision: 'r1', syncedDigest: 'd1', conditions: [], quarantined: [] },
    });
    a.putRolloutState('web', 'front', { phase: 'Paused' } as never);
    a.recordApplied('web', [cm('c', '3')], ['/ConfigMap/web/a']);
    await a.flush();

    const secret = await sim.get(SECRET_KEY);
    expect(secret?.['type']).toBe('tugboat.dev/app-state.v1');
    expect(secret?.metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'tugboat', 'tugboat.dev/app': 'web' });
    // gzip-compressed JSON, base64 as every Secret value
    expect(Buffer.from((secret!['data'] as { state: string }).state, 'base64').subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));

    const b = store();
    await b.load();
    expect(b.getApp('web')).toMatchObject({ syncedRevision: 'r1', syncedDigest: 'd1' });
    expect(b.history('web')).toEqual([{ id: 1, revision: 'r1', digest: 'd1', deployedAt: '2026-01-01T00:00:00Z', cause: 'auto', result: 'Succeeded' }]);
    expect([...b.applied('web').keys()].sort()).toEqual(['/ConfigMap/web/b', '/ConfigMap/web/c']);
    expect(b.applied('web').get('/ConfigMap/web/c')).toEqual(cm('c', '3'));
    expect(b.rolloutStates('web')).toEqual({ front: { phase: 'Paused' } });
    expect(b.ownersOf(['/ConfigMap/web/b', '/ConfigMap/web/zzz'], 'other')).toEqual(new Map([['/ConfigMap/web/b', 'web']]));
  });

  it('history is trimmed to the limit in the Secret, ids keep counting', async () => {
    const { sim, store } = await setup();
    const a = store();
    await a.load();
    for (let i = 1; i <= 7; i++) a.addHistory('web', { revision: `r${i}`, digest: `d${i}`, deployedAt: 'x', cause: 'auto', result: 'Succeeded' }, 3);
    await a.flush();
    const stored = decodeAppState(((await sim.get(SECRET_KEY))!['data'] as { state: string }).state);
    expect(stored.history.map((h) => h.id)).toEqual([5, 6, 7]);
  });

  it('refuses to write before the state was read, and while this replica may not write', async () => {
    const { sim, store } = await setup();
    const unloaded = store();
    unloaded.putApp({ name: 'web', conditions: [], quarantined: [] });
    await expect(unloaded.flush()).rejects.toThrow(/has not been read from the cluster yet/);
    const standby = store({ canWrite: (what) => { throw new ClusterError(503, 'NotLeader', `cannot ${what}: this replica is not the leader`); } });
    await standby.load();
    standby.putApp({ name: 'web', conditions: [], quarantined: [] });
    await expect(standby.flush()).rejects.toThrow(/not the leader/);
    expect(await sim.get(SECRET_KEY)).toBeUndefined();
  });

  it('a write after another replica wrote the app\'s state is refused (409), not lost silently', async () => {
    const { store } = await setup();
    const old = store();
    await old.load();
    old.putApp({ name: 'web', syncedRevision: 'r1', conditions: [], quarantined: [] });
    await old.flush();
    const fresh = store();
    await fresh.load();
    fresh.putApp({ name: 'web', syncedRevision: 'r2', conditions: [], quarantined: [] });
    await fresh.flush();
    old.putApp({ name: 'web', syncedRevision: 'r1-late', conditions: [], quarantined: [] });
    await expect(old.flush()).rejects.toThrow(/changed by another replica/);
    const check = store();
    await check.load();
    expect(check.getApp('web')?.syncedRevision).toBe('r2');
  });

  it('the leader\'s write wins over a late write of a former leader', async () => {
    const { store } = await setup();
    const leader = store({ canWrite: () => undefined });
    await leader.load();
    const former = store();
    await former.load();
    former.putApp({ name: 'web', syncedRevision: 'late', conditions: [], quarantined: [] });
    await former.flush();
    leader.putApp({ name: 'web', syncedRevision: 'leader', conditions: [], quarantined: [] });
    await leader.flush();
    const check = store();
    await check.load();
    expect(check.getApp('web')?.syncedRevision).toBe('leader');
  });

  it('a state over the size of a Secret is refused with a clear error, nothing written', async () => {
    const { sim, store } = await setup();
    const s = store();
    await s.load();
    const big = Array.from({ length: 12 }, (_, i) => ({ ...cm(`c${i}`, randomBytes(96 * 1024).toString('base64')) }));
    s.recordApplied('web', big, []);
    await expect(s.flush()).rejects.toThrow(/state of application "web" is \d+ bytes compressed, over the \d+-byte limit of Secret tugboat-system\/tugboat.app.web/);
    expect(await sim.get(SECRET_KEY)).toBeUndefined();
  });

  it('an unreachable API server is a clear load error, and apps show it until the state is read', async () => {
    const { api, store, sim } = await setup();
    void sim;
    const url = new URL(api.url);
    await api.close();
    const s = store();
    await expect(s.load()).rejects.toThrow(new RegExp(`unreachable|${url.port}`));
    expect(s.lastLoadError).toMatch(/list secrets in namespace "tugboat-system"/);
    s.showUnavailable(['web'], 'cannot read state');
    expect(s.getApp('web')?.conditions).toEqual([{ type: 'SyncError', message: 'cannot read state' }]);
  }, 60_000);
});
