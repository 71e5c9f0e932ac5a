/** Sprig string-list functions: join, sortAlpha, splitList, split, splitn, until, untilStep, seq. */
import type { FuncMap } from '../builtins.js';
import { sprint } from '../printf.js';
import { compareGoStrings } from '../values.js';
import { isList, strval, typed } from './common.js';
import { strslice } from './conversion.js';

/** strings.SplitN (n < 0: all). */
export function goSplitN(s: string, sep: string, n: number): string[] {
  if (n === 0) return [];
  if (sep === '') {
    const cps = [...s];
    if (n < 0 || n > cps.length) return cps;
    return [...cps.slice(0, n - 1), cps.slice(n - 1).join('')];
  }
  const parts = s.split(sep);
  if (n < 0 || parts.length <= n) return parts;
  return [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}

function toMap(parts: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  parts.forEach((p, i) => (out['_' + i] = p));
  return typed(out, 'map[string]string');
}

export function untilStep(start: number, stop: number, step: number): number[] {
  const v: number[] = [];
  if (stop < start) {
    if (step >= 0) return typed(v, '[]int');
    for (let i = start; i > stop; i += step) v.push(i);
    return typed(v, '[]int');
  }
  if (step <= 0) return typed(v, '[]int');
  for (let i = start; i < stop; i += step) v.push(i);
  return typed(v, '[]int');
}

function seq(...p: number[]): string {
  const params = p.map(Number);
  let range: number[];
  switch (params.length) {
    case 1: {
      const end = params[0];
      const inc = end < 1 ? -1 : 1;
      range = untilStep(1, end + inc, inc);
      break;
    }
    case 2: {
      const [start, end] = params;
      const step = end < start ? -1 : 1;
      range = untilStep(start, end + step, step);
      break;
    }
    case 3: {
      const [start, step, end] = params;
      let inc = 1;
      if (end < start) {
        inc = -1;
        if (step > 0) return '';
      }
      range = untilStep(start, end + inc, step);
      break;
    }
    default:
      return '';
  }
  // strings.Trim(strings.Join(strings.Fields(fmt.Sprint(slice)), " "), "[]")
  return sprint([range]).split(/\s+/).filter((x) => x !== '').join(' ').replace(/^[[\]]+|[[\]]+$/g, '');
}

function sortAlpha(list: unknown): string[] {
  if (isList(list)) return typed([...strslice(list)].sort(compareGoStrings), '[]string');
  return typed([strval(list ?? null)], '[]string');
}

export function stringListFuncs(): FuncMap {
  return {
    join: { fn: (sep: string, v: unknown) => strslice(v).join(sep), params: ['string', 'any'] },
    sortAlpha: { fn: sortAlpha, params: ['any'] },
    splitList: { fn: (sep: string, s: string) => typed(goSplitN(s, sep, -1), '[]string'), params: ['string', 'string'] },
    split: { fn: (sep: string, s: string) => toMap(goSplitN(s, sep, -1)), params: ['string', 'string'] },
    splitn: { fn: (sep: string, n: number, s: string) => toMap(goSplitN(s, sep, Number(n))), params: ['string', 'int', 'string'] },
    until: {
      fn: (count: number) => {
        const c = Number(count);
        return untilStep(0, c, c < 0 ? -1 : 1);
      },
      params: ['int'],
    },
    untilStep: {
      fn: (a: number, b: number, c: number) => untilStep(Number(a), Number(b), Number(c)),
      params: ['int', 'int', 'int'],
    },
    seq: { fn: seq, variadic: 'int' },
  };
}
