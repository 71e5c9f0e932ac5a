/**
 * The decisions of one reconcile pass, as data. Pure: no I/O and no clock; what the pass reads from the
 * cluster and the state store is handed in as answers (see observe.ts), the time as `now`.
 *
 * The pass asks only what its decisions so far need (validation only when a sync would happen, field
 * conflicts only without force, history only for a new digest), so `decidePass` is a generator: it yields
 * a Question, is resumed with the Answer, and returns the Plan. `decide(facts)` runs it on facts given up
 * front (tests, `tugboat` tools); reconcileApp runs it against the cluster.
 *
 * The result follows Flux's split: `stalled` waits for a new revision (a render error, invalid objects,
 * ownership or field conflicts), `requeue` retries with backoff (an apply the cluster refused).
 */
import type { KubeObject } from '../model/kube-object.js';
import { parseKeyString, splitApiVersion } from '../model/kube-object.js';
import type { PropagationPolicy } from '../ports.js';
import type { AppComparison, ResourceChange } from '../diff/index.js';
import type { EventLevel, TugboatEventName } from '../events.js';
import { planPrune, sortForApply, sortForDelete } from '../plan/index.js';
import type { AssembledApp, DesiredObject } from '../render/assemble.js';
import { formatProblem } from '../render/manifest-parse.js';
import type { AppliedObject, AppRecord, ConditionType, HistoryCause, HistoryEntry, Operation } from './app-state.js';
import type { AppSpec, Trigger } from './app-spec.js';
import { forcesConflicts } from './field-conflicts.js';
import { ownershipMessage, type OwnershipConflict } from './ownership.js';
import { REASONS } from './reasons.js';
import { setCondition } from './conditions.js';
import { short } from './pass-events.js';

/** What the pass knows before it reads anything. */
export interface PassFacts {
  app: AppSpec;
  revision: string;
  trigger: Trigger;
  rendered: Pick<AssembledApp, 'objects' | 'errors' | 'digest'>;
  /** The app's record as stored before the pass (not changed: the plan holds a new one). */
  record: AppRecord | undefined;
  /** When the pass started (ms). */
  started: number;
  /** The time of the decision before any answer (ms). */
  now: number;
}

/** What the pass reads, by question. */
export interface Observed {
  /** Desired vs live, and the app's inventory (what Tugboat applied before). */
  comparison: { comparison: AppComparison<DesiredObject>; inventory: ReadonlyMap<string, AppliedObject> };
  /** Objects of the sync another app owns. */
  ownership: readonly OwnershipConflict[];
  /** The API server's (and the Rollout check's) message per invalid object, in apply order. */
  validation: readonly string[];
  /** One line per object whose apply without force is refused for fields another manager owns. */
  fieldConflicts: readonly string[];
  /** The app's history entries (oldest first). */
  history: readonly HistoryEntry[];
}

export type Question =
  | { ask: 'comparison' }
  | { ask: 'ownership'; toApply: readonly DesiredObject[]; live: ReadonlyMap<string, KubeObject> }
  | { ask: 'validation'; objects: readonly KubeObject[] }
  | { ask: 'fieldConflicts'; objects: readonly KubeObject[]; live: ReadonlyMap<string, KubeObject> }
  | { ask: 'history' };

/** The answer to a question, with the time it was given. */
export interface Answer {
  now: number;
  value: Observed[keyof Observed];
}

export type Action =
  /** The app's namespace, created when missing, before anything else. */
  | { kind: 'ensureNamespace'; namespace: string }
  /** A server-side apply. `record`: live already matches, applied so the inventory holds this hash. */
  | { kind: 'apply'; key: string; object: KubeObject; hash: string; reason: 'create' | 'update' | 'record' }
  | { kind: 'prune'; key: string; propagationPolicy: PropagationPolicy }
  /** Inventory only (no write to the cluster): live already matches the desired object at this hash. */
  | { kind: 'record'; key: string; object: KubeObject; hash: string };

/** A condition set (with its message) or cleared. Only clears of a condition the record held are listed. */
export type ConditionOp = { type: ConditionType; message: string; revision: string } | { type: ConditionType; clear: true };

