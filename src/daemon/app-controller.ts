import type { ChartTools, ClusterStore, Clock, GroupKind, Logger, PreparedFileCache, RandomSource, Recorder, Source, SourceRevision, TimerHandle, Timers, WatchEvent } from '../core/ports.js';
import { parseKeyString, splitApiVersion, type KubeObject } from '../core/model/kube-object.js';
import { isDrift } from '../core/reconcile/drift.js';
import { ignoredPointers } from '../core/reconcile/app-spec.js';
import { assessHealth, healthNeedsLiveObject, worst, type HealthStatus } from '../core/health/index.js';
import { reconcileApp, type PassResult } from '../core/reconcile/reconcile-app.js';
import type { AppSpec, Trigger } from '../core/reconcile/app-spec.js';
import type { StateStore } from '../core/reconcile/app-state.js';
import { AppRenderer } from '../app/render/app-renderer.js';
import { passEmitter, progressTicker } from '../core/reconcile/pass-events.js';
import { syncStatusOf } from './sync-status.js';
import type { EventBus } from '../core/events.js';
import { RolloutRunner, rolloutKeysOf } from './rollout-runner.js';
import type { AssembledApp, DesiredObject } from '../core/render/assemble.js';

const versionOf = (o: DesiredObject): string => splitApiVersion(o.object.apiVersion).version;

export interface ResourceState {
  key: string;
  version: string;
  status: 'Synced' | 'OutOfSync';
  health: { status: HealthStatus; message: string };
  requiresPruning?: boolean;
}

export interface AppControllerDeps {
  cluster: ClusterStore;
  state: StateStore;
  clock: Clock;
  /** Retry backoff, drift and health debouncing, the Rollouts' wake-ups. */
  timers: Timers;
  /** Backoff jitter. */
  random: RandomSource;
  logger: Logger;
  recorder: Recorder;
  events: EventBus;
  /** Prepared manifest files kept across restarts (see render-cache.ts); optional. */
  renderCache?: PreparedFileCache;
  /** Chart archives, values schemas and the template clock for the render service (adapters/chart-tools.ts). */
  chartTools?: ChartTools;
}

type Waiter = { resolve: (r: PassResult | undefined) => void; reject: (e: unknown) => void };

const TRIGGER_STRENGTH: Record<Trigger['kind'], number> = { resync: 0, drift: 1, auto: 2, webhook: 3, manual: 4, rollback: 5 };

/**
 * Owns one application at run time: one pass in flight at a time, requests arriving during a pass
 * coalesce into one more pass (the strongest trigger and the newest revision win).
 */
export class AppController {
  readonly renderer: AppRenderer;
  readonly resources = new Map<string, ResourceState>();
  private running = false;
  private pending: { trigger: Trigger; full: boolean; waiters: Waiter[] } | undefined;
  private readonly dirty = new Set<string>();
  private firstPassDone = false;
  /** True once a pass has filled `resources` from a rendered commit; health means nothing before that. */
  private viewReady = false;
  private healthTimer: TimerHandle | undefined;
  private driftTimer: TimerHandle | undefined;
  private healthyDigest: string | undefined;
  lastError: string | undefined;
  /** The revision the failed pass was for: the app's target moved to it even though the pass threw. */
  lastErrorRevision: string | undefined;
  /** Revision of the pass in flight (pinned or the source's head). */
  private passRevision: string | undefined;
  health: { status: HealthStatus; message: string } = { status: 'Unknown', message: '' };
  onChange: () => void = () => undefined;
  /** Told the kinds a pass is about to apply, before it applies them (the daemon widens its watch). */
  onKinds: (kinds: GroupKind[]) => void = () => undefined;
  /** The desired objects of the pass in flight, by key, while it may apply or prune (drift reads them). */
  /** The objects of the pass in flight (drift of their apply echoes is judged against them), indexed on first use. */
  private passRendered: AssembledApp | undefined;
  /** Objects the watch delivered since the pass in flight began (undefined: deleted), newest last: fresher than a read-back. */
  private heardDuringPass: Map<string, KubeObject | undefined> | undefined;
  private passDesiredIndex: ReadonlyMap<string, number> | undefined;

  /**
   * The Rollout keys among `resources`, worked out again only when the resource set changes (absorb):
   * every watch event asks for them, and scanning every key per event made a large app's sync quadratic.
   */
  private rolloutKeys: string[] | undefined;

  /** The app's Rollouts (SPEC §7): their state machines run as a sub-step of each pass and on their own timers. */
  readonly rollouts: RolloutRunner;

