/**
 * Go's time package, as far as Sprig's date functions need it: time.Time values (unix seconds +
 * nanoseconds + location + optional monotonic reading), locations (UTC, fixed, IANA zones via
 * Intl, the process's local zone), layout formatting (Time.Format), parsing
 * (time.ParseInLocation) and time.ParseDuration, with Go's error wording.
 */
import type { TemplateClock } from '../clock.js';
import type { FuncMap, FuncSpec, ParamType } from '../builtins.js';
import { GO_METHODS, typeName } from '../values.js';

// --- locations ---------------------------------------------------------------------------

/** The zone in effect at an instant: abbreviation ("CET", "+04", "" for unnamed) and offset (s). */
export interface ZoneInfo {
  abbr: string;
  offset: number;
}

/** A Go *time.Location; prints as its name. */
export class GoLocation {
  static readonly goTypeName = '*time.Location';
  constructor(
    readonly name: string,
    readonly lookup: (unixSec: number) => ZoneInfo,
    /** Offsets known for an abbreviation (Location.lookupName); null when unknown. */
    readonly lookupName: (abbr: string, unixSec: number) => number | null = () => null,
  ) {}
  String(): string {
    return this.name;
  }
}

export const UTC = new GoLocation('UTC', () => ({ abbr: 'UTC', offset: 0 }));

/** time.FixedZone. An empty name prints as the numeric offset ("+0200"). */
export function fixedZone(name: string, offset: number): GoLocation {
  const info = { abbr: name, offset };
  return new GoLocation(name, () => info, (abbr) => (abbr === name ? offset : null));
}

/** tzdata's alphabetic abbreviations, keyed by CLDR's English long zone name. Others are numeric. */
const ABBREVIATIONS: Record<string, string> = {
  'Coordinated Universal Time': 'UTC',
  'Greenwich Mean Time': 'GMT',
  'British Summer Time': 'BST',
  'Irish Standard Time': 'IST',
  'Western European Standard Time': 'WET',
  'Western European Summer Time': 'WEST',
  'Central European Standard Time': 'CET',
  'Central European Summer Time': 'CEST',
  'Eastern European Standard Time': 'EET',
  'Eastern European Summer Time': 'EEST',
  'Moscow Standard Time': 'MSK',
  'Eastern Standard Time': 'EST',
  'Eastern Daylight Time': 'EDT',
  'Central Standard Time': 'CST',
  'Central Daylight Time': 'CDT',
  'Mountain Standard Time': 'MST',
  'Mountain Daylight Time': 'MDT',
  'Pacific Standard Time': 'PST',
  'Pacific Daylight Time': 'PDT',
  'Alaska Standard Time': 'AKST',
  'Alaska Daylight Time': 'AKDT',
  'Hawaii-Aleutian Standard Time': 'HST',
  'Hawaii-Aleutian Daylight Time': 'HDT',
  'Atlantic Standard Time': 'AST',
  'Atlantic Daylight Time': 'ADT',
  'Newfoundland Standard Time': 'NST',
  'Newfoundland Daylight Time': 'NDT',
  'Cuba Standard Time': 'CST',
  'Cuba Daylight Time': 'CDT',
  'India Standard Time': 'IST',
  'Israel Standard Time': 'IST',
  'Israel Daylight Time': 'IDT',
  'Pakistan Standard Time': 'PKT',
  'China Standard Time': 'CST',
  'Taipei Standard Time': 'CST',
  'Hong Kong Standard Time': 'HKT',
  'Japan Standard Time': 'JST',
  'Korean Standard Time': 'KST',
  'Philippine Standard Time': 'PST',
  'Western Indonesia Time': 'WIB',
  'Central Indonesia Time': 'WITA',
  'Eastern Indonesia Time': 'WIT',
  'South Africa Standard Time': 'SAST',
  'Central Africa Time': 'CAT',
  'East Africa Time': 'EAT',
  'West Africa Standard Time': 'WAT',
  'Australian Eastern Standard Time': 'AEST',
  'Australian Eastern Daylight Time': 'AEDT',
  'Australian Central Standard Time': 'ACST',
  'Australian Central Daylight Time': 'ACDT',
  'Australian Western Standard Time': 'AWST',
  'New Zealand Standard Time': 'NZST',
  'New Zealand Daylight Time': 'NZDT',
  'Chamorro Standard Time': 'ChST',
  'Guam Standard Time': 'GST',
  'West Africa Time': 'WAT',
  'Yukon Time': 'MST',
  'Mexican Pacific Standard Time': 'MST',
  'Mexican Pacific Daylight Time': 'MDT',
  'Taiwan Standard Time': 'CST',
  'Taiwan Daylight Time': 'CDT',
};

