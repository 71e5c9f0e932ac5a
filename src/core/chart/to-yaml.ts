/**
 * YAML as Helm's `toYaml` writes it. Helm marshals through JSON and then through a YAML 1.1 encoder in
 * block style, so: map keys in natural order, integral numbers as integers, lists not indented under
 * their key, strings quoted when a YAML 1.1 reader would take them for something else, multi-line
 * strings as literal blocks, and plain or single-quoted strings folded at the first space past column 80.
 * Behaviour matched against `helm template` (v4): test/core/chart/golden/to-yaml.json.
 */
import { formatFloat } from '../template/index.js';
import { isPlainObject as isMap } from '../template/values.js';

const WIDTH = 80;

/** YAML 1.1 plain scalars that do not read back as strings. */
const BOOL_11 = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF']);
const NULL_11 = new Set(['', '~', 'null', 'Null', 'NULL']);
const INT_11 = /^[-+]?(0b[01_]+|0x[0-9a-fA-F_]+|0[0-7_]+|0|[1-9][0-9_]*|[1-9][0-9_]*(:[0-5]?[0-9])+)$/;
const FLOAT_11 = /^[-+]?(\.[0-9_]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$|^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/;
const TIMESTAMP = /^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt]|[ \t]+|$)/;

/** First characters of the strings readsAsNonString accepts: YAML 1.1 numbers, timestamps, bools and nulls. */
const NON_STRING_START = /^[-+.0-9~yYnNtTfFoO]/;

function readsAsNonString(s: string): boolean {
  if (s !== '' && !NON_STRING_START.test(s)) return false;
  return NULL_11.has(s) || BOOL_11.has(s) || INT_11.test(s) || FLOAT_11.test(s) || TIMESTAMP.test(s);
}

function isPrintable(c: number): boolean {
  return c === 0x0a || (c >= 0x20 && c <= 0x7e) || c === 0x85 || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff) || c >= 0x10000;
}

interface Analysis {
  multiline: boolean;
  plain: boolean;
  singleQuoted: boolean;
  literal: boolean;
}

/** What a block-context emitter may use for a string (after the YAML 1.1 resolver check). */
function analyze(s: string): Analysis {
  let flowIndicators = false;
  let blockIndicators = false;
  let lineBreaks = false;
  let special = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let prevSpace = false;
  let prevBreak = false;
  if (s.startsWith('---') || s.startsWith('...')) {
    blockIndicators = true;
    flowIndicators = true;
  }
  // Walks code points; `prev` is the previous one (-1 before the first).
  let prev = -1;
  for (let i = 0; i < s.length; ) {
    const c = s.codePointAt(i)!;
    const next = i + (c > 0xffff ? 2 : 1);
    const last = next >= s.length;
    const n = last ? -1 : s.charCodeAt(next);
    const followedByBlank = last || n === 0x20 || n === 0x09 || n === 0x0a || n === 0x0d;
    if (i === 0) {
      switch (c) {
        case 0x23: // #
        case 0x2c: // ,
        case 0x5b: // [
        case 0x5d: // ]
        case 0x7b: // {
        case 0x7d: // }
        case 0x26: // &
        case 0x2a: // *
        case 0x21: // !
        case 0x7c: // |
        case 0x3e: // >
        case 0x27: // '
        case 0x22: // "
        case 0x25: // %
        case 0x40: // @
        case 0x60: // `
          flowIndicators = true;
          blockIndicators = true;
          break;
        case 0x3f: // ?
        case 0x3a: // :
          flowIndicators = true;
          if (followedByBlank) blockIndicators = true;
          break;
        case 0x2d: // -
          if (followedByBlank) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    } else {
      switch (c) {
        case 0x2c: // ,
        case 0x3f: // ?
        case 0x5b: // [
        case 0x5d: // ]
        case 0x7b: // {
        case 0x7d: // }
          flowIndicators = true;
          break;
        case 0x3a: // :
          flowIndicators = true;
          if (followedByBlank) blockIndicators = true;
          break;
        case 0x23: // #
          if (prev === 0x20 || prev === 0x09) {
            flowIndicators = true;
            blockIndicators = true;
          }
          break;
      }
    }
    if (!isPrintable(c) || c === 0xfeff) special = true;
    if (c === 0x0a) lineBreaks = true;
    if (c === 0x20) {
      if (i === 0) leadingSpace = true;
      if (last) trailingSpace = true;
      if (prevBreak) breakSpace = true;
      prevSpace = true;
      prevBreak = false;
    } else if (c === 0x0a) {
      if (i === 0) leadingBreak = true;
      if (last) trailingBreak = true;
      if (prevSpace) spaceBreak = true;
      prevBreak = true;
      prevSpace = false;
    } else {
      prevSpace = false;
      prevBreak = false;
    }
    prev = c;
    i = next;
  }
  let plain = true;
  let singleQuoted = true;
  let literal = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) plain = false;
  if (trailingSpace) literal = false;
  if (breakSpace) {
    plain = false;
    singleQuoted = false;
  }
  if (spaceBreak || special) {
    plain = false;
    singleQuoted = false;
    literal = false;
  }
  if (lineBreaks) plain = false;
  if (blockIndicators) plain = false;
  return { multiline: lineBreaks, plain, singleQuoted, literal };
}

