import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventBus, type TugboatEvent, type TugboatEventName } from '../../../src/core/events.js';
import { Notifier, type NotifierOptions } from '../../../src/adapters/notify/notifier.js';
import { parseConfig } from '../../../src/config/index.js';
import { createPrometheusRecorder } from '../../../src/adapters/metrics/index.js';
import { TempGitRepo } from '../../helpers/temp-git.js';
import { configMap } from '../../helpers/manifests.js';
import { inProcessDaemon } from '../../helpers/in-process.js';
import { waitFor } from '../../helpers/daemon-process.js';

interface Received { path: string; headers: IncomingMessage['headers']; body: string; json: any }

/** A real HTTP receiver on 127.0.0.1; `answer` decides each response (status, or 'hang' to never answer). */
class Receiver {
  readonly got: Received[] = [];
  answer: (r: Received, n: number) => number | 'hang' = () => 200;
  private server!: Server;
  private hanging: ServerResponse[] = [];
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => {
        const r: Received = { path: req.url ?? '', headers: req.headers, body, json: body ? JSON.parse(body) : undefined };
        this.got.push(r);
        const a = this.answer(r, this.got.length);
        if (a === 'hang') this.hanging.push(res);
        else res.writeHead(a).end();
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', () => resolve()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const r of this.hanging) r.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const SHA = 'c0ffee'.padEnd(40, '0');
const HOOK_SECRET = 'hook-secret-5d1c7a';
const GH_TOKEN = 'ghp_planted_token_9911';

function config(yaml: string) {
  return parseConfig(`apiVersion: tugboat.dev/v1alpha1\nkind: Config\nsources: [{name: s, repo: /tmp}]\n${yaml}`, '/tmp/tugboat.yaml', {});
}

function ev(name: TugboatEventName, fields: Record<string, unknown> = {}, message = `${name} happened`): TugboatEvent {
  return { time: Date.parse('2026-11-21T10:00:00Z'), name, level: 'info', message, app: 'web', revision: SHA, fields };
}

const status: NotifierOptions['status'] = (app) => (app === 'web' ? { namespace: 'web-ns', syncStatus: 'OutOfSync', healthStatus: 'Degraded' } : undefined);

describe('notifications delivered to a local HTTP receiver (SPEC §12)', () => {
  const rx = new Receiver();
  let notifier: Notifier | undefined;
  beforeAll(() => rx.start());
  afterAll(() => rx.stop());
  afterEach(() => {
    notifier?.close();
    rx.got.length = 0;
    rx.answer = () => 200;
  });

  it('a webhook target gets one signed Notification per trigger event, with the app status and no secret', async () => {
    const cfg = config(`notifications:\n  targets: [{name: hooks, type: webhook, url: "${rx.url}/hook", secret: ${HOOK_SECRET}}]\n`);
    const metrics = createPrometheusRecorder();
    notifier = new Notifier(cfg.notifications, { status, count: (t, r) => metrics.notification(t, r), secrets: [HOOK_SECRET] });
    const bus = new EventBus();
    notifier.subscribe(bus);
    const sent: Array<[TugboatEvent, string]> = [
      [ev('sync.started'), ''],
      [ev('sync.finished', { created: 1 }), 'sync-succeeded'],
      [ev('sync.failed', { stage: 'apply' }), 'sync-failed'],
      [ev('render.failed', { message: 'app/x.yaml:3: invalid YAML' }), 'sync-failed'],
      [ev('health.changed', { from: 'Healthy', to: 'Progressing' }), ''],
      [ev('health.changed', { from: 'Progressing', to: 'Degraded' }), 'health-degraded'],
      [ev('rollout.step', { step: 1 }), ''],
      [ev('rollout.paused', { rollout: 'r' }), 'rollout-paused'],
      [ev('rollout.promoted', { rollout: 'r' }), 'rollout-promoted'],
      [ev('rollout.aborted', { rollout: 'r' }), 'rollout-aborted'],
      [ev('rollback', { cause: 'auto-rollback' }, `rolled back; the secret was ${HOOK_SECRET}`), 'rollback'],
      [ev('pruned'), ''],
    ];
    for (const [e] of sent) bus.emit(e);
    await notifier.idle();
    const expected = sent.filter(([, n]) => n).map(([, n]) => n);
    expect(rx.got.map((r) => r.json.event)).toEqual(expected);
    for (const r of rx.got) {
      expect(r.path).toBe('/hook');
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['x-tugboat-signature-256']).toBe('sha256=' + createHmac('sha256', HOOK_SECRET).update(r.body).digest('hex'));
      expect(Object.keys(r.json).sort()).toEqual(['apiVersion', 'app', 'event', 'healthStatus', 'kind', 'message', 'namespace', 'revision', 'syncStatus', 'time']);
      expect(r.json).toMatchObject({ apiVersion: 'tugboat.dev/v1alpha1', kind: 'Notification', app: 'web', namespace: 'web-ns', revision: SHA, healthStatus: 'Degraded', time: '2026-11-21T10:00:00.000Z' });
      expect(r.body).not.toContain(HOOK_SECRET);
    }
    expect(rx.got[0]!.json.syncStatus).toBe('Synced');
    expect(rx.got.at(-1)!.json.message).toBe('rolled back; the secret was ***');
    expect(await metrics.metrics()).toContain(`tugboat_notifications_total{target="hooks",result="delivered"} ${expected.length}`);
  });

  it('a signature made with another secret does not match (the receiver can tell)', async () => {
    const cfg = config(`notifications:\n  targets: [{name: hooks, type: webhook, url: "${rx.url}/hook", secret: ${HOOK_SECRET}}]\n`);
    notifier = new Notifier(cfg.notifications, { status });
    notifier.handle(ev('sync.finished'));
    await notifier.idle();
    const r = rx.got[0]!;
    expect(r.headers['x-tugboat-signature-256']).not.toBe('sha256=' + createHmac('sha256', 'other').update(r.body).digest('hex'));
    expect(r.headers['x-tugboat-signature-256']).not.toBe('sha256=' + createHmac('sha256', HOOK_SECRET).update(r.body + ' ').digest('hex'));
  });

  it('a Slack target gets an incoming-webhook payload (text and blocks); triggers route events to their targets only', async () => {
    const cfg = config([
      'notifications:',
      '  targets:',
      `    - {name: chat, type: slack, url: "${rx.url}/slack/T000/B000/XXXX"}`,
      `    - {name: hooks, type: webhook, url: "${rx.url}/hook"}`,
      '  triggers:',
      '    - {on: [sync-failed, rollout-aborted], targets: [chat]}',
      '    - {on: [sync-succeeded], targets: [hooks]}', '',
    ].join('\n'));
    notifier = new Notifier(cfg.notifications, { status });
    for (const e of [ev('sync.finished'), ev('sync.failed', {}, 'apply failed: Deployment web: spec.replicas: Invalid value'), ev('rollout.aborted'), ev('rollback')]) notifier.handle(e);
    await notifier.idle();
    const slack = rx.got.filter((r) => r.path.startsWith('/slack'));
    const hooks = rx.got.filter((r) => r.path === '/hook');
    expect(hooks.map((r) => r.json.event)).toEqual(['sync-succeeded']);
    expect(slack).toHaveLength(2);
    expect(slack[0]!.json.text).toBe(`Sync failed: web at \`${SHA.slice(0, 12)}\` — apply failed: Deployment web: spec.replicas: Invalid value`);
    expect(slack[0]!.json.blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });
    expect(slack[0]!.json.blocks[1].elements[0].text).toContain('*Health* Degraded');
    expect(slack[1]!.json.text).toMatch(/^Rollout aborted: web/);
  });

  it('a GitHub target sets the commit status: pending while syncing, success or failure after', async () => {
    const cfg = config(`notifications:\n  targets: [{name: status, type: github, url: "${rx.url}/api/", repository: org/repo, token: ${GH_TOKEN}}]\n  triggers: [{on: [sync-succeeded, sync-failed], targets: [status]}]\n`);
    notifier = new Notifier(cfg.notifications, { status, secrets: [GH_TOKEN] });
    for (const e of [ev('sync.started'), ev('sync.finished'), ev('sync.started'), ev('render.failed', {}, 'render failed at app/x.yaml:3'), ev('rollback')]) notifier.handle(e);
    await notifier.idle();
    expect(rx.got.map((r) => [r.path, r.json.state])).toEqual([
      [`/api/repos/org/repo/statuses/${SHA}`, 'pending'],
      [`/api/repos/org/repo/statuses/${SHA}`, 'success'],
      [`/api/repos/org/repo/statuses/${SHA}`, 'pending'],
      [`/api/repos/org/repo/statuses/${SHA}`, 'failure'],
    ]);
    for (const r of rx.got) {
      expect(r.headers.authorization).toBe(`Bearer ${GH_TOKEN}`);
      expect(r.json.context).toBe('tugboat/web');
      expect(r.json.description.length).toBeLessThanOrEqual(140);
      expect(r.body).not.toContain(GH_TOKEN);
    }
  });

  it('retries after the receiver answers 500 twice, with backoff, and delivers on the third try', async () => {
    const cfg = config(`notifications:\n  targets: [{name: hooks, type: webhook, url: "${rx.url}/hook"}]\n`);
    const counts: string[] = [];
    rx.answer = (_r, n) => (n <= 2 ? 500 : 200);
    const at: number[] = [];
    const orig = rx.answer;
    rx.answer = (r, n) => { at.push(Date.now()); return orig(r, n); };
    notifier = new Notifier(cfg.notifications, { status, backoffMs: 100, count: (_t, r) => counts.push(r) });
    notifier.handle(ev('sync.finished'));
    await notifier.idle();
    expect(rx.got).toHaveLength(3);
    expect(new Set(rx.got.map((r) => r.body)).size).toBe(1);
    expect(counts).toEqual(['delivered']);
    // 100 ms then 200 ms (±20%) between the tries.
    expect(at[1]! - at[0]!).toBeGreaterThanOrEqual(75);
    expect(at[2]! - at[1]!).toBeGreaterThanOrEqual(155);
  });

  it('gives up after the last try (counted failed, reported), and does not retry a 4xx', async () => {
    const cfg = config(`notifications:\n  targets: [{name: hooks, type: webhook, url: "${rx.url}/hook"}]\n`);
    const counts: string[] = [];
    const failed: string[] = [];
    rx.answer = (r) => (r.json.event === 'sync-failed' ? 404 : 503);
    notifier = new Notifier(cfg.notifications, { status, attempts: 3, backoffMs: 10, count: (_t, r) => counts.push(r), onFailed: (t, e, _a, reason) => failed.push(`${t} ${e} ${reason}`) });
    notifier.handle(ev('sync.finished'));
    notifier.handle(ev('sync.failed'));
    await notifier.idle();
    expect(rx.got.map((r) => r.json.event)).toEqual(['sync-succeeded', 'sync-succeeded', 'sync-succeeded', 'sync-failed']);
    expect(counts).toEqual(['failed', 'failed']);
    expect(failed).toEqual(['hooks sync-succeeded HTTP 503', 'hooks sync-failed HTTP 404']);
  });

  it('a full queue drops its oldest notification and counts it', async () => {
    const cfg = config(`notifications:\n  targets: [{name: hooks, type: webhook, url: "${rx.url}/hook"}]\n`);
    const counts: string[] = [];
    rx.answer = () => 'hang';
    notifier = new Notifier(cfg.notifications, { status, queueSize: 2, timeoutMs: 60_000, count: (_t, r) => counts.push(r) });
    for (let i = 0; i < 5; i++) notifier.handle(ev('sync.finished', {}, `sync ${i}`));
    await waitFor('first request in flight', async () => rx.got.length === 1);
    // #0 in flight, #1..#4 queued into 2 places: #1 and #2 dropped.
    expect(counts).toEqual(['dropped', 'dropped']);
  });
});