const LONDON = { 0: 'GMT', 3600: 'BST' };
const DUBLIN = { 0: 'GMT', 3600: 'IST' };
const SAMOA = { [-39600]: 'SST' };
const GMT = { 0: 'GMT' };

/**
 * Zones whose tzdata abbreviations differ from their CLDR metazone's: by offset ({} = always
 * numeric). ICU also resolves GMT and the old MET zone to other zones.
 */
const ZONE_ABBRS: Record<string, Record<number, string>> = {
  'Europe/London': LONDON,
  'Europe/Jersey': LONDON,
  'Europe/Guernsey': LONDON,
  'Europe/Isle_of_Man': LONDON,
  'Europe/Belfast': LONDON,
  GB: LONDON,
  'GB-Eire': LONDON,
  'Europe/Dublin': DUBLIN,
  Eire: DUBLIN,
  'Pacific/Pago_Pago': SAMOA,
  'Pacific/Midway': SAMOA,
  'Pacific/Samoa': SAMOA,
  'US/Samoa': SAMOA,
  GMT,
  'Etc/GMT': GMT,
  'Etc/GMT0': GMT,
  'Etc/GMT+0': GMT,
  'Etc/GMT-0': GMT,
  'Etc/Greenwich': GMT,
  GMT0: GMT,
  'GMT+0': GMT,
  'GMT-0': GMT,
  Greenwich: GMT,
  MET: { 3600: 'MET', 7200: 'MEST' },
  'Antarctica/Casey': {},
  'Antarctica/Troll': {},
  'Asia/Colombo': {},
  'Europe/Minsk': {},
  'Africa/Casablanca': {},
  'Africa/El_Aaiun': {},
  'Pacific/Apia': {},
};

/** tzdata's numeric abbreviation for an offset: "+04", "-0330". */
function numericAbbr(offset: number): string {
  const sign = offset < 0 ? '-' : '+';
  const a = Math.abs(offset);
  const h = pad(Math.floor(a / 3600), 2);
  const m = Math.floor(a / 60) % 60;
  return sign + h + (m ? pad(m, 2) : '');
}

const MAX_JS_SEC = 8.64e12;
const MONTH_SEC = 30 * 86400;

function intlLocation(name: string, tz: string): GoLocation {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    era: 'short',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    timeZoneName: 'long',
  });
  const lookup = (unixSec: number): ZoneInfo => {
    const sec = Math.min(Math.max(Math.floor(unixSec), -MAX_JS_SEC), MAX_JS_SEC);
    const p: Record<string, string> = {};
    for (const part of fmt.formatToParts(sec * 1000)) p[part.type] = part.value;
    const year = p.era === 'BC' || p.era === 'B' ? 1 - Number(p.year) : Number(p.year);
    const local = daysFromCivil(year, Number(p.month), Number(p.day)) * 86400 + Number(p.hour) * 3600 + Number(p.minute) * 60 + Number(p.second);
    const offset = local - sec;
    const override = ZONE_ABBRS[tz];
    let abbr = override ? override[offset] : ABBREVIATIONS[p.timeZoneName ?? ''];
    if (abbr === undefined) abbr = offset % 60 !== 0 ? 'LMT' : numericAbbr(offset);
    return { abbr, offset };
  };
  const lookupName = (abbr: string, unixSec: number): number | null => {
    // Zones seen around the instant; prefer one whose abbreviation is in effect at the time.
    const seen: ZoneInfo[] = [];
    for (let i = -6; i <= 6; i++) {
      const z = lookup(unixSec + i * MONTH_SEC);
      if (z.abbr === abbr) seen.push(z);
    }
    for (const z of seen) {
      const at = lookup(unixSec - z.offset);
      if (at.abbr === abbr) return at.offset;
    }
    return seen.length ? seen[0].offset : null;
  };
  return new GoLocation(name, lookup, lookupName);
}

const locationCache = new Map<string, GoLocation>();

function cached(key: string, make: () => GoLocation): GoLocation {
  let loc = locationCache.get(key);
  if (!loc) {
    loc = make();
    locationCache.set(key, loc);
  }
  return loc;
}

