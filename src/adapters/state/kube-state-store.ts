/**
 * The StateStore of `cluster.type: kube`: every app's record, history, prune inventory and Rollout states
 * live in the cluster (one Secret per app in `tugboat-system`, see state-secret.ts), so a daemon keeps
 * nothing it needs on local disk and can restart on another machine with an empty dataDir.
 *
 * Reads are served from memory (loaded from the cluster before the daemon acts). Every change is queued
 * for its app's Secret at once; `flush()` waits until all of them are stored and throws when one could not
 * be, and the reconcile pass and the Rollout runner call it before they act, so what they are about to do
 * is written before it is done (as the SQLite store's transactions are). Writes carry the resourceVersion
 * last read or written: a 409 means another Tugboat wrote the app's state since, and this one refuses to
 * overwrite it — unless leader election says this one leads (the other write was a former leader's,
 * landed late).
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { ClusterError, type Logger } from '../../core/ports.js';
import type { AppRecord, AppliedObject, HistoryEntry, StateStore } from '../../core/reconcile/app-state.js';
import type { RolloutState } from '../../core/rollout/types.js';
import { KubeTransport } from '../cluster/kube/transport.js';
import {
  decodeAppState, emptyAppState, encodeAppState, MAX_STATE_BYTES, STATE_LABEL, STATE_NAMESPACE, stateSecret, stateSecretName, type AppState,
} from './state-secret.js';

export interface KubeStateStoreOptions {
  /** Loads the connection (kubeconfig and context); called again after a failed load. */
  kubeConfig: () => KubeConfig;
  logger: Logger;
  /** Throws unless this replica may write (leader election); absent: always. */
  canWrite?: (what: string) => void;
}

interface SecretObject {
  metadata?: { name?: string; resourceVersion?: string; labels?: Record<string, string> };
  data?: Record<string, string>;
}

export class KubeStateStore implements StateStore {
  private apps = new Map<string, AppState>();
  private versions = new Map<string, string>();
  /** The encoded value last stored per app (a write of the same value is skipped). */
  private stored = new Map<string, string>();
  private transport: KubeTransport | undefined;
  private loaded = false;
  private loadError: string | undefined;
  private readonly pending = new Set<string>();
  private readonly failed = new Map<string, Error>();
  private draining: Promise<void> | undefined;
  private namespaceReady = false;

  constructor(private readonly opts: KubeStateStoreOptions) {}

  get isLoaded(): boolean {
    return this.loaded;
  }

  /** Why the last load failed (shown until one succeeds). */
  get lastLoadError(): string | undefined {
    return this.loadError;
  }

  private connection(): KubeTransport {
    if (!this.transport) {
      let kc: KubeConfig;
      try {
        kc = this.opts.kubeConfig();
      } catch (err) {
        throw new ClusterError(503, 'ServiceUnavailable', err instanceof Error ? err.message : String(err));
      }
      this.transport = new KubeTransport(kc, { attempts: 3, baseMs: 200, maxMs: 2000 });
    }
    return this.transport;
  }

  /**
   * Reads every app's Secret and replaces what is in memory. Call it only while nothing writes (before
   * the daemon starts, or on a standby). Throws a ClusterError when the cluster cannot be read.
   */
  load(): Promise<void> {
    // One at a time, in call order: the last load called is the state in memory.
    const next = this.loading.catch(() => undefined).then(() => this.loadOnce());
    this.loading = next;
    return next;
  }

  private loading: Promise<void> = Promise.resolve();

  private async loadOnce(): Promise<void> {
    // Writes queued meanwhile cannot have been stored (nothing is written before a load): let them fail first.
    await this.settle();
    try {
      const t = this.connection();
      const apps = new Map<string, AppState>();
      const versions = new Map<string, string>();
      const stored = new Map<string, string>();
      let cont: string | undefined;
      do {
        const res = await t.request('GET', `/api/v1/namespaces/${STATE_NAMESPACE}/secrets`, {
          query: { labelSelector: `${STATE_LABEL}=app`, limit: '100', continue: cont },
          what: `list secrets in namespace "${STATE_NAMESPACE}"`,
        });
        const body = res.body as { items?: SecretObject[]; metadata?: { continue?: string } };
        for (const s of body.items ?? []) {
          const app = s.metadata?.labels?.['tugboat.dev/app'];
          const value = s.data?.['state'];
          if (!app || value === undefined || s.metadata?.name !== stateSecretName(app)) continue;
          try {
            apps.set(app, decodeAppState(value));
          } catch (err) {
            throw new ClusterError(500, 'InternalError', `the state of application "${app}" in Secret ${STATE_NAMESPACE}/${s.metadata?.name} cannot be read: ${err instanceof Error ? err.message : String(err)}`);
          }
          versions.set(app, s.metadata?.resourceVersion ?? '');
          stored.set(app, value);
        }
        cont = body.metadata?.continue || undefined;
      } while (cont);
      this.apps = apps;
      this.versions = versions;
      this.stored = stored;
      this.failed.clear();
      this.loaded = true;
      this.loadError = undefined;
    } catch (err) {
      this.transport?.close();
      this.transport = undefined;
      this.loadError = err instanceof Error ? err.message : String(err);
      throw err;
    }
  }