describe('a receiver that hangs does not slow syncs', () => {
  const rx = new Receiver();
  const repo = new TempGitRepo();
  beforeAll(() => rx.start());
  afterAll(async () => {
    await rx.stop();
    repo.cleanup();
  });

  it('commits are applied while every notification request hangs', async () => {
    rx.answer = () => 'hang';
    repo.write('app/cm.yaml', configMap('cm', { v: '1' }));
    repo.commit('v1');
    const d = await inProcessDaemon('  - {name: web, source: src, path: app, namespace: web, syncPolicy: {automated: true, prune: true, selfHeal: true}}', repo.dir);
    const cfg = config(`notifications:\n  targets: [{name: hooks, type: webhook, url: "${rx.url}/hook"}]\n`);
    const notifier = new Notifier(cfg.notifications, { status, timeoutMs: 120_000 });
    notifier.subscribe(d.daemon.events);
    const finished: Array<{ revision?: string; time: number }> = [];
    d.daemon.events.subscribe((e) => { if (e.name === 'sync.finished') finished.push({ revision: e.revision, time: Date.now() }); });
    try {
      const shas: string[] = [];
      const committed: number[] = [];
      for (let i = 2; i <= 4; i++) {
        repo.write('app/cm.yaml', configMap('cm', { v: String(i) }));
        shas.push(repo.commit(`v${i}`));
        committed.push(Date.now());
        await waitFor(`v${i} applied`, async () => finished.some((f) => f.revision === shas.at(-1)), 20_000, 20);
      }
      // The receiver holds the first request open the whole time: syncs went on without it.
      expect(rx.got.length).toBe(1);
      for (let i = 0; i < shas.length; i++) {
        const f = finished.find((x) => x.revision === shas[i])!;
        expect(f.time - committed[i]!).toBeLessThan(10_000);
      }
    } finally {
      notifier.close();
      await d.stop();
    }
  });
});

