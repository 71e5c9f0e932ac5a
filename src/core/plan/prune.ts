/**
 * Prune planning: what is in the app's inventory (applied before) but no longer desired gets deleted.
 * The prune guard refuses to delete most of an app at once unless the user confirms, because an empty or
 * half-rendered commit (a bad path, a broken chart value) looks exactly like "delete everything".
 * Argo CD's equivalent is the "prune last / confirm" sync options; Flux relies on the inventory alone.
 */
import { keyString, describeKey, type ObjectKey } from '../model/kube-object.js';
import { sortForDelete } from './apply-order.js';

/** Condition type / reason used when the guard blocks a prune (SPEC §4 condition types). */
export const PRUNE_BLOCKED = 'PruneBlocked';

export interface PrunePlanInput {
  /** Objects Tugboat applied for this app before (its inventory). */
  inventory: ObjectKey[];
  /** Objects the app's current revision renders. */
  desired: ObjectKey[];
  /** The user confirmed a large prune (sync with prune). Default: false. */
  allowMassPrune: boolean;
}

export interface PrunePlan {
  /** Objects to delete, in delete order (webhooks first, Namespaces last). Filled even when blocked. */
  prune: ObjectKey[];
  /** True when the guard refused the prune; nothing should be deleted then. */
  blocked: boolean;
  /** Why it was blocked, with counts. */
  reason?: string;
}

export function planPrune(input: PrunePlanInput): PrunePlan {
  const desired = new Set(input.desired.map(keyString));
  const seen = new Set<string>();
  const inventory: ObjectKey[] = [];
  for (const k of input.inventory) {
    const s = keyString(k);
    if (seen.has(s)) continue;
    seen.add(s);
    inventory.push(k);
  }
  const prune = sortForDelete(inventory.filter((k) => !desired.has(keyString(k))));
  const total = inventory.length;
  const n = prune.length;
  // "More than half" covers "all of them" too (n === total > 0), but the message says which it is.
  if (!input.allowMassPrune && total > 0 && n * 2 > total) {
    const why = n === total ? 'every object of the app would be deleted' : 'more than half of the app would be deleted';
    return {
      prune,
      blocked: true,
      reason: `prune of ${n} of ${total} objects blocked: ${why}; sync with prune to confirm`,
    };
  }
  return { prune, blocked: false };
}

/** One line per object, for status messages: "Deployment guestbook/web, Service guestbook/web". */
export function describePrune(prune: ObjectKey[], limit = 10): string {
  const shown = prune.slice(0, limit).map(describeKey).join(', ');
  return prune.length > limit ? `${shown} and ${prune.length - limit} more` : shown;
}