/** time.Local: the zone of the JS runtime (Helm uses the process's local zone). */
export function localLocation(): GoLocation {
  const tz = new Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  // Go names the local zone "Local", except TZ=UTC, which it treats as UTC itself.
  return cached('Local\0' + tz, () => intlLocation(tz === 'UTC' || tz === 'Etc/UTC' ? 'UTC' : 'Local', tz));
}

/** time.LoadLocation: "" and "UTC" are UTC, "Local" the local zone, else an IANA name; null if unknown. */
export function loadLocation(name: string): GoLocation | null {
  if (name === '' || name === 'UTC') return UTC;
  if (name === 'Local') return localLocation();
  // Two zoneinfo files Intl does not know.
  if (name === 'Factory') return cached(name, () => new GoLocation(name, () => ({ abbr: '-00', offset: 0 })));
  if (name === 'posixrules') return cached(name, () => intlLocation(name, 'America/New_York'));
  if (!/^[A-Za-z0-9_+\-/]+$/.test(name) || name.startsWith('/') || name.includes('..')) return null;
  const hit = locationCache.get(name);
  if (hit) return hit;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
  // Go opens zoneinfo files by name, so the spelling must be exact; Intl ignores case.
  if (resolved !== name && resolved.toLowerCase() === name.toLowerCase()) return null;
  return cached(name, () => intlLocation(name, name));
}

// --- civil calendar ----------------------------------------------------------------------

/** Days since 1970-01-01 of a proleptic Gregorian date. */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): [year: number, month: number, day: number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

const DAYS_BEFORE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

function daysIn(month: number, year: number): number {
  if (month === 2 && isLeap(year)) return 29;
  return DAYS_BEFORE[month] - DAYS_BEFORE[month - 1];
}

export const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Broken-down fields of an instant in a zone. */
export interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
  yday: number;
  zone: ZoneInfo;
}

// --- time values -------------------------------------------------------------------------

const NS = 1_000_000_000n;
/** Unix seconds of Go's zero time, 0001-01-01 00:00:00 UTC. */
const ZERO_SEC = -62135596800;

/** A Go time.Time. `mono` is the monotonic clock reading in ns, present on `now` and times added to it. */
export class GoTime {
  static readonly goTypeName = 'time.Time';
  constructor(
    readonly sec: number,
    readonly nsec: number,
    readonly loc: GoLocation = UTC,
    readonly mono: bigint | null = null,
  ) {}

  /** The zero time.Time: January 1, year 1, 00:00:00 UTC. */
  static zero(): GoTime {
    return new GoTime(ZERO_SEC, 0);
  }

  /** time.Unix(sec, 0) in the local zone. */
  static unix(sec: number): GoTime {
    return new GoTime(sec, 0, localLocation());
  }

  fields(): Fields {
    const zone = this.loc.lookup(this.sec);
    const local = this.sec + zone.offset;
    const days = Math.floor(local / 86400);
    const rem = local - days * 86400;
    const [year, month, day] = civilFromDays(days);
    return {
      year,
      month,
      day,
      hour: Math.floor(rem / 3600),
      minute: Math.floor(rem / 60) % 60,
      second: rem % 60,
      weekday: (((days + 4) % 7) + 7) % 7,
      yday: days - daysFromCivil(year, 1, 1) + 1,
      zone,
    };
  }

  /** Time.In (drops the monotonic reading, as Go does). */
  in(loc: GoLocation): GoTime {
    return new GoTime(this.sec, this.nsec, loc);
  }

  /** Time.Add of a duration in ns. */
  add(d: bigint): GoTime {
    const total = BigInt(this.nsec) + d;
    let carry = total / NS;
    let nsec = total % NS;
    if (nsec < 0n) {
      nsec += NS;
      carry -= 1n;
    }
    return new GoTime(this.sec + Number(carry), Number(nsec), this.loc, this.mono === null ? null : this.mono + d);
  }

  /** Time.AddDate: calendar arithmetic in the time's zone, normalizing overflow (Jan 31 + 1 month = Mar 2/3). */
  addDate(years: number, months: number, days: number): GoTime {
    const f = this.fields();
    const m0 = f.month - 1 + months;
    const year = f.year + years + Math.floor(m0 / 12);
    const month = (((m0 % 12) + 12) % 12) + 1;
    const day = daysFromCivil(year, month, 1) + f.day - 1 + days;
    const wall = day * 86400 + f.hour * 3600 + f.minute * 60 + f.second;
    return new GoTime(unixOfLocal(wall, this.loc), this.nsec, this.loc);
  }

