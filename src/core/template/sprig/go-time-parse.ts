/**
 * Go's time.ParseInLocation for the Sprig date functions, with Go's error wording (GoParseError,
 * goTimeQuote).
 */
import { GoTime } from './go-time.js';
import type { Chunk, StdCode } from './go-time-format.js';
import { isDigitAt, nextChunk } from './go-time-format.js';
import type { GoLocation } from './go-zone.js';
import { DAYS_BEFORE, DAY_NAMES, MONTH_NAMES, UTC, daysFromCivil, daysIn, fixedZone, isLeap, unixOfLocal } from './go-zone.js';

/** Go's quote() in time errors: ASCII kept (with \" and \\), other bytes as \xNN. */
export function goTimeQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x20 || c >= 0x80) {
      for (const b of new TextEncoder().encode(ch)) out += '\\x' + b.toString(16).padStart(2, '0');
    } else out += ch === '"' || ch === '\\' ? '\\' + ch : ch;
  }
  return out + '"';
}

/** time.ParseError (its message is Go's Error()). */
export class GoParseError extends Error {}

function parseError(layout: string, value: string, layoutElem: string, valueElem: string, message: string): GoParseError {
  if (message !== '') return new GoParseError(`parsing time ${goTimeQuote(value)}${message}`);
  return new GoParseError(
    `parsing time ${goTimeQuote(value)} as ${goTimeQuote(layout)}: cannot parse ${goTimeQuote(valueElem)} as ${goTimeQuote(layoutElem)}`,
  );
}

const BAD = Symbol('bad');
const RANGE = Symbol('fractional second out of range');

/** Go's skip: match a literal layout prefix; runs of spaces match runs of spaces. */
function skip(value: string, prefix: string): [string, boolean] {
  let v = value;
  let p = prefix;
  while (p.length > 0) {
    if (p[0] === ' ') {
      if (v.length > 0 && v[0] !== ' ') return [v, false];
      p = p.replace(/^ +/, '');
      v = v.replace(/^ +/, '');
      continue;
    }
    if (v.length === 0 || v[0] !== p[0]) return [v, false];
    p = p.slice(1);
    v = v.slice(1);
  }
  return [v, true];
}

/** One or two digits (exactly two if fixed). */
function getnum(s: string, fixed: boolean): [number, string] | typeof BAD {
  if (!isDigitAt(s, 0)) return BAD;
  if (!isDigitAt(s, 1)) return fixed ? BAD : [Number(s[0]), s.slice(1)];
  return [Number(s.slice(0, 2)), s.slice(2)];
}

/** One to three digits (exactly three if fixed). */
function getnum3(s: string, fixed: boolean): [number, string] | typeof BAD {
  let i = 0;
  while (i < 3 && isDigitAt(s, i)) i++;
  if (i === 0 || (fixed && i !== 3)) return BAD;
  return [Number(s.slice(0, i)), s.slice(i)];
}

/** Go's atoi in the time package: optional sign then digits, nothing else. */
function atoi(s: string): number | typeof BAD {
  const m = /^([+-]?)([0-9]+)$/.exec(s);
  if (!m) return BAD;
  const n = Number(m[2]);
  return m[1] === '-' ? -n : n;
}

/** Case-insensitive prefix lookup in a name table: index and rest. */
function lookupName(names: string[], value: string): [number, string] | typeof BAD {
  for (let i = 0; i < names.length; i++) {
    const n = names[i];
    if (value.length >= n.length && value.slice(0, n.length).toLowerCase() === n.toLowerCase()) return [i, value.slice(n.length)];
  }
  return BAD;
}

/** Length of a zone abbreviation at the start of value (Go's parseTimeZone); 0 if none. */
function parseTimeZone(value: string): number {
  if (value.length < 3) return 0;
  if (value.startsWith('ChST') || value.startsWith('MeST')) return 4;
  if (value.startsWith('GMT')) return 3 + parseSignedOffset(value.slice(3));
  if (value[0] === '+' || value[0] === '-') return parseSignedOffset(value);
  let upper = 0;
  while (upper < 6 && upper < value.length && value[upper] >= 'A' && value[upper] <= 'Z') upper++;
  if (upper === 3) return 3;
  if (upper === 4 && (value[3] === 'T' || value.startsWith('WITA'))) return 4;
  if (upper === 5 && value[4] === 'T') return 5;
  return 0;
}

