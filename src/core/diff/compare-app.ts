/**
 * The one desired-vs-live loop of an app, shared by the reconcile pass, the diff API and `tugboat diff`.
 * Pure: the caller fetches live objects (`liveOf`) and owns what is done with the result.
 */
import { parseKeyString, splitApiVersion, type KubeObject, type ObjectKey } from '../model/kube-object.js';
import { diffObject } from './diff-object.js';
import type { IgnoreDifference, ResourceChange } from './types.js';

/** A desired object: its key string ("group/Kind/namespace/name"), the object and its content hash. */
export interface DesiredItem {
  key: string;
  object: KubeObject;
  hash?: string;
}

/** What Tugboat applied last for a key (the hash is the desired hash it was applied at). */
export interface AppliedItem {
  object: KubeObject;
  hash?: string;
}

export interface CompareOptions {
  /** What was applied last, by key: the third side of each diff, and the inventory deletes come from. */
  applied?: ReadonlyMap<string, AppliedItem>;
  /** Ignore rules of one desired object (the app's ignoreDifferences). Deletes are compared without them. */
  ignoreFor?: (key: ObjectKey) => IgnoreDifference[];
  /**
   * `full` (default) compares every desired object with live; a set limits the comparison to these keys plus
   * any object not applied yet or whose desired hash differs from the applied one.
   */
  scope?: 'full' | ReadonlySet<string>;
  /** false: an object missing from live is a create without its field-level diff (the reconcile). Default true. */
  detailCreates?: boolean;
  /** Keep unchanged objects in `changes` (a report lists and counts them). Default false. */
  listUnchanged?: boolean;
  /** Diff applied objects that left the desired set and still exist live as deletes. Default false. */
  deletes?: boolean;
  /**
   * An object applied at its current desired hash is compared against the desired copy rather than the
   * applied one (the same content; saves reading a second copy). Default false: the applied copy is used.
   */
  sameHashUsesDesired?: boolean;
  /** Called once per desired object, compared or not (progress). */
  onEach?: () => void;
}

export interface AppComparison<D extends DesiredItem = DesiredItem> {
  /** Desired objects in their order (unchanged ones only with `listUnchanged`), then deletes. */
  changes: ResourceChange[];
  /** How many compared objects match live. */
  unchanged: number;
  /** Sync status of each compared desired key. */
  compared: Map<string, 'Synced' | 'OutOfSync'>;
  /** Objects to write: those differing from live, and those live already matches but not recorded as applied at this hash. */
  pending: D[];
  /** The live copy of each pending object that exists in the cluster (only these are kept). */
  pendingLive: Map<string, KubeObject>;
  /** Changed objects whose desired hash differs from the applied one (a commit changed them, not the cluster). */
  gitChanges: number;
  /** Applied keys no longer desired (prune candidates), in inventory order. */
  removed: string[];
}

const NO_APPLIED: ReadonlyMap<string, AppliedItem> = new Map();

export async function compareApp<D extends DesiredItem>(
  desired: readonly D[],
  liveOf: (key: ObjectKey, keyString: string) => Promise<KubeObject | undefined> | KubeObject | undefined,
  opts: CompareOptions = {},
): Promise<AppComparison<D>> {
  const applied = opts.applied ?? NO_APPLIED;
  const scope = opts.scope ?? 'full';
  const detailCreates = opts.detailCreates !== false;
  const out: AppComparison<D> = { changes: [], unchanged: 0, compared: new Map(), pending: [], pendingLive: new Map(), gitChanges: 0, removed: [] };
  let alreadyApplied = 0;
  for (const d of desired) {
    opts.onEach?.();
    const prev = applied.get(d.key);
    if (prev) alreadyApplied++;
    const newHash = !prev || prev.hash !== d.hash;
    if (scope !== 'full' && !scope.has(d.key) && !newHash) continue;
    const k = parseKeyString(d.key);
    const lastApplied = opts.sameHashUsesDesired && prev && !newHash ? d.object : prev?.object;
    const live = await liveOf(k, d.key);
    const change: ResourceChange = live === undefined && !detailCreates
      ? { key: k, version: splitApiVersion(d.object.apiVersion).version, action: 'create', patch: [], fields: [] }
      : diffObject({ desired: d.object, live, lastApplied, ...(opts.ignoreFor ? { ignore: opts.ignoreFor(k) } : {}) });
    const same = change.action === 'unchanged';
    out.compared.set(d.key, same ? 'Synced' : 'OutOfSync');
    if (!same) {
      out.changes.push(change);
      if (newHash) out.gitChanges++;
    } else {
      out.unchanged++;
      if (opts.listUnchanged) out.changes.push(change);
    }
    if (!same || newHash) {
      // Only objects to write keep their live copy: a pass over a cluster that matches holds one live copy
      // at a time, not one per object.
      out.pending.push(d);
      if (live) out.pendingLive.set(d.key, live);
    }
  }
  // Every applied key is desired when as many desired keys were found applied as there are applied keys.
  if (alreadyApplied !== applied.size) {
    const desiredKeys = new Set(desired.map((o) => o.key));
    for (const key of applied.keys()) if (!desiredKeys.has(key)) out.removed.push(key);
  }
  if (opts.deletes) {
    for (const key of out.removed) {
      const live = await liveOf(parseKeyString(key), key);
      if (live) out.changes.push(diffObject({ live, lastApplied: applied.get(key)!.object }));
    }
  }
  return out;
}