export type PlanResult =
  | { kind: 'synced'; reason: string }
  /** Nothing changed in the cluster; `outOfSync`: it still differs from git (no auto-sync, quarantine, dry run). */
  | { kind: 'unchanged'; reason: string; outOfSync?: boolean }
  | { kind: 'requeue'; reason: string; message: string; afterMs?: number }
  | { kind: 'stalled'; reason: string; message: string };

export interface PlannedEvent {
  name: TugboatEventName;
  level: EventLevel;
  message: string;
  fields?: Record<string, unknown>;
}

/**
 * How the plan is carried out: `none` (nothing to do), `record` (inventory only), `dryRun` (the applies as
 * the server's dry run, nothing written), `sync` (intent written, applied in order, pruned, recorded).
 */
export type PlanMode = 'none' | 'record' | 'dryRun' | 'sync';

export interface Plan {
  app: string;
  revision: string;
  mode: PlanMode;
  result: PlanResult;
  actions: Action[];
  conditions: ConditionOp[];
  /** Events of the decisions (the executor adds sync.started, the record step what the sync did). */
  events: PlannedEvent[];
  /** The app record after the decisions (for a sync: with the Running operation, the intent). */
  record: AppRecord;
  /** The history entry a successful sync records (deployedAt is the time it finishes). */
  history?: Omit<HistoryEntry, 'id' | 'deployedAt'>;
  /** The operation's cause (sync.started, the operation record). */
  cause: HistoryCause;
  /** Applies take fields other managers own. */
  force: boolean;
  /** A pass of a self-heal that undoes changes made in the cluster (drift.healed after the sync). */
  healsDrift: boolean;
  /** Sync status of the compared keys, what left git, what awaits prune, the changes (PassResult). */
  view: { compared: Map<string, 'Synced' | 'OutOfSync'>; removed: string[]; pendingPrune: string[]; changes: ResourceChange[] };
}

/** syncPolicy.prunePropagationPolicy as Kubernetes' DeleteOptions spell it. */
const PROPAGATION = { background: 'Background', foreground: 'Foreground', orphan: 'Orphan' } as const;

