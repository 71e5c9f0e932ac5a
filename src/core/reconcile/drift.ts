/**
 * Drift decided against the inventory (ADR 0003): a watch event is drift when the live object no longer
 * holds what Tugboat applied, whoever wrote it. Nothing here reads a field-manager name, so it works the
 * same on a live API server (whose events name no writer) as on the simulated cluster.
 */
import type { KubeObject } from '../model/kube-object.js';
import { diffObject } from '../diff/index.js';

/**
 * True when `live` still holds every field of `applied` (the object as Tugboat applied it), compared with
 * the diff's normalisation (server defaults, quantities, fields set by others are not differences) and the
 * app's ignored pointers. Status and server metadata never count.
 */
export function holdsApplied(applied: KubeObject, live: KubeObject, ignoredPointers: readonly string[] = []): boolean {
  const ignore = ignoredPointers.length > 0 ? [{ jsonPointers: [...ignoredPointers] }] : undefined;
  return diffObject({ desired: applied, live, lastApplied: applied, ...(ignore ? { ignore } : {}) }).action === 'unchanged';
}

export interface DriftInput {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** The object as the event carries it (the live object, or its last state when deleted). */
  live: KubeObject;
  /** The inventory's copy: what Tugboat last recorded as applied for this key. */
  applied: KubeObject | undefined;
  /**
   * The pass in flight, when one is applying: its desired copy of this key (undefined: it does not want
   * the key, so it may be pruning it). Omitted when no pass is applying.
   */
  inFlight?: { desired: KubeObject | undefined };
  ignoredPointers?: readonly string[];
}

/**
 * Whether one watch event on a tracked object is drift:
 * - a change is drift unless the live object holds what the inventory says Tugboat applied, or what the
 *   pass in flight is applying (its own apply's echo arrives before the inventory records it);
 * - a delete is drift unless the pass in flight no longer wants the object (Tugboat pruning it).
 */
export function isDrift(e: DriftInput): boolean {
  if (e.type === 'DELETED') return !(e.inFlight && e.inFlight.desired === undefined);
  if (e.applied && holdsApplied(e.applied, e.live, e.ignoredPointers)) return false;
  const next = e.inFlight?.desired;
  if (next && next !== e.applied && holdsApplied(next, e.live, e.ignoredPointers)) return false;
  return true;
}
