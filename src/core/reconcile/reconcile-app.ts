import { ClusterError, FIELD_MANAGER, type ClusterStore, type Clock, type Logger, type Recorder } from '../ports.js';
import { parseKeyString, splitApiVersion, type KubeObject } from '../model/kube-object.js';
import type { AssembledApp, DesiredObject } from '../render/assemble.js';
import { compareApp, type ResourceChange } from '../diff/index.js';
import { planPrune, sortForApply, sortForDelete, kindRank } from '../plan/index.js';
import type { AppliedObject, AppRecord, Condition, ConditionType, HistoryCause, HistoryEntry, StateStore } from './app-state.js';
import { ignoredPointers, type AppSpec, type Trigger } from './app-spec.js';
import { REASONS } from './reasons.js';
import { formatProblem } from '../render/manifest-parse.js';
import type { EventBus } from '../events.js';
import { passEmitter, progressTicker, short } from './pass-events.js';
import { ownershipConflicts, ownershipMessage } from './ownership.js';
import { checkRollouts } from '../rollout/check-app.js';
import { fieldConflicts, forcesConflicts } from './field-conflicts.js';

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
}

function emptyRecord(name: string): AppRecord {
  return { name, conditions: [], quarantined: [] };
}

function setCondition(record: AppRecord, type: ConditionType, message: string | undefined, revision: string, now: string): void {
  const others = record.conditions.filter((c) => c.type !== type);
  if (message === undefined) {
    record.conditions = others;
    return;
  }
  const prev = record.conditions.find((c) => c.type === type);
  const cond: Condition = { type, message, revision, lastTransitionTime: prev?.message === message ? prev.lastTransitionTime : now };
  record.conditions = [...others, cond];
}

function historyCause(trigger: Trigger): HistoryCause {
  switch (trigger.kind) {
    case 'manual':
      return 'manual';
    case 'rollback':
      return trigger.cause ?? 'rollback';
    case 'webhook':
      return 'webhook';
    case 'auto':
    case 'resync':
    case 'drift':
      return 'auto';
  }
}

/**
 * One reconcile pass of one app: compare → (validate → apply → prune) → record.
 * Expected outcomes are results, not exceptions; a broken commit changes nothing in the cluster.
 */
