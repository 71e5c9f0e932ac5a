/**
 * Runs the rollout state machine (src/core/rollout) for one app's Rollouts: as a sub-step of each
 * reconcile pass, on cluster events of the Rollout's ReplicaSets and pods, and on its own timers (pauses,
 * promotion and scale-down delays, progress deadlines). Each step's state is persisted before its actions
 * are carried out, so `kill -9` anywhere resumes at the same step.
 *
 * It shares one lock with the app's reconcile passes: the app record (quarantine, conditions) is never
 * written by both at once.
 */
import type { ClusterStore, Clock, Logger, Recorder, TimerHandle, Timers } from '../core/ports.js';
import { parseKeyString } from '../core/model/kube-object.js';
import type { AppRecord, Condition, StateStore } from '../core/reconcile/app-state.js';
import type { AppSpec, Trigger } from '../core/reconcile/app-spec.js';
import type { EventBus, TugboatEvent } from '../core/events.js';
import {
  ROLLOUT_GROUP, parseRollout, requestAbort, requestPromote, requestRetry, rolloutView, step, type RolloutState, type RolloutView, type StepResult,
} from '../core/rollout/index.js';
import { executeAction, observeRollout, writeStatus } from './rollout-cluster.js';

export interface RolloutRunnerDeps {
  cluster: ClusterStore;
  state: StateStore;
  clock: Clock;
  timers: Timers;
  logger: Logger;
  recorder: Recorder;
  events: EventBus;
}

export type RolloutCommandResult = { ok: true; rollout: RolloutView } | { ok: false; status: 404 | 409; message: string };