export function historyCause(trigger: Trigger): HistoryCause {
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

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** The decisions of one pass: yields what it needs to read, returns the plan. */
export function* decidePass(f: PassFacts): Generator<Question, Plan, Answer> {
  const { app, revision, rendered, trigger } = f;
  let now = f.now;
  const ask = function* <K extends keyof Observed>(q: Question & { ask: K }): Generator<Question, Observed[K], Answer> {
    const a = yield q;
    now = a.now;
    return a.value as Observed[K];
  };
  const record: AppRecord = structuredClone(f.record ?? { name: app.name, conditions: [], quarantined: [] });
  const conditions: ConditionOp[] = [];
  const events: PlannedEvent[] = [];
  const cond = (type: ConditionType, message: string | undefined): void => {
    const had = message === undefined && record.conditions.some((c) => c.type === type);
    setCondition(record, type, message, revision, iso(now));
    if (message !== undefined) conditions.push({ type, message, revision });
    else if (had) conditions.push({ type, clear: true });
  };
  const emit = (name: TugboatEventName, level: EventLevel, message: string, fields?: Record<string, unknown>): void => {
    events.push(fields ? { name, level, message, fields } : { name, level, message });
  };
  // A failure already reported for this revision is not reported again by each retry (a user's sync always is).
  const newFailure = (message: string) => isNewFailure(f, message);
  const isRollback = trigger.kind === 'rollback';
  const isManual = trigger.kind === 'manual' || isRollback;
  const dryRun = trigger.kind === 'manual' && trigger.dryRun;
  const cause = historyCause(trigger);
  const failedOp = (message: string): Operation => ({ phase: 'Failed', revision, startedAt: iso(f.started), finishedAt: iso(now), message, cause });
  if (!isManual) record.targetRevision = revision;
  if (isRollback && record.targetRevision && record.targetRevision !== revision && !record.quarantined.includes(record.targetRevision)) {
    // Auto-sync must not bring back what was just rolled away from, until a newer commit arrives.
    record.quarantined = [...record.quarantined, record.targetRevision].slice(-20);
  }
  const view: Plan['view'] = { compared: new Map(), removed: [], pendingPrune: [], changes: [] };
  const plan = (mode: PlanMode, result: PlanResult, actions: Action[] = [], extra: Partial<Plan> = {}): Plan => (
    { app: app.name, revision, mode, result, actions, conditions, events, record, cause, force: false, healsDrift: false, view, ...extra }
  );

  // 1. Render errors: show them, apply nothing, wait for a new commit.
  if (rendered.errors.length > 0) {
    const message = rendered.errors.map((e) => formatProblem(e)).join('\n');
    const prev = record.conditions.find((c) => c.type === 'RenderError');
    if (!dryRun && (prev?.revision !== revision || prev.message !== message)) emit('render.failed', 'error', `render failed at ${short(revision)}: ${message.split('\n')[0]}`, { message });
    cond('RenderError', message);
    return plan('none', { kind: 'stalled', reason: REASONS.renderFailed, message });
  }
  cond('RenderError', undefined);
  cond('SourceError', undefined);

  // 2. Desired vs live.
  const { comparison, inventory } = yield* ask({ ask: 'comparison' });
  // Objects whose live state already matches but are not recorded at this hash are applied (recorded) too,
  // so later passes can skip them; only these keep their live copy (the ownership check reads it).
  const { changes, pending: toApply, pendingLive: liveByKey, gitChanges, removed: pruneCandidates } = comparison;
  view.compared = comparison.compared;
  view.changes = changes;
  view.removed = pruneCandidates;

  // 3. Whether this pass syncs.
  const quarantined = !isManual && record.quarantined.includes(revision);
  if (quarantined) cond('RevisionQuarantined', `revision ${revision.slice(0, 12)} is quarantined (it was rolled back); auto-sync resumes with the next commit`);
  else if (!isRollback) cond('RevisionQuarantined', undefined);
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
    const quiet = toApply.filter((d) => view.compared.get(d.key) === 'Synced');
    const actions: Action[] = dryRun ? [] : quiet.map((d) => ({ kind: 'record', key: d.key, object: d.object, hash: d.hash }));
    if (!newDigest && !isManual) record.syncedRevision = revision;
    view.pendingPrune = pruneCandidates;
    const inSync = changes.length === 0 && pruneCandidates.length === 0;
    // A new digest the cluster already matches (the commit changed only what the API server treats as
    // absent, like `resources: {}`): the cluster holds this revision, so the app is Synced at it.
    if (newDigest && inSync && !isManual && !dryRun) {
      record.syncedRevision = revision;
      record.syncedDigest = rendered.digest;
    }
    const reason = inSync ? REASONS.upToDate : quarantined ? REASONS.quarantined : REASONS.outOfSync;
    return plan(actions.length > 0 ? 'record' : 'none', inSync ? { kind: 'unchanged', reason } : { kind: 'unchanged', reason, outOfSync: true }, actions);
  }

  // 3b. Objects another app owns are not taken: nothing of this sync is applied.
  const owned = yield* ask({ ask: 'ownership', toApply, live: liveByKey });
  if (owned.length > 0) {
    const message = ownershipMessage(owned);
    cond('SyncError', message);
    if (!dryRun) record.operation = failedOp(message);
    return plan('none', { kind: 'stalled', reason: REASONS.ownedByOtherApp, message });
  }

  // 4. Validate everything before writing anything.
  const applyObjects = sortForApply(toApply.map((d) => d.object));
  const problems = yield* ask({ ask: 'validation', objects: applyObjects });
  if (problems.length > 0) {
    const message = problems.join('\n');
    cond('SyncError', message);
    record.operation = failedOp(message);
    if (!dryRun && newFailure(message)) emit('sync.failed', 'error', `sync of ${short(revision)} failed validation: ${message.split('\n')[0]}`, { stage: 'validate', message, durationMs: now - f.started });
    return plan('none', { kind: 'stalled', reason: REASONS.invalidObjects, message });
  }

  // 4b. Fields other managers own are taken only where the app's policy says so: refused before anything is applied.
  const force = forcesConflicts(app, trigger);
  if (!force) {
    const refused = yield* ask({ ask: 'fieldConflicts', objects: applyObjects, live: liveByKey });
    if (refused.length > 0) {
      const message = `${refused.join('\n')}\n(another field manager owns these fields: set syncPolicy.forceConflicts or selfHeal, or run tugboat sync ${app.name}, to take them)`;
      cond('SyncError', message);
      if (!dryRun) record.operation = failedOp(message);
      if (!dryRun && newFailure(message)) emit('sync.failed', 'error', `sync of ${short(revision)} failed: ${refused[0]}`, { stage: 'validate', message, durationMs: now - f.started });
      return plan('none', { kind: 'stalled', reason: REASONS.fieldConflict, message });
    }
  }

  // 5. Prune plan with the mass-deletion guard.
  let prune: string[] = [];
  if (wantsPrune && pruneCandidates.length > 0) {
    const pp = planPrune({
      inventory: [...inventory.keys()].map(parseKeyString),
      desired: rendered.objects.map((o) => parseKeyString(o.key)),
      allowMassPrune: trigger.kind === 'manual' && trigger.prune,
    });
    if (pp.blocked) {
      const prev = record.conditions.find((c) => c.type === 'PruneBlocked');
      if (prev?.revision !== revision && !dryRun) emit('prune.blocked', 'warn', pp.reason ?? REASONS.pruneBlocked, { candidates: pruneCandidates.length, inventory: inventory.size });
      cond('PruneBlocked', pp.reason ?? REASONS.pruneBlocked);
      view.pendingPrune = pruneCandidates;
    } else {
      cond('PruneBlocked', undefined);
      prune = sortForDelete(pp.prune).map((k) => `${k.group}/${k.kind}/${k.namespace}/${k.name}`);
    }
  } else {
    cond('PruneBlocked', undefined);
    view.pendingPrune = pruneCandidates;
  }

  const byKey = new Map(toApply.map((d) => [d.key, d]));
  const actions: Action[] = [{ kind: 'ensureNamespace', namespace: app.namespace }];
  for (const o of applyObjects) {
    const d = byKey.get(keyOfObject(o))!;
    const reason = view.compared.get(d.key) === 'Synced' ? 'record' : liveByKey.has(d.key) ? 'update' : 'create';
    actions.push({ kind: 'apply', key: d.key, object: d.object, hash: d.hash, reason });
  }
  const propagationPolicy = PROPAGATION[app.syncPolicy.prunePropagationPolicy ?? 'background'];
  for (const key of prune) actions.push({ kind: 'prune', key, propagationPolicy });
  const applyCount = changes.length + prune.length;
  const result: PlanResult = applyCount > 0 ? { kind: 'synced', reason: REASONS.synced } : { kind: 'unchanged', reason: REASONS.upToDate };

  if (dryRun) {
    // What a sync would find: nothing to apply or prune is in sync, as a real pass reports it.
    const inSync = changes.length === 0 && pruneCandidates.length === 0;
    return plan('dryRun', inSync ? { kind: 'unchanged', reason: REASONS.dryRun } : { kind: 'unchanged', reason: REASONS.dryRun, outOfSync: true }, actions, { force });
  }

  // 6. A new digest (or a manual sync) is a history entry; a digest seen before is a revert.
  let history: Plan['history'];
  if (newDigest || isManual) {
    const past = yield* ask({ ask: 'history' });
    const revertOf = newDigest ? [...past].reverse().find((h) => h.digest === rendered.digest && h.result === 'Succeeded') : undefined;
    const entryCause: HistoryCause = revertOf && !isManual ? 'git-revert' : cause;
    history = {
      revision,
      digest: rendered.digest,
      cause: entryCause,
      result: 'Succeeded',
      ...(revertOf && !isManual ? { rollbackOf: revertOf.id } : {}),
      ...(trigger.kind === 'rollback' ? { rollbackOf: trigger.rollbackOf } : {}),
    };
  }
  // The intent, written before acting.
  record.operation = { phase: 'Running', revision, startedAt: iso(f.started), message: '', cause };
  const healsDrift = driftOnly && changes.length > 0 && (trigger.kind === 'drift' || trigger.kind === 'resync');
  return plan('sync', result, actions, { force, healsDrift, ...(history ? { history } : {}) });
}