export async function reconcileApp(input: PassInput, deps: PassDeps): Promise<PassResult> {
  const { app, revision, rendered, trigger } = input;
  const { cluster, state, clock, recorder } = deps;
  const started = clock.now();
  const emit = passEmitter(deps.events, clock, app.name, revision);
  const nowIso = () => new Date(clock.now()).toISOString();
  const record: AppRecord = structuredClone(state.getApp(app.name) ?? emptyRecord(app.name));
  const fromRevision = record.syncedRevision;
  // A failure already reported for this revision is not reported again by each retry (a user's sync always is).
  const prevSyncError = record.conditions.find((c) => c.type === 'SyncError');
  const newFailure = (message: string) => trigger.kind === 'manual' || prevSyncError?.revision !== revision || prevSyncError.message !== message;
  const isRollback = trigger.kind === 'rollback';
  const isManual = trigger.kind === 'manual' || isRollback;
  const dryRun = trigger.kind === 'manual' && trigger.dryRun;
  if (!isManual) record.targetRevision = revision;
  if (isRollback && record.targetRevision && record.targetRevision !== revision && !record.quarantined.includes(record.targetRevision)) {
    // Auto-sync must not bring back what was just rolled away from, until a newer commit arrives.
    record.quarantined = [...record.quarantined, record.targetRevision].slice(-20);
  }
  const base = { compared: new Map<string, 'Synced' | 'OutOfSync'>(), removed: [] as string[], pendingPrune: [] as string[], changes: [] as ResourceChange[] };

  const finish = (kind: PassKind, reason: string, result: 'synced' | 'unchanged' | 'error', extra: Partial<PassResult> = {}): PassResult => {
    if (!dryRun) state.putApp(record);
    recorder.reconciled({ app: app.name, result, seconds: (clock.now() - started) / 1000 });
    return { ...base, ...extra, kind, reason, record };
  };

  // 1. Render errors: show them, apply nothing, wait for a new commit.
  if (rendered.errors.length > 0) {
    const message = rendered.errors.map((e) => formatProblem(e)).join('\n');
    const prev = record.conditions.find((c) => c.type === 'RenderError');
    if (!dryRun && (prev?.revision !== revision || prev.message !== message)) emit('render.failed', 'error', `render failed at ${short(revision)}: ${message.split('\n')[0]}`, { message });
    setCondition(record, 'RenderError', message, revision, nowIso());
    return finish('stalled', REASONS.renderFailed, 'error');
  }
  setCondition(record, 'RenderError', undefined, revision, nowIso());
  setCondition(record, 'SourceError', undefined, revision, nowIso());

  // 2. Compare desired with live.
  const applied = state.applied(app.name);
  const comparison = await compareApp(rendered.objects, (k) => cluster.get(k), {
    applied,
    ignoreFor: (k) => [{ jsonPointers: ignoredPointers(app, k.group, k.kind, k.namespace, k.name) }],
    scope: input.scope,
    // Creating needs no field-level diff here (reports compute it on demand).
    detailCreates: false,
    sameHashUsesDesired: true,
    onEach: progressTicker(emit, clock, 'compare', rendered.objects.length, started),
  });
  // Objects whose live state already matches but are not recorded at this hash are applied (recorded) too,
  // so later passes can skip them; only these keep their live copy (the ownership check reads it).
  const { changes, pending: toApply, pendingLive: liveByKey, gitChanges, removed: pruneCandidates } = comparison;
  base.compared = comparison.compared;
  base.changes = changes;
  base.removed = pruneCandidates;

  // 3. Decide whether this pass syncs.
  const quarantined = !isManual && record.quarantined.includes(revision);
  if (quarantined) {
    setCondition(record, 'RevisionQuarantined', `revision ${revision.slice(0, 12)} is quarantined (it was rolled back); auto-sync resumes with the next commit`, revision, nowIso());
  } else if (!isRollback) {
    setCondition(record, 'RevisionQuarantined', undefined, revision, nowIso());
  }
  const driftOnly = gitChanges === 0 && pruneCandidates.length === 0;
  const wantsPrune = trigger.kind === 'manual' ? trigger.prune || app.syncPolicy.prune : app.syncPolicy.prune;
  let shouldSync: boolean;
  if (isManual) shouldSync = true;
  else if (!app.syncPolicy.automated || quarantined) shouldSync = false;
  else if (driftOnly) shouldSync = app.syncPolicy.selfHeal && changes.length > 0;
  else shouldSync = true;

  const nothingToDo = changes.length === 0 && (pruneCandidates.length === 0 || !wantsPrune);
  const newDigest = rendered.digest !== record.syncedDigest;
  if (!shouldSync || (nothingToDo && !newDigest && !isManual)) {
    // Record objects whose live state already matched, then report.
    const quiet = toApply.filter((d) => base.compared.get(d.key) === 'Synced');
    if (quiet.length > 0 && !dryRun) state.recordApplied(app.name, quiet.map(asApplied), []);
    if (!newDigest && !isManual) record.syncedRevision = revision;
    base.pendingPrune = pruneCandidates;
    const inSync = changes.length === 0 && pruneCandidates.length === 0;
    // A new digest the cluster already matches (the commit changed only what the API server treats as
    // absent, like `resources: {}`): the cluster holds this revision, so the app is Synced at it.
    if (newDigest && inSync && !isManual && !dryRun) {
      record.syncedRevision = revision;
      record.syncedDigest = rendered.digest;
    }
    return finish(inSync ? 'unchanged' : 'outOfSync', inSync ? REASONS.upToDate : quarantined ? REASONS.quarantined : REASONS.outOfSync, 'unchanged');
  }

  // 3b. Objects another app owns are not taken: nothing of this sync is applied.
  const conflicts = ownershipConflicts(app.name, toApply, liveByKey, applied, state);
  if (conflicts.length > 0) {
    const message = ownershipMessage(conflicts);
    setCondition(record, 'SyncError', message, revision, nowIso());
    if (!dryRun) record.operation = { phase: 'Failed', revision, startedAt: new Date(started).toISOString(), finishedAt: nowIso(), message, cause: historyCause(trigger) };
    recorder.synced({ app: app.name, phase: 'Failed' });
    return finish('stalled', REASONS.ownedByOtherApp, 'error');
  }

  // 4. Validate everything before writing anything.
  const applyObjects = sortForApply(toApply.map((d) => d.object));
  const problems = await cluster.validate(applyObjects);
  // Rollouts are Tugboat's own kind: it checks them as the API server checks its kinds (SPEC §7).
  for (const p of await checkRollouts(rendered.objects.map((d) => d.object), cluster)) problems.push({ key: p.key, error: new ClusterError(422, 'Invalid', p.message) });
  if (problems.length > 0) {
    const message = problems.map((p) => p.error.message).join('\n');
    setCondition(record, 'SyncError', message, revision, nowIso());
    record.operation = { phase: 'Failed', revision, startedAt: new Date(started).toISOString(), finishedAt: nowIso(), message, cause: historyCause(trigger) };
    recorder.synced({ app: app.name, phase: 'Failed' });
    if (!dryRun && newFailure(message)) emit('sync.failed', 'error', `sync of ${short(revision)} failed validation: ${message.split('\n')[0]}`, { stage: 'validate', message, durationMs: clock.now() - started });
    return finish('stalled', REASONS.invalidObjects, 'error');
  }

  // 4b. Fields other managers own are taken only where the app's policy says so: refused before anything is applied.
  const force = forcesConflicts(app, trigger);
  if (!force) {
    const refused = await fieldConflicts(cluster, applyObjects, (o) => liveByKey.get(keyOfObject(o)));
    if (refused.length > 0) {
      const message = `${refused.join('\n')}\n(another field manager owns these fields: set syncPolicy.forceConflicts or selfHeal, or run tugboat sync ${app.name}, to take them)`;
      setCondition(record, 'SyncError', message, revision, nowIso());
      if (!dryRun) record.operation = { phase: 'Failed', revision, startedAt: new Date(started).toISOString(), finishedAt: nowIso(), message, cause: historyCause(trigger) };
      recorder.synced({ app: app.name, phase: 'Failed' });
      if (!dryRun && newFailure(message)) emit('sync.failed', 'error', `sync of ${short(revision)} failed: ${refused[0]}`, { stage: 'validate', message, durationMs: clock.now() - started });
      return finish('stalled', REASONS.fieldConflict, 'error');
    }
  }

  // 5. Prune plan with the mass-deletion guard.
  let prune: string[] = [];
  if (wantsPrune && pruneCandidates.length > 0) {
    const plan = planPrune({
      inventory: [...applied.keys()].map(parseKeyString),
      desired: rendered.objects.map((o) => parseKeyString(o.key)),
      allowMassPrune: trigger.kind === 'manual' && trigger.prune,
    });
    if (plan.blocked) {
      const prev = record.conditions.find((c) => c.type === 'PruneBlocked');
      if (prev?.revision !== revision && !dryRun) emit('prune.blocked', 'warn', plan.reason ?? REASONS.pruneBlocked, { candidates: pruneCandidates.length, inventory: applied.size });
      setCondition(record, 'PruneBlocked', plan.reason ?? REASONS.pruneBlocked, revision, nowIso());
      base.pendingPrune = pruneCandidates;
    } else {
      setCondition(record, 'PruneBlocked', undefined, revision, nowIso());
      prune = sortForDelete(plan.prune).map((k) => `${k.group}/${k.kind}/${k.namespace}/${k.name}`);
    }
  } else {
    setCondition(record, 'PruneBlocked', undefined, revision, nowIso());
    base.pendingPrune = pruneCandidates;
  }

  if (dryRun) {
    for (const o of applyObjects) await cluster.apply(o, { fieldManager: FIELD_MANAGER, dryRun: true }).catch(() => undefined);
    // What a sync would find: nothing to apply or prune is in sync, as a real pass reports it.
    const inSync = changes.length === 0 && pruneCandidates.length === 0;
    return { ...base, kind: inSync ? 'unchanged' : 'outOfSync', reason: REASONS.dryRun, record };
  }

  // 6. Write the intent before acting, then apply in order: Namespaces and CRDs first.
  const cause = historyCause(trigger);
  record.operation = { phase: 'Running', revision, startedAt: new Date(started).toISOString(), message: '', cause };
  state.putApp(record);
  const byKey = new Map(toApply.map((d) => [d.key, d]));
  const done: AppliedObject[] = [];
  const pruned: string[] = [];
  const outcomes = { created: 0, configured: 0, unchanged: 0 };
  emit('sync.started', 'info', `sync of ${short(revision)} started (${applyObjects.length} to apply, ${prune.length} to prune)`, { cause, apply: applyObjects.length, prune: prune.length });
  const progress = progressTicker(emit, clock, 'apply', applyObjects.length);
  try {
    await state.flush?.();
    await ensureNamespace(cluster, app.namespace);
    for (const tier of tiers(applyObjects)) {
      // A tier goes out in slices: a big first sync reports progress between them, and the done list
      // (recorded on a failure) grows slice by slice.
      for (let i = 0; i < tier.length; i += APPLY_SLICE) {
        const slice = tier.slice(i, i + APPLY_SLICE);
        await Promise.all(slice.map((o) => cluster.apply(o, { fieldManager: FIELD_MANAGER, force }).then((r) => { outcomes[r.outcome]++; progress(); })));
        for (const o of slice) done.push(asApplied(byKey.get(keyOfObject(o))!));
      }
    }
    for (const key of prune) {
      await cluster.delete(parseKeyString(key), { manager: FIELD_MANAGER, propagationPolicy: PROPAGATION[app.syncPolicy.prunePropagationPolicy ?? 'background'] });
      pruned.push(key);
    }
  } catch (err) {
    // What was applied before the failure is recorded; the rest is retried by the next pass.
    state.recordApplied(app.name, done, pruned);
    const message = err instanceof ClusterError ? err.message : `apply failed: ${err instanceof Error ? err.message : String(err)}`;
    setCondition(record, 'SyncError', message, revision, nowIso());
    record.operation = { phase: 'Failed', revision, startedAt: new Date(started).toISOString(), finishedAt: nowIso(), message, cause };
    recorder.synced({ app: app.name, phase: 'Failed' });
    if (newFailure(message)) emit('sync.failed', 'error', `sync of ${short(revision)} failed: ${message.split('\n')[0]}`, { stage: 'apply', message, applied: done.length, durationMs: clock.now() - started });
    return finish('failed', REASONS.applyFailed, 'error');
  }
  setCondition(record, 'SyncError', undefined, revision, nowIso());
  for (const k of prune) base.compared.delete(k);
  for (const c of changes) base.compared.set(keyOfChange(c), 'Synced');

  // 7. Record: a new digest (or a manual sync) is a history entry; a digest seen before is a revert.
  let entry: Omit<HistoryEntry, 'id'> | undefined;
  const finishedAt = nowIso();
  let entryCause: HistoryCause = cause;
  if (newDigest || isManual) {
    const past = state.history(app.name);
    const revertOf = newDigest ? [...past].reverse().find((h) => h.digest === rendered.digest && h.result === 'Succeeded') : undefined;
    if (revertOf && !isManual) entryCause = 'git-revert';
    entry = {
      revision,
      digest: rendered.digest,
      deployedAt: finishedAt,
      cause: entryCause,
      result: 'Succeeded',
      ...(revertOf && !isManual ? { rollbackOf: revertOf.id } : {}),
      ...(trigger.kind === 'rollback' ? { rollbackOf: trigger.rollbackOf } : {}),
    };
  }
  record.syncedRevision = revision;
  record.syncedDigest = rendered.digest;
  record.operation = { phase: 'Succeeded', revision, startedAt: new Date(started).toISOString(), finishedAt, message: syncMessage(changes.length, prune.length), cause };
  const history = state.commitSync(app.name, { upserts: done, removed: pruned, history: entry, historyLimit: app.revisionHistoryLimit, record });
  if (entry && entryCause === 'git-revert') recorder.rolledBack({ app: app.name, cause: 'git-revert' });
  if (entry && entryCause === 'git-revert') emit('rollback', 'warn', `rolled back to the state of history entry ${entry.rollbackOf} by a git revert`, { from: fromRevision, to: revision, cause: 'git-revert', rollbackOf: entry.rollbackOf });
  if (isRollback) {
    recorder.rolledBack({ app: app.name, cause: trigger.cause ?? 'manual' });
    emit('rollback', 'warn', `rolled back from ${short(fromRevision)} to ${short(revision)}`, { from: fromRevision, to: revision, cause: trigger.cause ?? 'manual', rollbackOf: trigger.rollbackOf });
    const current = record.quarantined.at(-1);
    if (current && current !== revision) {
      setCondition(record, 'RevisionQuarantined', `revision ${current.slice(0, 12)} is quarantined (rolled back to ${revision.slice(0, 12)}); auto-sync resumes with the next commit`, current, finishedAt);
      state.putApp(record);
    }
  }
  if (entry && input.commitTime !== undefined && !isManual) {
    recorder.commitToApplied({ app: app.name, seconds: Math.max(0, clock.now() - input.commitTime) / 1000 });
  }
  recorder.synced({ app: app.name, phase: 'Succeeded' });
  if (pruned.length > 0) emit('pruned', 'info', `pruned ${pruned.length} object(s) that left git`, { count: pruned.length, resources: pruned.slice(0, 50) });
  if (driftOnly && changes.length > 0 && (trigger.kind === 'drift' || trigger.kind === 'resync')) {
    emit('drift.healed', 'info', `undid changes made in the cluster to ${changes.length} object(s)`, { count: changes.length, resources: changes.slice(0, 50).map(keyOfChange) });
  }
  emit('sync.finished', 'info', `sync of ${short(revision)} finished`, {
    cause: entryCause, ...outcomes, unchanged: rendered.objects.length - outcomes.created - outcomes.configured, pruned: pruned.length, durationMs: clock.now() - started,
  });
  const applyCount = changes.length + prune.length;
  const kind = applyCount > 0 ? 'synced' : 'unchanged';
  recorder.reconciled({ app: app.name, result: kind, seconds: (clock.now() - started) / 1000 });
  return { ...base, kind, reason: applyCount > 0 ? REASONS.synced : REASONS.upToDate, record, history };
}

