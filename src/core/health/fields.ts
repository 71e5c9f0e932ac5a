/** Small readers for untyped object fields used by the health checks. */
import { isPlainObject } from '../model/kube-object.js';

export type Obj = Record<string, unknown>;

export function obj(v: unknown): Obj {
  return isPlainObject(v) ? v : {};
}

export function arr(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter(isPlainObject) : [];
}

export function num(v: unknown, dflt = 0): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : dflt;
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** The condition of the given type in status.conditions, if any. */
export function condition(status: Obj, type: string): Obj | undefined {
  return arr(status.conditions).find((c) => c.type === type);
}
