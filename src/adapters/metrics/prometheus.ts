/**
 * Prometheus adapter for the core's Recorder (SPEC §5). Each call creates its own prom-client Registry
 * (never the global one), so several daemons/tests in one process do not share state.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics, type Metric } from 'prom-client';
import type { Recorder } from '../../core/ports.js';
import type { EventBus } from '../../core/events.js';

export interface RolloutInfoEvent {
  app: string;
  rollout: string;
  /** e.g. blueGreen | canary | rollingUpdate */
  strategy: string;
  /** e.g. Progressing | Paused | Healthy | Degraded | Aborted */
  phase: string;
}

export interface RolloutWeightEvent {
  app: string;
  rollout: string;
  /** Percentage of traffic (or replicas) on the new version, 0–100. */
  weight: number;
}

export interface PrometheusRecorder {
  recorder: Recorder;
  registry: Registry;
  /** Content-Type for the scrape response (Prometheus text format 0.0.4). */
  contentType: string;
  /** The scrape body. */
  metrics(): Promise<string>;
  /** Sets tugboat_rollout_info to 1 for this rollout, removing its previous strategy/phase series. */
  rolloutInfo(e: RolloutInfoEvent): void;
  /** Sets tugboat_rollout_weight. */
  rolloutWeight(e: RolloutWeightEvent): void;
  /** Removes the series of one rollout (when it is deleted from the app). */
  forgetRollout(app: string, rollout: string): void;
  /** Removes every series labelled with this app (when the app is removed from the config). */
  forgetApp(app: string): void;
  /** Counts tugboat_notifications_total{target,result}. */
  notification(target: string, result: 'delivered' | 'failed' | 'dropped'): void;
  /** Counts Tugboat events that have a metric of their own (render.failed → tugboat_render_errors_total). */
  observe(bus: EventBus): () => void;
}

/**
 * prom-client's gauges that end in `_total`, which `promtool check metrics` rejects ("non-counter metrics
 * should not have _total suffix"). Process handles and requests are visible through the other defaults.
 */
const DROPPED_DEFAULTS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/** Seconds, 5 ms … 2 min: one reconcile pass. */
const RECONCILE_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** Seconds, 10 ms … 10 min: commit seen → applied / healthy. */
const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 180, 300, 450, 600];
/** Seconds, 10 ms … 2 min: a git fetch. */
const FETCH_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
/** Seconds, 1 ms … 30 s: rendering one app. */
const RENDER_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

type Labels = Record<string, string>;

