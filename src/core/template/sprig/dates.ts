/**
 * Sprig's date functions: now, date, dateInZone, dateModify, ago, toDate, unixEpoch, htmlDate...
 * Times are Go time.Time values (GoTime): they print as Go's Time.String, carry Go methods
 * ({{ now.Unix }}, {{ $t.Format "2006" }}) and format with Go layouts in the process's local zone.
 */
import type { FuncMap } from '../builtins.js';
import type { TemplateClock } from '../clock.js';
import { typeName } from '../values.js';
import { goDurationString } from './duration.js';
import { parseDuration, roundToSecond } from './go-duration.js';
import { GoTime, goNow } from './go-time.js';
import { parseTime } from './go-time-parse.js';
import { UTC, loadLocation, localLocation } from './go-zone.js';

/** A `time.Time` parameter: Go's template engine rejects anything else before the call. */
function timeParam(v: unknown): GoTime {
  if (v instanceof GoTime) return v;
  if (v === null || v === undefined) throw new Error('wrong type for value; expected time.Time; got interface {}');
  throw new Error(`wrong type for value; expected time.Time; got ${typeName(v)}`);
}

/** Sprig's reading of a date argument: a time, or unix seconds as int/int64; anything else is now. */
function toTime(date: unknown, clock: TemplateClock): GoTime {
  if (date instanceof GoTime) return date;
  if (typeof date === 'bigint') return GoTime.unix(Number(date));
  if (typeof date === 'number' && Number.isInteger(date)) return GoTime.unix(date);
  return goNow(clock);
}

function dateInZone(layout: string, date: unknown, zone: string, clock: TemplateClock): string {
  const loc = loadLocation(zone) ?? UTC;
  return toTime(date, clock).in(loc).format(layout);
}

function toDate(layout: string, value: string): GoTime {
  const t = parseTime(layout, value, localLocation());
  return t instanceof GoTime ? t : GoTime.zero();
}

function mustToDate(layout: string, value: string): GoTime {
  const t = parseTime(layout, value, localLocation());
  if (t instanceof GoTime) return t;
  throw t;
}

function dateModify(d: string, date: unknown): GoTime {
  const t = timeParam(date);
  const ns = parseDuration(d);
  return typeof ns === 'bigint' ? t.add(ns) : t;
}

function mustDateModify(d: string, date: unknown): GoTime {
  const t = timeParam(date);
  const ns = parseDuration(d);
  if (typeof ns !== 'bigint') throw ns;
  return t.add(ns);
}

/** Time since `date` (a time or int/int64 unix seconds; else now), rounded to seconds. */
function ago(date: unknown, clock: TemplateClock): string {
  return goDurationString(roundToSecond(goNow(clock).sub(toTime(date, clock))));
}

/** The date functions, reading the time from `clock` (see ../clock.ts). */
export function dateFuncs(clock: TemplateClock): FuncMap {
  const funcs: FuncMap = {
    now: { fn: () => goNow(clock), params: [] },
    date: { fn: (layout: string, date: unknown) => dateInZone(layout, date, 'Local', clock), params: ['string', 'any'] },
    dateInZone: { fn: (layout: string, date: unknown, zone: string) => dateInZone(layout, date, zone, clock), params: ['string', 'any', 'string'] },
    dateModify: { fn: dateModify, params: ['string', 'any'] },
    mustDateModify: { fn: mustDateModify, params: ['string', 'any'] },
    ago: { fn: (date: unknown) => ago(date, clock), params: ['any'] },
    toDate: { fn: toDate, params: ['string', 'string'] },
    mustToDate: { fn: mustToDate, params: ['string', 'string'] },
    unixEpoch: { fn: (date: unknown) => String(timeParam(date).sec), params: ['any'] },
    htmlDate: { fn: (date: unknown) => dateInZone('2006-01-02', date, 'Local', clock), params: ['any'] },
    htmlDateInZone: { fn: (date: unknown, zone: string) => dateInZone('2006-01-02', date, zone, clock), params: ['any', 'string'] },
  };
  funcs.date_in_zone = funcs.dateInZone;
  funcs.date_modify = funcs.dateModify;
  funcs.must_date_modify = funcs.mustDateModify;
  return funcs;
}