/** Runs decidePass on facts known up front (every answer it asks for given; `now` stays `facts.now`). */
export function decide(facts: PassFacts & Partial<Observed>): Plan {
  const gen = decidePass(facts);
  let step = gen.next();
  while (!step.done) {
    const q = step.value.ask;
    const value = facts[q];
    if (value === undefined) throw new Error(`decide: the pass asks for ${q}, which the facts do not hold`);
    step = gen.next({ now: facts.now, value });
  }
  return step.value;
}

function isNewFailure(f: PassFacts, message: string): boolean {
  const prev = f.record?.conditions.find((c) => c.type === 'SyncError');
  return f.trigger.kind === 'manual' || prev?.revision !== f.revision || prev.message !== message;
}

/**
 * The plan after the cluster refused an apply: requeued (the daemon retries it with backoff), SyncError
 * set, the operation Failed, and a sync.failed event unless this failure of this revision was reported.
 */
export function onApplyFailed(f: PassFacts, plan: Plan, failure: { message: string; applied: number }, now: number): Plan {
  const { message } = failure;
  const record: AppRecord = { ...plan.record, conditions: [...plan.record.conditions] };
  setCondition(record, 'SyncError', message, f.revision, iso(now));
  record.operation = { phase: 'Failed', revision: f.revision, startedAt: iso(f.started), finishedAt: iso(now), message, cause: plan.cause };
  const events = isNewFailure(f, message)
    ? [...plan.events, { name: 'sync.failed' as const, level: 'error' as const, message: `sync of ${short(f.revision)} failed: ${message.split('\n')[0]}`, fields: { stage: 'apply', message, applied: failure.applied, durationMs: now - f.started } }]
    : plan.events;
  return { ...plan, record, events, result: { kind: 'requeue', reason: REASONS.applyFailed, message }, conditions: [...plan.conditions, { type: 'SyncError', message, revision: f.revision }] };
}

