/**
 * Function specifications and Go's predefined template functions (text/template funcs.go
 * behaviour): and, or, not, len, index, slice, print, printf, println, urlquery, html, js,
 * call, eq, ne, lt, le, gt, ge.
 */
import type { Tree } from './ast.js';
import { GoFuncError } from './errors.js';
import { sprint, sprintf, sprintln } from './printf.js';
import { isPrintRune } from './strconv.js';
import {
  compareGoStrings,
  isPlainObject,
  isTrue,
  kindOf,
  numberOf,
  typeName,
  utf8Bytes,
  utf8Decode,
} from './values.js';

/**
 * Go parameter types a template function can declare. They drive Go's argument checks:
 * arity errors, `expected integer; found "x"` for constants, `wrong type for value;
 * expected string; got int` for computed values, nil handling.
 *  - `any`:  interface{} (a missing value arrives as `null`)
 *  - `value`: reflect.Value, as Go's builtins take (missing arrives as `undefined`, nil as `null`)
 *  - `string`, `bool`, `int`, `int64`, `float64`: the Go scalar types
 *  - `map`: map[string]interface{}, `slice`: []interface{}
 */
export type ParamType = 'any' | 'value' | 'string' | 'bool' | 'int' | 'int64' | 'float64' | 'map' | 'slice';

/** The parts of TemplateSet a context-aware function may use (e.g. Helm's `tpl`). */
export interface TemplateSetLike {
  parse(name: string, text: string): unknown;
  execute(name: string, data?: unknown): string;
  has(name: string): boolean;
  clone(): TemplateSetLike;
  /** Makes template `name` what it is in `from` (or absent again). */
  resetFrom(name: string, from: TemplateSetLike): void;
  /** Parses `text` as `name` into the set and returns its tree, even an empty one that did not replace `name`. */
  parseDetached(name: string, text: string): Tree;
  /** Executes a tree from parseDetached. */
  executeTree(name: string, tree: Tree, data?: unknown): string;
}

/** What a function receives as first argument when it declares `needsContext`. */
export interface ExecContext {
  /** The template set being executed. */
  readonly set: TemplateSetLike;
  /** Name of the template executing the call. */
  readonly templateName: string;
  /** Depth of {{template}} nesting at the call. */
  readonly depth: number;
  /** Execute another template of the same set with fresh state (Go's ExecuteTemplate). */
  executeTemplate(name: string, data: unknown): string;
  /** Whether the set has a template of that name. */
  hasTemplate(name: string): boolean;
}

