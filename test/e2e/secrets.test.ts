import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TempGitRepo } from '../helpers/temp-git.js';
import { DaemonProcess, waitFor } from '../helpers/daemon-process.js';

const OLD = 'hunter2-old-plaintext';
const NEW = 'correct-horse-new-plaintext';
const secret = (password: string) => `apiVersion: v1\nkind: Secret\nmetadata: {name: db}\ntype: Opaque\nstringData:\n  password: ${password}\ndata:\n  user: ${Buffer.from('admin-' + password).toString('base64')}\n`;

describe('secret values never leak', () => {
  const repo = new TempGitRepo();
  const work = mkdtempSync(join(tmpdir(), 'tugboat-secret-'));
  let daemon: DaemonProcess;
  const forbidden = [OLD, NEW, Buffer.from(OLD).toString('base64'), Buffer.from(NEW).toString('base64'), Buffer.from('admin-' + NEW).toString('base64'), Buffer.from('admin-' + OLD).toString('base64')];
  const expectClean = (text: string, where: string) => {
    for (const f of forbidden) expect(text.includes(f), `${where} contains a secret value`).toBe(false);
  };

  beforeAll(async () => {
    repo.write('app/secret.yaml', secret(OLD));
    repo.commit('secret');
    const cfg = join(work, 'tugboat.yaml');
    writeFileSync(cfg, `apiVersion: tugboat.dev/v1alpha1\nkind: Config\ncluster: {dataDir: ./data}\nsources: [{name: s, repo: ${repo.dir}}]\napplications: [{name: app, source: s, path: app, namespace: app}]\n`);
    daemon = new DaemonProcess(cfg, { TUGBOAT_TOKEN: '', TUGBOAT_LOG_LEVEL: 'debug' });
    await daemon.start();
    await waitFor('first revision seen', async () => (await daemon.json<any>('/api/v1/applications/app')).sync.targetRevision !== '');
    await daemon.json('/api/v1/applications/app/sync', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  });

  afterAll(async () => {
    await daemon?.stop();
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('a changed secret shows as *** (changed) in every diff format, and nowhere else', async () => {
    repo.write('app/secret.yaml', secret(NEW));
    const sha = repo.commit('rotate');
    await waitFor('OutOfSync', async () => (await daemon.json<any>('/api/v1/applications/app')).sync.targetRevision === sha);
    const json = await daemon.json<any>('/api/v1/applications/app/diff?format=json');
    expect(json.summary.update).toBe(1);
    for (const format of ['json', 'text', 'markdown', 'html']) {
      const body = await (await fetch(`${daemon.url}/api/v1/applications/app/diff?format=${format}`)).text();
      expectClean(body, `diff ${format}`);
      expect(body).toContain('***');
    }
    expect(JSON.stringify(json)).toContain('(changed)');
    await daemon.json('/api/v1/applications/app/sync', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    for (const path of ['/api/v1/applications/app', '/api/v1/applications/app/history', '/api/v1/applications/app/resource-tree', '/api/v1/applications', '/metrics']) {
      expectClean(await (await fetch(daemon.url + path)).text(), path);
    }
    expectClean(daemon.stdout + daemon.stderr, 'daemon logs');
  });
});
