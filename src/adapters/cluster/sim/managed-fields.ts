/**
 * metadata.managedFields bookkeeping: which manager owns which fields, as Kubernetes records it.
 * Apply entries come from server-side apply (apply.ts); Update entries from controller writes.
 */
import type { KubeObject } from '../../../core/model/kube-object.js';
import { isPlainObject } from '../../../core/model/kube-object.js';
import { clone } from './json.js';
import {
  changedFields, isEmptySet, leaves, pruneToObject, removePath, unionInto, type FieldSet,
} from './field-set.js';

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  /** Not maintained by the sim (kept when read back). */
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: FieldSet;
}

/** Metadata members the server owns or that identify the object: never part of anyone's field set. */
const SERVER_METADATA = new Set([
  'name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp',
  'deletionGracePeriodSeconds', 'managedFields', 'selfLink', 'generateName',
]);

/** The ownable part of an object: everything but apiVersion/kind, identity and server metadata (and status). */
export function intentOf(obj: KubeObject | Record<string, unknown>, stripStatus: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj)) {
    if (k === 'apiVersion' || k === 'kind' || (stripStatus && k === 'status')) continue;
    const v = (obj as Record<string, unknown>)[k];
    if (v === undefined) continue;
    if (k === 'metadata') {
      const meta: Record<string, unknown> = {};
      if (isPlainObject(v)) for (const mk of Object.keys(v)) if (!SERVER_METADATA.has(mk) && v[mk] !== undefined) meta[mk] = v[mk];
      if (Object.keys(meta).length > 0) out['metadata'] = meta;
    } else out[k] = v;
  }
  return out;
}

export function readManagedFields(obj: KubeObject | undefined): ManagedFieldsEntry[] {
  const raw = obj?.metadata.managedFields;
  if (!Array.isArray(raw)) return [];
  const out: ManagedFieldsEntry[] = [];
  for (const e of raw) {
    if (!isPlainObject(e) || typeof e['manager'] !== 'string') continue;
    out.push({
      manager: e['manager'],
      operation: e['operation'] === 'Apply' ? 'Apply' : 'Update',
      apiVersion: typeof e['apiVersion'] === 'string' ? e['apiVersion'] : '',
      ...(typeof e['time'] === 'string' ? { time: e['time'] } : {}),
      fieldsType: 'FieldsV1',
      fieldsV1: isPlainObject(e['fieldsV1']) ? (clone(e['fieldsV1']) as FieldSet) : {},
    });
  }
  return out;
}

export function writeManagedFields(obj: KubeObject, entries: ManagedFieldsEntry[]): void {
  const kept = entries.filter((e) => !isEmptySet(e.fieldsV1));
  if (kept.length > 0) obj.metadata.managedFields = kept;
  else delete obj.metadata.managedFields;
}

/**
 * Records a non-apply write (a controller's Update) on `next`: the fields it changed become the
 * manager's, taken away from whoever owned them; ownership of fields that no longer exist is dropped.
 */
export function recordUpdate(prev: KubeObject | undefined, next: KubeObject, manager: string): void {
  const entries = readManagedFields(prev ?? next);
  const intent = intentOf(next, true);
  const changed = changedFields(prev ? intentOf(prev, true) : undefined, intent);
  if (changed) {
    const changedLeaves = leaves(changed);
    for (const e of entries) {
      if (e.manager === manager && e.operation === 'Update') continue;
      for (const l of changedLeaves) removePath(e.fieldsV1, l);
    }
    let mine = entries.find((e) => e.manager === manager && e.operation === 'Update');
    if (!mine) {
      mine = { manager, operation: 'Update', apiVersion: next.apiVersion, fieldsType: 'FieldsV1', fieldsV1: {} };
      entries.push(mine);
    }
    unionInto(mine.fieldsV1, changed);
  }
  for (const e of entries) e.fieldsV1 = pruneToObject(e.fieldsV1, intent);
  writeManagedFields(next, entries);
}
