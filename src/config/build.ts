/**
 * Turns a checked tugboat.yaml (schema and rules passed) into the typed Config: defaults filled, durations in
 * milliseconds, local paths absolute (relative to the config folder, `~` against HOME), app paths normalised.
 */
import { homedir } from 'node:os';
import * as nodePath from 'node:path';
import { parseDuration } from './duration.js';
import { normaliseAppPath, repoKind } from './rules.js';
import type {
  ApplicationConfig, ChartConfig, ClusterConfig, Config, IgnoreDifference, ImageRule, LoggingConfig, NodeSpec, NodeTaint,
  NotificationEvent, NotificationsConfig, NotificationTarget, ServerConfig, SourceConfig, SyncPolicy,
} from './types.js';
import type { Env } from './substitute.js';

type Obj = Record<string, any>;

export const DEFAULTS = Object.freeze({
  clusterType: 'sim' as const,
  dataDir: '.tugboat',
  nodes: 3,
  nodeEvictionSeconds: 300,
  serverPort: 8080,
  resyncInterval: 3 * 60_000,
  branch: 'main',
  pollInterval: 30_000,
  appPath: '.',
  revisionHistoryLimit: 50,
});

/** `opt('k', v)` → `{k: v}` when v is defined, else `{}` (optional keys stay absent, not undefined). */
const opt = <K extends string, V>(k: K, v: V | undefined): { [P in K]?: V } => (v === undefined ? {} : ({ [k]: v } as { [P in K]?: V }));

export function buildConfig(top: Obj, absFile: string, dir: string, env: Env): Config {
  const localPath = (p: string): string =>
    p === '~' || p.startsWith('~/') ? nodePath.join(env.HOME ?? homedir(), p.slice(1)) : nodePath.resolve(dir, p);
  return {
    file: absFile,
    dir,
    cluster: cluster(top.cluster ?? {}, localPath),
    server: server(top.server ?? {}, env),
    reconcile: { resyncInterval: top.reconcile?.resyncInterval !== undefined ? parseDuration(top.reconcile.resyncInterval) : DEFAULTS.resyncInterval },
    logging: logging(top.logging ?? {}),
    notifications: notifications(top.notifications ?? {}),
    sources: (top.sources ?? []).map((s: Obj) => source(s, localPath)),
    applications: (top.applications ?? []).map(application),
  };
}

function cluster(c: Obj, localPath: (p: string) => string): ClusterConfig {
  return {
    type: c.type ?? DEFAULTS.clusterType,
    dataDir: localPath(c.dataDir ?? DEFAULTS.dataDir),
    nodes: Array.isArray(c.nodes) ? c.nodes.map(nodeSpec) : (c.nodes ?? DEFAULTS.nodes),
    nodeEvictionSeconds: c.nodeEvictionSeconds ?? DEFAULTS.nodeEvictionSeconds,
    images: (c.images ?? []).map((m: Obj): ImageRule => ({ match: m.match, ...opt('behaviour', m.behaviour), ...opt('startupSeconds', m.startupSeconds) })),
    ...opt('apiPort', c.apiPort),
    ...opt('kubeconfig', c.kubeconfig === undefined ? undefined : localPath(c.kubeconfig)),
    ...opt('context', c.context),
  };
}

function nodeSpec(n: Obj): NodeSpec {
  const quantity = (q: unknown) => (q === undefined ? undefined : String(q));
  return {
    name: n.name,
    ...opt('cpu', quantity(n.cpu)),
    ...opt('memory', quantity(n.memory)),
    ...opt('pods', n.pods),
    ...opt('labels', n.labels === undefined ? undefined : { ...n.labels }),
    ...opt('taints', n.taints?.map((t: Obj): NodeTaint => ({ key: t.key, ...opt('value', t.value), effect: t.effect }))),
  };
}

function server(s: Obj, env: Env): ServerConfig {
  // server.token wins; an absent (or empty) one falls back to TUGBOAT_TOKEN.
  const token = s.token ?? (env.TUGBOAT_TOKEN ? env.TUGBOAT_TOKEN : undefined);
  return { port: s.port ?? DEFAULTS.serverPort, ...opt('host', s.host), ...opt('token', token) };
}

function logging(l: Obj): LoggingConfig {
  return { level: l.level ?? 'info', format: l.format ?? 'text' };
}

function notifications(n: Obj): NotificationsConfig {
  const targets: NotificationTarget[] = (n.targets ?? []).map((t: Obj): NotificationTarget => {
    if (t.type === 'webhook') return { name: t.name, type: 'webhook', url: t.url, ...opt('secret', t.secret) };
    if (t.type === 'slack') return { name: t.name, type: 'slack', url: t.url };
    return { name: t.name, type: 'github', url: t.url, repository: t.repository, ...opt('token', t.token) };
  });
  const names = targets.map((t) => t.name);
  return {
    targets,
    triggers: (n.triggers ?? []).map((t: Obj) => ({ on: [...t.on] as NotificationEvent[], targets: t.targets ? [...t.targets] : [...names] })),
  };
}

function source(s: Obj, localPath: (p: string) => string): SourceConfig {
  const repo = String(s.repo).trim();
  const isRemote = repoKind(repo).kind === 'remote';
  return {
    name: s.name,
    repo: isRemote ? repo : localPath(repo),
    isRemote,
    branch: s.branch ?? DEFAULTS.branch,
    pollInterval: s.pollInterval !== undefined ? parseDuration(s.pollInterval) : DEFAULTS.pollInterval,
    ...opt('webhookSecret', s.webhookSecret),
    ...opt('seedFrom', s.seedFrom !== undefined && !isRemote ? localPath(s.seedFrom) : undefined),
  };
}

function application(a: Obj): ApplicationConfig {
  const path = a.path === undefined ? DEFAULTS.appPath : (normaliseAppPath(a.path).path ?? DEFAULTS.appPath);
  const sp: Obj = a.syncPolicy ?? {};
  const syncPolicy: SyncPolicy = {
    automated: sp.automated ?? false,
    prune: sp.prune ?? false,
    selfHeal: sp.selfHeal ?? false,
    ...opt('rollbackOnFailure', sp.rollbackOnFailure),
    ...opt('forceConflicts', sp.forceConflicts),
    ...opt('prunePropagationPolicy', sp.prunePropagationPolicy),
  };
  const ignoreDifferences = (a.ignoreDifferences ?? []).map((d: Obj): IgnoreDifference => ({
    kind: d.kind, jsonPointers: [...d.jsonPointers], ...opt('group', d.group), ...opt('name', d.name), ...opt('namespace', d.namespace),
  }));
  const chart: ChartConfig | undefined = a.chart === undefined ? undefined : {
    valueFiles: [...(a.chart.valueFiles ?? [])],
    values: a.chart.values ?? {},
    ...opt('releaseName', a.chart.releaseName),
  };
  return {
    name: a.name, source: a.source, path, namespace: a.namespace, syncPolicy, ignoreDifferences,
    revisionHistoryLimit: a.revisionHistoryLimit ?? DEFAULTS.revisionHistoryLimit,
    ...opt('chart', chart),
  };
}
