/**
 * The interfaces the core needs from the outside world. Adapters implement them:
 * the simulated cluster and (later) a live Kubernetes API server both implement ClusterStore.
 */
import type { KubeObject, ObjectKey } from './model/kube-object.js';
import type { PreparedFile } from './render/assemble.js';
import type { SchemaValidator } from './chart/values-schema.js';
import type { TemplateClock } from './template/clock.js';

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

// ───────────── sources: the git side of a pass (adapters/git implements them) ─────────────

/** One file of a tree listing at a revision. */
export interface TreeEntry {
  path: string;
  blob: string;
  /** A symbolic link: the blob holds the link's target path, not file content. */
  symlink?: true;
}

/** A file that changed between two revisions. */
export interface FileChange {
  path: string;
  /** Blob id after the change; undefined when the file was deleted. */
  blob?: string;
}

export interface CommitInfo {
  sha: string;
  author: string;
  /** Committer time in ms since the epoch. */
  time: number;
  subject: string;
}

/**
 * Read-only access to a repository at exact commits (never a working tree): the snapshot of a path at a
 * revision (`listTree` + `readBlob`), what changed under it, and commit metadata. The render service reads
 * sources only through this.
 */
export interface RepoReader {
  /** The repository's git directory; identifies the repository in caches. */
  readonly gitDir: string;
  resolve(ref: string): Promise<string | undefined>;
  listTree(rev: string, path: string): Promise<TreeEntry[]>;
  pathKind(rev: string, path: string): Promise<{ kind: 'tree' | 'blob' | 'symlink' | 'missing'; at: string; blob?: string }>;
  changedFiles(from: string, to: string, path: string): Promise<FileChange[]>;
  treeId(rev: string, path: string): Promise<string | undefined>;
  commitInfo(rev: string): Promise<CommitInfo>;
  readBlob(id: string): Promise<Buffer>;
}

/** A source as configured (tugboat.yaml `sources[]`). */
export interface SourceSpec {
  name: string;
  /** Absolute local path, or the URL as written (file://, https://, http://, ssh://, git://, git@host:path). */
  repo: string;
  /** True when `repo` is a URL (including file://); false for a local path. */
  isRemote: boolean;
  /** Default 'main'. */
  branch: string;
  /** Milliseconds; default 30s. */
  pollInterval: number;
  webhookSecret?: string;
}

/**
 * A new head of a source's branch: its sha and its committer time (ms; undefined when the commit cannot be
 * read). The time is read once per head by the source, in parallel with the pass it starts (a pass needs it
 * only when it records), so the event is not delayed by it.
 */
export interface SourceRevision {
  sha: string;
  commitTime?: Promise<number | undefined>;
}

/** Called with each new head (the sha first, so a listener may ignore the rest). */
export type SourceListener = (sha: string, revision: SourceRevision) => void;

/** One followed branch of a repository (adapters/git/source.ts: a local repository or a fetched mirror). */
export interface Source {
  readonly spec: SourceSpec;
  readonly name: string;
  /** The git directory (a mirror's, for remotes); git-revert works in it. */
  readonly gitDir: string;
  readonly repo: RepoReader;
  /** The branch head last seen (undefined before start or when the branch cannot be read). */
  readonly revision: string | undefined;
  /** Why the source cannot be read or fetched now (redacted), if it cannot. */
  readonly lastError: string | undefined;
  onRevision(listener: SourceListener): void;
  /** Told (with a redacted one-line reason) each time a fetch of a remote source fails. */
  onFetchFailed(listener: (error: string) => void): void;
  /** Starts watching or polling and resolves the first revision. */
  start(): Promise<void>;
  /** Fetches (remote) and re-reads the branch head now. */
  refresh(): Promise<void>;
  close(): void;
}

/** Opens a configured source (a remote one is cloned into `dataDir` first). */
export type SourceOpener = (spec: SourceSpec, dataDir: string, recorder: Recorder, logger: Logger) => Promise<Source>;

/**
 * `rollback --git-revert`: commits the revert of `path`'s changes since `revision` on the source's branch
 * (a remote's on top of its newest commit, pushed). Throws ConflictError (core/errors.ts) when git cannot.
 */
export type GitReverter = (source: Source, revision: string, path: string) => Promise<void>;

/** A parsed push webhook (adapters/git/webhook.ts parses and verifies the request). */
export interface PushNotice {
  provider: 'github' | 'gitlab';
  /** Every URL form the payload gives for the repository. */
  repoUrls: string[];
  /** Branch name from `refs/heads/<branch>`; undefined for tags. */
  branch?: string;
}

/** Verifies the webhook request's signature against one source's secret. */
export type WebhookVerifier = (secret: string) => boolean;

/** What a push webhook led to: fetches of the named sources, nothing, or a refusal of its signature. */
export type WebhookOutcome =
  | { status: 'accepted'; sources: string[] }
  | { status: 'ignored'; reason: string }
  | { status: 'unauthorized' };

/** Prepared manifest files kept across restarts (adapters/state/render-cache.ts), so a restart does not parse every file again. */
export interface PreparedFileCache {
  /** The cached prepared files of `app` whose path and blob id match (by path). */
  load(app: string, namespace: string, files: ReadonlyMap<string, string>): Map<string, PreparedFile>;
  /** Records the prepared files of `app` at its current revision: `files` maps path → blob id; paths not in `keep` are dropped. */
  store(app: string, namespace: string, prepared: ReadonlyArray<{ blob: string; file: PreparedFile }>, keep?: ReadonlyMap<string, string>): void;
}

/**
 * What rendering a chart needs from outside the core, injected by the wiring (src/runtime.ts): chart
 * archives (`charts/*.tgz`) unpacked, values checked against values.schema.json, and the template clock.
 */
export interface ChartTools {
  isChartArchive(path: string): boolean;
  unpackChartArchive(files: Map<string, string>, path: string, gz: Uint8Array): void;
  validateSchema: SchemaValidator;
  clock: TemplateClock;
}