  /**
   * Until the state is read, an app shows why (a SyncError in memory only: nothing is written, and the
   * state read later replaces it).
   */
  showUnavailable(apps: readonly string[], message: string): void {
    if (this.loaded) return;
    for (const name of apps) {
      const s = this.app(name);
      s.record = { name, conditions: [{ type: 'SyncError', message }], quarantined: [] };
    }
  }

  private app(name: string): AppState {
    let s = this.apps.get(name);
    if (!s) {
      s = emptyAppState();
      this.apps.set(name, s);
    }
    return s;
  }

  getApp(name: string): AppRecord | undefined {
    const r = this.apps.get(name)?.record;
    return r ? structuredClone(r) : undefined;
  }

  putApp(record: AppRecord): void {
    this.app(record.name).record = structuredClone(record);
    this.changed(record.name);
  }

  history(app: string): HistoryEntry[] {
    return (this.apps.get(app)?.history ?? []).map((h) => ({ ...h }));
  }

  addHistory(app: string, entry: Omit<HistoryEntry, 'id'>, limit: number): HistoryEntry {
    const full = this.appendHistory(app, entry, limit);
    this.changed(app);
    return full;
  }

  private appendHistory(app: string, entry: Omit<HistoryEntry, 'id'>, limit: number): HistoryEntry {
    const s = this.app(app);
    const full: HistoryEntry = { id: (s.history.at(-1)?.id ?? 0) + 1, ...entry };
    s.history = [...s.history, full].filter((h) => h.id > full.id - limit);
    return { ...full };
  }

  applied(app: string): Map<string, AppliedObject> {
    return this.app(app).applied;
  }

  ownersOf(keys: readonly string[], except: string): Map<string, string> {
    const out = new Map<string, string>();
    for (const k of keys) {
      for (const [name, s] of this.apps) {
        if (name !== except && s.applied.has(k)) {
          out.set(k, name);
          break;
        }
      }
    }
    return out;
  }

  recordApplied(app: string, upserts: AppliedObject[], removed: string[]): void {
    this.writeApplied(app, upserts, removed);
    this.changed(app);
  }

  private writeApplied(app: string, upserts: AppliedObject[], removed: string[]): void {
    const m = this.app(app).applied;
    for (const o of upserts) m.set(o.key, o);
    for (const k of removed) m.delete(k);
  }

  commitSync(app: string, change: { upserts: AppliedObject[]; removed: string[]; history?: Omit<HistoryEntry, 'id'>; historyLimit: number; record: AppRecord }): HistoryEntry | undefined {
    this.writeApplied(app, change.upserts, change.removed);
    const h = change.history ? this.appendHistory(app, change.history, change.historyLimit) : undefined;
    this.app(app).record = structuredClone(change.record);
    this.changed(app);
    return h;
  }

  rolloutStates(app: string): Record<string, RolloutState> {
    return structuredClone(this.apps.get(app)?.rollouts ?? {});
  }

  putRolloutState(app: string, rollout: string, state: RolloutState | undefined): void {
    const s = this.app(app);
    const next = { ...s.rollouts };
    if (state === undefined) delete next[rollout];
    else next[rollout] = structuredClone(state);
    s.rollouts = next;
    this.changed(app);
  }

  /** Queues the app's Secret for writing (changes made in one synchronous stretch go out together). */
  private changed(app: string): void {
    this.pending.add(app);
    this.failed.delete(app);
    this.kick();
  }

  /** Starts writing the pending apps unless a writer runs (it picks up what is added meanwhile). */
  private kick(): void {
    if (this.draining) return;
    this.draining = Promise.resolve().then(() => this.drain()).finally(() => {
      this.draining = undefined;
      if (this.pending.size > 0) this.kick();
    });
  }

  /** Until nothing is pending or being written. */
  private async settle(): Promise<void> {
    for (;;) {
      while (this.draining) await this.draining;
      if (this.pending.size === 0) return;
      this.kick();
    }
  }

