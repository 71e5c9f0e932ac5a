/**
 * The executor of a plan (decide.ts): carries its actions out through the ClusterStore and hands back
 * what the cluster returned. A sync writes its intent to the state store first, creates the app's
 * namespace, applies in tiers of apply rank (slices of APPLY_SLICE in flight, progress between them),
 * then prunes in delete order. A failure stops it; what was done before is in the execution.
 */
import { FIELD_MANAGER, type ApplyResult, type ClusterStore, type Clock } from '../ports.js';
import { parseKeyString, type KubeObject } from '../model/kube-object.js';
import { kindRank } from '../plan/index.js';
import type { AppliedObject, StateStore } from './app-state.js';
import type { Action, Plan } from './decide.js';
import { progressTicker, short, type Emit } from './pass-events.js';

export interface ExecuteDeps {
  cluster: ClusterStore;
  state: StateStore;
  clock: Clock;
  emit: Emit;
}

export interface Execution {
  /** False when the cluster (or the state store's flush) refused; `error` is what it threw. */
  ok: boolean;
  error?: unknown;
  /** Applied objects, slice by slice (a slice that failed is not in it), for the inventory. */
  applied: AppliedObject[];
  /** Keys deleted, in order. */
  pruned: string[];
  outcomes: { created: number; configured: number; unchanged: number };
  /** What the cluster returned for each applied object, by key (read on demand). */
  objects: ReadonlyMap<string, KubeObject>;
}

/** How many applies of one tier are in flight at once. */
export const APPLY_SLICE = 250;

type ApplyAction = Extract<Action, { kind: 'apply' }>;

export async function execute(plan: Plan, deps: ExecuteDeps): Promise<Execution> {
  const { cluster, state } = deps;
  const results = new Map<string, ApplyResult>();
  const out: Execution = { ok: true, applied: [], pruned: [], outcomes: { created: 0, configured: 0, unchanged: 0 }, objects: new ReturnedObjects(results) };
  switch (plan.mode) {
    case 'none':
      return out;
    case 'record': {
      const records = plan.actions.filter((a): a is Extract<Action, { kind: 'record' }> => a.kind === 'record');
      if (records.length > 0) state.recordApplied(plan.app, records.map((a) => ({ key: a.key, hash: a.hash, object: a.object })), []);
      return out;
    }
    case 'dryRun':
      for (const a of plan.actions) {
        if (a.kind === 'apply') await cluster.apply(a.object, { fieldManager: FIELD_MANAGER, dryRun: true }).catch(() => undefined);
      }
      return out;
    case 'sync':
      break;
  }
  const applies = plan.actions.filter((a): a is ApplyAction => a.kind === 'apply');
  const prunes = plan.actions.filter((a): a is Extract<Action, { kind: 'prune' }> => a.kind === 'prune');
  // The intent is durable before anything is acted on.
  state.putApp(plan.record);
  deps.emit('sync.started', 'info', `sync of ${short(plan.revision)} started (${applies.length} to apply, ${prunes.length} to prune)`, { cause: plan.cause, apply: applies.length, prune: prunes.length });
  const progress = progressTicker(deps.emit, deps.clock, 'apply', applies.length);
  try {
    await state.flush?.();
    for (const a of plan.actions) if (a.kind === 'ensureNamespace') await ensureNamespace(cluster, a.namespace);
    for (const tier of tiers(applies)) {
      // A tier goes out in slices: a big first sync reports progress between them, and the applied list
      // (recorded on a failure) grows slice by slice.
      for (let i = 0; i < tier.length; i += APPLY_SLICE) {
        const slice = tier.slice(i, i + APPLY_SLICE);
        await Promise.all(slice.map((a) => cluster.apply(a.object, { fieldManager: FIELD_MANAGER, force: plan.force }).then((r) => {
          out.outcomes[r.outcome]++;
          results.set(a.key, r);
          progress();
        })));
        for (const a of slice) out.applied.push({ key: a.key, hash: a.hash, object: a.object });
      }
    }
    for (const a of prunes) {
      await cluster.delete(parseKeyString(a.key), { manager: FIELD_MANAGER, propagationPolicy: a.propagationPolicy });
      out.pruned.push(a.key);
    }
  } catch (err) {
    out.ok = false;
    out.error = err;
  }
  return out;
}

/** Consecutive applies of the same apply rank go out together; ranks go one after another. */
function tiers(sorted: ApplyAction[]): ApplyAction[][] {
  const out: ApplyAction[][] = [];
  let last: number | undefined;
  for (const a of sorted) {
    const rank = kindRank(a.object.kind);
    if (rank !== last || out.length === 0) out.push([]);
    out[out.length - 1]!.push(a);
    last = rank;
  }
  return out;
}

async function ensureNamespace(cluster: ClusterStore, namespace: string): Promise<void> {
  const existing = await cluster.get({ group: '', kind: 'Namespace', namespace: '', name: namespace });
  if (existing) return;
  await cluster.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }, { fieldManager: FIELD_MANAGER });
}

/**
 * The objects the cluster returned, read from each ApplyResult only when asked (a store may copy the
 * object on that read; a pass that does not look costs nothing).
 */
class ReturnedObjects implements ReadonlyMap<string, KubeObject> {
  constructor(private readonly results: ReadonlyMap<string, ApplyResult>) {}
  get size(): number {
    return this.results.size;
  }
  get(key: string): KubeObject | undefined {
    return this.results.get(key)?.object;
  }
  has(key: string): boolean {
    return this.results.has(key);
  }
  keys(): MapIterator<string> {
    return this.results.keys();
  }
  *values(): MapIterator<KubeObject> {
    for (const r of this.results.values()) yield r.object;
  }
  *entries(): MapIterator<[string, KubeObject]> {
    for (const [k, r] of this.results) yield [k, r.object];
  }
  [Symbol.iterator](): MapIterator<[string, KubeObject]> {
    return this.entries();
  }
  forEach(fn: (value: KubeObject, key: string, map: ReadonlyMap<string, KubeObject>) => void): void {
    for (const [k, r] of this.results) fn(r.object, k, this);
  }
}
