/**
 * The interfaces the core needs from the outside world. Adapters implement them:
 * the simulated cluster and (later) a live Kubernetes API server both implement ClusterStore.
 */
import type { KubeObject, ObjectKey } from './model/kube-object.js';

/** Field manager name Tugboat applies with (server-side apply semantics). */
export const FIELD_MANAGER = 'tugboat';

export interface ApplyOptions {
  /** Server-side apply field manager. Default: "tugboat". */
  fieldManager?: string;
  /** Validate and compute the result without persisting anything. */
  dryRun?: boolean;
  /** Take ownership of fields other managers own instead of failing with a conflict. Default: true. */
  force?: boolean;
}

export interface ApplyResult {
  /** "created" | "configured" (changed) | "unchanged" (no-op: resourceVersion kept). */
  outcome: 'created' | 'configured' | 'unchanged';
  object: KubeObject;
}

/** A Kubernetes-style failure (the Status object's code, reason, message). */
export interface StatusCause { field?: string; reason?: string; message: string }

/** What happens to an object's dependents when it is deleted (Kubernetes' DeleteOptions.propagationPolicy). */
export type PropagationPolicy = 'Foreground' | 'Background' | 'Orphan';

export class ClusterError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly causes: StatusCause[] = [],
  ) {
    super(message);
    this.name = 'ClusterError';
  }
}

