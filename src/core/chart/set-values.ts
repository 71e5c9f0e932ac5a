/**
 * Helm's `--set`, `--set-string` and `--set-json` syntax: comma-separated `path=value` assignments where
 * a path is dot-separated keys with `[n]` list indexes and a backslash escapes the next character.
 * Behaviour matched against `helm template` (v4): see test/core/chart/golden/set-values.json.
 *
 * With `--set`, values are typed: true/false and null (any case), and base-10 integers without a leading
 * zero become booleans, null and int64; everything else stays a string (1.5, 0x10 and 1e3 included).
 * `{a,b}` is a list. `--set-string` keeps every value a string; `--set-json` reads each value as JSON.
 */
import { isPlainObject as isMap } from '../template/values.js';
/** `--set`, `--set-string`, `--set-json`, `--set-file` (the value names a file whose text is the string) and `--set-literal` (the whole rest is the string). */
export type SetMode = 'typed' | 'string' | 'json' | 'file' | 'literal';

/** Reads a `--set-file` path; whoever renders supplies it (core does no I/O). */
export type SetFileReader = (path: string) => string;

export class SetValuesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SetValuesError';
  }
}

/** Helm refuses list indexes above this (a guard against `a[999999999]=x` allocating a huge list). */
const MAX_INDEX = 65536;

type Segment = { key: string } | { index: number };
type Values = Record<string, unknown>;

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** The --set typing of one scalar. */
export function typedValue(raw: string): unknown {
  const lower = raw.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  // Leading zeros ("012", "00") stay strings, so ids and octal-looking values keep their text.
  if (raw.length > 1 && raw[0] === '0') return raw;
  if (/^[+-]?\d+$/.test(raw)) {
    const n = BigInt(raw);
    if (n > INT64_MAX || n < INT64_MIN) return raw;
    return Number(n);
  }
  return raw;
}

/** A small cursor over the assignment text that understands backslash escapes. */
class Scanner {
  pos = 0;
  constructor(readonly text: string) {}
  get done(): boolean {
    return this.pos >= this.text.length;
  }
  /** Reads until one of `stops` (unescaped); returns the text with escapes resolved and the stop char. */
  until(stops: string): { text: string; stop: string | undefined } {
    let out = '';
    while (this.pos < this.text.length) {
      const c = this.text[this.pos]!;
      if (c === '\\' && this.pos + 1 < this.text.length) {
        out += this.text[this.pos + 1];
        this.pos += 2;
        continue;
      }
      if (stops.includes(c)) {
        this.pos++;
        return { text: out, stop: c };
      }
      out += c;
      this.pos++;
    }
    return { text: out, stop: undefined };
  }
}

function parsePath(s: Scanner): Segment[] {
  const segs: Segment[] = [];
  for (;;) {
    const { text, stop } = s.until('.[=,');
    if (stop !== '[' || text !== '') segs.push({ key: text });
    if (stop === '.') continue;
    if (stop === '=') return segs;
    if (stop !== '[') throw new SetValuesError(`key "${describe(segs)}" has no value`);
    // One or more [n] indexes, then `.`, `=` or another `[`.
    for (;;) {
      const { text: idx, stop: close } = s.until(']');
      if (close !== ']' || !/^-?\d+$/.test(idx)) throw new SetValuesError(`invalid index "${idx}" in "${s.text}"`);
      const n = Number(idx);
      if (n < 0) throw new SetValuesError(`negative ${n} index not allowed`);
      if (n > MAX_INDEX) throw new SetValuesError(`index of ${n} is greater than maximum supported index ${MAX_INDEX}`);
      segs.push({ index: n });
      const next = s.text[s.pos];
      s.pos++;
      if (next === '[') continue;
      if (next === '.') break;
      if (next === '=') return segs;
      throw new SetValuesError(`key "${describe(segs)}" has no value`);
    }
  }
}

function describe(segs: Segment[]): string {
  return segs.map((x) => ('key' in x ? x.key : `[${x.index}]`)).join('.');
}

