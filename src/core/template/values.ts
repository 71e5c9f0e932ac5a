/**
 * The Go value model used by the template engine.
 *
 * Template data are plain JS values, read as Go values:
 *
 * | JS value                               | Go value / type                         |
 * | -------------------------------------- | --------------------------------------- |
 * | `undefined`                            | invalid reflect.Value ("no value")      |
 * | `null`                                 | nil interface{}                         |
 * | `boolean`                              | bool                                    |
 * | `number`, integral                     | int                                     |
 * | `number`, not integral (1.5, NaN, Inf) | float64                                 |
 * | `GoFloat` (any number)                 | float64, even when integral (1.0, 3e6)  |
 * | `bigint`                               | int64 (for values beyond 2^53)          |
 * | `string`                               | string (len/index/slice count UTF-8)    |
 * | `Array`                                | []interface {}                          |
 * | `Uint8Array`                           | []uint8 (bytes)                         |
 * | plain object (`{}` / null prototype)   | map[string]interface {} (sorted keys)   |
 * | class instance                         | struct pointer: fields + methods        |
 * | `function`                             | func                                    |
 *
 * ### Why `GoFloat`
 * JS has one number type, Go has int and float64, and they print and compare differently:
 * float64(1e6) prints `1e+06` where int 1000000 prints `1000000`, and `eq 1 1.0` is an error
 * ("incompatible types for comparison"). A JS integral number therefore means *int*;
 * wrap a number in `GoFloat` to mean float64. Helm facts to respect when building data:
 *  - values.yaml (and any YAML/JSON decoded by Helm via sigs.k8s.io/yaml) → float64 for
 *    every number, integral or not: use `floatify()` on such data.
 *  - `--set a=3` → int64 (plain JS integer here); `--set a=1.5` → float64.
 *  - `fromJson`/`fromYaml` results → float64.
 *  - template constants: `{{ 3 }}` is int, `{{ 1.0 }}`/`{{ 1e3 }}` float64, `'a'` int (rune).
 */

/** A Go float64 value. Needed for integral floats; non-integral JS numbers are floats anyway. */
export class GoFloat {
  readonly value: number;
  constructor(value: number) {
    this.value = value;
  }
  valueOf(): number {
    return this.value;
  }
  toString(): string {
    return String(this.value);
  }
  toJSON(): number {
    return this.value;
  }
}

/** Shorthand for `new GoFloat(n)`. */
export function goFloat(n: number): GoFloat {
  return new GoFloat(n);
}

/**
 * Symbol for a table of Go methods on a data object (map, slice or class instance), e.g.
 * Helm's `.Files.Get "x"` or `.Capabilities.APIVersions.Has "v"`. Methods are looked up
 * before map keys and struct fields, as Go does. Values: functions or FuncSpecs (called
 * with the object as `this`).
 */
export const GO_METHODS: unique symbol = Symbol.for('tugboat.template.goMethods');

/** Symbol for a Go type name override used by `%T` and error messages (e.g. "chartutil.Values"). */
export const GO_TYPE: unique symbol = Symbol.for('tugboat.template.goType');

/**
 * Attach Go methods (and optionally a Go type name) to a data object, non-enumerably.
 * Returns the same object.
 */
export function withGoMethods<T extends object>(obj: T, methods: Record<string, unknown>, goType?: string): T {
  Object.defineProperty(obj, GO_METHODS, { value: methods, enumerable: false, configurable: true });
  if (goType) Object.defineProperty(obj, GO_TYPE, { value: goType, enumerable: false, configurable: true });
  return obj;
}

/** Go reflect-like kinds of template values. */
export type GoKind =
  | 'invalid' // undefined: no value at all
  | 'nil' // null: nil interface
  | 'bool'
  | 'int'
  | 'uint'
  | 'float'
  | 'string'
  | 'slice'
  | 'map'
  | 'func'
  | 'struct';

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const TWO63 = 9223372036854775808;

/** An integral JS number within int64 range: a Go int. Others are float64. */
export function isIntNumber(v: number): boolean {
  return Number.isInteger(v) && v < TWO63 && v >= -TWO63;
}

/** True for numbers that are Go ints (integral JS numbers and bigints). */
export function isGoInt(v: unknown): v is number | bigint {
  return (typeof v === 'number' && isIntNumber(v)) || typeof v === 'bigint';
}

/** True for Go float64 values (GoFloat or a non-integral JS number). */
export function isGoFloat(v: unknown): v is number | GoFloat {
  return v instanceof GoFloat || (typeof v === 'number' && !isIntNumber(v));
}

