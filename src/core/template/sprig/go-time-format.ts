/**
 * Go's time layouts for the Sprig date functions: the layout tokenizer (Go's nextStdChunk, shared
 * with parsing) and Time.Format.
 */
import type { Fields } from './go-zone.js';
import { DAY_NAMES, MONTH_NAMES, pad } from './go-zone.js';

/** What formatting reads of a time: GoTime (go-time.ts) has it; named here so this file needs no import of go-time.ts. */
export interface FormattableTime {
  readonly nsec: number;
  fields(): Fields;
}

export type StdCode =
  | 'Jan' | 'January' | '1' | '01' | 'Mon' | 'Monday' | '2' | '_2' | '02' | '__2' | '002'
  | '15' | '3' | '03' | '4' | '04' | '5' | '05' | '2006' | '06' | 'PM' | 'pm' | 'MST'
  | '-070000' | '-07:00:00' | '-0700' | '-07:00' | '-07'
  | 'Z070000' | 'Z07:00:00' | 'Z0700' | 'Z07:00' | 'Z07'
  | 'frac0' | 'frac9';

export interface Chunk {
  prefix: string;
  /** null at the end of the layout. */
  std: StdCode | null;
  /** The layout text of the element. */
  text: string;
  suffix: string;
  /** Fractional seconds: digit count and separator. */
  digits: number;
  sep: string;
}

const TZ_ELEMENTS: StdCode[] = ['-070000', '-07:00:00', '-0700', '-07:00', '-07'];
const ISO_ELEMENTS: StdCode[] = ['Z070000', 'Z07:00:00', 'Z0700', 'Z07:00', 'Z07'];

export const isDigitAt = (s: string, i: number): boolean => i < s.length && s[i] >= '0' && s[i] <= '9';
const lowerAt = (s: string, i: number): boolean => i < s.length && s[i] >= 'a' && s[i] <= 'z';

/** Find the first layout element of `layout` (Go's nextStdChunk). */
export function nextChunk(layout: string): Chunk {
  const at = (i: number, std: StdCode, len: number, digits = 0, sep = ''): Chunk => ({
    prefix: layout.slice(0, i),
    std,
    text: layout.slice(i, i + len),
    suffix: layout.slice(i + len),
    digits,
    sep,
  });
  for (let i = 0; i < layout.length; i++) {
    const rest = layout.slice(i);
    switch (layout[i]) {
      case 'J':
        if (rest.startsWith('January')) return at(i, 'January', 7);
        if (rest.startsWith('Jan') && !lowerAt(layout, i + 3)) return at(i, 'Jan', 3);
        break;
      case 'M':
        if (rest.startsWith('Monday')) return at(i, 'Monday', 6);
        if (rest.startsWith('Mon') && !lowerAt(layout, i + 3)) return at(i, 'Mon', 3);
        if (rest.startsWith('MST')) return at(i, 'MST', 3);
        break;
      case '0':
        if (rest.length >= 2 && rest[1] >= '1' && rest[1] <= '6') return at(i, rest.slice(0, 2) as StdCode, 2);
        if (rest.startsWith('002')) return at(i, '002', 3);
        break;
      case '1':
        if (rest.startsWith('15')) return at(i, '15', 2);
        return at(i, '1', 1);
      case '2':
        if (rest.startsWith('2006')) return at(i, '2006', 4);
        return at(i, '2', 1);
      case '_':
        if (rest.startsWith('_2006')) return at(i + 1, '2006', 4); // a literal "_" then the year
        if (rest.startsWith('_2')) return at(i, '_2', 2);
        if (rest.startsWith('__2')) return at(i, '__2', 3);
        break;
      case '3':
      case '4':
      case '5':
        return at(i, layout[i] as StdCode, 1);
      case 'P':
        if (rest.startsWith('PM')) return at(i, 'PM', 2);
        break;
      case 'p':
        if (rest.startsWith('pm')) return at(i, 'pm', 2);
        break;
      case '-':
        for (const e of TZ_ELEMENTS) if (rest.startsWith(e)) return at(i, e, e.length);
        break;
      case 'Z':
        for (const e of ISO_ELEMENTS) if (rest.startsWith(e)) return at(i, e, e.length);
        break;
      case '.':
      case ',':
        if (rest[1] === '0' || rest[1] === '9') {
          let j = i + 1;
          while (j < layout.length && layout[j] === rest[1]) j++;
          if (!isDigitAt(layout, j)) return at(i, rest[1] === '0' ? 'frac0' : 'frac9', j - i, j - i - 1, layout[i]);
        }
        break;
    }
  }
  return { prefix: layout, std: null, text: '', suffix: '', digits: 0, sep: '' };
}

