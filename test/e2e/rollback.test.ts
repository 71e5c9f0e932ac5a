import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TempGitRepo } from '../helpers/temp-git.js';
import { deployment } from '../helpers/manifests.js';
import { DaemonProcess, binPath, waitFor } from '../helpers/daemon-process.js';

describe('manual rollback', () => {
  const repo = new TempGitRepo();
  const work = mkdtempSync(join(tmpdir(), 'tugboat-rollback-'));
  let daemon: DaemonProcess;
  const shas: string[] = [];
  const app = () => daemon.json<any>('/api/v1/applications/web');
  const image = async () => (await daemon.json<{ nodes: any[] }>('/api/v1/applications/web/resource-tree')).nodes.find((n) => n.kind === 'Deployment')?.images?.[0];
  const cli = (args: string[]) => spawnSync(process.execPath, [binPath(), ...args, '--server', daemon.url], { encoding: 'utf8', env: { ...process.env, TUGBOAT_TOKEN: '' } });

  beforeAll(async () => {
    repo.write('app/deploy.yaml', deployment('web', { image: 'web:1' }));
    shas.push(repo.commit('v1'));
    const cfg = join(work, 'tugboat.yaml');
    writeFileSync(cfg, `apiVersion: tugboat.dev/v1alpha1\nkind: Config\ncluster: {dataDir: ./data}\nsources: [{name: s, repo: ${repo.dir}}]\napplications: [{name: web, source: s, path: app, namespace: web, syncPolicy: {automated: true, prune: true, selfHeal: true}}]\n`);
    daemon = new DaemonProcess(cfg, { TUGBOAT_TOKEN: '' });
    await daemon.start();
    await waitFor('v1', async () => (await app()).sync.revision === shas[0]);
    repo.write('app/deploy.yaml', deployment('web', { image: 'web:2' }));
    shas.push(repo.commit('v2'));
    await waitFor('v2', async () => (await app()).sync.revision === shas[1] && (await image()) === 'web:2');
  });

  afterAll(async () => {
    await daemon?.stop();
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('rollback --to ID re-applies that entry, records it and quarantines the current revision', async () => {
    const r = cli(['rollback', 'web', '--to', '1']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('rolled back to');
    expect(await image()).toBe('web:1');
    const h = (await daemon.json<{ items: any[] }>('/api/v1/applications/web/history')).items;
    expect(h.at(-1)).toMatchObject({ id: 3, revision: shas[0], cause: 'rollback', rollbackOf: 1 });
    const a = await app();
    expect(a.sync).toMatchObject({ status: 'OutOfSync', revision: shas[0], targetRevision: shas[1] });
    expect(a.conditions.find((c: any) => c.type === 'RevisionQuarantined').message).toContain(shas[1]!.slice(0, 12));
    const m = await (await fetch(daemon.url + '/metrics')).text();
    expect(m).toMatch(/tugboat_rollbacks_total\{app="web",cause="manual"\} 1/);
  });

  it('auto-sync and self-heal leave the quarantined revision alone', async () => {
    await daemon.json('/api/v1/applications/web/diff?format=json');
    await new Promise((r) => setTimeout(r, 700));
    expect(await image()).toBe('web:1');
    expect((await app()).sync.revision).toBe(shas[0]);
  });

  it('a newer commit is applied and clears the quarantine', async () => {
    repo.write('app/deploy.yaml', deployment('web', { image: 'web:3' }));
    shas.push(repo.commit('v3'));
    await waitFor('v3', async () => (await app()).sync.status === 'Synced' && (await image()) === 'web:3');
    expect((await app()).conditions.some((c: any) => c.type === 'RevisionQuarantined')).toBe(false);
  });

  it('unknown entries are a 404 (exit 2); gitRevert over uncommitted changes is a clear 409 that commits nothing', async () => {
    expect(cli(['rollback', 'web', '--to', '99']).status).toBe(2);
    const head = repo.head();
    repo.write('app/deploy.yaml', deployment('web', { image: 'web:dirty' }));
    const res = await fetch(daemon.url + '/api/v1/applications/web/rollback', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 1, gitRevert: true }) });
    expect(res.status).toBe(409);
    expect((await res.json()).error.message).toContain('clean working tree');
    expect(repo.head()).toBe(head);
  });
});
