import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap, deployment } from '../helpers/manifests.js';
import { DaemonProcess, waitFor } from '../helpers/daemon-process.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const ALERTS = join(ROOT, 'deploy/prometheus/tugboat-alerts.yaml');
const DASHBOARD = join(ROOT, 'deploy/grafana/tugboat.json');
const PROMETHEUS = '/usr/bin/prometheus';
const PROMTOOL = '/usr/bin/promtool';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Metric families the text exposition declares (`# TYPE name kind`). */
function families(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) out.set(m[1]!, m[2]!);
  return out;
}

describe('metrics with a real Prometheus, promtool, and the shipped dashboard and alert rules', () => {
  const repo = new TempGitRepo();
  const work = mkdtempSync(join(tmpdir(), 'tugboat-prom-'));
  let daemon: DaemonProcess;
  let prom: ChildProcess | undefined;
  let promUrl = '';
  let promLog = '';

  const query = async (q: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> => {
    const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(q)}`);
    const body = (await res.json()) as { status: string; data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
    if (body.status !== 'success') throw new Error(JSON.stringify(body));
    return body.data.result;
  };

  beforeAll(async () => {
    repo.write('app/deploy.yaml', deployment('web', { image: 'web:1' }));
    repo.write('app/cm.yaml', configMap('settings'));
    repo.commit('v1');
    const cfg = join(work, 'tugboat.yaml');
    writeFileSync(cfg, `apiVersion: tugboat.dev/v1alpha1\nkind: Config\ncluster: {dataDir: ./data}\nsources: [{name: s, repo: ${repo.dir}}]\napplications: [{name: web, source: s, path: app, namespace: web, syncPolicy: {automated: true, prune: true, selfHeal: true}}]\n`);
    daemon = new DaemonProcess(cfg, { TUGBOAT_TOKEN: '' });
    await daemon.start();
    await waitFor('first sync', async () => (await daemon.json<any>('/api/v1/applications/web')).sync.status === 'Synced');

    const port = await freePort();
    const target = new URL(daemon.url).host;
    const promCfg = join(work, 'prometheus.yml');
    writeFileSync(promCfg, [
      'global: {scrape_interval: 1s, evaluation_interval: 1s}',
      `rule_files: [${JSON.stringify(ALERTS)}]`,
      'scrape_configs:',
      `  - {job_name: tugboat, static_configs: [{targets: ["${target}"]}]}`, '',
    ].join('\n'));
    prom = spawn(PROMETHEUS, [
      `--config.file=${promCfg}`, `--storage.tsdb.path=${join(work, 'tsdb')}`, `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=1h', '--log.level=warn',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    prom.stdout!.on('data', (d) => { promLog += d; });
    prom.stderr!.on('data', (d) => { promLog += d; });
    promUrl = `http://127.0.0.1:${port}`;
    await waitFor(`prometheus ready\n${promLog}`, async () => (await fetch(`${promUrl}/-/ready`)).ok, 30_000, 100);
  });

  afterAll(async () => {
    if (prom && prom.exitCode === null) {
      await new Promise<void>((resolve) => {
        prom!.once('exit', () => resolve());
        prom!.kill('SIGTERM');
        setTimeout(() => prom!.kill('SIGKILL'), 5000).unref();
      });
    }
    await daemon?.stop();
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('/metrics passes promtool check metrics', async () => {
    const text = await (await fetch(`${daemon.url}/metrics`)).text();
    const r = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
    // Not vacuous: promtool does object to what prom-client exposes by default.
    const bad = spawnSync(PROMTOOL, ['check', 'metrics'], { input: '# HELP x_total g\n# TYPE x_total gauge\nx_total 1\n', encoding: 'utf8' });
    expect(bad.status).not.toBe(0);
  });

  it('Prometheus scrapes tugboat_app_info and answers a histogram_quantile over tugboat_commit_to_applied_seconds_bucket', async () => {
    // A commit while Prometheus scrapes: a second commit-to-applied observation.
    repo.write('app/cm.yaml', configMap('settings', { key: 'v2' }));
    const sha = repo.commit('v2');
    await waitFor('v2 synced', async () => (await daemon.json<any>('/api/v1/applications/web')).sync.revision === sha);
    const info = await waitFor('tugboat_app_info scraped at v2', async () => {
      const r = await query('tugboat_app_info{app="web"}');
      return r.find((x) => x.metric.revision === sha);
    }, 30_000, 250);
    expect(info.metric).toMatchObject({ app: 'web', namespace: 'web', sync_status: 'Synced', job: 'tugboat' });
    expect(info.value[1]).toBe('1');
    const q = await waitFor('commit-to-applied quantile', async () => {
      const r = await query('histogram_quantile(0.9, sum by (le, app) (tugboat_commit_to_applied_seconds_bucket{app="web"}))');
      const c = await query('sum(tugboat_commit_to_applied_seconds_count{app="web"})');
      return r.length === 1 && Number(c[0]?.value[1]) >= 2 ? r[0] : undefined;
    }, 30_000, 250);
    const seconds = Number(q.value[1]);
    expect(Number.isFinite(seconds)).toBe(true);
    expect(seconds).toBeGreaterThan(0);
    expect(seconds).toBeLessThan(600);
  });

  it('the shipped alert rules pass promtool check rules and Prometheus loads them all', async () => {
    const r = spawnSync(PROMTOOL, ['check', 'rules', ALERTS], { encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const rules = (await (await fetch(`${promUrl}/api/v1/rules`)).json()) as { data: { groups: Array<{ rules: Array<{ name: string; health: string }> }> } };
    const loaded = rules.data.groups.flatMap((g) => g.rules);
    expect(loaded.map((x) => x.name).sort()).toEqual([
      'TugboatAppDegraded', 'TugboatAppOutOfSync', 'TugboatAutoRollback', 'TugboatNotificationsFailing',
      'TugboatRenderErrorsRepeated', 'TugboatSourceFetchFailing', 'TugboatSyncFailing',
    ]);
    await waitFor('rules evaluated', async () => {
      const again = (await (await fetch(`${promUrl}/api/v1/rules`)).json()) as typeof rules;
      return again.data.groups.flatMap((g) => g.rules).every((x) => x.health === 'ok');
    }, 15_000, 250);
  });

  it('the dashboard parses, and every metric it queries exists in /metrics', async () => {
    const dash = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Array<{ type: string; title: string; targets?: Array<{ expr: string }> }> };
    const exprs = dash.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    expect(exprs.length).toBeGreaterThan(10);
    const names = new Set(exprs.flatMap((e) => [...e.matchAll(/\btugboat_[a-z_]+/g)].map((m) => m[0])));
    const fams = families(await (await fetch(`${daemon.url}/metrics`)).text());
    const missing = [...names].filter((n) => {
      const base = n.replace(/_(bucket|sum|count)$/, '');
      return !(fams.has(n) || (base !== n && fams.get(base) === 'histogram'));
    });
    expect(missing).toEqual([]);
    for (const want of ['tugboat_app_info', 'tugboat_reconcile_total', 'tugboat_commit_to_applied_seconds_bucket', 'tugboat_commit_to_healthy_seconds_bucket', 'tugboat_rollout_info', 'tugboat_rollout_weight', 'tugboat_rollbacks_total', 'tugboat_git_fetch_total']) {
      expect(names, want).toContain(want);
    }
    // Every query is valid PromQL for the real Prometheus.
    for (const e of exprs) {
      const q = e.replaceAll('$__rate_interval', '1m').replaceAll('$__range', '5m').replaceAll('$app', '.*');
      const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(q)}`);
      expect(res.status, `${q}: ${await res.clone().text()}`).toBe(200);
    }
  });
});
