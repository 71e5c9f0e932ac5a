/**
 * Field sets in Kubernetes' FieldsV1 form: {"f:spec": {"f:replicas": {}}}. `{}` is a leaf (the field is
 * owned as a whole). Lists are atomic (one leaf), except the lists of maps keyed by `name` listed in
 * KEYED_LISTS, whose elements appear as `k:{"name":"web"}` nodes with a "." entry for the element itself.
 */
import { isPlainObject } from '../../../core/model/kube-object.js';
import { deepEqual } from './json.js';

export type FieldSet = { [token: string]: FieldSet };
export type FieldPath = string[];

const KEYED_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers', 'env', 'volumes']);

type Named = Record<string, unknown> & { name: string };

export function isKeyedList(field: string, v: unknown): v is Named[] {
  if (!KEYED_LISTS.has(field) || !Array.isArray(v)) return false;
  const seen = new Set<string>();
  for (const e of v) {
    if (!isPlainObject(e) || typeof e['name'] !== 'string' || seen.has(e['name'])) return false;
    seen.add(e['name']);
  }
  return true;
}

export function elementToken(name: string): string {
  return `k:${JSON.stringify({ name })}`;
}

function elementName(token: string): string | undefined {
  try {
    const k = JSON.parse(token.slice(2)) as unknown;
    return isPlainObject(k) && typeof k['name'] === 'string' ? k['name'] : undefined;
  } catch {
    return undefined;
  }
}

export function fieldSetOfMap(obj: Record<string, unknown>): FieldSet {
  const out: FieldSet = {};
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (v === undefined) continue;
    out['f:' + k] = fieldSetOfValue(k, v);
  }
  return out;
}

function fieldSetOfValue(field: string, v: unknown): FieldSet {
  if (isPlainObject(v)) return fieldSetOfMap(v);
  if (isKeyedList(field, v) && v.length > 0) {
    const out: FieldSet = {};
    for (const e of v) out[elementToken(e.name)] = { '.': {}, ...fieldSetOfMap(e) };
    return out;
  }
  return {};
}

export function isEmptySet(s: FieldSet): boolean {
  for (const _ in s) return false;
  return true;
}

/** All leaf paths ("." entries included). */
export function leaves(set: FieldSet, prefix: FieldPath = [], out: FieldPath[] = []): FieldPath[] {
  for (const tok of Object.keys(set)) {
    const child = set[tok]!;
    const p = [...prefix, tok];
    if (isEmptySet(child)) out.push(p);
    else leaves(child, p, out);
  }
  return out;
}

/** Whether the set has a node (leaf or not) at the path. */
export function hasPath(set: FieldSet, path: FieldPath): boolean {
  let cur: FieldSet | undefined = set;
  for (const tok of path) {
    cur = cur[tok];
    if (!cur) return false;
  }
  return true;
}

/** Whether the node at the path is a leaf of the set. */
export function hasLeaf(set: FieldSet, path: FieldPath): boolean {
  let cur: FieldSet | undefined = set;
  for (const tok of path) {
    cur = cur[tok];
    if (!cur) return false;
  }
  return isEmptySet(cur);
}

/** Removes the node at path and prunes parents left empty. */
export function removePath(set: FieldSet, path: FieldPath): void {
  const chain: FieldSet[] = [set];
  let cur: FieldSet | undefined = set;
  for (let i = 0; i < path.length - 1; i++) {
    cur = cur[path[i]!];
    if (!cur) return;
    chain.push(cur);
  }
  delete chain[chain.length - 1]![path[path.length - 1]!];
  for (let i = chain.length - 1; i > 0; i--) {
    if (!isEmptySet(chain[i]!)) break;
    delete chain[i - 1]![path[i - 1]!];
  }
}

/** Adds every path of `add` into `into` (mutates `into`). */
export function unionInto(into: FieldSet, add: FieldSet): FieldSet {
  for (const tok of Object.keys(add)) {
    const a = add[tok]!;
    const cur = into[tok];
    if (!cur) into[tok] = structuredCloneSet(a);
    else if (!isEmptySet(a)) unionInto(cur, a);
  }
  return into;
}

function structuredCloneSet(s: FieldSet): FieldSet {
  const out: FieldSet = {};
  for (const k of Object.keys(s)) out[k] = structuredCloneSet(s[k]!);
  return out;
}

export interface Found {
  found: boolean;
  value?: unknown;
}

/** The value at a path of an object ("." yields the list element itself). */
export function valueAt(root: unknown, path: FieldPath): Found {
  let cur: unknown = root;
  for (const tok of path) {
    if (tok === '.') continue;
    if (tok.startsWith('f:')) {
      if (!isPlainObject(cur) || cur[tok.slice(2)] === undefined) return { found: false };
      cur = cur[tok.slice(2)];
    } else if (tok.startsWith('k:')) {
      const name = elementName(tok);
      if (!Array.isArray(cur)) return { found: false };
      const el = cur.find((e) => isPlainObject(e) && e['name'] === name);
      if (el === undefined) return { found: false };
      cur = el;
    } else return { found: false };
  }
  return { found: true, value: cur };
}