  constructor(readonly spec: AppSpec, readonly source: Source, private readonly deps: AppControllerDeps) {
    this.renderer = new AppRenderer(spec, source.repo, deps.cluster, deps.renderCache, deps.chartTools);
    this.rollouts = new RolloutRunner(spec, () => (this.rolloutKeys ??= rolloutKeysOf(this.resources.keys())), deps);
    this.rollouts.onChange = () => this.onChange();
  }

  /** The newest head of the source, as its revision event carried it (sha and commit time). */
  private head: SourceRevision | undefined;

  /** The source moved to a new head: the next pass that is not pinned renders it. */
  noteHead(rev: SourceRevision): void {
    this.head = rev;
  }

  /** The head a pass renders: the last revision event's, or the source's own before any event came. */
  private headRevision(): SourceRevision | undefined {
    const seen = this.source.revision;
    if (this.head && (seen === undefined || seen === this.head.sha)) return this.head;
    return seen === undefined ? undefined : { sha: seen };
  }

  /** Asks for a pass; resolves with its result once it ran (coalesced requests share one pass). */
  request(trigger: Trigger, opts: { full?: boolean } = {}): Promise<PassResult | undefined> {
    return new Promise((resolve, reject) => {
      const full = opts.full ?? false;
      if (!this.pending) this.pending = { trigger, full, waiters: [] };
      else {
        if (TRIGGER_STRENGTH[trigger.kind] >= TRIGGER_STRENGTH[this.pending.trigger.kind]) this.pending.trigger = trigger;
        this.pending.full ||= full;
      }
      this.pending.waiters.push({ resolve, reject });
      void this.pump();
    });
  }

  get busy(): boolean {
    return this.running;
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    while (this.pending) {
      const job = this.pending;
      this.pending = undefined;
      this.running = true;
      const started = this.deps.clock.now();
      try {
        const result = await this.rollouts.lock.run(() => this.runPass(job.trigger, job.full));
        // An apply the cluster refused (unavailable, a webhook, a quota) is transient like a thrown error:
        // retry with backoff (the pass counted it as an error). A stalled pass (render error, invalid
        // objects, field conflicts, ownership) waits for a new revision; anything else resets the backoff.
        if (result?.kind === 'failed') this.scheduleRetry();
        else if (result?.kind !== 'stalled') this.failures = 0;
        for (const w of job.waiters) w.resolve(result);
      } catch (err) {
        // Unexpected failures (git or the cluster store unreachable) are transient: retry with backoff.
        this.lastError = err instanceof Error ? err.message : String(err);
        this.lastErrorRevision = this.passRevision;
        this.recordTarget(job.trigger);
        this.deps.logger.error('reconcile pass failed', { app: this.spec.name, error: this.lastError });
        this.deps.recorder.reconciled({ app: this.spec.name, result: 'error', seconds: (this.deps.clock.now() - started) / 1000 });
        this.scheduleRetry();
        for (const w of job.waiters) w.reject(err);
      } finally {
        this.running = false;
      }
      this.publish();
      this.onChange();
    }
  }

  private async runPass(trigger: Trigger, full: boolean): Promise<PassResult | undefined> {
    const { recorder, clock } = this.deps;
    const pinned = trigger.kind === 'rollback' ? trigger.revision : trigger.kind === 'manual' ? trigger.revision : undefined;
    const head = this.headRevision();
    const revision = pinned ?? head?.sha;
    this.passRevision = revision;
    if (!revision) return undefined;
    const renderStart = clock.now();
    // The revision event carried the head's commit time; a pinned revision's is read here.
    const known = revision === head?.sha ? head.commitTime : undefined;
    const commitInfo = known ?? this.source.repo.commitInfo(revision).then((c) => c.time, () => undefined);
    let outcome;
    let rendered;
    if (pinned && pinned !== head?.sha) {
      rendered = await this.renderer.renderDetached(revision);
    } else {
      outcome = await this.renderer.render(revision, (files) => progressTicker(passEmitter(this.deps.events, clock, this.spec.name, revision), clock, 'render', files, renderStart));
      rendered = outcome.rendered;
    }
    if (clock.now() - renderStart >= 5000) {
      this.deps.events.emit({ time: clock.now(), name: 'progress', level: 'info', message: `rendered ${rendered.objects.length} objects`, app: this.spec.name, revision, fields: { phase: 'render', done: rendered.objects.length, total: rendered.objects.length, durationMs: clock.now() - renderStart } });
    }
    // A commit that changed nothing under the app's path is not a render of this app.
    if (!outcome?.changedKeys || outcome.changedKeys.size > 0) {
      recorder.rendered({ app: this.spec.name, seconds: (clock.now() - renderStart) / 1000 });
    }
    const isFull = full || !this.firstPassDone || !outcome?.changedKeys;
    const scope = new Set<string>(this.dirty);
    for (const k of outcome?.changedKeys ?? []) scope.add(k);
    this.dirty.clear();
    const commitTime = await commitInfo;
    if (rendered.errors.length === 0) {
      this.passRendered = rendered;
      this.onKinds(kindsOf(rendered.objects.map((o) => o.key)));
    }
    let result;
    this.heardDuringPass = new Map();
    try {
      result = await reconcileApp(
        { app: this.spec, revision, rendered, trigger, scope: isFull ? 'full' : scope, commitTime },
        this.deps,
      );
    } finally {
      this.passRendered = undefined;
      this.passDesiredIndex = undefined;
    }
    this.firstPassDone = true;
    this.lastError = undefined;
    this.lastErrorRevision = undefined;
    if (trigger.kind === 'manual' && trigger.dryRun) return result;
    // A broken commit changes nothing: keep the resource view of what is deployed.
    if (rendered.errors.length === 0) {
      this.absorb(result, rendered.objects);
      await this.refreshHealth(isFull ? undefined : [...result.compared.keys(), ...scope], result.appliedObjects);
      await this.rollouts.afterPass(trigger);
    }
    this.heardDuringPass = undefined;
    // A store that writes in the background (state in the cluster): the pass ends when its record is durable.
    await this.deps.state.flush?.();
    return result;
  }