/** Folds text at the first space past the width, continuing lines at `indent`. */
function fold(text: string, column: number, indent: number): string {
  // A fold needs a space past the width with more text after it.
  if (column + text.length <= WIDTH || !text.includes(' ')) return text;
  let out = '';
  let col = column;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === ' ' && col > WIDTH && text[i - 1] !== ' ' && text[i + 1] !== ' ' && i + 1 < text.length) {
      out += '\n' + ' '.repeat(indent);
      col = indent;
      continue;
    }
    out += ch;
    col++;
  }
  return out;
}

function doubleQuoted(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c === 0) out += '\\0';
    else if (c === 0x07) out += '\\a';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0b) out += '\\v';
    else if (c === 0x0c) out += '\\f';
    else if (c === 0x1b) out += '\\e';
    else if (c === 0x85) out += '\\N';
    else if (c === 0xa0) out += '\\_';
    else if (c === 0x2028) out += '\\L';
    else if (c === 0x2029) out += '\\P';
    else if (!isPrintable(c) || c === 0xfeff) out += c <= 0xff ? `\\x${c.toString(16).toUpperCase().padStart(2, '0')}` : c <= 0xffff ? `\\u${c.toString(16).toUpperCase().padStart(4, '0')}` : `\\U${c.toString(16).toUpperCase().padStart(8, '0')}`;
    else out += ch;
  }
  return out + '"';
}

/**
 * A string scalar written at `column` (where the value starts) inside a block at `indent`.
 * Returns the text to put after "key: " or "- " (may contain newlines).
 */
function stringScalar(s: string, column: number, indent: number): string {
  if (readsAsNonString(s)) return doubleQuoted(s);
  const a = analyze(s);
  if (a.multiline) {
    if (!a.literal) return doubleQuoted(s);
    const trailing = s.endsWith('\n\n') || s === '\n' ? '+' : s.endsWith('\n') ? '' : '-';
    const indicator = s.startsWith(' ') || s.startsWith('\n') ? '2' : '';
    const body = s.endsWith('\n') ? s.slice(0, -1) : s;
    const lines = body.split('\n').map((l) => (l === '' ? '' : ' '.repeat(indent + 2) + l));
    return `|${indicator}${trailing}\n${lines.join('\n')}`;
  }
  if (a.plain) return fold(s, column, indent + 2);
  if (a.singleQuoted) return fold(`'${s.replace(/'/g, "''")}'`, column, indent + 2);
  return doubleQuoted(s);
}

function numberText(n: number): string {
  // Through JSON, a whole number comes back as an integer; anything else is a float64.
  if (Number.isInteger(n) && Math.abs(n) < 2 ** 63) return BigInt(n).toString();
  return formatFloat(n, 'g', -1);
}

function scalar(v: unknown, column: number, indent: number): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'string') return stringScalar(v, column, indent);
  // A GoFloat or another number-like wrapper.
  const n = Number(v);
  if (!Number.isNaN(n)) return numberText(n);
  return stringScalar(String(v), column, indent);
}

/**
 * Go's YAML encoder orders map keys "naturally": runs of digits compare as numbers, characters that are
 * not letters sort before letters, letters by code point, and a shorter key first when one is a prefix.
 */
export function compareKeys(a: string, b: string): number {
  return compareRunes(codePoints(a), codePoints(b));
}

/** A map's keys in compareKeys' order, each key's code points made once (not once per comparison). */
function sortedKeys(keys: string[]): string[] {
  if (keys.length < 2) return keys;
  const runes = keys.map((k) => ({ k, r: codePoints(k) }));
  runes.sort((x, y) => compareRunes(x.r, y.r));
  return runes.map((x) => x.k);
}