  /** t - u in ns (Time.Sub, using monotonic readings when both have one). */
  sub(u: GoTime): bigint {
    if (this.mono !== null && u.mono !== null) return this.mono - u.mono;
    return (BigInt(this.sec) - BigInt(u.sec)) * NS + BigInt(this.nsec - u.nsec);
  }

  format(layout: string): string {
    return formatTime(this, layout);
  }

  /** Time.String: "2006-01-02 15:04:05.999999999 -0700 MST" plus " m=±s.nnnnnnnnn" when monotonic. */
  String(): string {
    let s = this.format('2006-01-02 15:04:05.999999999 -0700 MST');
    if (this.mono !== null) {
      const neg = this.mono < 0n;
      const m = neg ? -this.mono : this.mono;
      s += ` m=${neg ? '-' : '+'}${m / NS}.${pad(Number(m % NS), 9)}`;
    }
    return s;
  }

  toString(): string {
    return this.String();
  }

  /** Time.MarshalJSON (toJson, toYaml): RFC 3339 with nanoseconds. */
  toJSON(): string {
    return this.format('2006-01-02T15:04:05.999999999Z07:00');
  }
}

/** time.Now in the local zone, read from the render's clock, with its monotonic reading when it has one. */
export function goNow(clock: TemplateClock): GoTime {
  const ms = clock.now();
  const sec = Math.floor(ms / 1000);
  const nsec = Math.min(999_999_999, Math.round((ms - sec * 1000) * 1_000_000));
  return new GoTime(sec, nsec, localLocation(), clock.monotonicNs?.());
}

/** time.Month and time.Weekday: ints that print as names. */
class GoEnum {
  constructor(
    readonly value: number,
    readonly name: string,
  ) {}
  String(): string {
    return this.name;
  }
  valueOf(): number {
    return this.value;
  }
  toJSON(): number {
    return this.value;
  }
}
class GoMonth extends GoEnum {
  static readonly goTypeName = 'time.Month';
}
class GoWeekday extends GoEnum {
  static readonly goTypeName = 'time.Weekday';
}