  /**
   * A pass that threw (a full disk, git unreadable) still saw a new commit: keep the target revision
   * durable when the store allows it, so status does not claim the old revision is the newest.
   */
  private recordTarget(trigger: Trigger): void {
    const revision = this.passRevision;
    if (!revision || trigger.kind === 'manual' || trigger.kind === 'rollback') return;
    try {
      const rec = this.deps.state.getApp(this.spec.name);
      if (rec && rec.targetRevision !== revision) this.deps.state.putApp({ ...rec, targetRevision: revision });
    } catch {
      // The store refused (that may be the failure itself): status still shows lastErrorRevision.
    }
  }

  /** Merges a pass's comparison into the per-resource view. */
  private absorb(result: PassResult, desiredObjects: readonly DesiredObject[]): void {
    this.viewReady = true;
    // Same set of objects as before (the common commit): only the compared ones change.
    const sameKeys = result.removed.length === 0 && this.resources.size === desiredObjects.length &&
      [...result.compared.keys()].every((k) => this.resources.has(k));
    if (sameKeys) {
      for (const [k, status] of result.compared) this.resources.get(k)!.status = status;
      // The API version is the desired object's (a ConfigMap's is v1 although its group is empty).
      for (const o of desiredObjects) {
        const r = this.resources.get(o.key);
        if (r) r.version = versionOf(o);
      }
      return;
    }
    const desiredKeys = desiredObjects.map((o) => o.key);
    this.rolloutKeys = undefined;
    const desired = new Set(desiredKeys);
    const pending = new Set(result.pendingPrune);
    for (const k of [...this.resources.keys()]) {
      if (!desired.has(k) && !pending.has(k)) this.resources.delete(k);
    }
    for (const o of desiredObjects) {
      const k = o.key;
      const status = result.compared.get(k) ?? this.resources.get(k)?.status ?? 'Synced';
      const prev = this.resources.get(k);
      this.resources.set(k, { key: k, version: versionOf(o), status, health: prev?.health ?? { status: 'Missing', message: '' } });
    }
    const applied = result.pendingPrune.length > 0 ? this.deps.state.applied(this.spec.name) : undefined;
    for (const k of result.pendingPrune) {
      const prev = this.resources.get(k);
      const was = applied?.get(k)?.object.apiVersion;
      this.resources.set(k, { key: k, version: prev?.version || (was ? splitApiVersion(was).version : ''), status: 'OutOfSync', health: prev?.health ?? { status: 'Unknown', message: '' }, requiresPruning: true });
    }
  }

  /**
   * Recomputes health for all resources or the given keys, starting from what the pass already holds: the
   * newest copy the watch delivered during the pass, else the object the cluster returned from this pass's
   * apply (`applied`); only the others are read back from the cluster.
   */
  async refreshHealth(keys?: string[], applied?: ReadonlyMap<string, KubeObject>): Promise<void> {
    const list = keys ?? [...this.resources.keys()];
    const heard = this.heardDuringPass;
    for (const k of list) {
      const r = this.resources.get(k);
      if (!r) continue;
      const key = parseKeyString(k);
      if (!healthNeedsLiveObject(key.group, key.kind) && r.status === 'Synced' && !r.requiresPruning) {
        // Applied and equal to git: it exists, and its kind's health is its existence.
        r.health = { status: 'Healthy', message: '' };
        continue;
      }
      const live = heard?.has(k) ? heard.get(k) : applied?.get(k) ?? await this.deps.cluster.get(key);
      r.health = assessHealth(live);
      if (live) r.version = splitApiVersion(live.apiVersion).version;
    }
    this.recomputeHealth();
  }

