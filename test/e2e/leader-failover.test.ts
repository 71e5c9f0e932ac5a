/**
 * Failover: two real `tugboat serve --leader-elect` replicas with `cluster.type: kube` share one API
 * server (the sim's Kubernetes API, hosted in this test process). Exactly one reports `tugboat_leader 1`
 * and applies commits; the standby serves reads and refuses a sync with a 503 naming the leader; after the
 * leader is `kill -9`ed the standby takes the Lease within 30 s, carries on from the state the leader left
 * in the cluster and applies the next commit; nothing is applied twice. A leader stopped with SIGTERM
 * hands the Lease over at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createSimCluster, type SimCluster } from '../../src/adapters/cluster/sim/index.js';
import { startKubeApi, writeKubeconfig, type KubeApiServer } from '../../src/adapters/kube-api/index.js';
import type { WatchEvent } from '../../src/core/ports.js';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap, deployment } from '../helpers/manifests.js';
import { DaemonProcess, waitFor } from '../helpers/daemon-process.js';

describe('serve --leader-elect: two replicas, one leader, failover after kill -9', () => {
  const repo = new TempGitRepo();
  const work = mkdtempSync(join(tmpdir(), 'tugboat-failover-'));
  let sim: SimCluster;
  let api: KubeApiServer;
  const replicas: DaemonProcess[] = [];
  const shas: string[] = [];
  /** Every write Tugboat made to the app's objects, as the cluster saw it. */
  const writes: string[] = [];
  let unwatch: () => void = () => undefined;

  const leaderGauge = async (d: DaemonProcess): Promise<number | undefined> => {
    const text = await (await fetch(d.url + '/metrics')).text();
    const m = /^tugboat_leader (\d+)$/m.exec(text);
    return m ? Number(m[1]) : undefined;
  };
  const app = (d: DaemonProcess) => d.json<any>('/api/v1/applications/web');
  const history = async (d: DaemonProcess) => (await d.json<{ items: any[] }>('/api/v1/applications/web/history')).items;
  const syncedAt = (d: DaemonProcess, sha: string, timeoutMs = 30_000) => waitFor(`web Synced at ${sha.slice(0, 7)}`, async () => {
    const a = await app(d);
    return a.sync.status === 'Synced' && a.sync.revision === sha ? a : undefined;
  }, timeoutMs, 100);
  const settings = async () => (await sim.get({ group: '', kind: 'ConfigMap', namespace: 'web', name: 'settings' }))?.['data'] as Record<string, string> | undefined;

  const configFor = (name: string) => {
    const file = join(work, `${name}.yaml`);
    writeFileSync(file, `apiVersion: tugboat.dev/v1alpha1
kind: Config
cluster: {type: kube, kubeconfig: ./kubeconfig, context: tugboat-sim, dataDir: ./data-${name}}
sources:
  - {name: apps, repo: ${repo.dir}, branch: main}
applications:
  - name: web
    source: apps
    path: apps/web
    namespace: web
    syncPolicy: {automated: true, prune: true, selfHeal: true}
`);
    return file;
  };

  beforeAll(async () => {
    sim = await createSimCluster({ dataDir: join(work, 'cluster'), nodes: 2 });
    const token = randomBytes(16).toString('hex');
    api = await startKubeApi({ cluster: sim, port: 0, token });
    writeKubeconfig(join(work, 'kubeconfig'), api.url, token, api.caCert);
    unwatch = sim.watch((ev: WatchEvent) => {
      const o = ev.object;
      if (o.metadata.namespace === 'web' && (o.kind === 'ConfigMap' || o.kind === 'Deployment') && ev.manager === 'tugboat') {
        writes.push(`${ev.type} ${o.kind}/${o.metadata.name}`);
      }
    });
    repo.write('apps/web/deployment.yaml', deployment('web', { image: 'nginx:1.25', replicas: 1 }));
    repo.write('apps/web/settings.yaml', configMap('settings', { colour: 'blue' }));
    shas.push(repo.commit('initial'));
    for (const name of ['a', 'b']) {
      const d = new DaemonProcess(configFor(name), {}, ['--leader-elect']);
      await d.start();
      replicas.push(d);
    }
  }, 60_000);

  afterAll(async () => {
    unwatch();
    for (const d of replicas) await d.stop();
    await api?.close();
    await sim?.close();
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  let leader: DaemonProcess;
  let standby: DaemonProcess;

  it('exactly one replica reports tugboat_leader 1 and applies the commit; the other is a standby', async () => {
    await waitFor('one leader', async () => {
      const g = await Promise.all(replicas.map(leaderGauge));
      return g.filter((x) => x === 1).length === 1 && g.filter((x) => x === 0).length === 1;
    }, 30_000, 100);
    const gauges = await Promise.all(replicas.map(leaderGauge));
    leader = replicas[gauges.indexOf(1)]!;
    standby = replicas[gauges.indexOf(0)]!;
    await syncedAt(leader, shas[0]!);
    expect(await settings()).toEqual({ colour: 'blue' });
    // still exactly one after the first sync
    expect((await Promise.all(replicas.map(leaderGauge))).sort()).toEqual([0, 1]);
    const lease = await sim.get({ group: 'coordination.k8s.io', kind: 'Lease', namespace: 'tugboat-system', name: 'tugboat-leader' });
    const holder = (lease!['spec'] as { holderIdentity: string }).holderIdentity;
    expect(holder).toMatch(new RegExp(`_${leader.proc.pid}_[0-9a-f]{8}$`));
    expect(leader.stderr + leader.stdout).toContain(holder);
  });

  it('the standby serves the read-only API from the state in the cluster and refuses a sync with 503 naming the leader', async () => {
    const a = await syncedAt(standby, shas[0]!, 30_000);
    expect(a.sync.revision).toBe(shas[0]);
    expect((await history(standby)).map((h) => h.revision)).toEqual([shas[0]]);
    const res = await fetch(standby.url + '/api/v1/applications/web/sync', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(503);
    const body = await res.json() as { error: { code: string; message: string } };
    expect(body.error.code).toBe('NotLeader');
    expect(body.error.message).toMatch(new RegExp(`the leader is [^ ]+_${leader.proc.pid}_`));
    expect((await fetch(standby.url + '/readyz')).status).toBe(503);
    expect((await fetch(leader.url + '/readyz')).status).toBe(200);
  });

  it('after kill -9 of the leader the standby takes the Lease within 30 s and applies the next commit, once', async () => {
    await leader.kill9();
    const killedAt = Date.now();
    repo.write('apps/web/settings.yaml', configMap('settings', { colour: 'green' }));
    shas.push(repo.commit('green'));
    await waitFor('standby leads', async () => (await leaderGauge(standby)) === 1, 30_000, 100);
    const tookOver = Date.now() - killedAt;
    await syncedAt(standby, shas[1]!, 30_000);
    const applied = Date.now() - killedAt;
    console.log(JSON.stringify({ metric: 'leader_takeover_ms', tookOver, appliedNextCommitMs: applied }));
    expect(tookOver).toBeLessThan(30_000);
    expect(await settings()).toEqual({ colour: 'green' });
    // one history entry per commit, carried over from the dead leader's state in the cluster
    const h = await history(standby);
    expect(h.map((e) => [e.id, e.revision, e.cause])).toEqual([[1, shas[0], 'auto'], [2, shas[1], 'auto']]);
    // each object written once per change: created by the first leader, the ConfigMap changed once by the second
    await new Promise((r) => setTimeout(r, 1_000));
    expect(writes.sort()).toEqual(['ADDED ConfigMap/settings', 'ADDED Deployment/web', 'MODIFIED ConfigMap/settings'].sort());
    const cm = await sim.get({ group: '', kind: 'ConfigMap', namespace: 'web', name: 'settings' });
    expect(cm?.metadata.labels?.['app.kubernetes.io/managed-by']).toBe('tugboat');
  }, 90_000);

  it('a leader stopped with SIGTERM releases the Lease: a new replica takes over at once and carries on', async () => {
    const c = new DaemonProcess(configFor('c'), {}, ['--leader-elect']);
    await c.start();
    replicas.push(c);
    await waitFor('c is a standby', async () => (await leaderGauge(c)) === 0, 30_000, 100);
    const stoppedAt = Date.now();
    await standby.stop();
    await waitFor('c leads', async () => (await leaderGauge(c)) === 1, 30_000, 100);
    const handover = Date.now() - stoppedAt;
    console.log(JSON.stringify({ metric: 'leader_handover_after_sigterm_ms', handover }));
    expect(handover).toBeLessThan(10_000);
    expect(standby.proc.exitCode).toBe(0);
    expect(standby.stderr + standby.stdout).toMatch(/released the Lease/);
    repo.write('apps/web/settings.yaml', configMap('settings', { colour: 'red' }));
    shas.push(repo.commit('red'));
    await syncedAt(c, shas[2]!, 30_000);
    expect(await settings()).toEqual({ colour: 'red' });
    expect((await history(c)).map((e) => e.revision)).toEqual(shas);
    const lease = await sim.get({ group: 'coordination.k8s.io', kind: 'Lease', namespace: 'tugboat-system', name: 'tugboat-leader' });
    expect((lease!['spec'] as { leaseTransitions: number }).leaseTransitions).toBe(2);
  }, 90_000);

  it('a leader that finds the Lease taken stops at once and exits with status 1 (its supervisor restarts it as a standby)', async () => {
    const c = replicas.at(-1)!;
    const exited = new Promise<number | null>((resolve) => c.proc.once('exit', (code) => resolve(code)));
    await sim.apply({
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'tugboat-leader', namespace: 'tugboat-system' },
      spec: { holderIdentity: 'intruder', leaseDurationSeconds: 15, renewTime: new Date().toISOString().replace('Z', '000Z') },
    }, { fieldManager: 'intruder', force: true });
    expect(await exited).toBe(1);
    expect(c.stderr + c.stdout).toMatch(/held by another replica; no longer the leader/);
    expect(c.stderr + c.stdout).toMatch(/lost the Lease; exiting/);
  }, 60_000);
});
