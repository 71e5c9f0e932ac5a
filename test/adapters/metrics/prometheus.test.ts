import { register as globalRegistry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createPrometheusRecorder, type PrometheusRecorder } from '../../../src/adapters/metrics/index.js';

function exercise(p: PrometheusRecorder): void {
  const r = p.recorder;
  r.reconciled({ app: 'web', result: 'synced', seconds: 0.2 });
  r.synced({ app: 'web', phase: 'Succeeded' });
  r.appInfo({ app: 'web', namespace: 'web-ns', syncStatus: 'Synced', healthStatus: 'Healthy', revision: 'abc123' });
  r.resources({ app: 'web', synced: 4, outOfSync: 1 });
  r.commitToApplied({ app: 'web', seconds: 1.5 });
  r.commitToHealthy({ app: 'web', seconds: 12 });
  r.rolledBack({ app: 'web', cause: 'auto-rollback' });
  r.gitFetched({ source: 'example', result: 'success', seconds: 0.05 });
  r.rendered({ app: 'web', seconds: 0.003 });
  r.webhook({ source: 'example', result: 'accepted' });
  p.rolloutInfo({ app: 'web', rollout: 'front', strategy: 'canary', phase: 'Paused' });
  p.rolloutWeight({ app: 'web', rollout: 'front', weight: 20 });
}

/** Sample lines (not comments) of one metric family, exactly `name{...} value` or `name_bucket{...}` etc. */
function samples(text: string, name: string): string[] {
  return text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
}

const FAMILIES: Array<[name: string, type: string, sample: string]> = [
  ['tugboat_app_info', 'gauge', 'tugboat_app_info{app="web",namespace="web-ns",sync_status="Synced",health_status="Healthy",revision="abc123"} 1'],
  ['tugboat_reconcile_total', 'counter', 'tugboat_reconcile_total{app="web",result="synced"} 1'],
  ['tugboat_reconcile_duration_seconds', 'histogram', 'tugboat_reconcile_duration_seconds_count{app="web"} 1'],
  ['tugboat_sync_total', 'counter', 'tugboat_sync_total{app="web",phase="Succeeded"} 1'],
  ['tugboat_resources', 'gauge', 'tugboat_resources{app="web",status="OutOfSync"} 1'],
  ['tugboat_commit_to_applied_seconds', 'histogram', 'tugboat_commit_to_applied_seconds_sum{app="web"} 1.5'],
  ['tugboat_commit_to_healthy_seconds', 'histogram', 'tugboat_commit_to_healthy_seconds_sum{app="web"} 12'],
  ['tugboat_rollbacks_total', 'counter', 'tugboat_rollbacks_total{app="web",cause="auto-rollback"} 1'],
  ['tugboat_rollout_info', 'gauge', 'tugboat_rollout_info{app="web",rollout="front",strategy="canary",phase="Paused"} 1'],
  ['tugboat_rollout_weight', 'gauge', 'tugboat_rollout_weight{app="web",rollout="front"} 20'],
  ['tugboat_git_fetch_total', 'counter', 'tugboat_git_fetch_total{source="example",result="success"} 1'],
  ['tugboat_git_fetch_duration_seconds', 'histogram', 'tugboat_git_fetch_duration_seconds_count{source="example",result="success"} 1'],
  ['tugboat_render_duration_seconds', 'histogram', 'tugboat_render_duration_seconds_count{app="web"} 1'],
  ['tugboat_webhook_requests_total', 'counter', 'tugboat_webhook_requests_total{source="example",result="accepted"} 1'],
];