/**
 * The records of a successful sync: the app record committed with the inventory and history, and, for a
 * rollback, the record written after it (the revision rolled away from shown as quarantined).
 */
export function onSynced(f: PassFacts, plan: Plan, counts: { applied: number; pruned: number }, now: number): {
  record: AppRecord;
  history?: Omit<HistoryEntry, 'id'>;
  afterCommit?: AppRecord;
} {
  const finishedAt = iso(now);
  const record: AppRecord = { ...plan.record, conditions: plan.record.conditions.filter((c) => c.type !== 'SyncError') };
  record.syncedRevision = f.revision;
  record.syncedDigest = f.rendered.digest;
  record.operation = { phase: 'Succeeded', revision: f.revision, startedAt: iso(f.started), finishedAt, message: `successfully synced (${counts.applied} applied, ${counts.pruned} pruned)`, cause: plan.cause };
  let history: Omit<HistoryEntry, 'id'> | undefined;
  if (plan.history) {
    const { revision, digest, cause, result, ...rest } = plan.history;
    history = { revision, digest, deployedAt: finishedAt, cause, result, ...rest };
  }
  let afterCommit: AppRecord | undefined;
  const current = record.quarantined.at(-1);
  if (f.trigger.kind === 'rollback' && current && current !== f.revision) {
    afterCommit = { ...record, conditions: [...record.conditions] };
    setCondition(afterCommit, 'RevisionQuarantined', `revision ${current.slice(0, 12)} is quarantined (rolled back to ${f.revision.slice(0, 12)}); auto-sync resumes with the next commit`, current, finishedAt);
  }
  return { record, ...(history ? { history } : {}), ...(afterCommit ? { afterCommit } : {}) };
}

export function keyOfObject(o: KubeObject): string {
  return `${splitApiVersion(o.apiVersion).group}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}