function parseSignedOffset(value: string): number {
  const m = /^[+-]([0-9]+)/.exec(value);
  if (!m || Number(m[1]) > 23) return 0;
  return m[0].length;
}

/** Fraction ".123" at the start of value, nbytes long including the separator: ns, BAD or RANGE. */
function parseNanos(value: string, nbytes: number): number | typeof BAD | typeof RANGE {
  if (value[0] !== '.' && value[0] !== ',') return BAD;
  const n = Math.min(nbytes, 10);
  const ns = atoi(value.slice(1, n));
  if (ns === BAD) return BAD;
  if (ns < 0) return RANGE;
  return ns * 10 ** (10 - n);
}

/** The rest of the value after an element, BAD (cannot parse), or a range error. */
type Element = string | typeof BAD | { range: string; value: string };

interface Parsed {
  year: number;
  month: number;
  day: number;
  yday: number;
  hour: number;
  min: number;
  sec: number;
  nsec: number;
  pm: boolean;
  am: boolean;
  utc: boolean;
  zoneOffset: number | null;
  zoneName: string;
}

/** time.ParseInLocation(layout, value, loc); Go's errors as GoParseError. */
export function parseTime(layout: string, value: string, loc: GoLocation): GoTime | GoParseError {
  const p: Parsed = { year: 0, month: -1, day: -1, yday: -1, hour: 0, min: 0, sec: 0, nsec: 0, pm: false, am: false, utc: false, zoneOffset: null, zoneName: '' };
  let rest = layout;
  let v = value;
  for (;;) {
    const c = nextChunk(rest);
    let ok: boolean;
    [v, ok] = skip(v, c.prefix);
    if (!ok) return parseError(layout, value, c.prefix, v, '');
    if (c.std === null) {
      if (v.length !== 0) return parseError(layout, value, '', v, ': extra text: ' + goTimeQuote(v));
      break;
    }
    rest = c.suffix;
    const hold = v;
    const r = parseElement(c, v, rest, p);
    if (typeof r === 'object') return parseError(layout, value, c.text, r.value, `: ${r.range} out of range`);
    if (r === BAD) return parseError(layout, value, c.text, hold, '');
    v = r;
  }
  return finishParse(p, layout, value, loc);
}