function compareRunes(ar: number[], br: number[]): number {
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const x = ar[i]!;
    const y = br[i]!;
    if (x === y) continue;
    const al = isLetter(x);
    const bl = isLetter(y);
    if (al && bl) return charLess(x, y) ? -1 : 1;
    if (al || bl) return bl ? -1 : 1;
    let an = 0;
    let bn = 0;
    if (x === 0x30 || y === 0x30) {
      // Inside a longer number, a zero digit is just a digit.
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== 0x30) {
          an = 1;
          bn = 1;
          break;
        }
      }
    }
    let ai = i;
    let bi = i;
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + (ar[ai]! - 0x30);
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + (br[bi]! - 0x30);
    if (an !== bn) return an < bn ? -1 : 1;
    if (ai !== bi) return ai < bi ? -1 : 1;
    return charLess(x, y) ? -1 : 1;
  }
  return ar.length - br.length;
}

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; ) {
    const c = s.codePointAt(i)!;
    out.push(c);
    i += c > 0xffff ? 2 : 1;
  }
  return out;
}

function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= 0x30 && c <= 0x39;
}

function isLetter(c: number): boolean {
  if (c < 0x80) return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
  return /\p{L}/u.test(String.fromCodePoint(c));
}

/** The two characters as JavaScript orders strings (by UTF-16 units, not code points). */
function charLess(x: number, y: number): boolean {
  if (x <= 0xffff && y <= 0xffff) return x < y;
  return String.fromCodePoint(x) < String.fromCodePoint(y);
}

/** Keys repeat across maps and calls: their text is remembered (a bounded cache). */
const keyTexts = new Map<string, string>();
const KEY_CACHE_LIMIT = 10000;

function keyText(k: string): string {
  let text = keyTexts.get(k);
  if (text === undefined) {
    text = stringScalar(k, 0, 0).includes('\n') ? doubleQuoted(k) : stringScalar(k, 0, Number.MAX_SAFE_INTEGER);
    if (keyTexts.size >= KEY_CACHE_LIMIT) keyTexts.clear();
    keyTexts.set(k, text);
  }
  return text;
}

/** Lines for a value placed after "key:" or "- " at block `indent`; `column` is where an inline value would start. */
function block(v: unknown, indent: number, out: string[], prefix: string): void {
  const pad = ' '.repeat(indent);
  if (isMap(v)) {
    const keys = sortedKeys(Object.keys(v).filter((k) => v[k] !== undefined));
    if (keys.length === 0) {
      out.push(`${prefix}{}`);
      return;
    }
    keys.forEach((k, i) => {
      const head = i === 0 ? prefix : pad;
      const key = keyText(k);
      const val = v[k];
      if ((isMap(val) && Object.keys(val).length > 0) || (Array.isArray(val) && val.length > 0)) {
        out.push(`${head}${key}:`);
        block(val, isMap(val) ? indent + 2 : indent, out, isMap(val) ? ' '.repeat(indent + 2) : pad);
      } else {
        const start = `${head}${key}: `;
        const text = isMap(val) ? '{}' : Array.isArray(val) ? '[]' : scalar(val, start.length, indent);
        out.push(start + text);
      }
    });
    return;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push(`${prefix}[]`);
      return;
    }
    v.forEach((item, i) => {
      const head = (i === 0 ? prefix : pad) + '- ';
      if ((isMap(item) && Object.keys(item).length > 0) || (Array.isArray(item) && item.length > 0)) {
        block(item, indent + 2, out, head);
      } else {
        const text = isMap(item) ? '{}' : Array.isArray(item) ? '[]' : scalar(item, head.length, indent);
        out.push(head + text);
      }
    });
    return;
  }
  // A top-level scalar folds and indents its block body by 2, as a map value does.
  out.push(prefix + scalar(v, prefix.length, indent - 2 < 0 ? 0 : indent - 2));
}

/** The YAML Go's encoder writes for a JSON-like value (ends with a newline). */
export function goYaml(value: unknown): string {
  const out: string[] = [];
  block(value, 0, out, '');
  return out.join('\n') + '\n';
}

/** Helm's `toYaml`: the encoder's output without its final newline. */
export function toYaml(value: unknown): string {
  return goYaml(value).replace(/\n$/, '');
}
