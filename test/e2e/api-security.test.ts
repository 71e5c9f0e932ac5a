import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap } from '../helpers/manifests.js';
import { DaemonProcess, binPath, waitFor } from '../helpers/daemon-process.js';

const SECRET = 'hook-secret-for-tests';
const TOKEN = 'api-token-for-tests';

describe('remote sources, push webhooks and the API token', () => {
  const upstream = new TempGitRepo('tugboat-upstream-');
  const work = mkdtempSync(join(tmpdir(), 'tugboat-sec-'));
  const bare = join(work, 'remote.git');
  const remoteUrl = `file://${bare}`;
  let daemon: DaemonProcess;

  const push = (data: Record<string, string>) => {
    upstream.write('apps/cfg/cm.yaml', configMap('settings', data));
    upstream.commit('change');
    upstream.git('push', '-q', bare, 'main');
    return upstream.head();
  };
  const payload = () => Buffer.from(JSON.stringify({ ref: 'refs/heads/main', repository: { clone_url: remoteUrl } }));
  const sign = (body: Buffer, secret: string) => 'sha256=' + createHmac('sha256', secret).update(body).digest('hex');
  const hook = (headers: Record<string, string>, body = payload()) =>
    fetch(daemon.url + '/api/v1/webhooks/git', { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': 'push', ...headers }, body });
  const revision = async () => (await daemon.json<any>('/api/v1/applications/cfg')).sync.revision as string;

  beforeAll(async () => {
    upstream.write('apps/cfg/cm.yaml', configMap('settings', { color: 'blue' }));
    upstream.commit('initial');
    execFileSync('git', ['clone', '-q', '--bare', upstream.dir, bare]);
    const cfg = join(work, 'tugboat.yaml');
    writeFileSync(cfg, `apiVersion: tugboat.dev/v1alpha1
kind: Config
cluster: {dataDir: ./data}
server: {token: "\${API_TOKEN}"}
sources:
  - {name: remote, repo: "${remoteUrl}", branch: main, pollInterval: 1h, webhookSecret: "\${HOOK_SECRET}"}
applications:
  - {name: cfg, source: remote, path: apps/cfg, namespace: cfg, syncPolicy: {automated: true, prune: true}}
`);
    daemon = new DaemonProcess(cfg, { API_TOKEN: TOKEN, HOOK_SECRET: SECRET });
    daemon.bearer = TOKEN;
    await daemon.start();
    await waitFor('initial sync', async () => (await daemon.json<any>('/api/v1/applications/cfg')).sync.status === 'Synced');
  });

  afterAll(async () => {
    await daemon?.stop();
    upstream.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('an unsigned or wrongly signed push webhook gets 401 and triggers nothing', async () => {
    const before = await revision();
    const pushed = push({ color: 'green' });
    const unsigned = await hook({});
    expect(unsigned.status).toBe(401);
    expect((await unsigned.json()).error.code).toBe('Unauthorized');
    const body = payload();
    const wrong = await hook({ 'x-hub-signature-256': sign(body, 'not-the-secret') }, body);
    expect(wrong.status).toBe(401);
    const gitlabWrong = await fetch(daemon.url + '/api/v1/webhooks/git', { method: 'POST', headers: { 'x-gitlab-event': 'Push Hook', 'x-gitlab-token': 'nope' }, body: JSON.stringify({ object_kind: 'push', ref: 'refs/heads/main', project: { git_http_url: remoteUrl } }) });
    expect(gitlabWrong.status).toBe(401);
    await new Promise((r) => setTimeout(r, 500));
    expect(await revision()).toBe(before);
    expect(pushed).not.toBe(before);
    const metrics = await (await fetch(daemon.url + '/metrics')).text();
    expect(metrics).toMatch(/tugboat_webhook_requests_total\{source="remote",result="unauthorized"\} 3/);
    expect(metrics).not.toContain(SECRET);
  });

  it('a correctly signed push is fetched and applied at once', async () => {
    const pushed = push({ color: 'red' });
    const body = payload();
    const ok = await hook({ 'x-hub-signature-256': sign(body, SECRET) }, body);
    expect(ok.status).toBe(202);
    await waitFor('webhook revision applied', async () => (await revision()) === pushed);
    const h = await daemon.json<{ items: any[] }>('/api/v1/applications/cfg/history');
    expect(h.items.at(-1)).toMatchObject({ revision: pushed, cause: 'webhook' });
    const metrics = await (await fetch(daemon.url + '/metrics')).text();
    expect(metrics).toMatch(/tugboat_git_fetch_total\{source="remote",result="success"\} \d+/);
  });

  it('a POST without the token gets 401; with it, the sync runs', async () => {
    const bare401 = await fetch(daemon.url + '/api/v1/applications/cfg/sync', { method: 'POST', body: '{}' });
    expect(bare401.status).toBe(401);
    const wrong = await fetch(daemon.url + '/api/v1/applications/cfg/sync', { method: 'POST', headers: { authorization: 'Bearer wrong' }, body: '{}' });
    expect(wrong.status).toBe(401);
    const ok = await fetch(daemon.url + '/api/v1/applications/cfg/sync', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: '{}' });
    expect(ok.status).toBe(200);
    const big = await fetch(daemon.url + '/api/v1/applications/cfg/sync', { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ pad: 'x'.repeat(1_100_000) }) });
    expect(big.status).toBe(413);
    // Reads need it too (test/e2e/read-auth.test.ts pins the rest).
    expect((await fetch(daemon.url + '/api/v1/applications')).status).toBe(401);
    expect((await fetch(daemon.url + '/api/v1/applications', { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });

  it('the CLI sends TUGBOAT_TOKEN and uses exit codes', () => {
    const run = (args: string[], token?: string) => spawnSync(process.execPath, [binPath(), ...args, '--server', daemon.url], { encoding: 'utf8', env: { ...process.env, TUGBOAT_TOKEN: token ?? '' } });
    expect(run(['sync', 'cfg']).status).toBe(1);
    const ok = run(['sync', 'cfg'], TOKEN);
    expect(ok.status, ok.stderr).toBe(0);
    const missing = run(['status', 'nope'], TOKEN);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('application "nope" not found');
    expect(run(['status']).status).toBe(1);
    const status = run(['status', '-o', 'json'], TOKEN);
    expect(status.status).toBe(0);
    expect(JSON.parse(status.stdout).items[0].name).toBe('cfg');
  });
});

describe('starting without a token', () => {
  it('listens on 127.0.0.1 only and says so', async () => {
    const repo = new TempGitRepo();
    repo.write('a/cm.yaml', configMap('x'));
    repo.commit('x');
    const work = mkdtempSync(join(tmpdir(), 'tugboat-notoken-'));
    const cfg = join(work, 'tugboat.yaml');
    writeFileSync(cfg, `apiVersion: tugboat.dev/v1alpha1\nkind: Config\ncluster: {dataDir: ./data}\nsources: [{name: s, repo: ${repo.dir}}]\napplications: [{name: a, source: s, path: a, namespace: a}]\n`);
    const d = new DaemonProcess(cfg, { TUGBOAT_TOKEN: '' });
    try {
      await d.start();
      expect(d.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
      await waitFor('warning', async () => d.stderr.includes('listening on 127.0.0.1 only'));
      const res = await fetch(d.url + '/api/v1/applications/a/sync', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(200);
    } finally {
      await d.stop();
      repo.cleanup();
      rmSync(work, { recursive: true, force: true });
    }
  });
});

describe('an invalid tugboat.yaml', () => {
  it('stops serve with exit 2 and a message naming the key', () => {
    const work = mkdtempSync(join(tmpdir(), 'tugboat-badcfg-'));
    const cfg = join(work, 'tugboat.yaml');
    writeFileSync(cfg, 'apiVersion: tugboat.dev/v1alpha1\nkind: Config\nsources: []\napplications:\n  - name: web\n    source: missing\n    path: x\n    namespace: web\n    syncPolicy: {automated: yes-please}\n');
    const r = spawnSync(process.execPath, [binPath(), 'serve', '--config', cfg], { encoding: 'utf8' });
    rmSync(work, { recursive: true, force: true });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('applications[0].syncPolicy.automated');
    expect(r.stderr).toContain('applications[0].source');
    expect(r.stderr).toContain('tugboat.yaml');
  });
});
