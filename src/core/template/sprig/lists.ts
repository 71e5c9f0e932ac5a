/**
 * Sprig list functions: list, tuple, append/push, prepend, first, last, rest, initial, reverse,
 * uniq, without, has, slice, concat, chunk (with their must* variants, which fail the same way
 * here since a panic and an error both end the template with the message).
 */
import type { FuncMap } from '../builtins.js';
import { GoFuncError } from '../errors.js';
import { GO_TYPE } from '../values.js';
import { isList, listItems, toInt, typeKind, typed } from './common.js';
import { deepEqual } from './reflect.js';

function items(v: unknown, what: string): unknown[] {
  const k = typeKind(v);
  if (!isList(v)) throw new GoFuncError(`Cannot ${what} on type ${k}`);
  return listItems(v);
}

function push(list: unknown, v: unknown): unknown[] {
  return [...items(list, 'push'), v];
}

function prepend(list: unknown, v: unknown): unknown[] {
  return [v, ...items(list, 'prepend')];
}

function first(list: unknown): unknown {
  const l = items(list, 'find first');
  return l.length === 0 ? null : l[0];
}

function last(list: unknown): unknown {
  const l = items(list, 'find last');
  return l.length === 0 ? null : l[l.length - 1];
}

function rest(list: unknown): unknown {
  const l = items(list, 'find rest');
  return l.length === 0 ? [] : l.slice(1);
}

function initial(list: unknown): unknown {
  const l = items(list, 'find initial');
  return l.length === 0 ? [] : l.slice(0, l.length - 1);
}

function reverse(list: unknown): unknown[] {
  return items(list, 'find reverse').reverse();
}

function uniq(list: unknown): unknown[] {
  const out: unknown[] = [];
  for (const e of items(list, 'find uniq')) if (!out.some((x) => deepEqual(x, e))) out.push(e);
  return out;
}

function without(list: unknown, ...omit: unknown[]): unknown[] {
  return items(list, 'find without').filter((e) => !omit.some((o) => deepEqual(o, e)));
}

function has(needle: unknown, haystack: unknown): boolean {
  if (haystack === null || haystack === undefined) return false;
  return items(haystack, 'find has').some((e) => deepEqual(needle, e));
}

function sliceList(list: unknown, ...indices: unknown[]): unknown {
  const k = typeKind(list);
  if (!isList(list)) throw new GoFuncError(`list should be type of slice or array but ${k}`);
  const l = listItems(list);
  if (l.length === 0) return null;
  const start = indices.length > 0 ? toInt(indices[0]) : 0;
  const end = indices.length < 2 ? l.length : toInt(indices[1]);
  if (start < 0 || end < start || end > l.length) throw new GoFuncError('reflect.Value.Slice: slice index out of range');
  const out = l.slice(start, end);
  const t = (list as { [GO_TYPE]?: string })[GO_TYPE];
  return t ? typed(out, t) : out; // the slice keeps its Go type

}

function concat(...lists: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const l of lists) {
    const k = typeKind(l);
    if (!isList(l)) throw new GoFuncError(`Cannot concat type ${k} as list`);
    out.push(...listItems(l));
  }
  return out;
}

function chunk(size: number, list: unknown): unknown[][] {
  const l = items(list, 'chunk');
  const n = Number(size);
  if (n <= 0) throw new GoFuncError('runtime error: makeslice: len out of range');
  const out: unknown[][] = [];
  for (let i = 0; i < l.length; i += n) out.push(l.slice(i, i + n));
  return out;
}

export function listFuncs(): FuncMap {
  const one = (fn: (v: unknown) => unknown) => ({ fn, params: ['any' as const] });
  return {
    list: { fn: (...v: unknown[]) => v, variadic: 'any' },
    tuple: { fn: (...v: unknown[]) => v, variadic: 'any' },
    append: { fn: push, params: ['any', 'any'] },
    push: { fn: push, params: ['any', 'any'] },
    mustAppend: { fn: push, params: ['any', 'any'] },
    mustPush: { fn: push, params: ['any', 'any'] },
    prepend: { fn: prepend, params: ['any', 'any'] },
    mustPrepend: { fn: prepend, params: ['any', 'any'] },
    first: one(first),
    mustFirst: one(first),
    last: one(last),
    mustLast: one(last),
    rest: one(rest),
    mustRest: one(rest),
    initial: one(initial),
    mustInitial: one(initial),
    reverse: one(reverse),
    mustReverse: one(reverse),
    uniq: one(uniq),
    mustUniq: one(uniq),
    without: { fn: without, params: ['any'], variadic: 'any' },
    mustWithout: { fn: without, params: ['any'], variadic: 'any' },
    has: { fn: has, params: ['any', 'any'] },
    mustHas: { fn: has, params: ['any', 'any'] },
    slice: { fn: sliceList, params: ['any'], variadic: 'any' },
    mustSlice: { fn: sliceList, params: ['any'], variadic: 'any' },
    concat: { fn: concat, variadic: 'any' },
    chunk: { fn: chunk, params: ['int', 'any'] },
    mustChunk: { fn: chunk, params: ['int', 'any'] },
  };
}