export interface FuncSpec {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  fn: (...args: any[]) => unknown;
  /** Fixed parameter types; omitted with no `variadic` means `...interface{}`. */
  params?: ParamType[];
  /** Type of the variadic tail, if the function is variadic. */
  variadic?: ParamType;
  /** If true, `fn` receives an ExecContext before the template arguments. */
  needsContext?: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type GoFunc = (...args: any[]) => unknown;

/** Template functions: plain JS functions are treated as `func(...interface{}) interface{}`. */
export type FuncMap = Record<string, GoFunc | FuncSpec>;

export interface NormalizedFunc {
  fn: GoFunc;
  params: ParamType[];
  variadic: ParamType | null;
  needsContext: boolean;
}

export function normalizeFunc(f: GoFunc | FuncSpec): NormalizedFunc {
  if (typeof f === 'function') return { fn: f, params: [], variadic: 'any', needsContext: false };
  const variadic = f.variadic ?? (f.params ? null : 'any');
  return { fn: f.fn, params: f.params ?? [], variadic, needsContext: !!f.needsContext };
}

/** Go spelling of a parameter type, as error messages print it. */
export function paramTypeName(t: ParamType): string {
  switch (t) {
    case 'any':
      return 'interface {}';
    case 'value':
      return 'reflect.Value';
    case 'map':
      return 'map[string]interface {}';
    case 'slice':
      return '[]interface {}';
    default:
      return t;
  }
}

// ---------------------------------------------------------------------------

/** reflect indirectInterface: nil interface → invalid. */
function ind(v: unknown): unknown {
  return v === null ? undefined : v;
}

type BasicKind = 'invalid' | 'bool' | 'int' | 'float' | 'string';

function basicKind(v: unknown): BasicKind {
  const k = kindOf(v);
  switch (k) {
    case 'bool':
    case 'int':
    case 'float':
    case 'string':
      return k;
    case 'uint':
      return 'int';
    default:
      return 'invalid';
  }
}

function intCmp(a: unknown, b: unknown): number {
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    const x = BigInt(a as number | bigint);
    const y = BigInt(b as number | bigint);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = a as number;
  const y = b as number;
  return x < y ? -1 : x > y ? 1 : 0;
}

function isNilValue(v: unknown): boolean {
  return v === undefined || v === null;
}

/** reflect kind for canCompare (maps, slices, funcs, structs, invalid). */
function reflectKind(v: unknown): string {
  return kindOf(v);
}

function comparable(v: unknown): boolean {
  const k = kindOf(v);
  return !(k === 'map' || k === 'slice' || k === 'func');
}

export function eq(arg1: unknown, ...arg2: unknown[]): boolean {
  const v1 = ind(arg1);
  if (arg2.length === 0) throw new GoFuncError('missing argument for comparison');
  const k1 = basicKind(v1);
  for (const a of arg2) {
    const v2 = ind(a);
    const k2 = basicKind(v2);
    let truth = false;
    if (k1 !== k2) {
      if (v1 !== undefined && v2 !== undefined) {
        throw new GoFuncError(`incompatible types for comparison: ${typeName(v1)} and ${typeName(v2)}`);
      }
    } else {
      switch (k1) {
        case 'bool':
        case 'string':
          truth = v1 === v2;
          break;
        case 'float':
          truth = numberOf(v1) === numberOf(v2);
          break;
        case 'int':
          truth = intCmp(v1, v2) === 0;
          break;
        default: {
          const r1 = reflectKind(v1);
          const r2 = reflectKind(v2);
          if (r1 !== r2 && v1 !== undefined && v2 !== undefined) {
            throw new GoFuncError(
              `non-comparable types ${sprintf('%s', [v1])}: ${typeName(v1)}, ${typeName(v2)}: ${sprintf('%s', [v2])}`,
            );
          }
          if (isNilValue(v1) || isNilValue(v2)) {
            truth = isNilValue(v1) === isNilValue(v2);
          } else {
            if (!comparable(v2)) {
              throw new GoFuncError(`non-comparable type ${sprintf('%s', [v2])}: ${typeName(v2)}`);
            }
            truth = v1 === v2;
          }
        }
      }
    }
    if (truth) return true;
  }
  return false;
}

export function ne(a: unknown, b: unknown): boolean {
  return !eq(a, b);
}

export function lt(a: unknown, b: unknown): boolean {
  const v1 = ind(a);
  const k1 = basicKind(v1);
  if (k1 === 'invalid') throw new GoFuncError('invalid type for comparison');
  const v2 = ind(b);
  const k2 = basicKind(v2);
  if (k2 === 'invalid') throw new GoFuncError('invalid type for comparison');
  if (k1 !== k2) {
    throw new GoFuncError(`incompatible types for comparison: ${typeName(v1)} and ${typeName(v2)}`);
  }
  switch (k1) {
    case 'bool':
      throw new GoFuncError('invalid type for comparison');
    case 'float':
      return numberOf(v1) < numberOf(v2);
    case 'int':
      return intCmp(v1, v2) < 0;
    default:
      return compareGoStrings(v1 as string, v2 as string) < 0;
  }
}

export function le(a: unknown, b: unknown): boolean {
  return lt(a, b) || eq(a, b);
}

export function gt(a: unknown, b: unknown): boolean {
  return !le(a, b);
}

export function ge(a: unknown, b: unknown): boolean {
  return !lt(a, b);
}

export function not(v: unknown): boolean {
  return !isTrue(ind(v));
}

export function length(item: unknown): number {
  if (item === null) throw new GoFuncError('len of nil pointer');
  if (item === undefined) throw new GoFuncError('reflect: call of reflect.Value.Type on zero Value');
  if (typeof item === 'string') return utf8Bytes(item).length;
  if (Array.isArray(item) || item instanceof Uint8Array) return item.length;
  if (isPlainObject(item)) return Object.keys(item).length;
  throw new GoFuncError(`len of type ${typeName(item)}`);
}

function indexArg(index: unknown, cap: number): number {
  let x: number;
  const k = kindOf(index);
  if (k === 'int') x = Number(index as number | bigint);
  else if (index === undefined) throw new GoFuncError('cannot index slice/array with nil');
  else throw new GoFuncError(`cannot index slice/array with type ${typeName(index)}`);
  if (x < 0 || x > cap) throw new GoFuncError(`index out of range: ${String(index)}`);
  return x;
}

export function index(item: unknown, ...indexes: unknown[]): unknown {
  let v = ind(item);
  if (v === undefined) throw new GoFuncError('index of untyped nil');
  for (const raw of indexes) {
    const i = ind(raw);
    if (v === null || v === undefined) throw new GoFuncError('index of nil pointer');
    if (typeof v === 'string') {
      const bytes = utf8Bytes(v);
      const x = indexArg(i, bytes.length);
      if (x === bytes.length) throw new GoFuncError('reflect: string index out of range');
      v = bytes[x];
    } else if (Array.isArray(v) || v instanceof Uint8Array) {
      const x = indexArg(i, v.length);
      if (x === v.length) throw new GoFuncError('reflect: slice index out of range');
      const e = v[x];
      v = e === undefined ? null : e;
    } else if (isPlainObject(v)) {
      if (i === undefined) throw new GoFuncError('value is nil; should be of type string');
      if (typeof i !== 'string') throw new GoFuncError(`value has type ${typeName(i)}; should be string`);
      const e = Object.prototype.hasOwnProperty.call(v, i) ? v[i] : null;
      v = e === undefined ? null : e;
    } else {
      throw new GoFuncError(`can't index item of type ${typeName(v)}`);
    }
  }
  return v;
}

export function slice(item: unknown, ...indexes: unknown[]): unknown {
  const v = ind(item);
  if (v === undefined) throw new GoFuncError('slice of untyped nil');
  if (indexes.length > 3) throw new GoFuncError(`too many slice indexes: ${indexes.length}`);
  let cap: number;
  let len: number;
  let bytes: Uint8Array | null = null;
  if (typeof v === 'string') {
    if (indexes.length === 3) throw new GoFuncError('cannot 3-index slice a string');
    bytes = utf8Bytes(v);
    cap = len = bytes.length;
  } else if (Array.isArray(v) || v instanceof Uint8Array) {
    cap = len = v.length;
  } else {
    throw new GoFuncError(`can't slice item of type ${typeName(v)}`);
  }
  const idx = [0, len, 0];
  indexes.forEach((x, i) => {
    idx[i] = indexArg(ind(x), cap);
  });
  if (idx[0] > idx[1]) throw new GoFuncError(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && idx[1] > idx[2]) {
    throw new GoFuncError(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  }
  if (bytes) return utf8Decode(bytes.subarray(idx[0], idx[1]));
  return (v as unknown[] | Uint8Array).slice(idx[0], idx[1]);
}

/** Go's evalArgs: Sprint of the args, with missing values printed as <no value>. */
function evalArgs(args: unknown[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args.map((a) => (a === null || a === undefined ? '<no value>' : a)));
}

export function htmlEscapeString(s: string): string {
  return s.replace(/["'&<>\0]/g, (c) => {
    switch (c) {
      case '"':
        return '&#34;';
      case "'":
        return '&#39;';
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      default:
        return '\uFFFD';
    }
  });
}

export function jsEscapeString(s: string): string {
  let out = '';
  for (const ch of s) {
    const r = ch.codePointAt(0)!;
    switch (ch) {
      case '\\':
        out += '\\\\';
        continue;
      case "'":
        out += "\\'";
        continue;
      case '"':
        out += '\\"';
        continue;
      case '<':
        out += '\\u003C';
        continue;
      case '>':
        out += '\\u003E';
        continue;
      case '&':
        out += '\\u0026';
        continue;
      case '=':
        out += '\\u003D';
        continue;
    }
    if (r < 0x20) out += '\\u00' + r.toString(16).toUpperCase().padStart(2, '0');
    else if (r < 0x80 || isPrintRune(r)) out += ch;
    else out += '\\u' + r.toString(16).toUpperCase().padStart(4, '0');
  }
  return out;
}

/** url.QueryEscape */
export function queryEscape(s: string): string {
  let out = '';
  for (const b of utf8Bytes(s)) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** Go's predefined functions. `and`, `or` and `call` are special-cased by the executor. */
export const builtinFuncs: Record<string, NormalizedFunc> = {
  and: { fn: () => undefined, params: ['value'], variadic: 'value', needsContext: false },
  or: { fn: () => undefined, params: ['value'], variadic: 'value', needsContext: false },
  call: { fn: () => undefined, params: ['value'], variadic: 'value', needsContext: false },
  not: { fn: not, params: ['value'], variadic: null, needsContext: false },
  len: { fn: length, params: ['value'], variadic: null, needsContext: false },
  index: { fn: index, params: ['value'], variadic: 'value', needsContext: false },
  slice: { fn: slice, params: ['value'], variadic: 'value', needsContext: false },
  print: { fn: (...a: unknown[]) => sprint(a), params: [], variadic: 'any', needsContext: false },
  printf: {
    fn: (f: string, ...a: unknown[]) => sprintf(f, a),
    params: ['string'],
    variadic: 'any',
    needsContext: false,
  },
  println: { fn: (...a: unknown[]) => sprintln(a), params: [], variadic: 'any', needsContext: false },
  urlquery: { fn: (...a: unknown[]) => queryEscape(evalArgs(a)), params: [], variadic: 'any', needsContext: false },
  html: { fn: (...a: unknown[]) => htmlEscapeString(evalArgs(a)), params: [], variadic: 'any', needsContext: false },
  js: { fn: (...a: unknown[]) => jsEscapeString(evalArgs(a)), params: [], variadic: 'any', needsContext: false },
  eq: { fn: eq, params: ['value'], variadic: 'value', needsContext: false },
  ne: { fn: ne, params: ['value', 'value'], variadic: null, needsContext: false },
  lt: { fn: lt, params: ['value', 'value'], variadic: null, needsContext: false },
  le: { fn: le, params: ['value', 'value'], variadic: null, needsContext: false },
  gt: { fn: gt, params: ['value', 'value'], variadic: null, needsContext: false },
  ge: { fn: ge, params: ['value', 'value'], variadic: null, needsContext: false },
};