export interface ListOptions {
  group?: string;
  kind: string;
  /** Omit for all namespaces. */
  namespace?: string;
  /** Kubernetes label selector string, e.g. "app=web,tier in (fe,be)". */
  labelSelector?: string;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent {
  type: WatchEventType;
  /** Read-only: it may be the store's own copy (clone it before changing anything). */
  object: KubeObject;
  /** Field manager (or controller name) that made the change, when known. */
  manager?: string;
}

/** A kind as the API groups it: the API group ('' for the core group) and the kind's name. */
export interface GroupKind {
  group: string;
  kind: string;
}

/** What a watch is limited to, as a Kubernetes client opens one watch per resource. */
export interface WatchOptions {
  /** Only events of objects of these kinds; omitted: every kind. */
  kinds?: readonly GroupKind[];
}

export type WatchHandler = (ev: WatchEvent) => void;

/** Options of ClusterStore.applyStatus: server-side apply of the status subresource. */
export interface ApplyStatusOptions {
  /** Field manager of the status write. Default: "tugboat". */
  fieldManager?: string;
  /** Take ownership of status fields other managers own. Default: true. */
  force?: boolean;
}

/**
 * The two call shapes of ClusterStore.watch, normalised: `watch({kinds}, handler)` or `watch(handler)`
 * (every kind). `accepts` tells whether an event's object is of a watched kind.
 */
export function watchArgs(a: WatchOptions | WatchHandler, b?: WatchHandler): { handler: WatchHandler; kinds: readonly GroupKind[] | undefined; accepts: (obj: KubeObject) => boolean } {
  if (typeof a === 'function') return { handler: a, kinds: undefined, accepts: () => true };
  if (!b) throw new TypeError('watch(options, handler): the handler is missing');
  const kinds = a.kinds;
  if (!kinds) return { handler: b, kinds: undefined, accepts: () => true };
  const set = new Set(kinds.map((k) => `${k.group}/${k.kind}`));
  return {
    handler: b,
    kinds,
    accepts: (obj) => {
      const av = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
      const slash = av.indexOf('/');
      return set.has(`${slash < 0 ? '' : av.slice(0, slash)}/${obj.kind}`);
    },
  };
}

/** Where live objects are kept: the simulated cluster, or a live API server. */
export interface ClusterStore {
  get(key: ObjectKey): Promise<KubeObject | undefined>;
  list(opts: ListOptions): Promise<KubeObject[]>;
  /**
   * Server-side apply: the given object is the manager's full intent. Fields the manager set before and
   * no longer sets are removed; fields other managers own are kept. The server fills uid,
   * resourceVersion, generation (bumped only when spec changes) and creationTimestamp.
   * Throws ClusterError (422 Invalid, 409 Conflict, 404 NotFound for a missing namespace).
   */
  apply(obj: KubeObject, opts?: ApplyOptions): Promise<ApplyResult>;
  /**
   * Server-side apply of the status subresource, for kinds whose status Tugboat owns (the Rollout): only
   * `status` of the given object is written (its identity is read from apiVersion, kind and metadata), as
   * `fieldManager`; the rest of the object is left alone. Throws ClusterError 404 when the object does
   * not exist.
   */
  applyStatus(obj: KubeObject, opts?: ApplyStatusOptions): Promise<ApplyResult>;
  /** Checks objects the way the API server would, without writing. Returns one error per bad object. */
  validate(objs: KubeObject[]): Promise<Array<{ key: ObjectKey; error: ClusterError }>>;
  /**
   * Deletes (cascading to owned objects). Returns false when it was already gone (that is success).
   * `manager` names who deleted it on the watch event (Tugboat passes its field manager).
   */
  /**
   * Deletes an object; its dependents (by ownerReferences) go with it (Background, the default;
   * Foreground: before it) or are orphaned (their ownerReferences to it removed).
   */
  delete(key: ObjectKey, opts?: { manager?: string; propagationPolicy?: PropagationPolicy }): Promise<boolean>;
  /**
   * Subscribes to changes of objects of the given kinds (`kinds` omitted: every kind); returns an
   * unsubscribe function. A backend that watches per kind (a live API server) opens watches only for
   * the kinds asked for.
   */
  watch(opts: WatchOptions, handler: WatchHandler): () => void;
  /** Subscribes to changes of objects of every kind (the same as `watch({}, handler)`). */
  watch(handler: WatchHandler): () => void;
  close(): Promise<void>;
}

/** Wall clock. Tests use a manual clock. */
export interface Clock {
  now(): number;
}

/** An armed timer, as Timers.set returns it; only Timers.clear reads it. */
export interface TimerHandle {
  readonly __timerHandle?: never;
}

/**
 * The daemon's timers (resync, retry backoff, drift and health debouncing, rollout wake-ups): `set` runs
 * `fn` once after `ms` and returns a handle `clear` disarms. The daemon's default is the real timers
 * (src/daemon/real-time.ts, never keeping the process alive); tests drive them with a manual clock.
 */
export interface Timers {
  set(fn: () => void, ms: number): TimerHandle;
  clear(handle: TimerHandle): void;
}

/** A uniform random number in [0, 1), for backoff jitter (Math.random unless a test supplies one). */
export type RandomSource = () => number;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

export type ReconcileResult = 'synced' | 'unchanged' | 'error';
export type RollbackCause = 'auto-rollback' | 'manual' | 'git-revert';

/** Metrics through domain verbs; the Prometheus adapter owns its own registry. */
export interface Recorder {
  reconciled(e: { app: string; result: ReconcileResult; seconds: number }): void;
  synced(e: { app: string; phase: 'Succeeded' | 'Failed' | 'Error' }): void;
  appInfo(e: { app: string; namespace: string; syncStatus: string; healthStatus: string; revision: string }): void;
  resources(e: { app: string; synced: number; outOfSync: number }): void;
  commitToApplied(e: { app: string; seconds: number }): void;
  commitToHealthy(e: { app: string; seconds: number }): void;
  rolledBack(e: { app: string; cause: RollbackCause }): void;
  gitFetched(e: { source: string; result: 'success' | 'error'; seconds: number }): void;
  rendered(e: { app: string; seconds: number }): void;
  webhook(e: { source: string; result: 'accepted' | 'unauthorized' | 'ignored' | 'error' }): void;
  /** A Rollout's strategy, phase and weight (tugboat_rollout_info, tugboat_rollout_weight); optional for recorders without them. */
  rollout?(e: { app: string; rollout: string; strategy: string; phase: string; weight: number }): void;
  /** Whether this replica holds the leader Lease (tugboat_leader); optional for recorders without it. */
  leader?(holder: boolean): void;
}

export const nullRecorder: Recorder = {
  reconciled() {}, synced() {}, appInfo() {}, resources() {}, commitToApplied() {}, commitToHealthy() {},
  rolledBack() {}, gitFetched() {}, rendered() {}, webhook() {},
};