/**
 * Deletes the value at path from the object. Containers left empty are removed too, unless `keep`
 * says someone owns them.
 */
export function deleteAt(root: Record<string, unknown>, path: FieldPath, keep: (p: FieldPath) => boolean): void {
  const elementPath = path[path.length - 1] === '.' ? path.slice(0, -1) : path;
  const containers: unknown[] = [root];
  let cur: unknown = root;
  for (let i = 0; i < elementPath.length - 1; i++) {
    const f = valueAt(cur, [elementPath[i]!]);
    if (!f.found) return;
    cur = f.value;
    containers.push(cur);
  }
  const last = elementPath[elementPath.length - 1]!;
  if (last.startsWith('f:')) {
    if (!isPlainObject(cur)) return;
    delete cur[last.slice(2)];
  } else if (last.startsWith('k:')) {
    if (!Array.isArray(cur)) return;
    const name = elementName(last);
    const idx = cur.findIndex((e) => isPlainObject(e) && e['name'] === name);
    if (idx >= 0) cur.splice(idx, 1);
  }
  // prune empty containers bottom-up (never the root or metadata)
  for (let i = containers.length - 1; i >= 1; i--) {
    const c = containers[i];
    const empty = Array.isArray(c) ? c.length === 0 : isPlainObject(c) && Object.keys(c).length === 0;
    const cPath = elementPath.slice(0, i);
    if (!empty || keep(cPath) || (cPath.length === 1 && cPath[0] === 'f:metadata')) break;
    const parent = containers[i - 1];
    const tok = elementPath[i - 1]!;
    if (tok.startsWith('f:') && isPlainObject(parent)) delete parent[tok.slice(2)];
    else if (tok.startsWith('k:') && Array.isArray(parent)) {
      const name = elementName(tok);
      const idx = parent.findIndex((e) => isPlainObject(e) && e['name'] === name);
      if (idx >= 0) parent.splice(idx, 1);
    } else break;
  }
}

/** Keeps only the paths of the set that exist in the object (drops ownership of deleted fields). */
export function pruneToObject(set: FieldSet, value: unknown, field = ''): FieldSet {
  const out: FieldSet = {};
  for (const tok of Object.keys(set)) {
    const child = set[tok]!;
    if (tok === '.') {
      out[tok] = {};
      continue;
    }
    let v: unknown;
    let childField = field;
    if (tok.startsWith('f:')) {
      if (!isPlainObject(value)) continue;
      childField = tok.slice(2);
      v = value[childField];
      if (v === undefined) continue;
    } else if (tok.startsWith('k:')) {
      if (!Array.isArray(value)) continue;
      const name = elementName(tok);
      v = value.find((e) => isPlainObject(e) && e['name'] === name);
      if (v === undefined) continue;
    } else continue;
    if (isEmptySet(child)) out[tok] = {};
    else {
      const pruned = pruneToObject(child, v, childField);
      if (!isEmptySet(pruned)) out[tok] = pruned;
    }
  }
  return out;
}

/** Leaves of `next` whose value differs from (or is absent in) `prev`; undefined when nothing changed. */
export function changedFields(prev: unknown, next: Record<string, unknown>): FieldSet | undefined {
  return changedMap(isPlainObject(prev) ? prev : undefined, next);
}

function changedMap(prev: Record<string, unknown> | undefined, next: Record<string, unknown>): FieldSet | undefined {
  let out: FieldSet | undefined;
  for (const k of Object.keys(next)) {
    const nv = next[k];
    if (nv === undefined) continue;
    const c = changedValue(k, prev?.[k], nv);
    if (c) (out ??= {})['f:' + k] = c;
  }
  return out;
}

function changedValue(field: string, pv: unknown, nv: unknown): FieldSet | undefined {
  if (pv === undefined) return fieldSetOfValue(field, nv);
  if (isPlainObject(nv) && isPlainObject(pv) && Object.keys(nv).length > 0) return changedMap(pv, nv);
  if (isKeyedList(field, nv) && isKeyedList(field, pv) && nv.length > 0) {
    let out: FieldSet | undefined;
    for (const e of nv) {
      const old = pv.find((x) => x.name === e.name);
      if (!old) (out ??= {})[elementToken(e.name)] = { '.': {}, ...fieldSetOfMap(e) };
      else {
        const c = changedMap(old, e);
        if (c) (out ??= {})[elementToken(e.name)] = c;
      }
    }
    if (!out && pv.length !== nv.length) return undefined; // removals only: handled by pruning
    return out;
  }
  return deepEqual(pv, nv) ? undefined : {};
}
