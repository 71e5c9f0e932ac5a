import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { TempGitRepo } from '../helpers/temp-git.js';
import { deployment, service } from '../helpers/manifests.js';
import { DaemonProcess, binPath, waitFor } from '../helpers/daemon-process.js';

describe('tugboat sim: inspect the simulated cluster like kubectl', () => {
  const repo = new TempGitRepo();
  const work = mkdtempSync(join(tmpdir(), 'tugboat-simcli-'));
  let daemon: DaemonProcess;
  const sim = (...args: string[]) => spawnSync(process.execPath, [binPath(), 'sim', ...args, '--server', daemon.url], { encoding: 'utf8', env: { ...process.env, TUGBOAT_TOKEN: '' } });

  beforeAll(async () => {
    repo.write('app/deploy.yaml', deployment('web', { replicas: 3, image: 'nginx:1.27' }));
    repo.write('app/svc.yaml', service('web'));
    repo.commit('web');
    const cfg = join(work, 'tugboat.yaml');
    writeFileSync(cfg, `apiVersion: tugboat.dev/v1alpha1\nkind: Config\ncluster: {dataDir: ./data, nodes: 2, nodeEvictionSeconds: 1}\nsources: [{name: s, repo: ${repo.dir}}]\napplications: [{name: web, source: s, path: app, namespace: web, syncPolicy: {automated: true}}]\n`);
    daemon = new DaemonProcess(cfg, { TUGBOAT_TOKEN: '' });
    await daemon.start();
    await waitFor('healthy', async () => (await daemon.json<any>('/api/v1/applications/web')).health.status === 'Healthy');
  });

  afterAll(async () => {
    await daemon?.stop();
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('get lists pods with kubectl columns, by plural, singular or short name', () => {
    for (const kind of ['pods', 'pod', 'po']) {
      const r = sim('get', kind, '-n', 'web');
      expect(r.status, r.stderr).toBe(0);
      const lines = r.stdout.trim().split('\n');
      expect(lines[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
      expect(lines.slice(1)).toHaveLength(3);
      for (const l of lines.slice(1)) expect(l).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s+0\s+\d+s$/);
    }
    const wide = sim('get', 'pods', '-n', 'web', '-o', 'wide');
    expect(wide.stdout.split('\n')[0]).toMatch(/IP\s+NODE$/);
    expect(wide.stdout).toMatch(/10\.244\.\d+\.\d+\s+sim-node-\d/);
  });

  it('-o json prints a Kubernetes List with items; -l filters; -A adds the namespace column', () => {
    const list = JSON.parse(sim('get', 'deploy', '-n', 'web', '-o', 'json').stdout);
    expect(list).toMatchObject({ apiVersion: 'v1', kind: 'List' });
    expect(list.items.map((d: any) => d.metadata.name)).toEqual(['web']);
    expect(list.items[0].status.readyReplicas).toBe(3);
    expect(JSON.parse(sim('get', 'pods', '-n', 'web', '-l', 'app=web', '-o', 'json').stdout).items).toHaveLength(3);
    expect(JSON.parse(sim('get', 'pods', '-n', 'web', '-l', 'app in (other)', '-o', 'json').stdout).items).toHaveLength(0);
    const all = sim('get', 'deployments', '-A');
    expect(all.stdout.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
    expect(all.stdout).toMatch(/web\s+web\s+3\/3\s+3\s+3\s+/);
    const svc = parse(sim('get', 'svc', 'web', '-n', 'web', '-o', 'yaml').stdout);
    expect(svc.spec.clusterIP).toMatch(/^10\.9[6-9]\./);
    const empty = sim('get', 'pods');
    expect(empty.status).toBe(0);
    expect(empty.stderr).toContain('No resources found in default namespace.');
    expect(sim('get', 'nodes').stdout).toMatch(/sim-node-1\s+Ready/);
  });

  it('describe shows the object and its events; events lists them', () => {
    const d = sim('describe', 'deployment', 'web', '-n', 'web');
    expect(d.status, d.stderr).toBe(0);
    expect(d.stdout).toContain('Name:         web');
    expect(d.stdout).toContain('Namespace:    web');
    expect(d.stdout).toMatch(/Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message\n\s+Normal\s+ScalingReplicaSet/);
    const ev = sim('events', '-n', 'web');
    expect(ev.stdout.split('\n')[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
    expect(ev.stdout).toMatch(/SuccessfulCreate\s+replicaset\/web-/);
    expect(sim('events').stdout.split('\n')[0]).toMatch(/^NAMESPACE\s+LAST SEEN/);
  });

  it("the app's resource tree carries its objects' events", async () => {
    const tree = await daemon.json<{ events: Array<{ reason: string; involvedObject: { kind: string } }> }>('/api/v1/applications/web/resource-tree');
    expect(tree.events.some((e) => e.reason === 'ScalingReplicaSet' && e.involvedObject.kind === 'Deployment')).toBe(true);
    expect(tree.events.some((e) => e.involvedObject.kind === 'Pod')).toBe(true);
  });

  it('delete removes a pod and its ReplicaSet replaces it', async () => {
    const pods = JSON.parse(sim('get', 'pods', '-n', 'web', '-o', 'json').stdout).items.map((p: any) => p.metadata.name);
    const r = sim('delete', 'pod', pods[0], '-n', 'web');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(`pod "${pods[0]}" deleted\n`);
    await waitFor('replacement', async () => {
      const now = JSON.parse(sim('get', 'pods', '-n', 'web', '-o', 'json').stdout).items.map((p: any) => p.metadata.name);
      return now.length === 3 && !now.includes(pods[0]);
    });
  });

  it('scale sets spec.replicas as kubectl scale does; the app sees it as drift', async () => {
    const r = sim('scale', 'deploy', 'web', '--replicas', '4', '-n', 'web');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe('deployment.apps/web scaled\n');
    await waitFor('4 pods', async () => JSON.parse(sim('get', 'pods', '-n', 'web', '-o', 'json').stdout).items.length === 4);
    await waitFor('drift', async () => (await daemon.json<any>('/api/v1/applications/web')).sync.status === 'OutOfSync');
    const diff = await daemon.json<any>('/api/v1/applications/web/diff?format=json');
    expect(diff.resources.find((x: any) => x.action === 'update').fields).toEqual([{ path: '/spec/replicas', origin: 'drift' }]);
    expect(sim('scale', 'deploy', 'web', '--replicas', 'many', '-n', 'web').status).toBe(2);
    expect(sim('scale', 'deploy', 'nope', '--replicas', '1', '-n', 'web').status).toBe(2);
    expect(sim('scale', 'configmap', 'x', '--replicas', '1', '-n', 'web').status).toBe(2);
    // An object without spec.replicas cannot be scaled, and stays as it was.
    const svc = sim('scale', 'svc', 'web', '--replicas', '2', '-n', 'web');
    expect(svc.status).toBe(2);
    expect(svc.stderr).toContain('services "web" cannot be scaled: it has no spec.replicas');
    expect(JSON.parse(sim('get', 'svc', 'web', '-n', 'web', '-o', 'json').stdout).spec.replicas).toBeUndefined();
    // back to what git says, for the tests after this one
    expect(sim('scale', 'deploy', 'web', '--replicas', '3', '-n', 'web').status).toBe(0);
    await waitFor('3 pods again', async () => JSON.parse(sim('get', 'pods', '-n', 'web', '-o', 'json').stdout).items.length === 3);
  });

  it('node fail moves the pods elsewhere after the eviction period; recover makes the node Ready again', async () => {
    const r = sim('node', 'fail', 'sim-node-1');
    expect(r.status, r.stderr).toBe(0);
    expect(sim('get', 'nodes').stdout).toMatch(/sim-node-1\s+NotReady/);
    await waitFor('pods moved to sim-node-2', async () => {
      const pods = JSON.parse(sim('get', 'pods', '-n', 'web', '-o', 'json').stdout).items;
      return pods.length === 3 && pods.every((p: any) => p.spec.nodeName === 'sim-node-2' && p.status.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True'));
    });
    expect(sim('events').stdout).toMatch(/NodeNotReady/);
    expect(sim('node', 'recover', 'sim-node-1').status).toBe(0);
    expect(sim('get', 'nodes').stdout).toMatch(/sim-node-1\s+Ready/);
    expect(sim('node', 'fail', 'no-such-node').status).toBe(2);
  });

  it('unknown kinds and missing objects are input errors', () => {
    const r = sim('get', 'widgets');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`doesn't have a resource type "widgets"`);
    expect(sim('get', 'pod', 'nope', '-n', 'web').status).toBe(2);
    expect(sim('node', 'explode', 'sim-node-1').status).toBe(2);
  });
});
