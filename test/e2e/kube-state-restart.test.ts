/**
 * With `cluster.type: kube` the apps' state lives in the cluster (Secrets in tugboat-system), not in the
 * dataDir: a daemon killed with `kill -9` and started again with a new, empty dataDir (another machine)
 * finds the app Synced with the same history, applies nothing again, and still prunes what leaves git.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createSimCluster, type SimCluster } from '../../src/adapters/cluster/sim/index.js';
import { startKubeApi, writeKubeconfig, type KubeApiServer } from '../../src/adapters/kube-api/index.js';
import type { WatchEvent } from '../../src/core/ports.js';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap, deployment } from '../helpers/manifests.js';
import { DaemonProcess, waitFor } from '../helpers/daemon-process.js';

describe('cluster.type kube keeps the apps\' state in the cluster: restart on an empty dataDir', () => {
  const repo = new TempGitRepo();
  const work = mkdtempSync(join(tmpdir(), 'tugboat-kube-state-'));
  let sim: SimCluster;
  let api: KubeApiServer;
  let daemon: DaemonProcess;
  const writes: string[] = [];
  let unwatch: () => void = () => undefined;

  const app = () => daemon.json<any>('/api/v1/applications/web');
  const history = async () => (await daemon.json<{ items: any[] }>('/api/v1/applications/web/history')).items;
  const syncedAt = (sha: string) => waitFor(`web Synced at ${sha.slice(0, 7)}`, async () => {
    const a = await app();
    return a.sync.status === 'Synced' && a.sync.revision === sha ? a : undefined;
  }, 30_000, 100);
  const configMaps = async () => (await sim.list({ kind: 'ConfigMap', namespace: 'web' })).map((o) => o.metadata.name).filter((n) => n !== 'kube-root-ca.crt').sort();
  const start = async (dataDir: string) => {
    const file = join(work, `${dataDir}.yaml`);
    writeFileSync(file, `apiVersion: tugboat.dev/v1alpha1
kind: Config
cluster: {type: kube, kubeconfig: ./kubeconfig, context: tugboat-sim, dataDir: ./${dataDir}}
sources:
  - {name: apps, repo: ${repo.dir}, branch: main}
applications:
  - {name: web, source: apps, path: apps/web, namespace: web, syncPolicy: {automated: true, prune: true, selfHeal: true}}
`);
    daemon = new DaemonProcess(file);
    await daemon.start();
  };

  beforeAll(async () => {
    sim = await createSimCluster({ dataDir: join(work, 'cluster'), nodes: 2 });
    const token = randomBytes(16).toString('hex');
    api = await startKubeApi({ cluster: sim, port: 0, token });
    writeKubeconfig(join(work, 'kubeconfig'), api.url, token, api.caCert);
    unwatch = sim.watch((ev: WatchEvent) => {
      if (ev.object.metadata.namespace === 'web' && ev.manager === 'tugboat') writes.push(`${ev.type} ${ev.object.kind}/${ev.object.metadata.name}`);
    });
  });

  afterAll(async () => {
    unwatch();
    await daemon?.stop();
    await api?.close();
    await sim?.close();
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('a restart with a fresh dataDir carries on: Synced, same history, nothing re-applied, prune still works', async () => {
    repo.write('apps/web/deployment.yaml', deployment('web', { replicas: 1 }));
    for (const n of ['a', 'b', 'c']) repo.write(`apps/web/${n}.yaml`, configMap(n));
    const c1 = repo.commit('initial');
    await start('data-1');
    await syncedAt(c1);
    repo.remove('apps/web/c.yaml');
    const c2 = repo.commit('drop c');
    await syncedAt(c2);
    expect(await configMaps()).toEqual(['a', 'b']);
    const before = await history();
    expect(before.map((h) => h.revision)).toEqual([c1, c2]);
    // the state is a Secret in tugboat-system, not a file in the dataDir
    const secret = await sim.get({ group: '', kind: 'Secret', namespace: 'tugboat-system', name: 'tugboat.app.web' });
    expect(secret?.metadata.labels?.['tugboat.dev/app']).toBe('web');
    expect(existsSync(join(work, 'data-1', 'state.db'))).toBe(false);

    await daemon.kill9();
    rmSync(join(work, 'data-1'), { recursive: true, force: true });
    const writesBefore = writes.length;
    await start('data-2');
    const a = await syncedAt(c2);
    expect(a.health.status).not.toBe('Missing');
    expect(await history()).toEqual(before);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(writes.slice(writesBefore), 'nothing applied again after the restart').toEqual([]);

    // the prune inventory came back from the cluster: removing b from git deletes it
    repo.remove('apps/web/b.yaml');
    const c3 = repo.commit('drop b');
    await syncedAt(c3);
    expect(await configMaps()).toEqual(['a']);
    expect((await history()).map((h) => h.revision)).toEqual([c1, c2, c3]);
  }, 120_000);
});