export function kindOf(v: unknown): GoKind {
  switch (typeof v) {
    case 'undefined':
      return 'invalid';
    case 'boolean':
      return 'bool';
    case 'number':
      return isIntNumber(v) ? 'int' : 'float';
    case 'bigint':
      return 'int';
    case 'string':
      return 'string';
    case 'function':
      return 'func';
    case 'object':
      if (v === null) return 'nil';
      if (v instanceof GoFloat) return 'float';
      if (Array.isArray(v) || v instanceof Uint8Array) return 'slice';
      if (isPlainObject(v)) return 'map';
      return 'struct';
    default:
      return 'invalid';
  }
}

/** Numeric value of an int or float template value. */
export function numberOf(v: unknown): number {
  if (v instanceof GoFloat) return v.value;
  if (typeof v === 'bigint') return Number(v);
  return v as number;
}

/** Go type name, as `%T` and error messages print it. */
export function typeName(v: unknown): string {
  switch (typeof v) {
    case 'undefined':
      return '<nil>';
    case 'boolean':
      return 'bool';
    case 'number':
      return isIntNumber(v) ? 'int' : 'float64';
    case 'bigint':
      return 'int64';
    case 'string':
      return 'string';
    case 'function':
      return 'func(...interface {}) interface {}';
    case 'object': {
      if (v === null) return '<nil>';
      if (v instanceof GoFloat) return 'float64';
      const named = (v as { [GO_TYPE]?: string })[GO_TYPE];
      if (named) return named;
      if (v instanceof Uint8Array) return '[]uint8';
      if (Array.isArray(v)) return '[]interface {}';
      if (isPlainObject(v)) return 'map[string]interface {}';
      const ctor = (v as { constructor?: { goTypeName?: string; name?: string } }).constructor;
      if (ctor?.goTypeName) return ctor.goTypeName;
      return '*' + (ctor?.name || 'struct');
    }
    default:
      return 'interface {}';
  }
}

/** Go's template truth: false, 0, 0.0, "", nil, empty slice/map are false. */
export function isTrue(v: unknown): boolean {
  switch (typeof v) {
    case 'undefined':
      return false;
    case 'boolean':
      return v;
    case 'number':
      return v !== 0;
    case 'bigint':
      return v !== 0n;
    case 'string':
      return v.length > 0;
    case 'function':
      return true;
    case 'object':
      if (v === null) return false;
      if (v instanceof GoFloat) return v.value !== 0;
      if (Array.isArray(v)) return v.length > 0;
      if (v instanceof Uint8Array) return v.length > 0;
      if (isPlainObject(v)) {
        for (const _ in v) return true;
        return false;
      }
      return true; // structs are always true
    default:
      return false;
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** UTF-8 bytes of a string (Go strings are byte sequences). */
export function utf8Bytes(s: string): Uint8Array {
  return encoder.encode(s);
}

/** Decode UTF-8 bytes; invalid sequences become U+FFFD as Go's string(runes) would print. */
export function utf8Decode(b: Uint8Array): string {
  return decoder.decode(b);
}

/** Byte length of a string in UTF-8, as Go's len(). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n += 4;
        i++;
      } else n += 3;
    } else n += 3;
  }
  return n;
}

/** Keys of a map value in Go's sorted order (strings sort by bytes; UTF-16 order is close). */
export function sortedKeys(m: Record<string, unknown>): string[] {
  const keys = Object.keys(m);
  if (keys.length < 2) return keys;
  return keys.sort(compareGoStrings);
}

/** Compare strings the way Go does (by UTF-8 bytes = by code point). */
export function compareGoStrings(a: string, b: string): number {
  if (a === b) return 0;
  // Fast path: BMP-only strings without surrogates compare equal in UTF-16 and code point order.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) {
      const sa = ca >= 0xd800 && ca <= 0xdfff;
      const sb = cb >= 0xd800 && cb <= 0xdfff;
      if (sa === sb) return ca < cb ? -1 : 1;
      // a surrogate (astral char) sorts after every BMP char above it in code point order
      return sa ? 1 : -1;
    }
  }
  return a.length < b.length ? -1 : 1;
}

/**
 * Deep-convert every number of a data tree to float64 (GoFloat), as Helm's YAML/JSON
 * decoding produces. Objects and arrays are copied; other values are returned as-is.
 */
export function floatify(v: unknown): unknown {
  if (typeof v === 'number') return new GoFloat(v);
  if (typeof v === 'bigint') return new GoFloat(Number(v));
  if (Array.isArray(v)) return v.map(floatify);
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = floatify(v[k]);
    return out;
  }
  return v;
}

/**
 * Deep-convert template values back to plain JS for serializers (JSON/YAML): GoFloat →
 * number, safe bigint → number (others → string of digits). Arrays and plain objects are copied.
 */
export function toPlain(v: unknown): unknown {
  if (v instanceof GoFloat) return v.value;
  if (typeof v === 'bigint') {
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  }
  if (Array.isArray(v)) return v.map(toPlain);
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) out[k] = toPlain(v[k]);
    return out;
  }
  return v;
}
