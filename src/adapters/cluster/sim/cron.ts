/**
 * Standard 5-field cron schedules (minute hour day-of-month month day-of-week), evaluated in UTC:
 * `*`, lists `a,b`, ranges `a-b`, steps `*\/n` and `a-b/n`, month and weekday names, 7 = Sunday, and the
 * macros @yearly/@annually, @monthly, @weekly, @daily/@midnight, @hourly. When both day fields are
 * restricted a day matches if either does (as in cron).
 */
export interface CronSchedule {
  minutes: Set<number>;
  hours: Set<number>;
  days: Set<number>;
  months: Set<number>;
  weekdays: Set<number>;
  dayStar: boolean;
  weekdayStar: boolean;
}

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function value(s: string, min: number, names?: string[], nameBase = 0): number {
  const i = names ? names.indexOf(s.toLowerCase()) : -1;
  if (i >= 0) return i + nameBase;
  if (!/^\d+$/.test(s)) throw new Error(`invalid value "${s}"`);
  return Number(s);
}

function field(text: string, min: number, max: number, names?: string[], nameBase = 0): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText, more] = part.split('/');
    if (more !== undefined || range === undefined || range === '') throw new Error(`invalid field "${text}"`);
    const step = stepText === undefined ? 1 : value(stepText, 1);
    if (step < 1) throw new Error(`invalid step in "${text}"`);
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') {
      lo = min;
      hi = max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-');
      lo = value(a ?? '', min, names, nameBase);
      hi = value(b ?? '', min, names, nameBase);
    } else {
      lo = value(range, min, names, nameBase);
      hi = stepText === undefined ? lo : max;
    }
    if (lo < min || hi > max || lo > hi) throw new Error(`value out of range in "${text}"`);
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

/** Parses a schedule; throws Error with a reason when it is not valid. */
export function parseCron(spec: string): CronSchedule {
  const text = MACROS[spec.trim().toLowerCase()] ?? spec.trim();
  const parts = text.split(/\s+/);
  if (parts.length !== 5) throw new Error(`expected exactly 5 fields, found ${parts.length}: "${spec}"`);
  const [mi, ho, dom, mon, dow] = parts as [string, string, string, string, string];
  const weekdays = field(dow, 0, 7, DAYS);
  if (weekdays.has(7)) {
    weekdays.delete(7);
    weekdays.add(0);
  }
  return {
    minutes: field(mi, 0, 59),
    hours: field(ho, 0, 23),
    days: field(dom, 1, 31),
    months: field(mon, 1, 12, MONTHS, 1),
    weekdays,
    dayStar: dom.startsWith('*') || dom === '?',
    weekdayStar: dow.startsWith('*') || dow === '?',
  };
}

function dayMatches(s: CronSchedule, d: Date): boolean {
  const dom = s.days.has(d.getUTCDate());
  const dow = s.weekdays.has(d.getUTCDay());
  if (s.dayStar || s.weekdayStar) return dom && dow;
  return dom || dow;
}

/** The first scheduled minute strictly after `afterMs` (epoch ms), or undefined within ~5 years. */
export function nextRun(s: CronSchedule, afterMs: number): number | undefined {
  const d = new Date(Math.floor(afterMs / 60_000) * 60_000 + 60_000);
  const limit = afterMs + 5 * 366 * 86_400_000;
  while (d.getTime() <= limit) {
    if (!s.months.has(d.getUTCMonth() + 1)) {
      d.setUTCMonth(d.getUTCMonth() + 1, 1);
      d.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!dayMatches(s, d)) {
      d.setUTCDate(d.getUTCDate() + 1);
      d.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!s.hours.has(d.getUTCHours())) {
      d.setUTCHours(d.getUTCHours() + 1, 0, 0, 0);
      continue;
    }
    if (!s.minutes.has(d.getUTCMinutes())) {
      d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0);
      continue;
    }
    return d.getTime();
  }
  return undefined;
}