describe('notifications config', () => {
  const bad = (yaml: string) => {
    try {
      config(yaml);
    } catch (err) {
      return String((err as Error).message);
    }
    return '';
  };

  it('rejects an unknown event, a trigger naming a missing target, a wrong type, and keeps secrets out of messages', () => {
    expect(bad('notifications:\n  targets: [{name: a, type: webhook, url: "http://x"}]\n  triggers: [{on: [sync-exploded], targets: [a]}]\n')).toMatch(/notifications\.triggers\[0\]\.on\[0\].*expected one of sync-succeeded/);
    expect(bad('notifications:\n  targets: [{name: a, type: webhook, url: "http://x"}]\n  triggers: [{on: [rollback], targets: [b]}]\n')).toMatch(/no notification target named "b"; defined targets: a/);
    expect(bad('notifications:\n  targets: [{name: a, type: email, url: "http://x"}]\n')).toMatch(/notifications\.targets\[0\]\.type/);
    expect(bad('notifications:\n  targets: [{name: a, type: github, url: "http://x"}]\n')).toMatch(/repository.*owner\/name/);
    expect(bad('notifications:\n  targets: [{name: a, type: slack, url: "http://x", secret: zzz-secret-zzz}]\n')).toMatch(/secret.*only valid with type: webhook/);
    const msg = bad('notifications:\n  targets: [{name: a, type: webhook, url: "http://x", secret: [not-a-string-secret]}]\n');
    expect(msg).toMatch(/secret/);
    expect(msg).not.toContain('not-a-string-secret');
  });

  it('accepts SPEC §12 as written', () => {
    const c = parseConfig([
      'apiVersion: tugboat.dev/v1alpha1', 'kind: Config', 'sources: [{name: s, repo: /tmp}]', 'notifications:', '  targets:',
      '    - {name: hooks, type: webhook, url: "https://ci.example/hook", secret: "${HOOK_SECRET}"}',
      '    - {name: chat, type: slack, url: "${SLACK_WEBHOOK_URL}"}',
      '    - {name: status, type: github, url: "https://api.github.com", repository: org/repo, token: "${GITHUB_TOKEN}"}',
      '  triggers:', '    - {on: [sync-failed, health-degraded, rollout-aborted, rollback], targets: [chat]}', '',
    ].join('\n'), '/tmp/tugboat.yaml', { HOOK_SECRET: 'h', SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/X', GITHUB_TOKEN: 't' });
    expect(c.notifications.targets.map((t) => t.type)).toEqual(['webhook', 'slack', 'github']);
    expect(c.notifications.triggers).toEqual([{ on: ['sync-failed', 'health-degraded', 'rollout-aborted', 'rollback'], targets: ['chat'] }]);
  });
});
