/** Sprig conversions: toString, toStrings, atoi, int, int64, float64, toDecimal. */
import type { FuncMap, ParamType } from '../builtins.js';
import { GoFloat } from '../values.js';
import { isList, listItems, parseIntBase0, strval, toFloat64, toInt, toInt64, typed } from './common.js';

/** Sprig strslice: list elements (nil dropped) as strings; a non-list becomes a 1-element list. */
export function strslice(v: unknown): string[] {
  if (v === undefined || v === null) return typed([], '[]string');
  if (isList(v)) return typed(listItems(v).filter((e) => e !== null).map(strval), '[]string');
  return typed([strval(v)], '[]string');
}

/** strconv.Atoi ignoring errors (decimal only, optional sign). */
function atoi(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) return 0;
  const n = BigInt(s);
  if (n > 2n ** 63n - 1n || n < -(2n ** 63n)) return 0;
  return Number(n);
}

/** Sprig toDecimal: ParseInt(str(v), 8, 64), 0 on error. */
function toDecimal(v: unknown): bigint {
  const s = strval(v);
  if (!/^[+-]?[0-7]+$/.test(s)) return 0n;
  const neg = s.startsWith('-');
  const n = BigInt('0o' + s.replace(/^[+-]/, ''));
  const r = neg ? -n : n;
  if (r > 2n ** 63n - 1n || r < -(2n ** 63n)) return 0n;
  return r;
}

export function conversionFuncs(): FuncMap {
  return {
    toString: { fn: strval, params: ['any'] as ParamType[] },
    toStrings: { fn: strslice, params: ['any'] },
    atoi: { fn: atoi, params: ['string'] },
    int: { fn: toInt, params: ['any'] },
    int64: { fn: toInt64, params: ['any'] },
    float64: { fn: (v: unknown) => new GoFloat(toFloat64(v)), params: ['any'] },
    toDecimal: { fn: toDecimal, params: ['any'] },
  };
}

export { parseIntBase0 };