function timeArg(v: unknown): GoTime {
  if (v instanceof GoTime) return v;
  throw new Error(`wrong type for value; expected time.Time; got ${v === null || v === undefined ? 'interface {}' : typeName(v)}`);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function method(fn: (t: GoTime, ...args: any[]) => unknown, params: ParamType[] = []): FuncSpec {
  return {
    fn: function (this: GoTime, ...args: unknown[]) {
      return fn(this, ...args);
    },
    params,
  };
}

const month = (t: GoTime) => t.fields().month;
const weekday = (t: GoTime) => t.fields().weekday;

/** The methods templates can call on a time value ({{ $t.Format "2006" }}, {{ now.Unix }}...). */
const TIME_METHODS: FuncMap = {
  Format: method((t, layout: string) => t.format(layout), ['string']),
  String: method((t) => t.String()),
  Unix: method((t) => BigInt(t.sec)),
  UnixMilli: method((t) => BigInt(t.sec) * 1000n + BigInt(Math.floor(t.nsec / 1e6))),
  UnixMicro: method((t) => BigInt(t.sec) * 1_000_000n + BigInt(Math.floor(t.nsec / 1e3))),
  UnixNano: method((t) => BigInt.asIntN(64, BigInt(t.sec) * NS + BigInt(t.nsec))),
  UTC: method((t) => t.in(UTC)),
  Local: method((t) => t.in(localLocation())),
  Location: method((t) => t.loc),
  Year: method((t) => t.fields().year),
  Month: method((t) => new GoMonth(month(t), MONTH_NAMES[month(t) - 1])),
  Day: method((t) => t.fields().day),
  Hour: method((t) => t.fields().hour),
  Minute: method((t) => t.fields().minute),
  Second: method((t) => t.fields().second),
  Nanosecond: method((t) => t.nsec),
  YearDay: method((t) => t.fields().yday),
  Weekday: method((t) => new GoWeekday(weekday(t), DAY_NAMES[weekday(t)])),
  IsZero: method((t) => t.sec === ZERO_SEC && t.nsec === 0),
  Add: method((t, d: number | bigint) => t.add(BigInt(d)), ['int64']),
  AddDate: method((t, y: number, m: number, d: number) => t.addDate(y, m, d), ['int', 'int', 'int']),
  Before: method((t, u: unknown) => t.sub(timeArg(u)) < 0n, ['any']),
  After: method((t, u: unknown) => t.sub(timeArg(u)) > 0n, ['any']),
  Equal: method((t, u: unknown) => t.sub(timeArg(u)) === 0n, ['any']),
};
Object.defineProperty(GoTime.prototype, GO_METHODS, { value: TIME_METHODS, enumerable: false });

// --- layouts -----------------------------------------------------------------------------

type StdCode =
  | 'Jan' | 'January' | '1' | '01' | 'Mon' | 'Monday' | '2' | '_2' | '02' | '__2' | '002'
  | '15' | '3' | '03' | '4' | '04' | '5' | '05' | '2006' | '06' | 'PM' | 'pm' | 'MST'
  | '-070000' | '-07:00:00' | '-0700' | '-07:00' | '-07'
  | 'Z070000' | 'Z07:00:00' | 'Z0700' | 'Z07:00' | 'Z07'
  | 'frac0' | 'frac9';

interface Chunk {
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

const isDigitAt = (s: string, i: number): boolean => i < s.length && s[i] >= '0' && s[i] <= '9';
const lowerAt = (s: string, i: number): boolean => i < s.length && s[i] >= 'a' && s[i] <= 'z';

/** Find the first layout element of `layout` (Go's nextStdChunk). */
function nextChunk(layout: string): Chunk {
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

function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? '-' + s : s;
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
export function formatTime(t: GoTime, layout: string): string {
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

// --- parsing -----------------------------------------------------------------------------

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

/** Seconds since the epoch of a wall clock time in loc (Go's Date offset resolution). */
function unixOfLocal(localSec: number, loc: GoLocation): number {
  const o1 = loc.lookup(localSec).offset;
  const o2 = loc.lookup(localSec - o1).offset;
  return localSec - o2;
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

// --- durations ---------------------------------------------------------------------------

const UNITS: Record<string, bigint> = {
  ns: 1n,
  us: 1000n,
  'µs': 1000n,
  'μs': 1000n,
  ms: 1_000_000n,
  s: NS,
  m: 60n * NS,
  h: 3600n * NS,
};
const TWO63 = 1n << 63n;

/** time.ParseDuration: ns, or an Error with Go's message. */
export function parseDuration(orig: string): bigint | Error {
  const invalid = () => new Error(`time: invalid duration ${goTimeQuote(orig)}`);
  let s = orig;
  let neg = false;
  if (s[0] === '-' || s[0] === '+') {
    neg = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') return invalid();
  let total = 0n;
  while (s !== '') {
    const m = /^([0-9]*)(?:\.([0-9]*))?/.exec(s) as RegExpExecArray;
    const [whole, intPart, fracPart] = [m[0], m[1], m[2]];
    if (intPart === '' && (fracPart ?? '') === '') return invalid();
    let v = 0n;
    for (const ch of intPart) {
      if (v > TWO63 / 10n) return invalid();
      v = v * 10n + BigInt(ch);
      if (v > TWO63) return invalid();
    }
    // Fraction digits beyond int64 precision are consumed but ignored, as in Go.
    let f = 0n;
    let scale = 1;
    let overflow = false;
    for (const ch of fracPart ?? '') {
      if (overflow) continue;
      if (f > (TWO63 - 1n) / 10n) {
        overflow = true;
        continue;
      }
      const y = f * 10n + BigInt(ch);
      if (y > TWO63) {
        overflow = true;
        continue;
      }
      f = y;
      scale *= 10;
    }
    s = s.slice(whole.length);
    const um = /^[^.0-9]*/.exec(s) as RegExpExecArray;
    if (um[0] === '') return new Error(`time: missing unit in duration ${goTimeQuote(orig)}`);
    const unit = UNITS[um[0]];
    if (unit === undefined) return new Error(`time: unknown unit ${goTimeQuote(um[0])} in duration ${goTimeQuote(orig)}`);
    s = s.slice(um[0].length);
    if (v > TWO63 / unit) return invalid();
    v *= unit;
    if (f > 0n) {
      // Go scales the fraction in float64 (exact to the ns for every unit up to hours).
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > TWO63) return invalid();
    }
    total += v;
    if (total > TWO63) return invalid();
  }
  if (neg) return -total;
  if (total > TWO63 - 1n) return invalid();
  return total;
}

/** Duration.Round(time.Second) (halves away from zero, saturating). */
export function roundToSecond(d: bigint): bigint {
  const r = d % NS;
  const abs = r < 0n ? -r : r;
  let out = d - r;
  if (abs + abs >= NS) out += d < 0n ? -NS : NS;
  return BigInt.asIntN(64, out) === out ? out : d < 0n ? -TWO63 : TWO63 - 1n;
}
