/**
 * Server-side apply merge: the applied object is the manager's full intent.
 * - fields the manager owned before and no longer sends are removed (unless another manager owns them);
 * - sent fields are set; fields with a different value owned by someone else are conflicts (409 unless
 *   force, which transfers ownership);
 * - everything else (other managers' fields, server defaults, status) is kept.
 */
import { ClusterError } from '../../../core/ports.js';
import type { KubeObject } from '../../../core/model/kube-object.js';
import { isPlainObject } from '../../../core/model/kube-object.js';
import { clone, deepEqual } from './json.js';
import {
  deleteAt, fieldSetOfMap, hasLeaf, hasPath, isKeyedList, leaves, removePath, type FieldPath,
} from './field-set.js';
import { intentOf, readManagedFields, writeManagedFields, type ManagedFieldsEntry } from './managed-fields.js';

export interface ApplyMergeInput {
  live: KubeObject | undefined;
  applied: KubeObject;
  manager: string;
  force: boolean;
  /** Drop `status` from the applied object (status is server/controller-owned). */
  stripStatus: boolean;
}

function pathString(p: FieldPath): string {
  return p
    .filter((t) => t !== '.')
    .map((t) => (t.startsWith('f:') ? '.' + t.slice(2) : '[' + t.slice(2) + ']'))
    .join('');
}

export function serverSideApply(inp: ApplyMergeInput): KubeObject {
  const { live, applied, manager } = inp;
  // `applied` is the caller's private copy: its parts are used without copying
  const intent = intentOf(applied, inp.stripStatus);
  const newSet = fieldSetOfMap(intent);
  const entries = readManagedFields(live);
  const mine = entries.find((e) => e.manager === manager && e.operation === 'Apply');
  const prevSet = mine?.fieldsV1 ?? {};
  const others = entries.filter((e) => e !== mine);
  const base: Record<string, unknown> = live
    ? clone(live)
    : { apiVersion: applied.apiVersion, kind: applied.kind, metadata: { name: applied.metadata.name } };

  // 1. conflicts: a field someone else owns, sent with a different value
  const conflicts: Array<{ entry: ManagedFieldsEntry; path: FieldPath }> = [];
  if (others.length > 0) {
    for (const leaf of leaves(newSet)) {
      if (leaf[leaf.length - 1] === '.') continue;
      for (const o of others) {
        if (!hasLeaf(o.fieldsV1, leaf)) continue;
        const lv = valueAtPath(base, leaf);
        const av = valueAtPath(intent, leaf);
        if (lv.found && !deepEqual(lv.value, av.value)) conflicts.push({ entry: o, path: leaf });
      }
    }
  }
  if (conflicts.length > 0) {
    if (!inp.force) {
      const causes = conflicts.map((c) => ({
        reason: 'FieldManagerConflict',
        field: pathString(c.path),
        message: `conflict with "${c.entry.manager}"${c.entry.operation === 'Update' ? ' using ' + c.entry.apiVersion : ''}`,
      }));
      const list = causes.map((c) => `- ${c.message}: ${c.field}`).join('\n');
      throw new ClusterError(
        409,
        'Conflict',
        `Apply failed with ${conflicts.length} conflict${conflicts.length > 1 ? 's' : ''}: ${causes.length === 1 ? causes[0]!.message + ': ' + causes[0]!.field : '\n' + list}`,
        causes,
      );
    }
    for (const c of conflicts) removePath(c.entry.fieldsV1, c.path);
  }

  // 2. removals: fields this manager dropped that nobody else owns
  const ownedByOthers = (p: FieldPath): boolean => others.some((o) => hasPath(o.fieldsV1, p)) || hasPath(newSet, p);
  const dropped = leaves(prevSet)
    .filter((l) => !hasPath(newSet, l))
    .sort((a, b) => b.length - a.length);
  for (const leaf of dropped) {
    const owner = leaf[leaf.length - 1] === '.' ? leaf.slice(0, -1) : leaf;
    if (others.some((o) => hasPath(o.fieldsV1, owner))) continue;
    deleteAt(base, leaf, ownedByOthers);
  }

  // 3. merge the intent
  const merged = mergeMap(base, intent) as KubeObject;
  merged.apiVersion = applied.apiVersion;
  merged.kind = applied.kind;
  if (!isPlainObject(merged.metadata)) merged.metadata = { name: applied.metadata.name };
  merged.metadata.name = applied.metadata.name;
  if (applied.metadata.namespace) merged.metadata.namespace = applied.metadata.namespace;
  else delete merged.metadata.namespace;

  // 4. ownership (no `time` member: an unchanged object keeps byte-identical managedFields)
  if (mine) {
    mine.fieldsV1 = newSet;
    mine.apiVersion = applied.apiVersion;
  } else {
    entries.push({ manager, operation: 'Apply', apiVersion: applied.apiVersion, fieldsType: 'FieldsV1', fieldsV1: newSet });
  }
  writeManagedFields(merged, entries);
  foldStringData(merged);
  return merged;
}

/**
 * A Secret's `stringData` is write-only: the API server folds it into `data` (base64, stringData
 * winning over data) and never stores it. Non-string values are left for validation to refuse.
 */
export function foldStringData(obj: KubeObject): void {
  if (obj.kind !== 'Secret' || obj.apiVersion !== 'v1' || obj['stringData'] === undefined) return;
  const sd = obj['stringData'];
  if (!isPlainObject(sd) || Object.values(sd).some((v) => typeof v !== 'string')) return;
  const data: Record<string, unknown> = isPlainObject(obj['data']) ? { ...obj['data'] } : {};
  for (const [k, v] of Object.entries(sd)) data[k] = Buffer.from(v as string, 'utf8').toString('base64');
  obj['data'] = data;
  delete obj['stringData'];
}

function valueAtPath(root: unknown, path: FieldPath): { found: boolean; value?: unknown } {
  let cur: unknown = root;
  for (const tok of path) {
    if (tok === '.') continue;
    if (tok.startsWith('f:')) {
      if (!isPlainObject(cur) || cur[tok.slice(2)] === undefined) return { found: false };
      cur = cur[tok.slice(2)];
    } else {
      const name = (JSON.parse(tok.slice(2)) as { name?: string }).name;
      if (!Array.isArray(cur)) return { found: false };
      cur = cur.find((e) => isPlainObject(e) && e['name'] === name);
      if (cur === undefined) return { found: false };
    }
  }
  return { found: true, value: cur };
}

function mergeMap(live: Record<string, unknown>, applied: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...live };
  for (const k of Object.keys(applied)) out[k] = mergeValue(k, live[k], applied[k]);
  return out;
}

function mergeValue(field: string, live: unknown, applied: unknown): unknown {
  if (isPlainObject(applied)) return isPlainObject(live) ? mergeMap(live, applied) : applied;
  if (isKeyedList(field, applied) && isKeyedList(field, live)) {
    const byName = new Map(live.map((e) => [e.name, e]));
    const sent = new Set(applied.map((e) => e.name));
    const result: unknown[] = applied.map((e) => {
      const l = byName.get(e.name);
      return l ? mergeMap(l, e) : e;
    });
    for (const e of live) if (!sent.has(e.name)) result.push(e);
    return result;
  }
  return applied;
}