/** A promise chain: one holder at a time. */
export class AppLock {
  private tail: Promise<unknown> = Promise.resolve();
  private held = 0;
  /** Nobody holds or waits for the lock: a synchronous write now cannot interleave with a holder's. */
  get idle(): boolean {
    return this.held === 0;
  }
  run<T>(fn: () => Promise<T>): Promise<T> {
    this.held++;
    const body = async () => {
      try {
        return await fn();
      } finally {
        this.held--;
      }
    };
    const next = this.tail.then(body, body);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

export class RolloutRunner {
  readonly lock = new AppLock();
  private timer: TimerHandle | undefined;
  private timerAt: number | undefined;
  private kickTimer: TimerHandle | undefined;
  private closed = false;
  onChange: () => void = () => undefined;

  constructor(private readonly app: AppSpec, private readonly rolloutKeys: () => string[], private readonly deps: RolloutRunnerDeps) {}

  /** AppStatus.rollouts[] from the persisted state machines of the app's current Rollouts. */
  views(): RolloutView[] {
    const states = this.deps.state.rolloutStates(this.app.name);
    const names = new Set(this.rolloutKeys().map((k) => parseKeyString(k).name));
    return Object.entries(states).filter(([n]) => names.has(n)).sort(([a], [b]) => (a < b ? -1 : 1)).map(([n, s]) => rolloutView(n, s));
  }

  /** Something of a Rollout changed (its ReplicaSets, pods, Services): step again soon, coalesced. */
  kick(): void {
    if (this.closed || this.kickTimer || this.rolloutKeys().length === 0) return;
    this.kickTimer = this.deps.timers.set(() => {
      this.kickTimer = undefined;
      void this.lock.run(() => this.stepAll()).catch((err) => this.deps.logger.error('rollout step failed', { app: this.app.name, error: String(err) }));
    }, 15);
  }

  /** The sub-step of a reconcile pass (the caller holds the lock). */
  async afterPass(trigger: Trigger): Promise<void> {
    if (trigger.kind === 'manual' && trigger.revision) this.retryAborted(trigger.revision);
    await this.stepAll();
  }

  promote(name: string, full: boolean): Promise<RolloutCommandResult> {
    return this.command(name, (s) => {
      if (s.phase === 'Aborted') return `rollout "${name}" is aborted: commit a fix, or sync its revision again to retry`;
      if (s.currentHash === s.stableHash) return `rollout "${name}" has nothing to promote: it is ${s.phase}`;
      return requestPromote(s, full);
    });
  }

  abort(name: string): Promise<RolloutCommandResult> {
    return this.command(name, (s) => {
      if (s.phase === 'Aborted') return `rollout "${name}" is already aborted`;
      if (s.currentHash === s.stableHash) return `rollout "${name}" has nothing to abort: it is ${s.phase}`;
      return requestAbort(s);
    });
  }

  private command(name: string, change: (s: RolloutState) => RolloutState | string): Promise<RolloutCommandResult> {
    return this.lock.run(async () => {
      const key = this.rolloutKeys().find((k) => parseKeyString(k).name === name);
      const state = key ? this.deps.state.rolloutStates(this.app.name)[name] : undefined;
      if (!key || !state) return { ok: false, status: 404, message: `rollout "${name}" not found in application "${this.app.name}"` };
      const next = change(state);
      if (typeof next === 'string') return { ok: false, status: 409, message: next };
      // The request is durable before it is acted on: a restart still promotes (or aborts).
      this.deps.state.putRolloutState(this.app.name, name, next);
      await this.deps.state.flush?.();
      await this.stepOne(key);
      return { ok: true, rollout: rolloutView(name, this.deps.state.rolloutStates(this.app.name)[name]!) };
    });
  }

  /** An explicit sync of an aborted revision retries it and lifts its quarantine. */
  private retryAborted(revision: string): void {
    const states = this.deps.state.rolloutStates(this.app.name);
    let retried = false;
    for (const [name, s] of Object.entries(states)) {
      if (s.phase === 'Aborted' && s.currentRevision === revision) {
        this.deps.state.putRolloutState(this.app.name, name, requestRetry(s));
        retried = true;
      }
    }
    if (!retried) return;
    const rec = this.deps.state.getApp(this.app.name);
    if (rec) {
      rec.quarantined = rec.quarantined.filter((r) => r !== revision);
      rec.conditions = rec.conditions.filter((c) => c.type !== 'RevisionQuarantined' && c.type !== 'RolloutAborted');
      this.deps.state.putApp(rec);
    }
  }

  async stepAll(): Promise<void> {
    if (this.closed) return;
    const keys = this.rolloutKeys();
    this.timerAt = undefined;
    for (const key of keys) await this.stepOne(key);
    this.forgetRemoved(keys);
  }

  private forgetRemoved(keys: string[]): void {
    const names = new Set(keys.map((k) => parseKeyString(k).name));
    for (const name of Object.keys(this.deps.state.rolloutStates(this.app.name))) {
      if (!names.has(name)) this.deps.state.putRolloutState(this.app.name, name, undefined);
    }
  }

  private async stepOne(key: string): Promise<StepResult | undefined> {
    const { cluster, state, clock } = this.deps;
    const k = parseKeyString(key);
    const live = await cluster.get(k);
    if (!live || !live.metadata.uid) return undefined;
    const rec = state.getApp(this.app.name);
    // The revision whose objects are applied: the one being applied while a pass runs.
    const revision = (rec?.operation?.phase === 'Running' ? rec.operation.revision : rec?.syncedRevision) ?? '';
    const parsed = parseRollout(live, revision);
    if (!parsed.ok) return undefined; // invalid Rollouts are never applied; one edited in the cluster waits for git
    const spec = parsed.spec;
    const prev = state.rolloutStates(this.app.name)[spec.name];
    const observed = await observeRollout(cluster, live, spec);
    const now = clock.now();
    const r = step(spec, prev, observed, now);
    // Persist before acting: a restart resumes from here and repeats only idempotent actions.
    // The abort's quarantine and history go with it, in the same synchronous stretch (no reader sees one without the other).
    state.putRolloutState(this.app.name, spec.name, r.state);
    if (r.aborted) this.recordAbort(spec.name, r.aborted);
    else if (prev?.phase === 'Aborted' && r.state.phase !== 'Aborted') this.clearAbort(spec.name);
    await state.flush?.();
    for (const a of r.actions) await executeAction(cluster, live, spec, a);
    await writeStatus(cluster, live, r.status);
    this.publish(spec.name, r, prev);
    if (r.wakeAt !== undefined) this.wakeAt(r.wakeAt);
    // Actions change the cluster; its watch events step again. A pass with nothing to do ends here.
    return r;
  }

  private publish(name: string, r: StepResult, prev: RolloutState | undefined): void {
    const { events, clock, recorder } = this.deps;
    const rec = this.deps.state.getApp(this.app.name);
    for (const e of r.events) {
      const ev: TugboatEvent = {
        time: clock.now(),
        name: e.name,
        level: e.name === 'rollout.aborted' ? 'warn' : 'info',
        message: e.message,
        app: this.app.name,
        ...(r.state.currentRevision ? { revision: r.state.currentRevision } : rec?.syncedRevision ? { revision: rec.syncedRevision } : {}),
        fields: e.fields,
      };
      events.emit(ev);
    }
    recorder.rollout?.({ app: this.app.name, rollout: name, strategy: r.state.strategy, phase: r.state.phase, weight: r.state.weight });
    if (!prev || prev.phase !== r.state.phase || prev.weight !== r.state.weight || prev.currentStep !== r.state.currentStep || r.events.length > 0) this.onChange();
  }

  /**
   * An aborted rollout: the app shows RolloutAborted, the revision is quarantined (auto-sync leaves it
   * alone until a newer commit), and an automatic abort is a rollback (history, metric, event).
   */
  private recordAbort(name: string, a: NonNullable<StepResult['aborted']>): void {
    const { state, recorder, events, clock } = this.deps;
    const rec: AppRecord = state.getApp(this.app.name) ?? { name: this.app.name, conditions: [], quarantined: [] };
    const now = new Date(clock.now()).toISOString();
    if (a.revision && !rec.quarantined.includes(a.revision)) rec.quarantined = [...rec.quarantined, a.revision].slice(-20);
    const why = `rollout ${name} aborted at revision ${a.revision.slice(0, 12)}: ${a.message}; the cluster serves revision ${a.stableRevision.slice(0, 12)}`;
    upsert(rec, { type: 'RolloutAborted', message: why, revision: a.revision, lastTransitionTime: now });
    upsert(rec, { type: 'RevisionQuarantined', message: `revision ${a.revision.slice(0, 12)} is quarantined (rollout ${name} was aborted); auto-sync resumes with the next commit`, revision: a.revision, lastTransitionTime: now });
    if (a.manual) {
      state.putApp(rec);
      return;
    }
    const history = state.history(this.app.name);
    const stableEntry = [...history].reverse().find((h) => h.revision === a.stableRevision && h.result === 'Succeeded');
    state.commitSync(this.app.name, {
      upserts: [],
      removed: [],
      history: {
        revision: a.stableRevision,
        digest: stableEntry?.digest ?? '',
        deployedAt: now,
        cause: 'auto-rollback',
        result: 'Succeeded',
        ...(stableEntry ? { rollbackOf: stableEntry.id } : {}),
        message: `rollout ${name}: ${a.message}`,
      },
      historyLimit: this.app.revisionHistoryLimit,
      record: rec,
    });
    recorder.rolledBack({ app: this.app.name, cause: 'auto-rollback' });
    events.emit({
      time: clock.now(),
      name: 'rollback',
      level: 'warn',
      message: `${this.app.name}: rollout ${name} rolled back automatically from ${a.revision.slice(0, 12)} to ${a.stableRevision.slice(0, 12)}: ${a.message}`,
      app: this.app.name,
      revision: a.stableRevision,
      fields: { from: a.revision, to: a.stableRevision, cause: 'auto-rollback', rollout: name, reason: a.reason },
    });
  }

  private clearAbort(name: string): void {
    const rec = this.deps.state.getApp(this.app.name);
    if (!rec) return;
    const before = rec.conditions.length;
    rec.conditions = rec.conditions.filter((c) => !(c.type === 'RolloutAborted' && c.message.startsWith(`rollout ${name} `)));
    if (rec.conditions.length !== before) this.deps.state.putApp(rec);
  }

  private wakeAt(at: number): void {
    if (this.closed) return;
    if (this.timer && this.timerAt !== undefined && this.timerAt <= at) return;
    if (this.timer) this.deps.timers.clear(this.timer);
    this.timerAt = at;
    this.timer = this.deps.timers.set(() => {
      this.timer = undefined;
      this.timerAt = undefined;
      void this.lock.run(() => this.stepAll()).catch((err) => this.deps.logger.error('rollout step failed', { app: this.app.name, error: String(err) }));
    }, Math.max(0, at - this.deps.clock.now()) + 5);
  }

  close(): void {
    this.closed = true;
    if (this.timer) this.deps.timers.clear(this.timer);
    if (this.kickTimer) this.deps.timers.clear(this.kickTimer);
  }
}

function upsert(rec: AppRecord, c: Condition): void {
  rec.conditions = [...rec.conditions.filter((x) => x.type !== c.type), c];
}

/** Keys of the Rollouts among an app's resource keys. */
export function rolloutKeysOf(keys: Iterable<string>): string[] {
  const out: string[] = [];
  for (const k of keys) if (k.startsWith(`${ROLLOUT_GROUP}/Rollout/`)) out.push(k);
  return out;
}
