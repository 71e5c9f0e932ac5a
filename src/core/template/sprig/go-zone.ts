/**
 * Go's time zones and calendar for the Sprig date functions: time.Location (UTC, fixed zones, IANA
 * zones via Intl with tzdata's abbreviations, the process's local zone), time.LoadLocation, and the
 * proleptic Gregorian civil-date helpers (days <-> dates, month and day names, wall clock -> unix).
 */

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

export function civilFromDays(days: number): [year: number, month: number, day: number] {
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

export function isLeap(y: number): boolean {
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
}

export const DAYS_BEFORE = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365];

export function daysIn(month: number, year: number): number {
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

/** A zero-padded decimal (sign first): pad(-5, 2) is "-05". */
export function pad(n: number, width: number): string {
  const s = String(Math.abs(n)).padStart(width, '0');
  return n < 0 ? '-' + s : s;
}

/** Seconds since the epoch of a wall clock time in loc (Go's Date offset resolution). */
export function unixOfLocal(localSec: number, loc: GoLocation): number {
  const o1 = loc.lookup(localSec).offset;
  const o2 = loc.lookup(localSec - o1).offset;
  return localSec - o2;
}