/** Parse one layout element into p: the rest of the value, BAD, or a range error. */
function parseElement(c: Chunk, v: string, layoutRest: string, p: Parsed): Element {
  const range = (what: string, rest: string) => ({ range: what, value: rest });
  const num = (r: [number, string] | typeof BAD, set: (n: number) => void) => {
    if (r === BAD) return BAD;
    set(r[0]);
    return r[1];
  };
  switch (c.std) {
    case '06': {
      if (v.length < 2) return BAD;
      const y = atoi(v.slice(0, 2));
      if (y === BAD) return BAD;
      p.year = y >= 69 ? y + 1900 : y + 2000;
      return v.slice(2);
    }
    case '2006':
      if (v.length < 4 || !isDigitAt(v, 0)) return BAD;
      if (atoi(v.slice(0, 4)) === BAD) return BAD;
      p.year = Number(v.slice(0, 4));
      return v.slice(4);
    case 'Jan':
    case 'January': {
      const names = c.std === 'Jan' ? MONTH_NAMES.map((n) => n.slice(0, 3)) : MONTH_NAMES;
      return num(lookupName(names, v), (i) => (p.month = i + 1));
    }
    case '1':
    case '01': {
      const r = num(getnum(v, c.std === '01'), (n) => (p.month = n));
      if (r !== BAD && (p.month <= 0 || p.month > 12)) return range('month', r);
      return r;
    }
    case 'Mon':
    case 'Monday': {
      const names = c.std === 'Mon' ? DAY_NAMES.map((n) => n.slice(0, 3)) : DAY_NAMES;
      return num(lookupName(names, v), () => undefined);
    }
    case '2':
    case '_2':
    case '02':
      return num(getnum(c.std === '_2' && v[0] === ' ' ? v.slice(1) : v, c.std === '02'), (n) => (p.day = n));
    case '__2':
    case '002': {
      let s = v;
      for (let i = 0; i < 2; i++) if (c.std === '__2' && s[0] === ' ') s = s.slice(1);
      return num(getnum3(s, c.std === '002'), (n) => (p.yday = n));
    }
    case '15': {
      const r = num(getnum(v, false), (n) => (p.hour = n));
      if (r !== BAD && p.hour >= 24) return range('hour', r);
      return r;
    }
    case '3':
    case '03': {
      const r = num(getnum(v, c.std === '03'), (n) => (p.hour = n));
      if (r !== BAD && p.hour > 12) return range('hour', r);
      return r;
    }
    case '4':
    case '04': {
      const r = num(getnum(v, c.std === '04'), (n) => (p.min = n));
      if (r !== BAD && p.min >= 60) return range('minute', r);
      return r;
    }
    case '5':
    case '05':
      return parseSeconds(c, v, layoutRest, p);
    case 'PM':
    case 'pm': {
      if (v.length < 2) return BAD;
      const s = v.slice(0, 2);
      if (s === c.std) p.pm = true;
      else if (s === (c.std === 'PM' ? 'AM' : 'am')) p.am = true;
      else return BAD;
      return v.slice(2);
    }
    case 'MST': {
      if (v.startsWith('UTC')) {
        p.utc = true;
        return v.slice(3);
      }
      const n = parseTimeZone(v);
      if (n === 0) return BAD;
      p.zoneName = v.slice(0, n);
      return v.slice(n);
    }
    case 'frac0': {
      const n = 1 + c.digits;
      if (v.length < n) return BAD;
      return nanos(v, n, p);
    }
    case 'frac9': {
      if (v.length < 2 || (v[0] !== '.' && v[0] !== ',') || !isDigitAt(v, 1)) return v;
      let i = 1;
      while (isDigitAt(v, i)) i++;
      return nanos(v, i, p);
    }
    default:
      return parseOffset(c.std as StdCode, v, p);
  }
}

function nanos(v: string, n: number, p: Parsed): Element {
  const ns = parseNanos(v, n);
  if (ns === BAD) return BAD;
  if (ns === RANGE) return { range: 'fractional second', value: v.slice(n) };
  p.nsec = ns;
  return v.slice(n);
}

function parseSeconds(c: Chunk, v: string, layoutRest: string, p: Parsed): Element {
  const r = getnum(v, c.std === '05');
  if (r === BAD) return BAD;
  const rest = r[1];
  p.sec = r[0];
  if (p.sec >= 60) return { range: 'second', value: rest };
  // A fraction in the value but not in the layout is accepted after the seconds.
  if (rest.length >= 2 && (rest[0] === '.' || rest[0] === ',') && isDigitAt(rest, 1)) {
    const next = nextChunk(layoutRest).std;
    if (next === 'frac0' || next === 'frac9') return rest;
    let n = 2;
    while (isDigitAt(rest, n)) n++;
    return nanos(rest, n, p);
  }
  return rest;
}

