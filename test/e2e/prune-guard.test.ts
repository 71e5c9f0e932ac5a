import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap } from '../helpers/manifests.js';
import { DaemonProcess, binPath, waitFor } from '../helpers/daemon-process.js';

describe('the prune guard', () => {
  const repo = new TempGitRepo();
  const work = mkdtempSync(join(tmpdir(), 'tugboat-prune-'));
  let daemon: DaemonProcess;
  const app = () => daemon.json<any>('/api/v1/applications/cfg');
  const names = async () => (await app()).resources.filter((r: any) => !r.requiresPruning).map((r: any) => r.name).sort();
  const live = async () => (await daemon.json<{ nodes: any[] }>('/api/v1/applications/cfg/resource-tree')).nodes.map((n) => n.name).sort();

  beforeAll(async () => {
    for (const n of ['a', 'b', 'c', 'd']) repo.write(`cfg/${n}.yaml`, configMap(n));
    repo.commit('four configmaps');
    const cfg = join(work, 'tugboat.yaml');
    writeFileSync(cfg, `apiVersion: tugboat.dev/v1alpha1
kind: Config
cluster: {dataDir: ./data}
sources: [{name: s, repo: ${repo.dir}}]
applications:
  - {name: cfg, source: s, path: cfg, namespace: cfg, syncPolicy: {automated: true, prune: true}}
`);
    daemon = new DaemonProcess(cfg, { TUGBOAT_TOKEN: '' });
    await daemon.start();
    await waitFor('synced', async () => (await app()).sync.status === 'Synced');
  });

  afterAll(async () => {
    await daemon?.stop();
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('deleting one of four objects prunes it automatically', async () => {
    repo.remove('cfg/d.yaml');
    const sha = repo.commit('drop d');
    await waitFor('pruned d', async () => {
      const a = await app();
      return a.sync.revision === sha && a.sync.status === 'Synced';
    });
    expect(await live()).toEqual(['a', 'b', 'c']);
  });

  it('a commit deleting more than half of the objects is not pruned until sync --prune', async () => {
    repo.remove('cfg/b.yaml');
    repo.remove('cfg/c.yaml');
    const sha = repo.commit('drop b and c');
    const a = await waitFor('PruneBlocked', async () => {
      const s = await app();
      return s.conditions.some((c: any) => c.type === 'PruneBlocked') ? s : undefined;
    });
    expect(a.sync.status).toBe('OutOfSync');
    expect(a.sync.targetRevision).toBe(sha);
    expect(a.conditions.find((c: any) => c.type === 'PruneBlocked').message).toMatch(/2 of 3/);
    expect(await live()).toEqual(['a', 'b', 'c']);
    expect(a.resources.filter((r: any) => r.requiresPruning).map((r: any) => r.name).sort()).toEqual(['b', 'c']);
    // The diff shows the pending deletions and exits 1; a plain sync keeps the guard.
    const diff = spawnSync(process.execPath, [binPath(), 'diff', 'cfg', '-o', 'json', '--server', daemon.url], { encoding: 'utf8' });
    expect(diff.status).toBe(1);
    const report = JSON.parse(diff.stdout);
    expect(report.summary.delete).toBe(2);
    expect(report.resources.filter((r: any) => r.action === 'delete').map((r: any) => r.key.name).sort()).toEqual(['b', 'c']);
    const plain = spawnSync(process.execPath, [binPath(), 'sync', 'cfg', '--server', daemon.url], { encoding: 'utf8' });
    expect(plain.status).toBe(0);
    expect(await live()).toEqual(['a', 'b', 'c']);
    const r = spawnSync(process.execPath, [binPath(), 'sync', 'cfg', '--prune', '--server', daemon.url], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const after = await app();
    expect(after.conditions.some((c: any) => c.type === 'PruneBlocked')).toBe(false);
    expect(after.sync.status).toBe('Synced');
    expect(await names()).toEqual(['a']);
    expect(await live()).toEqual(['a']);
    const clean = spawnSync(process.execPath, [binPath(), 'diff', 'cfg', '-o', 'markdown', '--server', daemon.url], { encoding: 'utf8' });
    expect(clean.status, clean.stdout).toBe(0);
  });

  it('deleting every object is blocked too', async () => {
    repo.remove('cfg/a.yaml');
    repo.write('cfg/README.md', 'empty on purpose\n');
    repo.commit('drop everything');
    await waitFor('PruneBlocked', async () => (await app()).conditions.some((c: any) => c.type === 'PruneBlocked'));
    expect(await live()).toEqual(['a']);
  });
});
