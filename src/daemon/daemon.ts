import type { Config } from '../config/types.js';
import type { ChartTools, ClusterStore, Clock, GitReverter, GroupKind, Logger, PreparedFileCache, PushNotice, RandomSource, Recorder, Source, SourceOpener, TimerHandle, Timers, WatchEvent, WebhookOutcome, WebhookVerifier } from '../core/ports.js';
import { realTimers, systemClock } from './real-time.js';
import { keyOf, keyString, parseKeyString, type KubeObject } from '../core/model/kube-object.js';
import { TRACKING_ANNOTATION } from '../core/render/assemble.js';
import type { StateStore } from '../core/reconcile/app-state.js';
import type { AppSpec } from '../core/reconcile/app-spec.js';
import type { PassResult } from '../core/reconcile/reconcile-app.js';
import { normalizeRepoUrl } from '../core/source/repo-url.js';
import { AppController, kindsOf } from './app-controller.js';
import { EventBus, type TugboatEvent } from '../core/events.js';
import { NotFoundError, NotImplementedError } from '../core/errors.js';
import type { RolloutCommandResult } from './rollout-runner.js';

/**
 * Children whose events wake their owner app (route → touch): the ReplicaSets and Pods of Deployments and
 * Rollouts (the rollout runner steps on them), the Jobs of CronJobs (so their Pods find the app).
 */
const CHILD_KINDS: readonly GroupKind[] = [{ group: 'apps', kind: 'ReplicaSet' }, { group: '', kind: 'Pod' }, { group: 'batch', kind: 'Job' }];

export interface DaemonDeps {
  config: Config;
  cluster: ClusterStore;
  state: StateStore;
  recorder: Recorder;
  logger: Logger;
  clock?: Clock;
  /** The daemon's timers (resync, retry backoff, debouncing); default the real ones. */
  timers?: Timers;
  /** Backoff jitter; default Math.random. */
  random?: RandomSource;
  /** Tugboat's own events (logs, notifications, the API's events and stream read them). */
  events?: EventBus;
  /** Prepared manifest files kept across restarts, so a restart does not parse every file again. */
  renderCache?: PreparedFileCache;
  /** Opens the configured sources (adapters/git/source.ts `GitSource.open`). */
  openSource: SourceOpener;
  /** Chart archives, values schemas and the template clock for rendering charts (adapters/chart-tools.ts). */
  chartTools: ChartTools;
  /** `rollback --git-revert` (adapters/git/reverter.ts); without it that rollback is not implemented. */
  gitRevert?: GitReverter;
}

// The daemon's errors carry their code (core/errors.ts); re-exported here for code that imports them from the daemon.
export { ConflictError, NotFoundError, NotImplementedError } from '../core/errors.js';

export type { WebhookOutcome };

/**
 * The daemon: sources feed new revisions to app controllers; cluster watch events feed drift and
 * health; a resync timer makes a full comparison now and then.
 */
export class Daemon {
  readonly apps = new Map<string, AppController>();
  readonly sources = new Map<string, Source>();
  /** One cluster watch per batch of kinds asked for (ADR 0003), and the kinds watched so far. */
  private readonly unwatches: Array<() => void> = [];
  private readonly watchedKinds = new Set<string>();
  private resyncTimer: TimerHandle | undefined;
  private ready = false;
  private readonly clock: Clock;
  private readonly timers: Timers;
  readonly events: EventBus;
  /** Listeners told when any app's status may have changed (tests, UI). */
  private listeners = new Set<(app: string) => void>();

  constructor(private readonly deps: DaemonDeps) {
    this.clock = deps.clock ?? systemClock;
    this.timers = deps.timers ?? realTimers;
    this.events = deps.events ?? new EventBus();
  }

  get config(): Config {
    return this.deps.config;
  }
  get cluster(): ClusterStore {
    return this.deps.cluster;
  }
  get state(): StateStore {
    return this.deps.state;
  }
  get isReady(): boolean {
    return this.ready;
  }