export function createPrometheusRecorder(): PrometheusRecorder {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  for (const name of DROPPED_DEFAULTS) registry.removeSingleMetric(name);
  const registers = [registry];

  const appInfo = new Gauge({
    name: 'tugboat_app_info',
    help: 'Application state (always 1): namespace, sync and health status, applied revision.',
    labelNames: ['app', 'namespace', 'sync_status', 'health_status', 'revision'] as const,
    registers,
  });
  const reconcileTotal = new Counter({
    name: 'tugboat_reconcile_total',
    help: 'Reconcile passes by result (synced, unchanged, error).',
    labelNames: ['app', 'result'] as const,
    registers,
  });
  const reconcileDuration = new Histogram({
    name: 'tugboat_reconcile_duration_seconds',
    help: 'Duration of a reconcile pass of one application.',
    labelNames: ['app'] as const,
    buckets: RECONCILE_BUCKETS,
    registers,
  });
  const syncTotal = new Counter({
    name: 'tugboat_sync_total',
    help: 'Sync operations by final phase (Succeeded, Failed, Error).',
    labelNames: ['app', 'phase'] as const,
    registers,
  });
  const resources = new Gauge({
    name: 'tugboat_resources',
    help: 'Resources of an application by sync status (Synced, OutOfSync).',
    labelNames: ['app', 'status'] as const,
    registers,
  });
  const commitToApplied = new Histogram({
    name: 'tugboat_commit_to_applied_seconds',
    help: 'Time from a commit being seen to its objects being applied to the cluster.',
    labelNames: ['app'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const commitToHealthy = new Histogram({
    name: 'tugboat_commit_to_healthy_seconds',
    help: 'Time from a commit being seen to the application being healthy at it.',
    labelNames: ['app'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const rollbacksTotal = new Counter({
    name: 'tugboat_rollbacks_total',
    help: 'Rollbacks by cause (auto-rollback, manual, git-revert).',
    labelNames: ['app', 'cause'] as const,
    registers,
  });
  const rolloutInfo = new Gauge({
    name: 'tugboat_rollout_info',
    help: 'Rollout state (always 1): strategy and phase.',
    labelNames: ['app', 'rollout', 'strategy', 'phase'] as const,
    registers,
  });
  const rolloutWeight = new Gauge({
    name: 'tugboat_rollout_weight',
    help: 'Percentage of traffic (replica ratio without a traffic router) on the new version of a rollout.',
    labelNames: ['app', 'rollout'] as const,
    registers,
  });
  const gitFetchTotal = new Counter({
    name: 'tugboat_git_fetch_total',
    help: 'Git fetches by source and result (success, error).',
    labelNames: ['source', 'result'] as const,
    registers,
  });
  const gitFetchDuration = new Histogram({
    name: 'tugboat_git_fetch_duration_seconds',
    help: 'Duration of git fetches by source and result.',
    labelNames: ['source', 'result'] as const,
    buckets: FETCH_BUCKETS,
    registers,
  });
  const renderDuration = new Histogram({
    name: 'tugboat_render_duration_seconds',
    help: 'Duration of rendering one application (plain YAML or chart).',
    labelNames: ['app'] as const,
    buckets: RENDER_BUCKETS,
    registers,
  });
  const webhookTotal = new Counter({
    name: 'tugboat_webhook_requests_total',
    help: 'Git push webhook requests by source and result (accepted, unauthorized, ignored, error).',
    labelNames: ['source', 'result'] as const,
    registers,
  });

  const notificationsTotal = new Counter({
    name: 'tugboat_notifications_total',
    help: 'Notifications by target and result (delivered, failed after retries, dropped from a full queue).',
    labelNames: ['target', 'result'] as const,
    registers,
  });
  const leader = new Gauge({
    name: 'tugboat_leader',
    help: '1 on the replica that holds the leader Lease (or runs without leader election), 0 on a standby.',
    registers,
  });
  leader.set(1);
  const renderErrorsTotal = new Counter({
    name: 'tugboat_render_errors_total',
    help: 'Revisions of an application that failed to render (each broken revision counts once).',
    labelNames: ['app'] as const,
    registers,
  });

  // Label sets written per app, so forgetApp can remove exactly those series.
  const seriesByApp = new Map<string, Map<Metric<string>, Map<string, Labels>>>();
  const track = (metric: Metric<string>, labels: Labels): void => {
    const app = labels.app!;
    let byMetric = seriesByApp.get(app);
    if (!byMetric) seriesByApp.set(app, (byMetric = new Map()));
    let sets = byMetric.get(metric);
    if (!sets) byMetric.set(metric, (sets = new Map()));
    sets.set(labelKey(labels), labels);
  };
  const untrack = (metric: Metric<string>, labels: Labels): void => {
    seriesByApp.get(labels.app!)?.get(metric)?.delete(labelKey(labels));
  };
  const removeSeries = (metric: Metric<string>, labels: Labels): void => {
    (metric as unknown as { remove(l: Labels): void }).remove(labels);
    untrack(metric, labels);
  };

  const currentInfo = new Map<string, Labels>();
  const currentRollout = new Map<string, Labels>();
  const rolloutKey = (app: string, rollout: string): string => JSON.stringify([app, rollout]);

  const recorder: Recorder = {
    reconciled(e) {
      const l = { app: e.app, result: e.result };
      reconcileTotal.inc(l);
      track(reconcileTotal, l);
      reconcileDuration.observe({ app: e.app }, nonNegative(e.seconds));
      track(reconcileDuration, { app: e.app });
    },
    synced(e) {
      const l = { app: e.app, phase: e.phase };
      syncTotal.inc(l);
      track(syncTotal, l);
    },
    appInfo(e) {
      const l: Labels = {
        app: e.app,
        namespace: e.namespace,
        sync_status: e.syncStatus,
        health_status: e.healthStatus,
        revision: e.revision,
      };
      const prev = currentInfo.get(e.app);
      if (prev && labelKey(prev) !== labelKey(l)) removeSeries(appInfo, prev);
      appInfo.set(l, 1);
      track(appInfo, l);
      currentInfo.set(e.app, l);
    },
    resources(e) {
      const synced = { app: e.app, status: 'Synced' };
      const outOfSync = { app: e.app, status: 'OutOfSync' };
      resources.set(synced, e.synced);
      resources.set(outOfSync, e.outOfSync);
      track(resources, synced);
      track(resources, outOfSync);
    },
    commitToApplied(e) {
      commitToApplied.observe({ app: e.app }, nonNegative(e.seconds));
      track(commitToApplied, { app: e.app });
    },
    commitToHealthy(e) {
      commitToHealthy.observe({ app: e.app }, nonNegative(e.seconds));
      track(commitToHealthy, { app: e.app });
    },
    rolledBack(e) {
      const l = { app: e.app, cause: e.cause };
      rollbacksTotal.inc(l);
      track(rollbacksTotal, l);
    },
    gitFetched(e) {
      const l = { source: e.source, result: e.result };
      gitFetchTotal.inc(l);
      gitFetchDuration.observe(l, nonNegative(e.seconds));
    },
    rendered(e) {
      renderDuration.observe({ app: e.app }, nonNegative(e.seconds));
      track(renderDuration, { app: e.app });
    },
    webhook(e) {
      webhookTotal.inc({ source: e.source, result: e.result });
    },
    leader(holder) {
      leader.set(holder ? 1 : 0);
    },
  };

  const api: PrometheusRecorder = {
    recorder,
    registry,
    contentType: registry.contentType,
    metrics: () => registry.metrics(),
    rolloutInfo(e) {
      const l: Labels = { app: e.app, rollout: e.rollout, strategy: e.strategy, phase: e.phase };
      const key = rolloutKey(e.app, e.rollout);
      const prev = currentRollout.get(key);
      if (prev && labelKey(prev) !== labelKey(l)) removeSeries(rolloutInfo, prev);
      rolloutInfo.set(l, 1);
      track(rolloutInfo, l);
      currentRollout.set(key, l);
    },
    rolloutWeight(e) {
      const l = { app: e.app, rollout: e.rollout };
      rolloutWeight.set(l, e.weight);
      track(rolloutWeight, l);
    },
    forgetRollout(app, rollout) {
      const key = rolloutKey(app, rollout);
      const prev = currentRollout.get(key);
      if (prev) removeSeries(rolloutInfo, prev);
      currentRollout.delete(key);
      removeSeries(rolloutWeight, { app, rollout });
    },
    notification(target, result) {
      notificationsTotal.inc({ target, result });
    },
    observe(bus) {
      return bus.subscribe((e) => {
        if (e.name === 'render.failed' && e.app) {
          renderErrorsTotal.inc({ app: e.app });
          track(renderErrorsTotal, { app: e.app });
        }
      });
    },
    forgetApp(app) {
      const byMetric = seriesByApp.get(app);
      if (byMetric) {
        for (const [metric, sets] of byMetric) {
          for (const labels of sets.values()) (metric as unknown as { remove(l: Labels): void }).remove(labels);
        }
      }
      seriesByApp.delete(app);
      currentInfo.delete(app);
      for (const key of [...currentRollout.keys()]) if (JSON.parse(key)[0] === app) currentRollout.delete(key);
    },
  };
  recorder.rollout = (e) => {
    api.rolloutInfo(e);
    api.rolloutWeight(e);
  };
  return api;
}

function labelKey(labels: Labels): string {
  return JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]]));
}

function nonNegative(seconds: number): number {
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
}
