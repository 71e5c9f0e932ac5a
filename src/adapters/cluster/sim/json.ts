/** Small helpers for plain JSON values (what every stored object is). */
import { isPlainObject } from '../../../core/model/kube-object.js';

/** Deep copy of a JSON value (faster than structuredClone for plain data). */
export function clone<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(clone) as unknown as T;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = clone(v);
  }
  return out as T;
}

/** Structural equality of JSON values; undefined object members are ignored. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  let n = 0;
  for (const k of Object.keys(ao)) {
    if (ao[k] === undefined) continue;
    n++;
    if (!deepEqual(ao[k], bo[k])) return false;
  }
  for (const k of Object.keys(bo)) if (bo[k] !== undefined) n--;
  return n === 0;
}

/** Equality of two objects ignoring some top-level members. */
export function equalExcept(a: Record<string, unknown>, b: Record<string, unknown>, skip: readonly string[]): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if (skip.includes(k)) continue;
    if (!deepEqual(a[k], b[k])) return false;
  }
  return true;
}

/** Reads a nested member: get(obj, 'spec', 'template') */
export function dig(obj: unknown, ...path: string[]): unknown {
  let cur: unknown = obj;
  for (const p of path) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

/** Returns obj[key] as a plain object, creating it when absent. */
export function ensureMap(obj: Record<string, unknown>, key: string): Record<string, unknown> {
  const cur = obj[key];
  if (isPlainObject(cur)) return cur;
  const created: Record<string, unknown> = {};
  obj[key] = created;
  return created;
}

export function asMap(v: unknown): Record<string, unknown> {
  return isPlainObject(v) ? v : {};
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function asStringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isPlainObject(v)) return out;
  for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
  return out;
}
