/**
 * One reconcile pass of one app: observe → decide → execute → record.
 *
 * - observe (observe.ts): what the cluster and the state store hold, read as the decisions ask for it;
 * - decide (decide.ts, pure): the plan as data — actions, conditions, history entry, result;
 * - execute (execute.ts): the actions through the ClusterStore, returning what the cluster returned;
 * - record (here): the inventory, history and app record, the metrics and the events of what was done.
 *
 * Expected outcomes are results, not exceptions; a broken commit changes nothing in the cluster.
 */
import { ClusterError, type ClusterStore, type Clock, type Logger, type Recorder } from '../ports.js';
import type { KubeObject } from '../model/kube-object.js';
import type { AssembledApp } from '../render/assemble.js';
import type { ResourceChange } from '../diff/index.js';
import type { AppRecord, HistoryEntry, StateStore } from './app-state.js';
import type { AppSpec, Trigger } from './app-spec.js';
import { REASONS } from './reasons.js';
import type { EventBus } from '../events.js';
import { passEmitter, short } from './pass-events.js';
import { decidePass, onApplyFailed, onSynced, type Observed, type PassFacts, type Plan, type PlanResult } from './decide.js';
import { observer } from './observe.js';
import { execute } from './execute.js';

export interface PassDeps {
  cluster: ClusterStore;
  state: StateStore;
  clock: Clock;
  logger: Logger;
  recorder: Recorder;
  /** Tugboat events (SPEC §13): the pass reports its decisions here. */
  events?: EventBus;
}

export interface PassInput {
  app: AppSpec;
  revision: string;
  /** The rendered desired state at `revision`. */
  rendered: AssembledApp;
  trigger: Trigger;
  /** `full` compares every object with the cluster; a set limits the live comparison to these keys (plus any object whose desired hash differs from what was applied). */
  scope: 'full' | ReadonlySet<string>;
  /** Commit time (ms) of `revision`, for the commit-to-applied metric. */
  commitTime?: number;
}

export type PassKind = 'synced' | 'unchanged' | 'outOfSync' | 'stalled' | 'failed';

export interface PassResult {
  kind: PassKind;
  reason: string;
  /** Sync status of the keys compared in this pass (other keys keep their previous status). */
  compared: Map<string, 'Synced' | 'OutOfSync'>;
  /** Keys that left the desired set (pruned or awaiting prune). */
  removed: string[];
  /** Keys awaiting prune (not deleted). */
  pendingPrune: string[];
  changes: ResourceChange[];
  history?: HistoryEntry;
  record: AppRecord;
  /** What the cluster returned for each object this pass applied, by key (empty when nothing was applied). */
  appliedObjects: ReadonlyMap<string, KubeObject>;
  /** The pass's decisions (plan-text.ts prints them). */
  plan: Plan;
}

/** The PassKind of a plan's result (requeue is `failed`: the daemon retries it with backoff). */
export function passKind(result: PlanResult): PassKind {
  switch (result.kind) {
    case 'synced':
      return 'synced';
    case 'unchanged':
      return result.outOfSync ? 'outOfSync' : 'unchanged';
    case 'requeue':
      return 'failed';
    case 'stalled':
      return 'stalled';
  }
}

const NOTHING_APPLIED: ReadonlyMap<string, KubeObject> = new Map();

/**
 * One reconcile pass of one app: observe → decide → execute → record.
 * Expected outcomes are results, not exceptions; a broken commit changes nothing in the cluster.
 */
