/**
 * Sprig math. Integer functions convert with cast.ToInt64 and return int64 (bigint here);
 * float functions return float64 (GoFloat); addf/subf/mulf/divf/add1f compute in exact
 * decimals like shopspring/decimal.
 */
import type { FuncMap } from '../builtins.js';
import { GoFuncError } from '../errors.js';
import { GoFloat } from '../values.js';
import { int64, toFloat64, toInt64 } from './common.js';

const f64 = (n: number): GoFloat => new GoFloat(n);

function divInt(a: bigint, b: bigint, mod: boolean): bigint {
  if (b === 0n) throw new GoFuncError('runtime error: integer divide by zero');
  return int64(mod ? a % b : a / b);
}

/** Go math.Round-free Sprig round(a, places, roundOn=.5). */
function round(a: unknown, p: number, ...rOpt: unknown[]): GoFloat {
  const roundOn = rOpt.length > 0 ? toFloat64(rOpt[0]) : 0.5;
  const val = toFloat64(a);
  const pow = Math.pow(10, Number(p));
  const digit = pow * val;
  const frac = digit - Math.trunc(digit); // math.Modf
  const r = frac >= roundOn ? Math.ceil(digit) : Math.floor(digit);
  return f64(r / pow);
}

// ---- decimal arithmetic (shopspring/decimal subset) ----

interface Dec {
  c: bigint; // coefficient
  e: number; // exponent: value = c * 10^e
}

function decFromFloat(f: number): Dec {
  if (!Number.isFinite(f)) throw new GoFuncError(`Cannot create a Decimal from ${f > 0 ? '+Inf' : f < 0 ? '-Inf' : 'NaN'}`);
  // shortest round-trip decimal representation, as decimal.NewFromFloat
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(f))!;
  const frac = m[3] ?? '';
  let c = BigInt(m[2] + frac);
  if (m[1]) c = -c;
  return { c, e: Number(m[4] ?? 0) - frac.length };
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const e = Math.min(a.e, b.e);
  return [a.c * 10n ** BigInt(a.e - e), b.c * 10n ** BigInt(b.e - e), e];
}

function decToNumber(d: Dec): number {
  return Number(`${d.c}e${d.e}`);
}

const DIVISION_PRECISION = 16;

function decOp(op: string, a: Dec, b: Dec): Dec {
  switch (op) {
    case '+': {
      const [x, y, e] = align(a, b);
      return { c: x + y, e };
    }
    case '-': {
      const [x, y, e] = align(a, b);
      return { c: x - y, e };
    }
    case '*':
      return { c: a.c * b.c, e: a.e + b.e };
    default: {
      if (b.c === 0n) throw new GoFuncError('decimal division by 0');
      // DivRound(b, 16): quotient rounded half away from zero to 16 decimal places
      const shift = DIVISION_PRECISION + b.e - a.e;
      let num = a.c;
      let den = b.c;
      if (shift >= 0) num *= 10n ** BigInt(shift);
      else den *= 10n ** BigInt(-shift);
      const neg = num < 0n !== den < 0n;
      const an = num < 0n ? -num : num;
      const ad = den < 0n ? -den : den;
      let q = an / ad;
      const r = an % ad;
      if (r * 2n >= ad) q += 1n;
      return { c: neg ? -q : q, e: -DIVISION_PRECISION };
    }
  }
}

function decimalOp(op: string) {
  return (a: unknown, ...rest: unknown[]): GoFloat => {
    let acc = decFromFloat(toFloat64(a));
    for (const x of rest) acc = decOp(op, acc, decFromFloat(toFloat64(x)));
    return f64(decToNumber(acc));
  };
}

export function mathFuncs(): FuncMap {
  return {
    add1: { fn: (i: unknown) => int64(toInt64(i) + 1n), params: ['any'] },
    add: { fn: (...i: unknown[]) => i.reduce<bigint>((a, b) => int64(a + toInt64(b)), 0n), variadic: 'any' },
    sub: { fn: (a: unknown, b: unknown) => int64(toInt64(a) - toInt64(b)), params: ['any', 'any'] },
    div: { fn: (a: unknown, b: unknown) => divInt(toInt64(a), toInt64(b), false), params: ['any', 'any'] },
    mod: { fn: (a: unknown, b: unknown) => divInt(toInt64(a), toInt64(b), true), params: ['any', 'any'] },
    mul: {
      fn: (a: unknown, ...v: unknown[]) => v.reduce<bigint>((x, b) => int64(x * toInt64(b)), toInt64(a)),
      params: ['any'],
      variadic: 'any',
    },
    max: {
      fn: (a: unknown, ...v: unknown[]) => v.reduce<bigint>((x, b) => (toInt64(b) > x ? toInt64(b) : x), toInt64(a)),
      params: ['any'],
      variadic: 'any',
    },
    biggest: {
      fn: (a: unknown, ...v: unknown[]) => v.reduce<bigint>((x, b) => (toInt64(b) > x ? toInt64(b) : x), toInt64(a)),
      params: ['any'],
      variadic: 'any',
    },
    min: {
      fn: (a: unknown, ...v: unknown[]) => v.reduce<bigint>((x, b) => (toInt64(b) < x ? toInt64(b) : x), toInt64(a)),
      params: ['any'],
      variadic: 'any',
    },
    maxf: {
      fn: (a: unknown, ...v: unknown[]) => f64(v.reduce<number>((x, b) => goMax(x, toFloat64(b)), toFloat64(a))),
      params: ['any'],
      variadic: 'any',
    },
    minf: {
      fn: (a: unknown, ...v: unknown[]) => f64(v.reduce<number>((x, b) => goMin(x, toFloat64(b)), toFloat64(a))),
      params: ['any'],
      variadic: 'any',
    },
    ceil: { fn: (a: unknown) => f64(Math.ceil(toFloat64(a))), params: ['any'] },
    floor: { fn: (a: unknown) => f64(Math.floor(toFloat64(a))), params: ['any'] },
    round: { fn: round, params: ['any', 'int'], variadic: 'float64' },
    add1f: { fn: (i: unknown) => decimalOp('+')(i, 1), params: ['any'] },
    addf: { fn: (...i: unknown[]) => decimalOp('+')(0, ...i), variadic: 'any' },
    subf: { fn: decimalOp('-'), params: ['any'], variadic: 'any' },
    mulf: { fn: decimalOp('*'), params: ['any'], variadic: 'any' },
    divf: { fn: decimalOp('/'), params: ['any'], variadic: 'any' },
  };
}

/** math.Max / math.Min (NaN wins; signed zeros ordered). */
function goMax(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  return Math.max(x, y);
}
function goMin(x: number, y: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  return Math.min(x, y);
}
