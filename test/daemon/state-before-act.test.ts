/**
 * With the state in the cluster (KubeStateStore over the sim's Kubernetes API), a sync whose state
 * cannot be stored applies nothing: it fails before its first apply with a SyncError, and goes through
 * once the state can be written again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseConfig } from '../../src/config/index.js';
import { createSimCluster } from '../../src/adapters/cluster/sim/index.js';
import { startKubeApi, writeKubeconfig } from '../../src/adapters/kube-api/index.js';
import { loadKubeConfig } from '../../src/adapters/cluster/kube/index.js';
import { KubeStateStore } from '../../src/adapters/state/kube-state-store.js';
import { ClusterError, nullRecorder, silentLogger } from '../../src/core/ports.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { daemonPorts } from '../../src/adapters/daemon-ports.js';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap } from '../helpers/manifests.js';
import { waitFor } from '../helpers/daemon-process.js';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => { while (stops.length) await stops.pop()!(); });

describe('state in the cluster is written before Tugboat acts', () => {
  it('a sync that cannot store its state applies nothing and says why; it goes through once the state can be written', async () => {
    const repo = new TempGitRepo();
    repo.write('app/cm.yaml', configMap('settings', { colour: 'blue' }));
    repo.commit('one');
    const work = mkdtempSync(join(tmpdir(), 'tugboat-state-before-act-'));
    const config = parseConfig(`apiVersion: tugboat.dev/v1alpha1
kind: Config
cluster: {dataDir: ${join(work, 'data')}}
sources: [{name: src, repo: ${repo.dir}}]
applications:
  - {name: web, source: src, path: app, namespace: web, syncPolicy: {automated: true}}
`, join(work, 'tugboat.yaml'), {});
    const cluster = await createSimCluster({ dataDir: join(work, 'cluster'), nodes: 1 });
    const token = randomBytes(16).toString('hex');
    const api = await startKubeApi({ cluster, port: 0, token });
    const kubeconfig = join(work, 'kubeconfig');
    writeKubeconfig(kubeconfig, api.url, token, api.caCert);
    let writable = true;
    const state = new KubeStateStore({
      kubeConfig: () => loadKubeConfig({ kubeconfig }),
      logger: silentLogger,
      canWrite: (what) => { if (!writable) throw new ClusterError(503, 'ServiceUnavailable', `cannot ${what}: the API server refused`); },
    });
    await state.load();
    const daemon = new Daemon({ ...daemonPorts, config, cluster, state, recorder: nullRecorder, logger: silentLogger });
    stops.push(() => rmSync(work, { recursive: true, force: true }), () => repo.cleanup(), () => cluster.close(), () => api.close(), () => state.close(), () => daemon.stop());
    await daemon.start();
    const colour = async () => ((await cluster.get({ group: '', kind: 'ConfigMap', namespace: 'web', name: 'settings' }))?.['data'] as Record<string, string> | undefined)?.colour;
    await waitFor('synced', async () => state.getApp('web')?.syncedRevision === repo.head());
    expect(await colour()).toBe('blue');

    writable = false;
    repo.write('app/cm.yaml', configMap('settings', { colour: 'green' }));
    const green = repo.commit('green');
    const rec = await waitFor('SyncError', async () => {
      const r = state.getApp('web');
      return r?.conditions.some((c) => c.type === 'SyncError' && c.revision === green) ? r : undefined;
    });
    expect(rec.conditions.find((c) => c.type === 'SyncError')!.message).toMatch(/cannot store the state of application "web": the API server refused/);
    await new Promise((r) => setTimeout(r, 500));
    expect(await colour()).toBe('blue');

    writable = true;
    await daemon.sync('web', {});
    await waitFor('green applied and recorded', async () => (await colour()) === 'green' && state.getApp('web')?.syncedRevision === green);
    const fresh = new KubeStateStore({ kubeConfig: () => loadKubeConfig({ kubeconfig }), logger: silentLogger });
    stops.push(() => fresh.close());
    await fresh.load();
    expect(fresh.getApp('web')?.syncedRevision).toBe(green);
    expect(fresh.history('web').map((h) => h.revision)).toEqual([state.history('web')[0]!.revision, green]);
  }, 60_000);
});
