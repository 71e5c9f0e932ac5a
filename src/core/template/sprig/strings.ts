/**
 * Sprig string functions: quote, squote, cat, indent, nindent, trim*, upper, lower, title,
 * substr, trunc, abbrev, abbrevboth, initials, wrap, wrapWith, nospace, swapcase, repeat,
 * replace, plural, contains, hasPrefix, hasSuffix. Byte-based where Go's code works on bytes.
 */
import type { FuncMap, ParamType } from '../builtins.js';
import { GoFuncError } from '../errors.js';
import { sprintf } from '../printf.js';
import { quoteGo } from '../strconv.js';
import { utf8Decode } from '../values.js';
import { repeat, strval } from './common.js';
import {
  goLower,
  goTitle,
  goUpper,
  isGoSpace,
  isLower,
  isTitle,
  isUpper,
  toLowerRune,
  toTitleRune,
  toUpperRune,
  trimSpace,
} from './unicode.js';

const enc = new TextEncoder();

function byteSlice(b: Uint8Array, from: number, to = b.length): string {
  return utf8Decode(b.subarray(from, to));
}

function sliceBounds(lo: number, hi: number, len: number, hiGiven: boolean): void {
  if (hiGiven && (hi < 0 || hi > len)) throw new GoFuncError(`runtime error: slice bounds out of range [:${hi}] with length ${len}`);
  if (lo < 0 || lo > hi) {
    if (!hiGiven && lo > len) throw new GoFuncError(`runtime error: slice bounds out of range [${lo}:${len}]`);
    throw new GoFuncError(`runtime error: slice bounds out of range [${lo}:${hi}]`);
  }
}

/** Only ASCII: each UTF-16 unit is one UTF-8 byte, so byte offsets are string offsets. */
const ASCII = /^[\x00-\x7f]*$/;

/**
 * A string's bytes for byte-based slicing: its length in UTF-8 bytes and a slice by byte offsets.
 * ASCII text (nearly every name a chart truncates) is sliced as it is, without encoding it.
 */
function bytesOf(s: string): { length: number; slice(from: number, to?: number): string } {
  if (ASCII.test(s)) return { length: s.length, slice: (from, to) => s.slice(from, to) };
  const b = enc.encode(s);
  return { length: b.length, slice: (from, to) => byteSlice(b, from, to) };
}

/** Sprig substr (byte offsets, Go slice panics). */
export function substr(start: number, end: number, s: string): string {
  const b = bytesOf(s);
  if (start < 0) {
    sliceBounds(0, end, b.length, true);
    return b.slice(0, end);
  }
  if (end < 0 || end > b.length) {
    sliceBounds(start, b.length, b.length, false);
    return b.slice(start);
  }
  sliceBounds(start, end, b.length, true);
  return b.slice(start, end);
}

/** Sprig trunc: the first c bytes, or the last −c. */
export function trunc(c: number, s: string): string {
  if (c >= 0 && s.length <= c && ASCII.test(s)) return s;
  const b = bytesOf(s);
  if (c < 0 && b.length + c > 0) return b.slice(b.length + c);
  if (c >= 0 && b.length > c) return b.slice(0, c);
  return s;
}

/** goutils.AbbreviateFull (byte based); null for its errors. */
function abbreviateFull(b: Uint8Array, offset: number, maxWidth: number): string | null {
  if (b.length === 0) return '';
  if (maxWidth < 4) return null;
  if (b.length <= maxWidth) return utf8Decode(b);
  if (offset > b.length) offset = b.length;
  if (b.length - offset < maxWidth - 3) offset = b.length - (maxWidth - 3);
  if (offset <= 4) return byteSlice(b, 0, maxWidth - 3) + '...';
  if (maxWidth < 7) return null;
  if (offset + maxWidth - 3 < b.length) {
    const rest = abbreviateFull(b.subarray(offset), 0, maxWidth - 3);
    return '...' + (rest ?? '');
  }
  return '...' + byteSlice(b, b.length - (maxWidth - 3));
}