export async function reconcileApp(input: PassInput, deps: PassDeps): Promise<PassResult> {
  const { app, revision, rendered, trigger } = input;
  const { cluster, state, clock, recorder } = deps;
  const started = clock.now();
  const emit = passEmitter(deps.events, clock, app.name, revision);
  const dryRun = trigger.kind === 'manual' && trigger.dryRun;
  const facts: PassFacts = { app, revision, trigger, rendered, record: state.getApp(app.name), started, now: started };

  // Observe and decide: each answer the decisions ask for is read when they ask.
  const observe = observer(input, { cluster, state, clock, emit, started });
  const decisions = decidePass(facts);
  let step = decisions.next();
  while (!step.done) {
    const value: Observed[keyof Observed] = await observe(step.value);
    step = decisions.next({ now: clock.now(), value });
  }
  let plan = step.value;
  for (const e of plan.events) emit(e.name, e.level, e.message, e.fields);

  const result = (p: Plan, extra: Partial<PassResult> = {}): PassResult => ({
    ...p.view, appliedObjects: NOTHING_APPLIED, ...extra, kind: passKind(p.result), reason: p.result.reason, record: p.record, plan: p,
  });
  const finish = (p: Plan, metric: 'synced' | 'unchanged' | 'error', extra: Partial<PassResult> = {}): PassResult => {
    if (!dryRun) state.putApp(p.record);
    recorder.reconciled({ app: app.name, result: metric, seconds: (clock.now() - started) / 1000 });
    return result(p, extra);
  };

  // Ownership, validation and field conflicts refuse the sync before anything is applied.
  if (plan.result.kind === 'stalled' && plan.result.reason !== REASONS.renderFailed) recorder.synced({ app: app.name, phase: 'Failed' });
  if (plan.mode !== 'sync') {
    await execute(plan, { cluster, state, clock, emit });
    // A dry run reports what a sync would find and records nothing.
    if (plan.mode === 'dryRun') return result(plan);
    return finish(plan, plan.result.kind === 'stalled' ? 'error' : 'unchanged');
  }

  // Execute: intent first, then the applies and prunes.
  const done = await execute(plan, { cluster, state, clock, emit });
  if (!done.ok) {
    // What was applied before the failure is recorded; the rest is retried by the next pass.
    state.recordApplied(app.name, done.applied, done.pruned);
    const err = done.error;
    const message = err instanceof ClusterError ? err.message : `apply failed: ${err instanceof Error ? err.message : String(err)}`;
    const decided = plan.events.length;
    plan = onApplyFailed(facts, plan, { message, applied: done.applied.length }, clock.now());
    recorder.synced({ app: app.name, phase: 'Failed' });
    for (const e of plan.events.slice(decided)) emit(e.name, e.level, e.message, e.fields);
    return finish(plan, 'error', { appliedObjects: done.objects });
  }

  // Record: the inventory, the history entry and the record in one transaction.
  const { compared, changes } = plan.view;
  for (const k of done.pruned) compared.delete(k);
  for (const c of changes) compared.set(`${c.key.group}/${c.key.kind}/${c.key.namespace}/${c.key.name}`, 'Synced');
  const synced = onSynced(facts, plan, { applied: changes.length, pruned: done.pruned.length }, clock.now());
  const entry = synced.history;
  const history = state.commitSync(app.name, { upserts: done.applied, removed: done.pruned, history: entry, historyLimit: app.revisionHistoryLimit, record: synced.record });
  const fromRevision = facts.record?.syncedRevision;
  if (entry && entry.cause === 'git-revert') {
    recorder.rolledBack({ app: app.name, cause: 'git-revert' });
    emit('rollback', 'warn', `rolled back to the state of history entry ${entry.rollbackOf} by a git revert`, { from: fromRevision, to: revision, cause: 'git-revert', rollbackOf: entry.rollbackOf });
  }
  if (trigger.kind === 'rollback') {
    recorder.rolledBack({ app: app.name, cause: trigger.cause ?? 'manual' });
    emit('rollback', 'warn', `rolled back from ${short(fromRevision)} to ${short(revision)}`, { from: fromRevision, to: revision, cause: trigger.cause ?? 'manual', rollbackOf: trigger.rollbackOf });
    if (synced.afterCommit) state.putApp(synced.afterCommit);
  }
  const isManual = trigger.kind === 'manual' || trigger.kind === 'rollback';
  if (entry && input.commitTime !== undefined && !isManual) {
    recorder.commitToApplied({ app: app.name, seconds: Math.max(0, clock.now() - input.commitTime) / 1000 });
  }
  recorder.synced({ app: app.name, phase: 'Succeeded' });
  if (done.pruned.length > 0) emit('pruned', 'info', `pruned ${done.pruned.length} object(s) that left git`, { count: done.pruned.length, resources: done.pruned.slice(0, 50) });
  if (plan.healsDrift) {
    emit('drift.healed', 'info', `undid changes made in the cluster to ${changes.length} object(s)`, { count: changes.length, resources: changes.slice(0, 50).map((c) => `${c.key.group}/${c.key.kind}/${c.key.namespace}/${c.key.name}`) });
  }
  const { outcomes } = done;
  emit('sync.finished', 'info', `sync of ${short(revision)} finished`, {
    cause: entry?.cause ?? plan.cause, ...outcomes, unchanged: rendered.objects.length - outcomes.created - outcomes.configured, pruned: done.pruned.length, durationMs: clock.now() - started,
  });
  const kind = passKind(plan.result);
  recorder.reconciled({ app: app.name, result: kind === 'synced' ? 'synced' : 'unchanged', seconds: (clock.now() - started) / 1000 });
  return { ...result(plan), record: synced.afterCommit ?? synced.record, appliedObjects: done.objects, history };
}
