/**
 * Sprig dict functions: dict, get, set, unset, hasKey, pluck, keys, values, pick, omit, dig,
 * merge, mergeOverwrite (mergo semantics: deep, in place, returning the destination).
 */
import type { FuncMap } from '../builtins.js';
import { GoFuncError } from '../errors.js';
import { isPlainObject, sortedKeys, typeName } from '../values.js';
import { isEmpty, isList, strval, typed } from './common.js';

type GoMap = Record<string, unknown>;

const has = (m: GoMap, k: string): boolean => Object.prototype.hasOwnProperty.call(m, k);

function dict(...v: unknown[]): GoMap {
  const out: GoMap = {};
  for (let i = 0; i < v.length; i += 2) {
    const key = strval(v[i] ?? null);
    out[key] = i + 1 >= v.length ? '' : v[i + 1];
  }
  return out;
}

/** mergo deepMerge of map src into map dst (dst mutated). */
export function mergeMaps(dst: GoMap, src: GoMap, overwrite: boolean): void {
  for (const key of Object.keys(src)) {
    const s = src[key];
    const dHas = has(dst, key);
    const d = dHas ? dst[key] : undefined;
    if (s === null || s === undefined) {
      if (overwrite) dst[key] = null;
      continue;
    }
    const sMap = isPlainObject(s);
    const sSlice = isList(s);
    if (sMap && dHas && isPlainObject(d)) mergeMaps(d, s, overwrite);
    if (sSlice && overwrite) dst[key] = s;
    if (dHas && !isEmpty(d)) {
      if (sSlice) continue;
      if (sMap && isPlainObject(d)) continue;
    }
    if (overwrite || !dHas || isEmpty(d)) dst[key] = s;
  }
}

function mergeFn(overwrite: boolean) {
  return (dst: GoMap | null, ...srcs: (GoMap | null)[]): unknown => {
    let out = dst ?? {};
    for (const src of srcs) {
      if (src === null) continue;
      mergeMaps(out, src, overwrite);
    }
    if (dst === null && Object.keys(out).length === 0) out = {};
    return out;
  };
}

function asGoMap(v: unknown): GoMap {
  if (isPlainObject(v) && typeName(v) === 'map[string]interface {}') return v;
  const t = v === null || v === undefined ? 'nil' : typeName(v);
  throw new GoFuncError(`interface conversion: interface {} is ${t}, not map[string]interface {}`);
}

function asString(v: unknown): string {
  if (typeof v === 'string') return v;
  const t = v === null || v === undefined ? 'nil' : typeName(v);
  throw new GoFuncError(`interface conversion: interface {} is ${t}, not string`);
}

function dig(...ps: unknown[]): unknown {
  if (ps.length < 3) throw new GoFuncError('dig needs at least three arguments');
  let dict = asGoMap(ps[ps.length - 1]);
  const def = ps[ps.length - 2];
  const ks = ps.slice(0, ps.length - 2).map(asString);
  for (let i = 0; ; i++) {
    const k = ks[i];
    if (!has(dict, k)) return def;
    const step = dict[k];
    if (i === ks.length - 1) return step;
    dict = asGoMap(step);
  }
}

function keys(...dicts: (GoMap | null)[]): string[] {
  const out: string[] = [];
  for (const d of dicts) if (d) out.push(...sortedKeys(d));
  return typed(out, '[]string');
}

export function dictFuncs(): FuncMap {
  return {
    dict: { fn: dict, variadic: 'any' },
    get: { fn: (d: GoMap | null, k: string) => (d && has(d, k) ? d[k] : ''), params: ['map', 'string'] },
    set: {
      fn: (d: GoMap | null, k: string, v: unknown) => {
        if (d === null) throw new GoFuncError('assignment to entry in nil map');
        d[k] = v;
        return d;
      },
      params: ['map', 'string', 'any'],
    },
    unset: {
      fn: (d: GoMap | null, k: string) => {
        if (d) delete d[k];
        return d ?? {};
      },
      params: ['map', 'string'],
    },
    hasKey: { fn: (d: GoMap | null, k: string) => !!d && has(d, k), params: ['map', 'string'] },
    pluck: {
      fn: (k: string, ...ds: (GoMap | null)[]) => ds.filter((d) => d && has(d, k)).map((d) => d![k]),
      params: ['string'],
      variadic: 'map',
    },
    keys: { fn: keys, variadic: 'map' },
    values: { fn: (d: GoMap | null) => (d ? sortedKeys(d).map((k) => d[k]) : []), params: ['map'] },
    pick: {
      fn: (d: GoMap | null, ...ks: string[]) => {
        const out: GoMap = {};
        if (d) for (const k of ks) if (has(d, k)) out[k] = d[k];
        return out;
      },
      params: ['map'],
      variadic: 'string',
    },
    omit: {
      fn: (d: GoMap | null, ...ks: string[]) => {
        const out: GoMap = {};
        const drop = new Set(ks);
        if (d) for (const k of Object.keys(d)) if (!drop.has(k)) out[k] = d[k];
        return out;
      },
      params: ['map'],
      variadic: 'string',
    },
    dig: { fn: dig, variadic: 'any' },
    merge: { fn: mergeFn(false), params: ['map'], variadic: 'map' },
    mustMerge: { fn: mergeFn(false), params: ['map'], variadic: 'map' },
    mergeOverwrite: { fn: mergeFn(true), params: ['map'], variadic: 'map' },
    mustMergeOverwrite: { fn: mergeFn(true), params: ['map'], variadic: 'map' },
  };
}