export function abbrev(width: number, s: string): string {
  if (width < 4) return s;
  return abbreviateFull(enc.encode(s), 0, width) ?? '';
}

export function abbrevboth(left: number, right: number, s: string): string {
  if (right < 4 || (left > 0 && right < 7)) return s;
  return abbreviateFull(enc.encode(s), left, right) ?? '';
}

/** goutils.Initials: walks the bytes, each byte read as a rune. */
export function initials(s: string): string {
  if (s === '') return s;
  const b = enc.encode(s);
  let out = '';
  let lastWasGap = true;
  for (const byte of b) {
    if (isGoSpace(byte)) lastWasGap = true;
    else if (lastWasGap) {
      out += String.fromCodePoint(byte);
      lastWasGap = false;
    }
  }
  return out;
}

function indexByte(b: Uint8Array, from: number, to: number, byte: number, last: boolean): number {
  if (last) {
    for (let i = to - 1; i >= from; i--) if (b[i] === byte) return i - from;
  } else {
    for (let i = from; i < to; i++) if (b[i] === byte) return i - from;
  }
  return -1;
}

/** goutils.WrapCustom (byte based). */
export function wrapCustom(s: string, wrapLength: number, newLine: string, wrapLongWords: boolean): string {
  if (s === '') return '';
  if (newLine === '') newLine = '\n';
  if (wrapLength < 1) wrapLength = 1;
  const b = enc.encode(s);
  const n = b.length;
  let offset = 0;
  let out = '';
  const SP = 0x20;
  while (n - offset > wrapLength) {
    if (b[offset] === SP) {
      offset++;
      continue;
    }
    const end = Math.min(wrapLength + offset + 1, n);
    let spaceToWrapAt = indexByte(b, offset, end, SP, true) + offset;
    if (spaceToWrapAt >= offset) {
      out += byteSlice(b, offset, spaceToWrapAt) + newLine;
      offset = spaceToWrapAt + 1;
    } else if (wrapLongWords) {
      out += byteSlice(b, offset, wrapLength + offset) + newLine;
      offset += wrapLength;
    } else {
      const e = wrapLength + offset;
      const idx = indexByte(b, e, n, SP, false);
      if (idx === -1) {
        out += byteSlice(b, offset);
        offset = n;
      } else {
        spaceToWrapAt = idx + e;
        out += byteSlice(b, offset, spaceToWrapAt) + newLine;
        offset = spaceToWrapAt + 1;
      }
    }
  }
  out += byteSlice(b, offset);
  return out;
}

/** goutils.SwapCase: lower case after whitespace (or at the start) becomes title case. */
export function swapcase(s: string): string {
  let out = '';
  let whitespace = true;
  for (const ch of s) {
    if (isUpper(ch) || isTitle(ch)) {
      out += toLowerRune(ch);
      whitespace = false;
    } else if (isLower(ch)) {
      out += whitespace ? toTitleRune(ch) : toUpperRune(ch);
      whitespace = false;
    } else {
      out += ch;
      whitespace = isGoSpace(ch.codePointAt(0)!);
    }
  }
  return out;
}

/** goutils.DeleteWhiteSpace */
export function nospace(s: string): string {
  let out = '';
  for (const ch of s) if (!isGoSpace(ch.codePointAt(0)!)) out += ch;
  return out;
}

/** strings.Replace(src, old, new, -1) */
export function goReplaceAll(src: string, old: string, repl: string): string {
  if (old === '') {
    let out = repl;
    for (const ch of src) out += ch + repl;
    return out;
  }
  return src.split(old).join(repl);
}