function syncMessage(applied: number, pruned: number): string {
  return `successfully synced (${applied} applied, ${pruned} pruned)`;
}

function asApplied(d: DesiredObject): AppliedObject {
  return { key: d.key, hash: d.hash, object: d.object };
}

function keyOfObject(o: KubeObject): string {
  return `${splitApiVersion(o.apiVersion).group}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

function keyOfChange(c: ResourceChange): string {
  return `${c.key.group}/${c.key.kind}/${c.key.namespace}/${c.key.name}`;
}

/** syncPolicy.prunePropagationPolicy as Kubernetes' DeleteOptions spell it. */
const PROPAGATION = { background: 'Background', foreground: 'Foreground', orphan: 'Orphan' } as const;

/** How many applies of one tier are in flight at once. */
const APPLY_SLICE = 250;

/** Consecutive objects of the same apply rank go out together; ranks go one after another. */
function tiers(sorted: KubeObject[]): KubeObject[][] {
  const out: KubeObject[][] = [];
  let last: number | undefined;
  for (const o of sorted) {
    const rank = kindRank(o.kind);
    if (rank !== last || out.length === 0) out.push([]);
    out[out.length - 1]!.push(o);
    last = rank;
  }
  return out;
}

async function ensureNamespace(cluster: ClusterStore, namespace: string): Promise<void> {
  const existing = await cluster.get({ group: '', kind: 'Namespace', namespace: '', name: namespace });
  if (existing) return;
  await cluster.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }, { fieldManager: FIELD_MANAGER });
}
