/**
 * The foundation scenario with `cluster.type: kube`: the real `tugboat serve` drives a cluster through a
 * kubeconfig (the sim's Kubernetes API stands in for a live API server, in this test process): commit →
 * applied, git revert, prune, the prune guard, `kill -9` and restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createSimCluster, type SimCluster } from '../../src/adapters/cluster/sim/index.js';
import { startKubeApi, writeKubeconfig, type KubeApiServer } from '../../src/adapters/kube-api/index.js';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap, deployment } from '../helpers/manifests.js';
import { DaemonProcess, runTugboat, waitFor } from '../helpers/daemon-process.js';

// Skipped: the run did not finish in this session (the worker produced no result within 300 s); unverified, see the report.
// quantities in forms the API server stores differently (1000m → 1, 0.5 → 500m, 1024Mi → 1Gi, 0.125Gi → 128Mi), and a probe it defaults
const RESOURCES = `          resources:
            limits: {cpu: 1000m, memory: 1024Mi}
            requests: {cpu: 0.5, memory: 0.125Gi}
          readinessProbe:
            httpGet: {path: /, port: 80}
`;

describe('cluster.type kube against a Kubernetes API, end to end', () => {
  const repo = new TempGitRepo();
  const work = mkdtempSync(join(tmpdir(), 'tugboat-kube-live-'));
  const configFile = join(work, 'tugboat.yaml');
  let sim: SimCluster;
  let api: KubeApiServer;
  let daemon: DaemonProcess;
  const shas: string[] = [];

  const app = () => daemon.json<any>('/api/v1/applications/web');
  const history = async () => (await daemon.json<{ items: any[] }>('/api/v1/applications/web/history')).items;
  const syncedAt = (sha: string) => waitFor(`web Synced+Healthy at ${sha.slice(0, 7)}`, async () => {
    const a = await app();
    return a.sync.status === 'Synced' && a.health.status === 'Healthy' && a.sync.revision === sha ? a : undefined;
  });
  const image = async () => ((await sim.get({ group: 'apps', kind: 'Deployment', namespace: 'web', name: 'web' }))?.['spec'] as any)?.template.spec.containers[0].image;
  const configMaps = async () => (await sim.list({ kind: 'ConfigMap', namespace: 'web' })).map((o) => o.metadata.name).sort();

  beforeAll(async () => {
    // defaulting and canonical quantities as a real API server writes them
    sim = await createSimCluster({ dataDir: join(work, 'cluster'), nodes: 2, apiServerDefaults: true });
    const token = randomBytes(16).toString('hex');
    api = await startKubeApi({ cluster: sim, port: 0, token });
    writeKubeconfig(join(work, 'kubeconfig'), api.url, token, api.caCert);
    repo.write('apps/web/deployment.yaml', deployment('web', { image: 'nginx:1.25', replicas: 2 }) + RESOURCES);
    repo.write('apps/web/a.yaml', configMap('a'));
    repo.write('apps/web/b.yaml', configMap('b'));
    repo.write('apps/web/c.yaml', configMap('c'));
    shas.push(repo.commit('initial'));
    writeFileSync(configFile, `apiVersion: tugboat.dev/v1alpha1
kind: Config
cluster: {type: kube, kubeconfig: ./kubeconfig, context: tugboat-sim, dataDir: ./data}
sources:
  - {name: apps, repo: ${repo.dir}, branch: main}
applications:
  - name: web
    source: apps
    path: apps/web
    namespace: web
    syncPolicy: {automated: true, prune: true, selfHeal: true}
`);
    daemon = new DaemonProcess(configFile);
    await daemon.start();
  });

  afterAll(async () => {
    await daemon?.stop();
    await api?.close();
    await sim?.close();
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('the first commit is applied through the API and the app is Synced and Healthy', async () => {
    const a = await syncedAt(shas[0]!);
    expect(a.resources.map((r: any) => `${r.kind}/${r.name}`).sort()).toEqual(['ConfigMap/a', 'ConfigMap/b', 'ConfigMap/c', 'Deployment/web']);
    expect(await image()).toBe('nginx:1.25');
    const d = await sim.get({ group: 'apps', kind: 'Deployment', namespace: 'web', name: 'web' });
    expect((d!.metadata.managedFields as Array<{ manager: string; operation: string }>).find((m) => m.manager === 'tugboat')?.operation).toBe('Apply');
    const c = (d!['spec'] as any).template.spec.containers[0];
    expect(c.resources).toEqual({ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '128Mi' } });
    expect(c).toMatchObject({ imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', readinessProbe: { timeoutSeconds: 1, periodSeconds: 10 } });
    // right after a sync against the API, the diff is empty
    const report = await daemon.json<any>('/api/v1/applications/web/diff?format=json');
    expect(report.summary).toMatchObject({ create: 0, update: 0, delete: 0 });
    const diff = await runTugboat(['diff', 'web', '--server', daemon.url]);
    expect(diff.status, diff.stdout + diff.stderr).toBe(0);
    expect((await app()).sync.status).toBe('Synced');
  });

  it('a new commit is applied, and git revert restores the earlier state as a git-revert', async () => {
    repo.write('apps/web/deployment.yaml', deployment('web', { image: 'nginx:1.26', replicas: 2 }));
    shas.push(repo.commit('nginx 1.26'));
    await syncedAt(shas[1]!);
    expect(await image()).toBe('nginx:1.26');
    repo.git('revert', '--no-edit', 'HEAD');
    const head = repo.git('rev-parse', 'HEAD').trim();
    shas.push(head);
    await syncedAt(head);
    expect(await image()).toBe('nginx:1.25');
    expect((await history()).at(-1)).toMatchObject({ revision: head, cause: 'git-revert', rollbackOf: 1 });
  });

  it('an object removed from git is pruned; removing most of them is blocked by the prune guard', async () => {
    repo.remove('apps/web/c.yaml');
    const sha = repo.commit('drop c');
    await syncedAt(sha);
    expect(await configMaps()).toEqual(['a', 'b']);
    repo.remove('apps/web/a.yaml');
    repo.remove('apps/web/b.yaml');
    repo.write('apps/web/d.yaml', configMap('d'));
    const guarded = repo.commit('drop a and b, add d');
    const a = await waitFor('PruneBlocked', async () => {
      const s = await app();
      return s.conditions.some((c: any) => c.type === 'PruneBlocked') ? s : undefined;
    });
    expect(a.sync.targetRevision).toBe(guarded);
    expect(await configMaps()).toEqual(['a', 'b', 'd']);
    const r = await runTugboat(['sync', 'web', '--prune', '--server', daemon.url]);
    expect(r.status, r.stderr).toBe(0);
    await waitFor('pruned', async () => (await configMaps()).join() === 'd');
  });

  it('after kill -9 and a restart nothing is lost and the next commit is applied', async () => {
    const before = await history();
    await daemon.kill9();
    repo.write('apps/web/deployment.yaml', deployment('web', { image: 'nginx:1.27', replicas: 3 }));
    const sha = repo.commit('nginx 1.27 while the daemon is down');
    daemon = new DaemonProcess(configFile);
    await daemon.start();
    await syncedAt(sha);
    expect(await image()).toBe('nginx:1.27');
    const after = await history();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.at(-1)).toMatchObject({ revision: sha, cause: 'auto' });
  });
});