/** strings.Trim(s, cutset): cut leading/trailing runes in cutset. */
export function goTrim(s: string, cutset: string): string {
  if (s === '' || cutset === '') return s;
  const set = new Set([...cutset]);
  const cps = [...s];
  let i = 0;
  let j = cps.length;
  while (i < j && set.has(cps[i])) i++;
  while (j > i && set.has(cps[j - 1])) j--;
  return cps.slice(i, j).join('');
}

function quoteFn(...args: unknown[]): string {
  const out: string[] = [];
  for (const a of args) if (a !== null && a !== undefined) out.push(quoteGo(strval(a)));
  return out.join(' ');
}

function squoteFn(...args: unknown[]): string {
  const out: string[] = [];
  for (const a of args) if (a !== null && a !== undefined) out.push(`'${sprintf('%v', [a])}'`);
  return out.join(' ');
}

function cat(...args: unknown[]): string {
  const v = args.filter((a) => a !== null && a !== undefined);
  return sprintf(trimSpace('%v '.repeat(v.length)), v);
}

export function indent(spaces: number, v: string): string {
  const pad = repeat(' ', spaces);
  return pad + v.split('\n').join('\n' + pad);
}

const N = Number;
const S2 = (): { params: ParamType[] } => ({ params: ['string', 'string'] });

export function stringFuncs(): FuncMap {
  return {
    abbrev: { fn: (w: number, s: string) => abbrev(N(w), s), params: ['int', 'string'] },
    abbrevboth: { fn: (l: number, r: number, s: string) => abbrevboth(N(l), N(r), s), params: ['int', 'int', 'string'] },
    trunc: { fn: (c: number, s: string) => trunc(N(c), s), params: ['int', 'string'] },
    trim: { fn: trimSpace, params: ['string'] },
    upper: { fn: goUpper, params: ['string'] },
    lower: { fn: goLower, params: ['string'] },
    title: { fn: goTitle, params: ['string'] },
    substr: { fn: (a: number, b: number, s: string) => substr(N(a), N(b), s), params: ['int', 'int', 'string'] },
    repeat: { fn: (count: number, s: string) => repeat(s, N(count)), params: ['int', 'string'] },
    trimall: { fn: (a: string, b: string) => goTrim(b, a), ...S2() },
    trimAll: { fn: (a: string, b: string) => goTrim(b, a), ...S2() },
    trimSuffix: { fn: (a: string, b: string) => (a !== '' && b.endsWith(a) ? b.slice(0, b.length - a.length) : b), ...S2() },
    trimPrefix: { fn: (a: string, b: string) => (a !== '' && b.startsWith(a) ? b.slice(a.length) : b), ...S2() },
    nospace: { fn: nospace, params: ['string'] },
    initials: { fn: initials, params: ['string'] },
    swapcase: { fn: swapcase, params: ['string'] },
    wrap: { fn: (l: number, s: string) => wrapCustom(s, N(l), '', false), params: ['int', 'string'] },
    wrapWith: { fn: (l: number, sep: string, s: string) => wrapCustom(s, N(l), sep, true), params: ['int', 'string', 'string'] },
    contains: { fn: (sub: string, s: string) => s.includes(sub), ...S2() },
    hasPrefix: { fn: (sub: string, s: string) => s.startsWith(sub), ...S2() },
    hasSuffix: { fn: (sub: string, s: string) => s.endsWith(sub), ...S2() },
    quote: { fn: quoteFn, variadic: 'any' },
    squote: { fn: squoteFn, variadic: 'any' },
    cat: { fn: cat, variadic: 'any' },
    indent: { fn: (n: number, v: string) => indent(N(n), v), params: ['int', 'string'] },
    nindent: { fn: (n: number, v: string) => '\n' + indent(N(n), v), params: ['int', 'string'] },
    replace: { fn: (o: string, n: string, s: string) => goReplaceAll(s, o, n), params: ['string', 'string', 'string'] },
    plural: { fn: (one: string, many: string, count: number) => (N(count) === 1 ? one : many), params: ['string', 'string', 'int'] },
  };
}

