import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap, deployment } from '../helpers/manifests.js';
import { DaemonProcess, binPath, waitFor } from '../helpers/daemon-process.js';

// Planted secrets: none may appear anywhere in the log.
const TOKEN = 'planted-api-token-4e1b9c';
const HOOK_SECRET = 'planted-webhook-secret-77d2';
const SECRET_VALUE = 'planted-secret-password-a1f0';

interface Line { time: string; level: string; msg: string; event?: string; app?: string; revision?: string; [k: string]: unknown }

const secretManifest = `apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\nstringData: {password: ${SECRET_VALUE}}\n`;

describe('the daemon JSON log while a scenario runs (SPEC §13)', () => {
  const repo = new TempGitRepo();
  const work = mkdtempSync(join(tmpdir(), 'tugboat-logs-'));
  let daemon: DaemonProcess;
  const shas: string[] = [];
  const lines = (): Line[] => daemon.stderr.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Line);
  const events = (name: string, app = 'web') => lines().filter((l) => l.event === name && (l.app === undefined || l.app === app));
  const cli = (args: string[]) => spawnSync(process.execPath, [binPath(), ...args, '--server', daemon.url], { encoding: 'utf8', env: { ...process.env, TUGBOAT_TOKEN: TOKEN } });
  const logged = (what: string, check: () => boolean) => waitFor(what, async () => check(), 30_000);
  // A notification receiver: the daemon's configured webhook target.
  const received: Array<{ body: string; signature: string }> = [];
  let receiver: Server;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => {
        received.push({ body, signature: String(req.headers['x-tugboat-signature-256']) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
    repo.write('app/deploy.yaml', deployment('web', { image: 'web:1' }));
    repo.write('app/a.yaml', configMap('a'));
    repo.write('app/b.yaml', configMap('b'));
    repo.write('app/secret.yaml', secretManifest);
    shas.push(repo.commit('v1'));
    const cfg = join(work, 'tugboat.yaml');
    writeFileSync(cfg, [
      'apiVersion: tugboat.dev/v1alpha1', 'kind: Config', 'cluster: {dataDir: ./data}',
      'server: {token: "${API_TOKEN}"}', 'logging: {level: info, format: text}',
      `sources: [{name: s, repo: ${repo.dir}, webhookSecret: "\${HOOK_SECRET}"}]`,
      'applications: [{name: web, source: s, path: app, namespace: web, syncPolicy: {automated: true, prune: true, selfHeal: true}}]',
      `notifications: {targets: [{name: hooks, type: webhook, url: "${hookUrl}", secret: "\${HOOK_SECRET}"}], triggers: [{on: [sync-failed, rollback], targets: [hooks]}]}`, '',
    ].join('\n'));
    // The flag overrides logging.format: text in the file.
    daemon = new DaemonProcess(cfg, { API_TOKEN: TOKEN, HOOK_SECRET, TUGBOAT_TOKEN: '' }, ['--log-format', 'json']);
    await daemon.start();
    await logged('first sync', () => events('sync.finished').length === 1);
  });

  afterAll(async () => {
    await daemon?.stop();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('every line is one JSON object with time, level and msg', () => {
    const raw = daemon.stderr.split('\n').filter((l) => l.trim());
    expect(raw.length).toBeGreaterThan(3);
    for (const l of raw) {
      const o = JSON.parse(l) as Line;
      expect(Number.isNaN(Date.parse(o.time))).toBe(false);
      expect(['debug', 'info', 'warn', 'error']).toContain(o.level);
      expect(typeof o.msg).toBe('string');
    }
  });

  it('the first sync: revision.detected, sync.started and sync.finished with counts and duration', () => {
    const [rev] = events('revision.detected');
    expect(rev).toMatchObject({ level: 'info', revision: shas[0], source: 's', branch: 'main' });
    expect(events('sync.started')).toHaveLength(1);
    const [fin] = events('sync.finished');
    expect(fin).toMatchObject({ app: 'web', revision: shas[0], created: 4, configured: 0, unchanged: 0, pruned: 0 });
    expect(typeof fin!.durationMs).toBe('number');
  });

  it('a commit: one revision.detected and one sync.finished counting configured and unchanged objects', async () => {
    repo.write('app/deploy.yaml', deployment('web', { image: 'web:2' }));
    shas.push(repo.commit('v2'));
    await logged('v2 synced', () => events('sync.finished').some((l) => l.revision === shas[1]));
    expect(events('revision.detected').filter((l) => l.revision === shas[1])).toHaveLength(1);
    expect(events('sync.started').filter((l) => l.revision === shas[1])).toHaveLength(1);
    const fin = events('sync.finished').filter((l) => l.revision === shas[1]);
    expect(fin).toHaveLength(1);
    expect(fin[0]).toMatchObject({ created: 0, configured: 1, unchanged: 3, pruned: 0 });
  });

  it('a broken commit: exactly one render.failed naming file and line, and no sync', async () => {
    repo.write('app/a.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a\n');
    shas.push(repo.commit('broken'));
    await logged('render.failed', () => events('render.failed').length > 0);
    // A resync of the same broken revision does not log it again.
    await fetch(`${daemon.url}/api/v1/applications/web/sync`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: '{}' });
    const failed = events('render.failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ level: 'error', app: 'web', revision: shas[2] });
    expect(failed[0]!.message).toMatch(/^app\/a\.yaml:\d+: /);
    expect(events('sync.started').filter((l) => l.revision === shas[2])).toHaveLength(0);
  });

  it('a commit that removes an object: one pruned line and sync.finished with pruned=1', async () => {
    repo.write('app/a.yaml', configMap('a'));
    repo.remove('app/b.yaml');
    shas.push(repo.commit('drop b'));
    await logged('pruned', () => events('pruned').length > 0 && events('sync.finished').some((l) => l.revision === shas[3]));
    const pruned = events('pruned');
    expect(pruned).toHaveLength(1);
    expect(pruned[0]).toMatchObject({ revision: shas[3], count: 1, resources: ['/ConfigMap/web/b'] });
    expect(events('sync.finished').find((l) => l.revision === shas[3])).toMatchObject({ pruned: 1, unchanged: 3 });
  });

  it('a change in the cluster: one drift.healed line', async () => {
    const r = cli(['sim', 'delete', 'configmap', 'a', '-n', 'web']);
    expect(r.status, r.stderr).toBe(0);
    await logged('drift.healed', () => events('drift.healed').length > 0);
    await new Promise((res) => setTimeout(res, 300));
    const healed = events('drift.healed');
    expect(healed).toHaveLength(1);
    expect(healed[0]).toMatchObject({ app: 'web', revision: shas[3], count: 1, resources: ['/ConfigMap/web/a'] });
  });

  it('a manual rollback: one rollback line with from, to and cause', async () => {
    const r = cli(['rollback', 'web', '--to', '1']);
    expect(r.status, r.stderr).toBe(0);
    await logged('rollback', () => events('rollback').length > 0);
    const rb = events('rollback');
    expect(rb).toHaveLength(1);
    expect(rb[0]).toMatchObject({ level: 'warn', app: 'web', from: shas[3], to: shas[0], cause: 'manual', rollbackOf: 1 });
  });

  it('a push webhook with a wrong signature: one webhook.refused line', async () => {
    const body = JSON.stringify({ ref: 'refs/heads/main', repository: { clone_url: 'https://example.invalid/x.git' } });
    const bad = 'sha256=' + createHmac('sha256', 'not-the-secret').update(body).digest('hex');
    const res = await fetch(`${daemon.url}/api/v1/webhooks/git`, { method: 'POST', headers: { 'x-github-event': 'push', 'x-hub-signature-256': bad, 'content-type': 'application/json' }, body });
    expect(res.status).toBe(401);
    await logged('webhook.refused', () => events('webhook.refused').length > 0);
    expect(events('webhook.refused')).toHaveLength(1);
    expect(events('webhook.refused')[0]).toMatchObject({ level: 'warn', provider: 'github' });
  });

  it('the configured webhook target got the triggered notifications, signed, and tugboat_notifications_total counts them', async () => {
    await waitFor('notifications', async () => received.length >= 2, 20_000);
    const bodies = received.map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.event)).toEqual(['sync-failed', 'rollback']);
    expect(bodies[0]).toMatchObject({ kind: 'Notification', app: 'web', namespace: 'web', revision: shas[2] });
    expect(bodies[0].message).toMatch(/app\/a\.yaml:\d+/);
    for (const r of received) {
      expect(r.signature).toBe('sha256=' + createHmac('sha256', HOOK_SECRET).update(r.body).digest('hex'));
      for (const s of [TOKEN, HOOK_SECRET, SECRET_VALUE]) expect(r.body).not.toContain(s);
    }
    const metrics = await (await fetch(`${daemon.url}/metrics`)).text();
    expect(metrics).toContain('tugboat_notifications_total{target="hooks",result="delivered"} 2');
    expect(metrics).toMatch(/tugboat_render_errors_total\{app="web"\} 1/);
  });

  it('no planted secret anywhere in the log', () => {
    if (process.env.SHOW_LOG) process.stdout.write(daemon.stderr);
    for (const s of [TOKEN, HOOK_SECRET, SECRET_VALUE]) expect(daemon.stderr).not.toContain(s);
  });
});
