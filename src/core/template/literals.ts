/**
 * Go literal syntax used by the parser: strconv.Unquote/UnquoteChar for string and char
 * constants, and Go integer/float literal parsing (base prefixes, underscores) as
 * strconv.ParseInt/ParseUint/ParseFloat do with base 0.
 */
import { utf8Decode } from './values.js';

// ---------------------------------------------------------------------------
// strconv.Unquote / UnquoteChar

/** strconv.ErrSyntax */
export class SyntaxErr extends Error {}

const encoder = new TextEncoder();

function pushRune(out: number[], r: number): void {
  for (const x of encoder.encode(String.fromCodePoint(r))) out.push(x);
}

/** Reads one (possibly escaped) char at s[i]; returns [isRune, value, next index]. */
export function unquoteCharAt(s: string, i: number, quote: string): [boolean, number, number] {
  const c = s[i];
  if (c === quote && (quote === "'" || quote === '"')) throw new SyntaxErr();
  if (c !== '\\') {
    const cp = s.codePointAt(i)!;
    return [true, cp, i + (cp > 0xffff ? 2 : 1)];
  }
  if (i + 1 >= s.length) throw new SyntaxErr();
  const e = s[i + 1];
  i += 2;
  switch (e) {
    case 'a':
      return [true, 7, i];
    case 'b':
      return [true, 8, i];
    case 'f':
      return [true, 12, i];
    case 'n':
      return [true, 10, i];
    case 'r':
      return [true, 13, i];
    case 't':
      return [true, 9, i];
    case 'v':
      return [true, 11, i];
    case '\\':
      return [true, 92, i];
    case "'":
    case '"':
      if (e !== quote) throw new SyntaxErr();
      return [true, e.charCodeAt(0), i];
    case 'x':
    case 'u':
    case 'U': {
      const n = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = s.slice(i, i + n);
      if (hex.length < n || !/^[0-9a-fA-F]+$/.test(hex)) throw new SyntaxErr();
      const v = parseInt(hex, 16);
      if (e === 'x') return [false, v, i + n];
      if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff)) throw new SyntaxErr();
      return [true, v, i + n];
    }
    default:
      if (e >= '0' && e <= '7') {
        const oct = s.slice(i - 1, i + 2);
        if (!/^[0-7]{3}$/.test(oct)) throw new SyntaxErr();
        const v = parseInt(oct, 8);
        if (v > 255) throw new SyntaxErr();
        return [false, v, i + 2];
      }
      throw new SyntaxErr();
  }
}

/** strconv.Unquote for "..." and `...` literals. */
export function unquote(lit: string): string {
  if (lit.length < 2) throw new SyntaxErr();
  const q = lit[0];
  if (q !== lit[lit.length - 1]) throw new SyntaxErr();
  const body = lit.slice(1, -1);
  if (q === '`') {
    if (body.includes('`')) throw new SyntaxErr();
    return body.includes('\r') ? body.replace(/\r/g, '') : body;
  }
  if (q !== '"') throw new SyntaxErr();
  if (!body.includes('\\')) {
    if (body.includes('"') || body.includes('\n')) throw new SyntaxErr();
    return body;
  }
  const bytes: number[] = [];
  let i = 0;
  while (i < body.length) {
    if (body[i] === '\n') throw new SyntaxErr();
    const [isRune, v, next] = unquoteCharAt(body, i, '"');
    if (isRune) pushRune(bytes, v);
    else bytes.push(v);
    i = next;
  }
  return utf8Decode(new Uint8Array(bytes));
}

// ---------------------------------------------------------------------------
// Go number literal parsing (strconv.ParseInt/ParseUint/ParseFloat with base 0)

/** strconv's underscoreOK: underscores only between digits (base-0 parsing). */
export function underscoreOK(s: string): boolean {
  let saw = '^';
  let i = 0;
  if (s.length >= 1 && (s[0] === '-' || s[0] === '+')) s = s.slice(1);
  let hex = false;
  if (s.length >= 2 && s[0] === '0') {
    const c = s[1].toLowerCase();
    if (c === 'b' || c === 'o' || c === 'x') {
      i = 2;
      saw = '0';
      hex = c === 'x';
    }
  }
  for (; i < s.length; i++) {
    const c = s[i];
    if ((c >= '0' && c <= '9') || (hex && /[a-fA-F]/.test(c))) {
      saw = '0';
      continue;
    }
    if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
      continue;
    }
    if (saw === '_') return false;
    saw = '!';
  }
  return saw !== '_';
}

/** Parse a Go integer literal (base 0); null when not valid syntax. */
export function parseGoInt(text: string, signed: boolean): bigint | null {
  let s = text;
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    if (!signed) return null;
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '') return null;
  let base = 10;
  let digits = s;
  if (s[0] === '0' && s.length > 1) {
    const c = s[1].toLowerCase();
    if (c === 'x') {
      base = 16;
      digits = s.slice(2);
    } else if (c === 'o') {
      base = 8;
      digits = s.slice(2);
    } else if (c === 'b') {
      base = 2;
      digits = s.slice(2);
    } else {
      base = 8;
      digits = s.slice(1);
    }
  }
  if (digits.includes('_')) {
    if (!underscoreOK(text)) return null;
    digits = digits.replace(/_/g, '');
  }
  if (digits === '') return null;
  const valid = base === 16 ? /^[0-9a-fA-F]+$/ : base === 8 ? /^[0-7]+$/ : base === 2 ? /^[01]+$/ : /^[0-9]+$/;
  if (!valid.test(digits)) return null;
  let v = 0n;
  const b = BigInt(base);
  for (const ch of digits) v = v * b + BigInt(parseInt(ch, base));
  if (neg) v = -v;
  if (signed) {
    if (v > 0x7fffffffffffffffn || v < -0x8000000000000000n) return null;
  } else if (v > 0xffffffffffffffffn) return null;
  return v;
}

/** strconv.ParseFloat(text, 64) for Go literal syntax; null when not valid. */
export function parseGoFloat(text: string): number | null {
  let s = text;
  if (s.includes('_')) {
    if (!underscoreOK(s)) return null;
    s = s.replace(/_/g, '');
  }
  let neg = false;
  if (s[0] === '+' || s[0] === '-') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  let v: number;
  const hexm = /^0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?[0-9]+))?$/.exec(s);
  if (hexm) {
    const ip = hexm[1] ?? '';
    const fp = hexm[2] ?? '';
    if (ip === '' && fp === '') return null;
    if (hexm[3] === undefined && fp !== '') return null;
    let m = 0;
    for (const c of ip + fp) m = m * 16 + parseInt(c, 16);
    v = m * Math.pow(2, Number(hexm[3] ?? 0) - 4 * fp.length);
  } else {
    if (!/^(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/.test(s)) return null;
    v = Number(s);
  }
  if (!Number.isFinite(v)) return null; // out of range
  return neg ? -v : v;
}