describe('createPrometheusRecorder', () => {
  it.each(FAMILIES)('declares %s as a %s with HELP, TYPE and its labels', async (name, type, sample) => {
    const p = createPrometheusRecorder();
    const empty = await p.metrics();
    expect(empty).toContain(`# HELP ${name} `);
    expect(empty).toContain(`# TYPE ${name} ${type}\n`);
    exercise(p);
    const text = await p.metrics();
    expect(text.split('\n')).toContain(sample);
  });

  it('tugboat_leader is 1 without leader election and follows the Lease with it', async () => {
    const p = createPrometheusRecorder();
    const text = await p.metrics();
    expect(text).toContain('# TYPE tugboat_leader gauge\n');
    expect(samples(text, 'tugboat_leader')).toEqual(['tugboat_leader 1']);
    p.recorder.leader!(false);
    expect(samples(await p.metrics(), 'tugboat_leader')).toEqual(['tugboat_leader 0']);
    p.recorder.leader!(true);
    expect(samples(await p.metrics(), 'tugboat_leader')).toEqual(['tugboat_leader 1']);
  });

  it('records resources as Synced and OutOfSync series', async () => {
    const p = createPrometheusRecorder();
    p.recorder.resources({ app: 'web', synced: 4, outOfSync: 1 });
    p.recorder.resources({ app: 'web', synced: 5, outOfSync: 0 });
    expect(samples(await p.metrics(), 'tugboat_resources').sort()).toEqual([
      'tugboat_resources{app="web",status="OutOfSync"} 0',
      'tugboat_resources{app="web",status="Synced"} 5',
    ]);
  });

  it('commit latency buckets span 10 ms to 10 min', async () => {
    const p = createPrometheusRecorder();
    p.recorder.commitToApplied({ app: 'web', seconds: 0.01 });
    p.recorder.commitToHealthy({ app: 'web', seconds: 599 });
    const text = await p.metrics();
    expect(text).toContain('tugboat_commit_to_applied_seconds_bucket{le="0.01",app="web"} 1');
    expect(text).toContain('tugboat_commit_to_applied_seconds_bucket{le="600",app="web"} 1');
    expect(text).toContain('tugboat_commit_to_healthy_seconds_bucket{le="300",app="web"} 0');
    expect(text).toContain('tugboat_commit_to_healthy_seconds_bucket{le="600",app="web"} 1');
  });

  it('includes default process metrics and a Prometheus content type', async () => {
    const p = createPrometheusRecorder();
    const text = await p.metrics();
    expect(text).toMatch(/^# TYPE process_cpu_user_seconds_total counter$/m);
    expect(text).toMatch(/^# TYPE nodejs_heap_size_total_bytes gauge$/m);
    expect(p.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('keeps one tugboat_app_info series per app', async () => {
    const p = createPrometheusRecorder();
    const r = p.recorder;
    r.appInfo({ app: 'web', namespace: 'ns', syncStatus: 'OutOfSync', healthStatus: 'Missing', revision: 'a1' });
    r.appInfo({ app: 'web', namespace: 'ns', syncStatus: 'Synced', healthStatus: 'Progressing', revision: 'a1' });
    r.appInfo({ app: 'api', namespace: 'ns', syncStatus: 'Synced', healthStatus: 'Healthy', revision: 'b1' });
    r.appInfo({ app: 'web', namespace: 'ns', syncStatus: 'Synced', healthStatus: 'Healthy', revision: 'a2' });
    r.appInfo({ app: 'web', namespace: 'ns', syncStatus: 'Synced', healthStatus: 'Healthy', revision: 'a2' });
    expect(samples(await p.metrics(), 'tugboat_app_info').sort()).toEqual([
      'tugboat_app_info{app="api",namespace="ns",sync_status="Synced",health_status="Healthy",revision="b1"} 1',
      'tugboat_app_info{app="web",namespace="ns",sync_status="Synced",health_status="Healthy",revision="a2"} 1',
    ]);
  });

  it('keeps one tugboat_rollout_info series per rollout; forgetRollout removes it', async () => {
    const p = createPrometheusRecorder();
    p.rolloutInfo({ app: 'web', rollout: 'front', strategy: 'blueGreen', phase: 'Progressing' });
    p.rolloutInfo({ app: 'web', rollout: 'front', strategy: 'blueGreen', phase: 'Paused' });
    p.rolloutInfo({ app: 'web', rollout: 'back', strategy: 'canary', phase: 'Healthy' });
    p.rolloutWeight({ app: 'web', rollout: 'front', weight: 0 });
    expect(samples(await p.metrics(), 'tugboat_rollout_info').sort()).toEqual([
      'tugboat_rollout_info{app="web",rollout="back",strategy="canary",phase="Healthy"} 1',
      'tugboat_rollout_info{app="web",rollout="front",strategy="blueGreen",phase="Paused"} 1',
    ]);
    p.forgetRollout('web', 'front');
    const text = await p.metrics();
    expect(samples(text, 'tugboat_rollout_info')).toEqual([
      'tugboat_rollout_info{app="web",rollout="back",strategy="canary",phase="Healthy"} 1',
    ]);
    expect(samples(text, 'tugboat_rollout_weight')).toEqual([]);
  });

  it('counts by label and accumulates', async () => {
    const p = createPrometheusRecorder();
    const r = p.recorder;
    r.reconciled({ app: 'web', result: 'synced', seconds: 1 });
    r.reconciled({ app: 'web', result: 'unchanged', seconds: 0.01 });
    r.reconciled({ app: 'web', result: 'unchanged', seconds: 0.02 });
    r.reconciled({ app: 'web', result: 'error', seconds: 0.5 });
    r.rolledBack({ app: 'web', cause: 'manual' });
    r.rolledBack({ app: 'web', cause: 'git-revert' });
    r.gitFetched({ source: 'example', result: 'error', seconds: 3 });
    r.webhook({ source: 'example', result: 'unauthorized' });
    const text = await p.metrics();
    expect(samples(text, 'tugboat_reconcile_total').sort()).toEqual([
      'tugboat_reconcile_total{app="web",result="error"} 1',
      'tugboat_reconcile_total{app="web",result="synced"} 1',
      'tugboat_reconcile_total{app="web",result="unchanged"} 2',
    ]);
    expect(text).toContain('tugboat_reconcile_duration_seconds_count{app="web"} 4');
    expect(text).toContain('tugboat_rollbacks_total{app="web",cause="manual"} 1');
    expect(text).toContain('tugboat_rollbacks_total{app="web",cause="git-revert"} 1');
    expect(text).toContain('tugboat_git_fetch_total{source="example",result="error"} 1');
    expect(text).toContain('tugboat_git_fetch_duration_seconds_sum{source="example",result="error"} 3');
    expect(text).toContain('tugboat_webhook_requests_total{source="example",result="unauthorized"} 1');
  });

  it('forgetApp removes every series of that app and keeps the others', async () => {
    const p = createPrometheusRecorder();
    exercise(p);
    p.recorder.reconciled({ app: 'api', result: 'unchanged', seconds: 0.1 });
    p.recorder.appInfo({ app: 'api', namespace: 'api', syncStatus: 'Synced', healthStatus: 'Healthy', revision: 'x' });
    p.forgetApp('web');
    const text = await p.metrics();
    const webLines = text.split('\n').filter((l) => !l.startsWith('#') && l.includes('app="web"'));
    expect(webLines).toEqual([]);
    expect(text).toContain('tugboat_reconcile_total{app="api",result="unchanged"} 1');
    expect(samples(text, 'tugboat_app_info')).toHaveLength(1);
    // Source-labelled series are not the app's.
    expect(text).toContain('tugboat_git_fetch_total{source="example",result="success"} 1');
    // The app can come back.
    p.recorder.appInfo({ app: 'web', namespace: 'web-ns', syncStatus: 'Unknown', healthStatus: 'Unknown', revision: '' });
    expect(samples(await p.metrics(), 'tugboat_app_info')).toHaveLength(2);
  });

  it('two recorders do not share state, and the global registry is untouched', async () => {
    const a = createPrometheusRecorder();
    const b = createPrometheusRecorder();
    expect(a.registry).not.toBe(b.registry);
    expect(a.registry).not.toBe(globalRegistry);
    a.recorder.reconciled({ app: 'only-a', result: 'synced', seconds: 1 });
    b.recorder.webhook({ source: 'only-b', result: 'ignored' });
    const ta = await a.metrics();
    const tb = await b.metrics();
    expect(ta).toContain('app="only-a"');
    expect(ta).not.toContain('only-b');
    expect(tb).toContain('source="only-b"');
    expect(tb).not.toContain('only-a');
    expect(globalRegistry.getSingleMetric('tugboat_reconcile_total')).toBeUndefined();
  });

  it('treats negative or non-finite durations as 0 rather than corrupting histograms', async () => {
    const p = createPrometheusRecorder();
    p.recorder.rendered({ app: 'web', seconds: -1 });
    p.recorder.rendered({ app: 'web', seconds: Number.NaN });
    const text = await p.metrics();
    expect(text).toContain('tugboat_render_duration_seconds_sum{app="web"} 0');
    expect(text).toContain('tugboat_render_duration_seconds_count{app="web"} 2');
  });
});