function parseOffset(std: StdCode, v: string, p: Parsed): Element {
  if (std[0] === 'Z' && v[0] === 'Z') {
    p.utc = true;
    return v.slice(1);
  }
  let parts: [string, string, string, string, string];
  if (std === '-07:00' || std === 'Z07:00') {
    if (v.length < 6 || v[3] !== ':') return BAD;
    parts = [v[0], v.slice(1, 3), v.slice(4, 6), '00', v.slice(6)];
  } else if (std === '-07' || std === 'Z07') {
    if (v.length < 3) return BAD;
    parts = [v[0], v.slice(1, 3), '00', '00', v.slice(3)];
  } else if (std === '-07:00:00' || std === 'Z07:00:00') {
    if (v.length < 9 || v[3] !== ':' || v[6] !== ':') return BAD;
    parts = [v[0], v.slice(1, 3), v.slice(4, 6), v.slice(7, 9), v.slice(9)];
  } else if (std === '-070000' || std === 'Z070000') {
    if (v.length < 7) return BAD;
    parts = [v[0], v.slice(1, 3), v.slice(3, 5), v.slice(5, 7), v.slice(7)];
  } else {
    if (v.length < 5) return BAD;
    parts = [v[0], v.slice(1, 3), v.slice(3, 5), '00', v.slice(5)];
  }
  const [sign, hh, mm, ss, rest] = parts;
  // Go parses hour, minute, second in turn, then range-checks, then the sign; range errors win.
  let h = 0;
  let m = 0;
  let s = 0;
  let bad = false;
  for (const [i, text] of [hh, mm, ss].entries()) {
    const n = getnum(text, true);
    if (n === BAD) {
      bad = true;
      break;
    }
    if (i === 0) h = n[0];
    else if (i === 1) m = n[0];
    else s = n[0];
  }
  let rangeErr = '';
  if (h > 24) rangeErr = 'time zone offset hour';
  if (m > 60) rangeErr = 'time zone offset minute';
  if (s > 60) rangeErr = 'time zone offset second';
  if (rangeErr) return { range: rangeErr, value: rest };
  if (bad || (sign !== '+' && sign !== '-')) return BAD;
  const off = (h * 60 + m) * 60 + s;
  p.zoneOffset = sign === '-' ? -off : off;
  return rest;
}

function finishParse(p: Parsed, layout: string, value: string, loc: GoLocation): GoTime | GoParseError {
  if (p.pm && p.hour < 12) p.hour += 12;
  else if (p.am && p.hour === 12) p.hour = 0;
  if (p.yday >= 0) {
    let yday = p.yday;
    let d = 0;
    let m = 0;
    if (isLeap(p.year)) {
      if (yday === 31 + 29) {
        m = 2;
        d = 29;
      } else if (yday > 31 + 29) yday--;
    }
    if (yday < 1 || yday > 365) return parseError(layout, value, '', '', ': day-of-year out of range');
    if (m === 0) {
      m = Math.floor((yday - 1) / 31) + 1;
      if (DAYS_BEFORE[m] < yday) m++;
      d = yday - DAYS_BEFORE[m - 1];
    }
    if (p.month >= 0 && p.month !== m) return parseError(layout, value, '', '', ': day-of-year does not match month');
    p.month = m;
    if (p.day >= 0 && p.day !== d) return parseError(layout, value, '', '', ': day-of-year does not match day');
    p.day = d;
  } else {
    if (p.month < 0) p.month = 1;
    if (p.day < 0) p.day = 1;
  }
  if (p.day < 1 || p.day > daysIn(p.month, p.year)) return parseError(layout, value, '', '', ': day out of range');
  const wall = daysFromCivil(p.year, p.month, p.day) * 86400 + p.hour * 3600 + p.min * 60 + p.sec;
  if (p.utc) return new GoTime(wall, p.nsec, UTC);
  if (p.zoneOffset !== null) {
    const sec = wall - p.zoneOffset;
    const z = loc.lookup(sec);
    if (z.offset === p.zoneOffset && (p.zoneName === '' || z.abbr === p.zoneName)) return new GoTime(sec, p.nsec, loc);
    return new GoTime(sec, p.nsec, fixedZone(p.zoneName, p.zoneOffset));
  }
  if (p.zoneName !== '') {
    const offset = loc.lookupName(p.zoneName, wall);
    if (offset !== null) return new GoTime(wall - offset, p.nsec, loc);
    let off = 0;
    if (p.zoneName.length > 3 && p.zoneName.startsWith('GMT')) off = Number(p.zoneName.slice(3)) * 3600;
    return new GoTime(wall - 0, p.nsec, fixedZone(p.zoneName, off));
  }
  return new GoTime(unixOfLocal(wall, loc), p.nsec, loc);
}