  private async drain(): Promise<void> {
    while (this.pending.size > 0) {
      const app = this.pending.values().next().value as string;
      this.pending.delete(app);
      try {
        await this.write(app);
      } catch (err) {
        this.failed.set(app, err instanceof Error ? err : new Error(String(err)));
        this.opts.logger.warn('could not store application state in the cluster', { app, error: err instanceof Error ? err.message : String(err) });
      }
    }
  }

  /**
   * Resolves when every change made so far is stored in the cluster; throws (a ClusterError) when one
   * could not be, after one more attempt.
   */
  async flush(): Promise<void> {
    await this.settle();
    if (this.failed.size === 0) return;
    for (const app of this.failed.keys()) this.pending.add(app);
    this.failed.clear();
    await this.settle();
    const first = this.failed.entries().next().value as [string, Error] | undefined;
    if (first) {
      const [app, err] = first;
      throw err instanceof ClusterError ? err : new ClusterError(503, 'ServiceUnavailable', `cannot store the state of application "${app}": ${err.message}`);
    }
  }

  private async write(app: string): Promise<void> {
    const name = stateSecretName(app);
    this.opts.canWrite?.(`store the state of application "${app}"`);
    if (!this.loaded) {
      throw new ClusterError(503, 'ServiceUnavailable', `cannot store the state of application "${app}": Tugboat's state has not been read from the cluster yet${this.loadError ? ` (${this.loadError})` : ''}`);
    }
    const value = encodeAppState(this.app(app));
    if (this.stored.get(app) === value) return;
    if (value.length > MAX_STATE_BYTES) {
      throw new ClusterError(413, 'RequestEntityTooLarge', `the state of application "${app}" is ${value.length} bytes compressed, over the ${MAX_STATE_BYTES}-byte limit of Secret ${STATE_NAMESPACE}/${name}; lower revisionHistoryLimit or split the app`);
    }
    const t = this.connection();
    const rv = this.versions.get(app);
    const what = (verb: string) => `${verb} secret "${name}" in namespace "${STATE_NAMESPACE}"`;
    try {
      const res = rv
        ? await t.request('PUT', `/api/v1/namespaces/${STATE_NAMESPACE}/secrets/${name}`, { body: stateSecret(app, value, rv), what: what('update') })
        : await this.create(t, app, value, what('create'));
      this.versions.set(app, (res.body as SecretObject).metadata?.resourceVersion ?? '');
      this.stored.set(app, value);
    } catch (err) {
      if (!(err instanceof ClusterError && err.code === 409)) throw err;
      // Our own earlier write may have landed without its answer reaching us: then adopt its version.
      const cur = await t.request('GET', `/api/v1/namespaces/${STATE_NAMESPACE}/secrets/${name}`, { what: what('get') }).then((r) => r.body as SecretObject, () => undefined);
      if (cur?.data?.['state'] === value) {
        this.versions.set(app, cur.metadata?.resourceVersion ?? '');
        this.stored.set(app, value);
        return;
      }
      if (this.opts.canWrite && cur?.metadata?.resourceVersion) {
        // With leader election only the leader passes canWrite: the other write was a former leader's,
        // sent before it stepped down and landed late. The leader's state wins.
        this.opts.canWrite(`store the state of application "${app}"`);
        this.opts.logger.warn('application state was written by a former leader meanwhile; overwriting it with the leader\'s', { app });
        const res = await t.request('PUT', `/api/v1/namespaces/${STATE_NAMESPACE}/secrets/${name}`, { body: stateSecret(app, value, cur.metadata.resourceVersion), what: what('update') });
        this.versions.set(app, (res.body as SecretObject).metadata?.resourceVersion ?? '');
        this.stored.set(app, value);
        return;
      }
      throw new ClusterError(409, 'Conflict', `the state of application "${app}" (Secret ${STATE_NAMESPACE}/${name}) was changed by another replica; this one no longer writes it`);
    }
  }

  private async create(t: KubeTransport, app: string, value: string, what: string) {
    if (!this.namespaceReady) {
      try {
        await t.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: STATE_NAMESPACE, labels: { 'app.kubernetes.io/managed-by': 'tugboat' } } }, what: `create namespace "${STATE_NAMESPACE}"` });
      } catch (err) {
        if (!(err instanceof ClusterError && err.code === 409)) throw err;
      }
      this.namespaceReady = true;
    }
    return t.request('POST', `/api/v1/namespaces/${STATE_NAMESPACE}/secrets`, { body: stateSecret(app, value), what });
  }

  close(): void {
    this.transport?.close();
  }
}