  /** Publishes the app's sync and health to the metrics (tugboat_app_info, tugboat_resources). */
  publish(): void {
    const rec = this.deps.state.getApp(this.spec.name);
    let synced = 0;
    let outOfSync = 0;
    for (const r of this.resources.values()) r.status === 'Synced' ? synced++ : outOfSync++;
    this.deps.recorder.appInfo({
      app: this.spec.name,
      namespace: this.spec.namespace,
      syncStatus: syncStatusOf(this, rec),
      healthStatus: this.health.status,
      revision: rec?.syncedRevision ?? '',
    });
    this.deps.recorder.resources({ app: this.spec.name, synced, outOfSync });
  }

  private recomputeHealth(): void {
    // Before the first good render there is no resource set to judge: an empty map is not "all healthy".
    if (!this.viewReady) return;
    let status: HealthStatus = 'Healthy';
    let message = '';
    for (const r of this.resources.values()) {
      if (r.requiresPruning) continue;
      const next = worst(status, r.health.status);
      if (next !== status) {
        status = next;
        message = r.health.message;
      }
    }
    const from = this.health.status;
    this.health = { status, message };
    const rec = this.deps.state.getApp(this.spec.name);
    if (from !== status) {
      this.deps.events.emit({ time: this.deps.clock.now(), name: 'health.changed', level: status === 'Degraded' ? 'warn' : 'info', message: `health changed from ${from} to ${status}${message ? `: ${message}` : ''}`, app: this.spec.name, ...(rec?.syncedRevision ? { revision: rec.syncedRevision } : {}), fields: { from, to: status, reason: message } });
    }
    if (status === 'Healthy' && rec?.syncedDigest && rec.syncedDigest !== this.healthyDigest) {
      // Measured from the commit that changed the app (the newest history entry of this digest), not from
      // later commits that left it alone; with a Rollout, Healthy means fully promoted.
      const changedBy = [...this.deps.state.history(this.spec.name)].reverse().find((h) => h.digest === rec.syncedDigest)?.revision ?? rec.syncedRevision;
      if (changedBy && (this.healthyDigest !== undefined || this.firstPassDone)) {
        void this.source.repo.commitInfo(changedBy).then((c) => {
          this.deps.recorder.commitToHealthy({ app: this.spec.name, seconds: Math.max(0, this.deps.clock.now() - c.time) / 1000 });
        }, () => undefined);
      }
      this.healthyDigest = rec.syncedDigest;
      if (changedBy && rec.lastHealthy?.digest !== rec.syncedDigest) this.rememberHealthy(changedBy, rec.syncedDigest);
    }
    if (status === 'Degraded' && this.spec.syncPolicy.rollbackOnFailure) this.rollbackFailedDeployments(rec);
  }

  /** The last healthy deployment, written under the app's lock (passes write the same record). */
  private rememberHealthy(revision: string, digest: string): void {
    const write = () => {
      const rec = this.deps.state.getApp(this.spec.name);
      if (!rec || rec.syncedDigest !== digest) return;
      rec.lastHealthy = { revision, digest };
      this.deps.state.putApp(rec);
    };
    if (this.rollouts.lock.idle) write();
    else void this.rollouts.lock.run(async () => write());
  }

  private rollingBack = false;