  onAppChange(listener: (app: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Opens the sources (clones remotes) and creates the app controllers; the API can answer after this. */
  async prepare(): Promise<void> {
    if (this.prepared) return;
    this.prepared = true;
    const { config, logger, recorder } = this.deps;
    for (const s of config.sources) {
      const src = await this.deps.openSource(s, config.cluster.dataDir, recorder, logger);
      this.sources.set(s.name, src);
    }
    for (const a of config.applications) {
      const spec: AppSpec = {
        name: a.name,
        source: a.source,
        path: a.path,
        namespace: a.namespace,
        syncPolicy: { ...a.syncPolicy },
        ignoreDifferences: a.ignoreDifferences,
        revisionHistoryLimit: a.revisionHistoryLimit,
        ...(a.chart ? { chart: a.chart } : {}),
      };
      const ctl = new AppController(spec, this.sources.get(a.source)!, {
        cluster: this.deps.cluster,
        state: this.deps.state,
        clock: this.clock,
        timers: this.timers,
        random: this.deps.random ?? Math.random,
        events: this.events,
        logger,
        recorder,
        ...(this.deps.renderCache ? { renderCache: this.deps.renderCache } : {}),
        chartTools: this.deps.chartTools,
      });
      ctl.onChange = () => this.changed(a.name);
      ctl.onKinds = (kinds) => this.watchKinds(kinds);
      this.apps.set(a.name, ctl);
    }
  }

  private prepared = false;

  /** Watches sources and the cluster, and runs the first full pass of every app. */
  async start(): Promise<void> {
    await this.prepare();
    const { logger } = this.deps;
    // The kinds Tugboat applied (every app's inventory) and the children health follows; a pass about to
    // apply a kind not watched yet widens the watch first (AppController.onKinds).
    this.watchKinds([...CHILD_KINDS, ...[...this.apps.keys()].flatMap((app) => kindsOf(this.deps.state.applied(app).keys()))]);
    await Promise.all([...this.sources.values()].map((s) => s.start().catch((err) => {
      logger.error('source failed to start', { source: s.name, error: String(err) });
    })));
    // New revisions from here on trigger passes; the first pass below reads the revision found at start.
    const detected = (src: Source, rev: string) => this.emit({ name: 'revision.detected', level: 'info', message: `new revision ${rev.slice(0, 12)} on ${src.name}/${src.spec.branch}`, revision: rev, fields: { source: src.name, branch: src.spec.branch } });
    for (const src of this.sources.values()) {
      if (src.revision) detected(src, src.revision);
      src.onFetchFailed((error) => this.emit({ name: 'source.fetchFailed', level: 'warn', message: `source ${src.name} failed to fetch`, fields: { source: src.name, error } }));
      src.onRevision((sha, rev) => {
        detected(src, sha);
        for (const ctl of this.apps.values()) if (ctl.spec.source === src.name) ctl.noteHead(rev);
        const kind = this.webhookPending.delete(src.name) ? 'webhook' : 'auto';
        for (const ctl of this.apps.values()) {
          if (ctl.spec.source === src.name) void ctl.request({ kind }).catch(() => undefined);
        }
      });
    }
    // First pass of every app: a full comparison with the cluster.
    await Promise.all([...this.apps.values()].map((ctl) => ctl.request({ kind: 'auto' }, { full: true }).catch(() => undefined)));
    this.scheduleResync();
    this.ready = true;
  }

  private readonly webhookPending = new Set<string>();

  /** Emits a Tugboat event stamped with the daemon's clock. */
  private emit(e: Omit<TugboatEvent, 'time'>): void {
    this.events.emit({ time: this.clock.now(), ...e });
  }

  /** Opens a watch for the kinds among `kinds` not watched yet (events of all of them go to `route`). */
  private watchKinds(kinds: readonly GroupKind[]): void {
    const fresh = kinds.filter((k) => !this.watchedKinds.has(`${k.group}/${k.kind}`));
    if (fresh.length === 0) return;
    const unique = kindsOf(fresh.map((k) => `${k.group}/${k.kind}//`));
    for (const k of unique) this.watchedKinds.add(`${k.group}/${k.kind}`);
    this.unwatches.push(this.deps.cluster.watch({ kinds: unique }, (ev) => this.route(ev)));
  }

  private scheduleResync(): void {
    this.resyncTimer = this.timers.set(() => {
      for (const ctl of this.apps.values()) void ctl.request({ kind: 'resync' }, { full: true }).catch(() => undefined);
      this.scheduleResync();
    }, this.deps.config.reconcile.resyncInterval);
  }

  /** Routes a cluster event to the app that owns the object (directly or through owner references). */
  private ownerIndex = new Map<string, string>();

  private route(ev: WatchEvent): void {
    const obj = ev.object;
    const tracking = obj.metadata.annotations?.[TRACKING_ANNOTATION];
    if (tracking) {
      const app = tracking.slice(0, tracking.indexOf(':'));
      const ctl = this.apps.get(app);
      if (ctl && obj.metadata.uid) {
        if (ev.type === 'DELETED') this.ownerIndex.delete(obj.metadata.uid);
        else this.ownerIndex.set(obj.metadata.uid, app);
      }
      ctl?.observe(ev, keyString(keyOf(obj)));
      return;
    }
    // A child (ReplicaSet, Pod, Endpoints): remember its uid under the same app, recompute that app's health.
    for (const ref of obj.metadata.ownerReferences ?? []) {
      const app = this.ownerIndex.get(ref.uid);
      if (app) {
        if (obj.metadata.uid) {
          if (ev.type === 'DELETED') this.ownerIndex.delete(obj.metadata.uid);
          else this.ownerIndex.set(obj.metadata.uid, app);
        }
        this.apps.get(app)?.touch();
        return;
      }
    }
  }

  private changed(app: string): void {
    for (const l of this.listeners) l(app);
  }

  app(name: string): AppController {
    const ctl = this.apps.get(name);
    if (!ctl) throw new NotFoundError(`application "${name}" not found`);
    return ctl;
  }

  async sync(name: string, opts: { revision?: string; dryRun?: boolean; prune?: boolean }): Promise<PassResult | undefined> {
    const ctl = this.app(name);
    let revision: string | undefined;
    if (opts.revision) {
      revision = await ctl.source.repo.resolve(opts.revision);
      if (!revision) throw new NotFoundError(`revision "${opts.revision}" not found in source ${ctl.source.name}`);
    }
    return ctl.request({ kind: 'manual', prune: opts.prune ?? false, dryRun: opts.dryRun ?? false, revision }, { full: true });
  }

  /**
   * Manual rollback (SPEC §8): re-applies a history entry's revision (default: the entry before the
   * current one) and quarantines the revision it replaces, so auto-sync waits for a newer commit.
   */
  async rollback(name: string, opts: { id?: number; revision?: string; gitRevert?: boolean }): Promise<PassResult | undefined> {
    const ctl = this.app(name);
    const history = this.deps.state.history(name);
    let entry;
    if (opts.id !== undefined) {
      entry = history.find((h) => h.id === opts.id);
      if (!entry) throw new NotFoundError(`history entry ${opts.id} of application "${name}" not found`);
    } else if (opts.revision) {
      const sha = await ctl.source.repo.resolve(opts.revision);
      entry = sha ? [...history].reverse().find((h) => h.revision === sha && h.result === 'Succeeded') : undefined;
      if (!entry) throw new NotFoundError(`revision "${opts.revision}" was never deployed to application "${name}"`);
    } else {
      const current = this.deps.state.getApp(name)?.syncedDigest;
      entry = [...history].reverse().find((h) => h.result === 'Succeeded' && h.digest !== current);
      if (!entry) throw new NotFoundError(`application "${name}" has no earlier deployment to roll back to`);
    }
    if (opts.gitRevert) return this.rollbackByRevert(ctl, entry);
    return ctl.request({ kind: 'rollback', revision: entry.revision, rollbackOf: entry.id }, { full: true });
  }

  /**
   * `--git-revert`: commit the revert of the app's commits since the entry, then sync the new head. Its
   * digest is the entry's, so the history records it as a git-revert of that entry and nothing is quarantined:
   * git and the cluster agree again.
   */
  private async rollbackByRevert(ctl: AppController, entry: { id: number; revision: string }): Promise<PassResult | undefined> {
    if (!this.deps.gitRevert) throw new NotImplementedError('rollback --git-revert is not available in this daemon');
    // A ConflictError when git cannot revert (the reverter maps git's refusal).
    await this.deps.gitRevert(ctl.source, entry.revision, ctl.spec.path);
    await ctl.source.refresh();
    return ctl.request({ kind: 'auto' }, { full: true });
  }

  /** `tugboat promote APP ROLLOUT [--full]`: the next step (or, with full, every remaining step). */
  promote(name: string, rollout: string, opts: { full?: boolean } = {}): Promise<RolloutCommandResult> {
    return this.app(name).rollouts.promote(rollout, opts.full ?? false);
  }

  /** `tugboat abort APP ROLLOUT`: traffic back to the stable ReplicaSet, the revision quarantined. */
  abort(name: string, rollout: string): Promise<RolloutCommandResult> {
    return this.app(name).rollouts.abort(rollout);
  }

  /**
   * Handles a push webhook, parsed by the HTTP adapter (adapters/git/webhook.ts; undefined when the request is
   * not a push): `verify` checks the request's signature against every matching source's secret; then fetches.
   */
  async webhook(ev: PushNotice | undefined, verify: WebhookVerifier): Promise<WebhookOutcome> {
    if (!ev) {
      this.deps.recorder.webhook({ source: 'unknown', result: 'ignored' });
      return { status: 'ignored', reason: 'not a push event' };
    }
    const urls = new Set(ev.repoUrls.map(normalizeRepoUrl));
    const matches = [...this.sources.values()].filter((s) => s.spec.isRemote && urls.has(normalizeRepoUrl(s.spec.repo)) && (!ev.branch || ev.branch === s.spec.branch));
    // Sources that would accept this push must verify it. With no match, any configured secret must
    // verify it, so an unsigned request cannot probe which repositories are configured.
    const candidates = matches.length > 0 ? matches : [...this.sources.values()];
    const guarded = candidates.filter((s) => s.spec.webhookSecret);
    const ok = (s: Source) => !s.spec.webhookSecret || verify(s.spec.webhookSecret);
    if (guarded.length > 0 && !guarded.some(ok)) {
      const names = matches.length > 0 ? matches.map((s) => s.name) : ['unknown'];
      for (const n of names) this.deps.recorder.webhook({ source: n, result: 'unauthorized' });
      this.emit({ name: 'webhook.refused', level: 'warn', message: `${ev.provider} push webhook refused: signature missing or invalid`, fields: { provider: ev.provider, sources: names } });
      return { status: 'unauthorized' };
    }
    if (matches.length === 0) {
      this.deps.recorder.webhook({ source: 'unknown', result: 'ignored' });
      return { status: 'ignored', reason: 'no source matches this repository and branch' };
    }
    const accepted = matches.filter(ok);
    this.emit({ name: 'webhook.accepted', level: 'info', message: `${ev.provider} push webhook accepted`, fields: { provider: ev.provider, sources: accepted.map((s) => s.name), branch: ev.branch } });
    for (const s of accepted) {
      this.deps.recorder.webhook({ source: s.name, result: 'accepted' });
      this.webhookPending.add(s.name);
      void s.refresh().finally(() => this.webhookPending.delete(s.name));
    }
    return { status: 'accepted', sources: accepted.map((s) => s.name) };
  }

  /** Live children (ReplicaSets, Pods) of the app's workloads, found through owner references. */
  async liveTree(name: string): Promise<Array<{ object: KubeObject; parent?: string }>> {
    const ctl = this.app(name);
    const out: Array<{ object: KubeObject; parent?: string }> = [];
    const byUid = new Map<string, string>();
    const namespaces = new Set<string>();
    for (const key of ctl.resources.keys()) {
      const live = await this.deps.cluster.get(parseKeyString(key));
      if (!live) continue;
      out.push({ object: live });
      if (live.metadata.uid) byUid.set(live.metadata.uid, key);
      if (live.metadata.namespace) namespaces.add(live.metadata.namespace);
    }
    for (const kind of [{ group: 'apps', kind: 'ReplicaSet' }, { group: '', kind: 'Pod' }]) {
      for (const ns of namespaces) {
        const items = await this.deps.cluster.list({ ...kind, namespace: ns });
        // ReplicaSets first so Pods can find them.
        for (const it of items) {
          const parent = (it.metadata.ownerReferences ?? []).find((r) => byUid.has(r.uid));
          if (!parent) continue;
          out.push({ object: it, parent: byUid.get(parent.uid) });
          if (it.metadata.uid) byUid.set(it.metadata.uid, keyString(keyOf(it)));
        }
      }
    }
    return out;
  }

  async stop(): Promise<void> {
    this.ready = false;
    if (this.resyncTimer) this.timers.clear(this.resyncTimer);
    for (const off of this.unwatches.splice(0)) off();
    this.watchedKinds.clear();
    for (const ctl of this.apps.values()) ctl.close();
    for (const s of this.sources.values()) s.close();
  }
}
