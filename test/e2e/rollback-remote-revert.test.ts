import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TempGitRepo } from '../helpers/temp-git.js';
import { deployment } from '../helpers/manifests.js';
import { DaemonProcess, binPath, waitFor } from '../helpers/daemon-process.js';

/**
 * `tugboat rollback --git-revert` with a remote source (a real bare repository behind a file:// URL): the
 * revert is committed on top of the remote branch and pushed there, so git and the cluster agree again. A
 * push the remote refuses (here a pre-receive hook) is a clear 409 and changes nothing: not the remote,
 * not the cluster, not the history.
 */
describe('rollback --git-revert to a remote source', () => {
  const work = mkdtempSync(join(tmpdir(), 'tugboat-rrv-'));
  const bare = join(work, 'remote.git');
  const dev = new TempGitRepo('tugboat-rrv-dev-');
  let daemon: DaemonProcess;
  const shas: Record<string, string> = {};
  const remote = (...args: string[]) => execFileSync('git', args, { cwd: bare, encoding: 'utf8' }).trim();
  const app = () => daemon.json<any>('/api/v1/applications/rr');
  const history = async () => (await daemon.json<any>('/api/v1/applications/rr/history')).items as any[];
  const image = async () => (await daemon.json<any>('/api/v1/sim/resources/deployments/web?namespace=rr')).spec.template.spec.containers[0].image;
  const cli = (args: string[]) => spawnSync(process.execPath, [binPath(), ...args, '--server', daemon.url], { encoding: 'utf8', env: { ...process.env, TUGBOAT_TOKEN: '' } });
  const push = (img: string, msg: string) => {
    dev.write('app/deploy.yaml', deployment('web', { image: img, replicas: 2 }));
    shas[msg] = dev.commit(msg);
    dev.git('push', '-q', 'origin', 'main');
    return shas[msg]!;
  };
  const syncedTo = (sha: string) => waitFor(`synced to ${sha.slice(0, 7)}`, async () => {
    const a = await app();
    return a.sync.status === 'Synced' && a.sync.revision === sha && a.health.status === 'Healthy';
  }, 30_000);

  beforeAll(async () => {
    execFileSync('git', ['init', '-q', '--bare', '--initial-branch', 'main', bare]);
    dev.git('remote', 'add', 'origin', bare);
    push('web:1', 'v1');
    const cfg = join(work, 'tugboat.yaml');
    writeFileSync(cfg, `apiVersion: tugboat.dev/v1alpha1
kind: Config
cluster:
  dataDir: ./data
  images: [{match: "*", startupSeconds: 0.2}]
sources: [{name: s, repo: "file://${bare}", branch: main, pollInterval: 500ms}]
applications: [{name: rr, source: s, path: app, namespace: rr, syncPolicy: {automated: true, prune: true, selfHeal: true}}]
`);
    daemon = new DaemonProcess(cfg, { TUGBOAT_TOKEN: '' });
    await daemon.start();
    await syncedTo(shas.v1!);
    push('web:2', 'v2');
    await syncedTo(shas.v2!);
  });

  afterAll(async () => {
    await daemon?.stop();
    dev.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('a push the remote refuses is a clear 409 and changes nothing', async () => {
    const hook = join(bare, 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\necho "branch main is frozen" >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    try {
      const before = { head: remote('rev-parse', 'main'), history: await history(), app: await app() };
      const v1 = before.history.find((h) => h.revision === shas.v1);
      const r = cli(['rollback', 'rr', '--to', String(v1.id), '--git-revert']);
      expect(r.status).toBe(1); // the operation failed (a 409)
      expect(r.stderr).toMatch(/push of the revert to file:\/\/.*remote\.git \(branch main\) was refused, nothing was changed: .*pre-receive hook declined/);
      expect(r.stderr).toContain('branch main is frozen');
      const res = await fetch(`${daemon.url}/api/v1/applications/rr/rollback`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: v1.id, gitRevert: true }) });
      expect(res.status).toBe(409);
      await new Promise((res) => setTimeout(res, 1200));
      expect(remote('rev-parse', 'main')).toBe(before.head);
      expect(await history()).toEqual(before.history);
      expect(await image()).toBe('web:2');
      const a = await app();
      expect(a.sync).toEqual(before.app.sync);
      expect(a.conditions.map((c: any) => c.type)).not.toContain('RevisionQuarantined');
    } finally {
      rmSync(hook, { force: true });
    }
  });

  it('commits the revert on top of the remote branch, pushes it, and deploys it', async () => {
    // Someone else pushed a commit outside the app's path meanwhile: the revert goes on top of it.
    dev.write('docs/notes.md', 'not a manifest\n');
    const docs = dev.commit('docs');
    dev.git('push', '-q', 'origin', 'main');
    await waitFor('docs seen', async () => (await app()).sync.targetRevision === docs, 30_000);
    const v1 = (await history()).find((h) => h.revision === shas.v1);
    const r = cli(['rollback', 'rr', '--to', String(v1.id), '--git-revert']);
    expect(r.status, r.stderr).toBe(0);
    const head = remote('rev-parse', 'main');
    expect(remote('rev-parse', 'main~1')).toBe(docs);
    expect(remote('log', '-1', '--format=%s', 'main')).toBe('Revert "v2"');
    expect(remote('log', '-1', '--format=%b', 'main')).toContain(`This reverts commit ${shas.v2}.`);
    expect(remote('show', 'main:app/deploy.yaml')).toContain('image: web:1');
    await syncedTo(head);
    expect(await image()).toBe('web:1');
    expect((await history()).at(-1)).toMatchObject({ revision: head, cause: 'git-revert' });
    expect((await app()).conditions.map((c: any) => c.type)).not.toContain('RevisionQuarantined');
    // The developer's clone gets the revert like any other commit.
    dev.git('pull', '-q', '--ff-only', 'origin', 'main');
    expect(dev.head()).toBe(head);
  });
});
