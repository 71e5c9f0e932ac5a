import type { SourceSpec } from '../core/ports.js';
/** The typed, validated contents of tugboat.yaml (SPEC §2). Instances returned by parseConfig are deeply frozen. */

export type ClusterType = 'sim' | 'kube';
export type ImageBehaviour = 'healthy' | 'crashLoop' | 'neverReady' | 'pullError';
export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface NodeTaint {
  key: string;
  value?: string;
  effect: string;
}

export interface NodeSpec {
  name: string;
  /** Kubernetes quantity, e.g. "4" or "4000m". */
  cpu?: string;
  /** Kubernetes quantity, e.g. "8Gi". */
  memory?: string;
  pods?: number;
  labels?: Record<string, string>;
  taints?: NodeTaint[];
}

export interface ImageRule {
  /** Glob on the image reference; `*` matches any run of characters (including `/` and `:`). */
  match: string;
  behaviour?: ImageBehaviour;
  startupSeconds?: number;
}

export interface ClusterConfig {
  type: ClusterType;
  /** Absolute; default `<dir>/.tugboat`. */
  dataDir: string;
  /** sim: a node count (default 3) or an explicit list. */
  nodes: number | NodeSpec[];
  /** sim: default 300. */
  nodeEvictionSeconds: number;
  /** sim: first match wins; default []. */
  images: ImageRule[];
  /** sim: also serve the Kubernetes REST API on this port. */
  apiPort?: number;
  /** kube: absolute path (`~` expanded, relative paths resolved against the config folder). */
  kubeconfig?: string;
  /** kube: kubeconfig context. */
  context?: string;
}

export interface ServerConfig {
  /** Default 8080. */
  port: number;
  host?: string;
  /** Bearer token for mutating calls; from `server.token`, else env TUGBOAT_TOKEN. */
  token?: string;
}

export interface ReconcileConfig {
  /** Milliseconds between full resyncs of every app; default 3 minutes. */
  resyncInterval: number;
}

/** A source as tugboat.yaml configures it: the core's SourceSpec plus what only the config reads. */
export interface SourceConfig extends SourceSpec {
  /**
   * Local repos only: absolute path of a folder whose files initialise the repo (one commit) when `repo`
   * does not exist yet (used by the bundled example). Resolved against the config folder.
   */
  seedFrom?: string;
}

export interface ChartConfig {
  releaseName?: string;
  /** Relative to the app's path; default []. */
  valueFiles: string[];
  /** Default {}. */
  values: Record<string, unknown>;
}

export interface SyncPolicy {
  automated: boolean;
  prune: boolean;
  selfHeal: boolean;
  /** Plain Deployments that miss their progress deadline are rolled back to the last healthy entry (SPEC §7). Default: false */
  rollbackOnFailure?: boolean;
  /**
   * Server-side apply takes fields another field manager owns (kubectl's --force-conflicts). Without it
   * an automatic sync that would change such a field fails with a Conflict. selfHeal, a manual sync and a
   * rollback always take them. Default: false
   */
  forceConflicts?: boolean;
  /** Dependents of a pruned object: deleted after it (background, default), before it (foreground) or kept (orphan). */
  prunePropagationPolicy?: 'background' | 'foreground' | 'orphan';
}

export interface IgnoreDifference {
  group?: string;
  kind: string;
  name?: string;
  namespace?: string;
  /** RFC 6901 pointers, each starting with '/'. */
  jsonPointers: string[];
}

export interface ApplicationConfig {
  name: string;
  /** Name of a source in `sources`. */
  source: string;
  /** Folder inside the source: normalised, '.' for the root, no leading './' or trailing '/'. */
  path: string;
  namespace: string;
  chart?: ChartConfig;
  syncPolicy: SyncPolicy;
  ignoreDifferences: IgnoreDifference[];
  /** Default 50. */
  revisionHistoryLimit: number;
}

export interface LoggingConfig {
  /** Default info. */
  level: 'debug' | 'info' | 'warn' | 'error';
  /** Default text. */
  format: 'text' | 'json';
}

export type NotificationEvent =
  | 'sync-succeeded' | 'sync-failed' | 'health-degraded' | 'rollout-paused' | 'rollout-promoted' | 'rollout-aborted' | 'rollback';

export type NotificationTarget =
  | { name: string; type: 'webhook'; url: string; secret?: string }
  | { name: string; type: 'slack'; url: string }
  | { name: string; type: 'github'; url: string; repository: string; token?: string };

export interface NotificationTrigger {
  on: NotificationEvent[];
  /** Names of targets. */
  targets: string[];
}

export interface NotificationsConfig {
  targets: NotificationTarget[];
  /** Empty: every event to every target. */
  triggers: NotificationTrigger[];
}

export interface Config {
  /** Absolute path of the config file. */
  file: string;
  /** Absolute path of the folder holding the config file. */
  dir: string;
  cluster: ClusterConfig;
  server: ServerConfig;
  reconcile: ReconcileConfig;
  logging: LoggingConfig;
  notifications: NotificationsConfig;
  sources: SourceConfig[];
  applications: ApplicationConfig[];
}

/** One problem found in a config file. */
export interface ConfigIssue {
  /** Key path, e.g. `applications[1].syncPolicy.prune`; '' for the whole document. */
  path: string;
  /** What is wrong, without file or path, e.g. `expected a boolean, got "yes"`. */
  message: string;
  /** 1-based line in the file, when known. */
  line?: number;
  /** What was expected, when the problem is a wrong or missing value. */
  expected?: string;
}
