import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap, deployment, service } from '../helpers/manifests.js';
import { DaemonProcess, waitFor } from '../helpers/daemon-process.js';

interface TreeNode { kind: string; name: string; parent?: { name: string }; health: { status: string }; images?: string[]; replicas?: { desired: number; ready: number } }

describe('from a git commit to the simulated cluster, end to end', () => {
  const repo = new TempGitRepo();
  const work = mkdtempSync(join(tmpdir(), 'tugboat-e2e-'));
  const configFile = join(work, 'tugboat.yaml');
  let daemon: DaemonProcess;
  const shas: string[] = [];

  const app = () => daemon.json<any>('/api/v1/applications/web');
  const tree = async () => (await daemon.json<{ nodes: TreeNode[] }>('/api/v1/applications/web/resource-tree')).nodes;
  const history = async () => (await daemon.json<{ items: any[] }>('/api/v1/applications/web/history')).items;
  const syncedHealthyAt = (sha: string) => waitFor(`web Synced+Healthy at ${sha.slice(0, 7)}`, async () => {
    const a = await app();
    return a.sync.status === 'Synced' && a.health.status === 'Healthy' && a.sync.revision === sha ? a : undefined;
  });

  beforeAll(async () => {
    repo.write('apps/web/deployment.yaml', deployment('web', { image: 'nginx:1.25', replicas: 2 }));
    repo.write('apps/web/service.yaml', service('web'));
    repo.write('apps/web/config.yaml', configMap('web-config'));
    repo.write('README.md', 'not a manifest\n');
    shas.push(repo.commit('initial'));
    writeFileSync(configFile, `apiVersion: tugboat.dev/v1alpha1
kind: Config
cluster: {type: sim, dataDir: ./data, nodes: 2}
server: {port: 8080}
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
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('the app becomes Synced and Healthy at the branch head', async () => {
    const a = await syncedHealthyAt(shas[0]!);
    expect(a.sync.targetRevision).toBe(shas[0]);
    expect(a.operation.phase).toBe('Succeeded');
    expect(a.resources.map((r: any) => `${r.kind}/${r.name}`).sort()).toEqual(['ConfigMap/web-config', 'Deployment/web', 'Service/web']);
    const pods = (await tree()).filter((n) => n.kind === 'Pod');
    expect(pods).toHaveLength(2);
    expect(pods.every((p) => p.health.status === 'Healthy' && p.images?.[0] === 'nginx:1.25')).toBe(true);
    expect(await history()).toMatchObject([{ id: 1, revision: shas[0], cause: 'auto', result: 'Succeeded' }]);
  });

  it('serves the metrics dashboards depend on', async () => {
    const m = await waitFor('healthy metrics', async () => {
      const text = await (await fetch(daemon.url + '/metrics')).text();
      return text.includes('health_status="Healthy"') && text.includes('tugboat_commit_to_healthy_seconds_count{app="web"}') ? text : undefined;
    });
    expect(m).toContain(`tugboat_app_info{app="web",namespace="web",sync_status="Synced",health_status="Healthy",revision="${shas[0]}"} 1`);
    expect(m).toMatch(/tugboat_reconcile_total\{app="web",result="synced"\} 1/);
    expect(m).toMatch(/tugboat_reconcile_duration_seconds_count\{app="web"\} \d+/);
    expect(m).toMatch(/tugboat_sync_total\{app="web",phase="Succeeded"\} 1/);
    expect(m).toContain('tugboat_resources{app="web",status="Synced"} 3');
    expect(m).toContain('tugboat_resources{app="web",status="OutOfSync"} 0');
    expect(m).toMatch(/tugboat_commit_to_applied_seconds_count\{app="web"\} 1/);
    expect(m).toMatch(/tugboat_render_duration_seconds_count\{app="web"\} \d+/);
    expect(m).toMatch(/# TYPE tugboat_git_fetch_total counter/);
    expect(m).toMatch(/# TYPE tugboat_git_fetch_duration_seconds histogram/);
    expect(m).toMatch(/process_cpu_seconds_total/);
  });

  it('a commit changing image and replicas rolls out: new pods Ready, old ReplicaSet at 0', async () => {
    repo.write('apps/web/deployment.yaml', deployment('web', { image: 'nginx:1.27', replicas: 3 }));
    shas.push(repo.commit('nginx 1.27, 3 replicas'));
    await syncedHealthyAt(shas[1]!);
    const nodes = await waitFor('rollout finished', async () => {
      const t = await tree();
      const pods = t.filter((n) => n.kind === 'Pod');
      return pods.length === 3 && pods.every((p) => p.images?.[0] === 'nginx:1.27' && p.health.status === 'Healthy') ? t : undefined;
    });
    const rs = nodes.filter((n) => n.kind === 'ReplicaSet');
    expect(rs).toHaveLength(2);
    expect(rs.find((r) => r.images?.[0] === 'nginx:1.25')?.replicas?.desired).toBe(0);
    expect(rs.find((r) => r.images?.[0] === 'nginx:1.27')?.replicas).toEqual({ desired: 3, ready: 3 });
    const h = await history();
    expect(h.at(-1)).toMatchObject({ id: 2, revision: shas[1], cause: 'auto' });
  });

  it('git revert HEAD brings the old image back, recorded as git-revert of the first entry, reusing its ReplicaSet', async () => {
    const rsBefore = (await tree()).filter((n) => n.kind === 'ReplicaSet').map((n) => n.name).sort();
    repo.git('revert', '--no-edit', 'HEAD');
    shas.push(repo.head());
    await syncedHealthyAt(shas[2]!);
    const nodes = await waitFor('revert rolled out', async () => {
      const t = await tree();
      const pods = t.filter((n) => n.kind === 'Pod');
      return pods.length === 2 && pods.every((p) => p.images?.[0] === 'nginx:1.25' && p.health.status === 'Healthy') ? t : undefined;
    });
    expect(nodes.filter((n) => n.kind === 'ReplicaSet').map((n) => n.name).sort()).toEqual(rsBefore);
    const h = await history();
    expect(h.at(-1)).toMatchObject({ id: 3, revision: shas[2], cause: 'git-revert', rollbackOf: 1 });
    expect(h.at(-1).digest).toBe(h[0].digest);
    const metrics = await (await fetch(daemon.url + '/metrics')).text();
    expect(metrics).toMatch(/tugboat_rollbacks_total\{app="web",cause="git-revert"\} 1/);
  });

  it('deleting a file prunes its object', async () => {
    repo.remove('apps/web/config.yaml');
    shas.push(repo.commit('drop config'));
    const a = await syncedHealthyAt(shas[3]!);
    expect(a.resources.map((r: any) => r.kind).sort()).toEqual(['Deployment', 'Service']);
    const t = await tree();
    expect(t.some((n) => n.kind === 'ConfigMap')).toBe(false);
  });

  it('a commit outside the app path changes the revision but deploys nothing new', async () => {
    repo.write('README.md', 'still not a manifest\n');
    shas.push(repo.commit('docs'));
    await syncedHealthyAt(shas[4]!);
    expect(await history()).toHaveLength(4);
  });

  it('SIGKILL and a restart lose nothing: same revision, same history, no new sync entry', async () => {
    const before = await app();
    const historyBefore = await history();
    const podsBefore = (await tree()).filter((n) => n.kind === 'Pod').map((p) => p.name).sort();
    await daemon.kill9();
    daemon = new DaemonProcess(configFile);
    await daemon.start();
    await waitFor('ready after restart', async () => (await fetch(daemon.url + '/readyz')).ok);
    const after = await syncedHealthyAt(shas[4]!);
    expect(after.sync.revision).toBe(before.sync.revision);
    expect(after.operation).toEqual(before.operation);
    expect(await history()).toEqual(historyBefore);
    expect((await tree()).filter((n) => n.kind === 'Pod').map((p) => p.name).sort()).toEqual(podsBefore);
    const metrics = await (await fetch(daemon.url + '/metrics')).text();
    expect(metrics).toMatch(/tugboat_reconcile_total\{app="web",result="unchanged"\} \d+/);
    expect(metrics).not.toMatch(/tugboat_reconcile_total\{app="web",result="synced"\}/);
  });
});