function formatOffset(std: StdCode, offset: number): string {
  if (offset === 0 && std[0] === 'Z') return 'Z';
  // Go takes the sign from the offset in whole minutes (so -52s prints "+00:00:-52").
  let minutes = Math.trunc(offset / 60);
  let secs = offset;
  let s = '+';
  if (minutes < 0) {
    s = '-';
    minutes = -minutes;
    secs = -secs;
  }
  const colon = std.includes(':') ? ':' : '';
  s += pad(Math.trunc(minutes / 60), 2);
  if (std !== '-07' && std !== 'Z07') s += colon + pad(minutes % 60, 2);
  if (std.endsWith('0000') || std.endsWith(':00:00')) s += colon + pad(secs % 60, 2);
  return s;
}

function formatFraction(nsec: number, digits: number, sep: string, trim: boolean): string {
  let s = pad(nsec, 9).slice(0, Math.min(digits, 9));
  if (trim) {
    s = s.replace(/0+$/, '');
    if (s === '') return '';
  }
  return sep + s;
}

/** Time.Format. */
export function formatTime(t: FormattableTime, layout: string): string {
  const f = t.fields();
  const hour12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
  let out = '';
  let rest = layout;
  for (;;) {
    const c = nextChunk(rest);
    out += c.prefix;
    if (c.std === null) return out;
    rest = c.suffix;
    switch (c.std) {
      case '2006': out += pad(f.year, 4); break;
      case '06': out += pad(f.year % 100, 2); break;
      case 'Jan': out += MONTH_NAMES[f.month - 1].slice(0, 3); break;
      case 'January': out += MONTH_NAMES[f.month - 1]; break;
      case '1': out += f.month; break;
      case '01': out += pad(f.month, 2); break;
      case 'Mon': out += DAY_NAMES[f.weekday].slice(0, 3); break;
      case 'Monday': out += DAY_NAMES[f.weekday]; break;
      case '2': out += f.day; break;
      case '_2': out += String(f.day).padStart(2, ' '); break;
      case '02': out += pad(f.day, 2); break;
      case '__2': out += String(f.yday).padStart(3, ' '); break;
      case '002': out += pad(f.yday, 3); break;
      case '15': out += pad(f.hour, 2); break;
      case '3': out += hour12; break;
      case '03': out += pad(hour12, 2); break;
      case '4': out += f.minute; break;
      case '04': out += pad(f.minute, 2); break;
      case '5': out += f.second; break;
      case '05': out += pad(f.second, 2); break;
      case 'PM': out += f.hour >= 12 ? 'PM' : 'AM'; break;
      case 'pm': out += f.hour >= 12 ? 'pm' : 'am'; break;
      case 'MST': out += f.zone.abbr !== '' ? f.zone.abbr : formatOffset('-0700', f.zone.offset); break;
      case 'frac0': out += formatFraction(t.nsec, c.digits, c.sep, false); break;
      case 'frac9': out += formatFraction(t.nsec, c.digits, c.sep, true); break;
      default: out += formatOffset(c.std, f.zone.offset);
    }
  }
}
