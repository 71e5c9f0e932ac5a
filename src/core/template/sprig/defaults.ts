/** Sprig defaults: default, empty, coalesce, all, any, ternary, compact, mustCompact, deepCopy. */
import type { FuncMap } from '../builtins.js';
import { GoFuncError } from '../errors.js';
import { GO_METHODS, GO_TYPE, GoFloat, isPlainObject } from '../values.js';
import { isEmpty, isList, listItems, typeKind } from './common.js';

function dfault(d: unknown, ...given: unknown[]): unknown {
  if (given.length === 0 || isEmpty(given[0])) return d;
  return given[0];
}

export function mustCompact(list: unknown): unknown[] {
  const k = typeKind(list);
  if (!isList(list)) throw new GoFuncError(`Cannot compact on type ${k}`);
  return listItems(list).filter((e) => !isEmpty(e));
}

/** Carry a Go type name and Go methods over to a copy (the copy has the same Go type). */
function keepType<T extends object>(from: object, to: T): T {
  for (const sym of [GO_TYPE, GO_METHODS]) {
    const x = (from as Record<symbol, unknown>)[sym];
    if (x !== undefined) Object.defineProperty(to, sym, { value: x, enumerable: false, configurable: true });
  }
  return to;
}

/** copystructure.Copy for template values: maps and slices copied deeply, scalars shared. */
export function deepCopyValue(v: unknown): unknown {
  if (Array.isArray(v)) return keepType(v, v.map(deepCopyValue));
  if (v instanceof Uint8Array) return v.slice();
  if (v instanceof GoFloat) return v;
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = deepCopyValue(v[k]);
    return keepType(v, out);
  }
  return v;
}

export function defaultFuncs(): FuncMap {
  return {
    default: { fn: dfault, params: ['any'], variadic: 'any' },
    empty: { fn: (v: unknown) => isEmpty(v), params: ['any'] },
    coalesce: { fn: (...v: unknown[]) => v.find((x) => !isEmpty(x)) ?? null, variadic: 'any' },
    all: { fn: (...v: unknown[]) => v.every((x) => !isEmpty(x)), variadic: 'any' },
    any: { fn: (...v: unknown[]) => v.some((x) => !isEmpty(x)), variadic: 'any' },
    ternary: { fn: (vt: unknown, vf: unknown, b: boolean) => (b ? vt : vf), params: ['any', 'any', 'bool'] },
    compact: { fn: mustCompact, params: ['any'] },
    mustCompact: { fn: mustCompact, params: ['any'] },
    deepCopy: { fn: deepCopyValue, params: ['any'] },
    mustDeepCopy: { fn: deepCopyValue, params: ['any'] },
  };
}