  /**
   * syncPolicy.rollbackOnFailure (SPEC §7): a plain Deployment that missed its progress deadline takes the
   * app back to the last healthy entry's objects (cause auto-rollback), and the failed revision is
   * quarantined like a manual rollback's.
   */
  private rollbackFailedDeployments(rec: ReturnType<StateStore['getApp']>): void {
    if (this.rollingBack || !rec?.lastHealthy || !rec.syncedRevision || rec.lastHealthy.digest === rec.syncedDigest) return;
    if (rec.quarantined.includes(rec.syncedRevision)) return;
    const failed = [...this.resources.values()].find((r) => r.health.status === 'Degraded' && r.key.startsWith('apps/Deployment/') && r.health.message.includes('progress deadline'));
    if (!failed) return;
    const entry = [...this.deps.state.history(this.spec.name)].reverse().find((h) => h.digest === rec.lastHealthy!.digest && h.result === 'Succeeded');
    if (!entry) return;
    this.rollingBack = true;
    const from = rec.syncedRevision;
    this.deps.logger.warn('deployment missed its progress deadline: rolling back', { app: this.spec.name, from, to: entry.revision });
    void this.request({ kind: 'rollback', revision: entry.revision, rollbackOf: entry.id, cause: 'auto-rollback' }, { full: true })
      .then(() => {
        this.deps.events.emit({
          time: this.deps.clock.now(), name: 'rollback', level: 'warn', app: this.spec.name, revision: entry.revision,
          message: `${this.spec.name}: ${failed.health.message}; rolled back automatically from ${from.slice(0, 12)} to ${entry.revision.slice(0, 12)}`,
          fields: { from, to: entry.revision, cause: 'auto-rollback' },
        });
      }, () => undefined)
      .finally(() => { this.rollingBack = false; });
  }

  /** A watch event on one of this app's objects (or a child of one). */
  /** The pass in flight's desired copy of `key` (the renderer's own index when it has one: no 10k-entry map per pass). */
  private passDesired(rendered: AssembledApp, key: string): KubeObject | undefined {
    this.passDesiredIndex ??= this.renderer.positionsIn(rendered) ?? new Map(rendered.objects.map((o, i) => [o.key, i]));
    const at = this.passDesiredIndex.get(key);
    return at === undefined ? undefined : rendered.objects[at]?.object;
  }

  observe(ev: WatchEvent, key: string): void {
    this.heardDuringPass?.set(key, ev.type === 'DELETED' ? undefined : ev.object);
    const r = this.resources.get(key);
    if (!r) return;
    if (ev.type === 'DELETED') r.health = { status: 'Missing', message: '' };
    else r.health = assessHealth(ev.object);
    // Drift is decided against the inventory of what Tugboat applied (ADR 0003), not by who wrote it.
    const k = parseKeyString(key);
    const drift = isDrift({
      type: ev.type,
      live: ev.object,
      applied: this.deps.state.applied(this.spec.name).get(key)?.object,
      ...(this.passRendered ? { inFlight: { desired: this.passDesired(this.passRendered, key) } } : {}),
      ignoredPointers: ignoredPointers(this.spec, k.group, k.kind, k.namespace, k.name),
    });
    if (drift) {
      this.dirty.add(key);
      this.scheduleDriftCheck();
    }
    this.scheduleHealth();
    this.rollouts.kick();
  }

  /** Something under an owned workload changed (a Pod, a ReplicaSet): recompute its owner's health later. */
  touch(): void {
    this.scheduleHealth();
    this.rollouts.kick();
  }

  private failures = 0;
  private retryTimer: TimerHandle | undefined;

  /** Exponential backoff from 1 s to 5 min, with ±20% jitter so many apps do not retry in step. */
  private scheduleRetry(): void {
    if (this.retryTimer) return;
    const base = Math.min(300_000, 1000 * 2 ** this.failures++);
    const delay = base * (0.8 + this.deps.random() * 0.4);
    this.retryTimer = this.deps.timers.set(() => {
      this.retryTimer = undefined;
      void this.request({ kind: 'resync' }, { full: true }).catch(() => undefined);
    }, delay);
  }

  private scheduleHealth(): void {
    if (this.healthTimer) return;
    this.healthTimer = this.deps.timers.set(() => {
      this.healthTimer = undefined;
      this.recomputeHealth();
      this.publish();
      this.onChange();
    }, 20);
  }

  private scheduleDriftCheck(): void {
    if (this.driftTimer) return;
    this.driftTimer = this.deps.timers.set(() => {
      this.driftTimer = undefined;
      void this.request({ kind: 'drift' }).catch(() => undefined);
    }, 50);
  }

  close(): void {
    this.rollouts.close();
    const { timers } = this.deps;
    if (this.retryTimer) timers.clear(this.retryTimer);
    if (this.healthTimer) timers.clear(this.healthTimer);
    if (this.driftTimer) timers.clear(this.driftTimer);
  }
}

/** The distinct kinds of some key strings ("group/Kind/namespace/name"); a pass calls it on every object's key. */
export function kindsOf(keys: Iterable<string>): GroupKind[] {
  const seen = new Map<string, GroupKind>();
  for (const key of keys) {
    const second = key.indexOf('/', key.indexOf('/') + 1);
    const id = second < 0 ? key : key.slice(0, second);
    if (seen.has(id)) continue;
    const { group, kind } = parseKeyString(key);
    seen.set(id, { group, kind });
  }
  return [...seen.values()];
}