/** Reads one JSON value from the scanner (strings, nesting) and leaves it after the value. */
function readJson(s: Scanner): unknown {
  const start = s.pos;
  let depth = 0;
  let inString = false;
  while (s.pos < s.text.length) {
    const c = s.text[s.pos]!;
    if (inString) {
      if (c === '\\') s.pos++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 0) break;
    s.pos++;
  }
  const raw = s.text.slice(start, s.pos);
  if (s.text[s.pos] === ',') s.pos++;
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw new SetValuesError(`failed to parse JSON value "${raw}": ${(err as Error).message}`);
  }
}

function readValue(s: Scanner, mode: SetMode, readFile?: SetFileReader): unknown {
  if (mode === 'json') return readJson(s);
  if (mode === 'literal') {
    const rest = s.text.slice(s.pos);
    s.pos = s.text.length;
    return rest;
  }
  if (mode === 'file') {
    const { text } = s.until(',');
    if (!readFile) throw new SetValuesError(`--set-file ${text}: no file reader attached to this render`);
    return readFile(text);
  }
  const conv = mode === 'typed' ? typedValue : (v: string) => v;
  if (s.text[s.pos] === '{') {
    s.pos++;
    const items: unknown[] = [];
    for (;;) {
      const { text, stop } = s.until(',}');
      items.push(conv(text));
      if (stop === '}' || stop === undefined) break;
    }
    if (s.text[s.pos] === ',') s.pos++;
    return items;
  }
  const { text } = s.until(',');
  return conv(text);
}

function assign(target: Values, segs: Segment[], value: unknown, line: string): void {
  let container: Values | unknown[] = target;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    const last = i === segs.length - 1;
    const next = segs[i + 1];
    if ('key' in seg) {
      if (!isMap(container)) throw new SetValuesError(`unable to parse key "${describe(segs)}" in "${line}": not a map`);
      if (last) {
        container[seg.key] = value;
        return;
      }
      const existing: unknown = container[seg.key];
      if (next && 'index' in next) {
        if (!Array.isArray(existing)) container[seg.key] = [];
      } else if (existing === undefined || existing === null) {
        container[seg.key] = {};
      } else if (!isMap(existing)) {
        throw new SetValuesError(`unable to parse key "${describe(segs)}" in "${line}": "${seg.key}" is not a map`);
      }
      container = container[seg.key] as Values | unknown[];
    } else {
      if (!Array.isArray(container)) throw new SetValuesError(`unable to parse key "${describe(segs)}" in "${line}": not a list`);
      while (container.length <= seg.index) container.push(null);
      if (last) {
        container[seg.index] = value;
        return;
      }
      const existing = container[seg.index];
      if (next && 'index' in next) {
        if (!Array.isArray(existing)) container[seg.index] = [];
      } else if (!isMap(existing)) {
        container[seg.index] = {};
      }
      container = container[seg.index] as Values | unknown[];
    }
  }
}

/** Applies one `--set`-style argument (several comma-separated assignments) onto `into`, in place. */
export function applySet(into: Values, line: string, mode: SetMode = 'typed', readFile?: SetFileReader): Values {
  const s = new Scanner(line);
  while (!s.done) {
    const segs = parsePath(s);
    const value = readValue(s, mode, readFile);
    assign(into, segs, value, line);
  }
  return into;
}

/**
 * Applies `--set-json`, `--set` and `--set-string` flags onto `into` (the merged `-f` files) the way Helm
 * does: not in command-line order but by kind — all JSON flags, then typed, string, file and literal
 * ones, each kind in the order given.
 */
export function parseSetFlags(flags: ReadonlyArray<{ mode: SetMode; value: string }>, into: Values = {}, readFile?: SetFileReader): Values {
  for (const mode of ['json', 'typed', 'string', 'file', 'literal'] as const) {
    for (const f of flags) if (f.mode === mode) applySet(into, f.value, mode, readFile);
  }
  return into;
}
