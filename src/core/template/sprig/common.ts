/**
 * Shared helpers of the Sprig library: Sprig's notion of "empty", `strval`, the spf13/cast
 * conversions (toInt64, toInt, toFloat64), Go reflect kind names and typed slices.
 */
import { GoFuncError } from '../errors.js';
import { formatValue } from '../printf.js';
import { GO_TYPE, GoFloat, isIntNumber, isPlainObject, kindOf, typeName, utf8Decode } from '../values.js';
import { underscoreOK } from '../literals.js';

/** Go runtime panic for a nil reflect.Type (reflect.TypeOf(nil).Kind()). */
export const NIL_DEREF = 'runtime error: invalid memory address or nil pointer dereference';

/** Go reflect.Kind name of a value (`invalid` for nil), as Sprig's `kindOf` prints it. */
export function reflectKind(v: unknown): string {
  if (v === undefined || v === null) return 'invalid';
  if (typeof v === 'bigint') return 'int64';
  if (v instanceof GoFloat) return 'float64';
  if (typeof v === 'number') return isIntNumber(v) ? 'int' : 'float64';
  if (typeof v === 'object' && !Array.isArray(v) && !(v instanceof Uint8Array) && !isPlainObject(v)) {
    // Class instances are Go pointers (*x509 certs, Sprig's *semver) unless their type says otherwise (time.Time).
    return typeName(v).startsWith('*') ? 'ptr' : 'struct';
  }
  const k = kindOf(v);
  return k;
}

/** Kind of reflect.TypeOf(v).Kind(), panicking like Go for nil. */
export function typeKind(v: unknown): string {
  if (v === undefined || v === null) throw new GoFuncError(NIL_DEREF);
  return reflectKind(v);
}

export function isList(v: unknown): v is unknown[] | Uint8Array {
  return Array.isArray(v) || v instanceof Uint8Array;
}

/** Elements of a slice as interface{} values. */
export function listItems(v: unknown[] | Uint8Array): unknown[] {
  if (v instanceof Uint8Array) return Array.from(v);
  return v.map((e) => (e === undefined ? null : e));
}

/** Mark an array/object with a Go type name (e.g. `[]string`, `map[string]string`). */
export function typed<T extends object>(v: T, goType: string): T {
  Object.defineProperty(v, GO_TYPE, { value: goType, enumerable: false, configurable: true });
  return v;
}

/** A Go map[string]interface{} (not a named map type like chartutil.Values). */
export function isGoMap(v: unknown): v is Record<string, unknown> {
  return isPlainObject(v) && typeName(v) === 'map[string]interface {}';
}

/** Sprig's `empty`. */
export function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  switch (typeof v) {
    case 'string':
      return v.length === 0;
    case 'boolean':
      return !v;
    case 'number':
      return v === 0;
    case 'bigint':
      return v === 0n;
    case 'function':
      return false;
  }
  if (v instanceof GoFloat) return v.value === 0;
  if (Array.isArray(v) || v instanceof Uint8Array) return v.length === 0;
  if (isPlainObject(v)) {
    for (const _ in v) return false;
    return true;
  }
  return false; // struct pointers are not nil
}

/** Sprig's strval: string as-is, bytes decoded, errors' messages, else fmt `%v`. */
export function strval(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v instanceof Uint8Array) return utf8Decode(v);
  if (v instanceof Error) return v.message;
  if (v === undefined) return '<nil>';
  return formatValue(v);
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Go's int64(f) for a float (truncation; out of range gives MinInt64 as on amd64). */
export function floatToInt64(f: number): bigint {
  if (!Number.isFinite(f)) return INT64_MIN;
  const t = BigInt(Math.trunc(f));
  if (t < INT64_MIN || t > INT64_MAX) return INT64_MIN;
  return t;
}

/** cast's trimZeroDecimal: "12.00" → "12" (only when every decimal is 0). */
function trimZeroDecimal(s: string): string {
  let foundZero = false;
  for (let i = s.length; i > 0; i--) {
    const c = s[i - 1];
    if (c === '.') {
      if (foundZero) return s.slice(0, i - 1);
      return s;
    } else if (c === '0') {
      foundZero = true;
    } else {
      return s;
    }
  }
  return s;
}


/** strconv.ParseInt(s, 0, 64); null on error. */
export function parseIntBase0(s: string): bigint | null {
  if (s.includes('_') && !underscoreOK(s)) return null;
  let t = s.replace(/_/g, '');
  let neg = false;
  if (t.startsWith('+') || t.startsWith('-')) {
    neg = t[0] === '-';
    t = t.slice(1);
  }
  let digits = t;
  let valid = /^[0-9]+$/;
  let prefix = '';
  if (t.length > 1 && t[0] === '0') {
    const p = t[1].toLowerCase();
    if (p === 'x') [prefix, digits, valid] = ['0x', t.slice(2), /^[0-9a-fA-F]+$/];
    else if (p === 'b') [prefix, digits, valid] = ['0b', t.slice(2), /^[01]+$/];
    else if (p === 'o') [prefix, digits, valid] = ['0o', t.slice(2), /^[0-7]+$/];
    else [prefix, digits, valid] = ['0o', t.slice(1), /^[0-7]+$/];
  }
  if (!valid.test(digits)) return null;
  let n = BigInt(prefix + digits);
  if (neg) n = -n;
  if (n < INT64_MIN || n > INT64_MAX) return null;
  return n;
}

/** spf13/cast ToInt64 (errors give 0). */
export function toInt64(v: unknown): bigint {
  if (v === undefined || v === null) return 0n;
  if (typeof v === 'bigint') return BigInt.asIntN(64, v);
  if (typeof v === 'number') return isIntNumber(v) ? BigInt(v) : floatToInt64(v);
  if (v instanceof GoFloat) return floatToInt64(v.value);
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string') return parseIntBase0(trimZeroDecimal(v)) ?? 0n;
  return 0n;
}

/** spf13/cast ToInt (a Go int: a JS number). */
export function toInt(v: unknown): number {
  return Number(toInt64(v));
}

/** spf13/cast ToFloat64 (errors give 0). */
export function toFloat64(v: unknown): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof GoFloat) return v.value;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') return parseGoFloat64(v) ?? 0;
  return 0;
}

/** strconv.ParseFloat(s, 64), decimal and special forms; null on error. */
export function parseGoFloat64(s: string): number | null {
  const t = s;
  if (/^[+-]?(inf|infinity)$/i.test(t)) return t[0] === '-' ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(t)) return NaN;
  if (/^[+-]?(\d+(_\d+)*\.?(\d+(_\d+)*)?|\.\d+(_\d+)*)([eE][+-]?\d+)?$/.test(t)) {
    if (t.includes('_')) return null; // underscores only with base prefix
    return Number(t);
  }
  if (/^[+-]?0[xX]/.test(t)) {
    const m = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/.exec(t);
    if (!m || (m[2] === '' && m[3] === '')) return null;
    const mant = parseInt((m[2] || '0') + m[3], 16);
    const v = mant * Math.pow(2, Number(m[4]) - 4 * m[3].length);
    return m[1] === '-' ? -v : v;
  }
  return null;
}

/** A Go int64 result: bigint (the engine's int64). */
export function int64(n: bigint): bigint {
  return BigInt.asIntN(64, n);
}

/** Go's strings.Repeat panics on negative counts. */
export function repeat(s: string, n: number): string {
  if (n < 0) throw new GoFuncError('strings: negative Repeat count');
  return s.repeat(n);
}
