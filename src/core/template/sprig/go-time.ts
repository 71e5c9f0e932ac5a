/**
 * Go's time.Time for the Sprig date functions: the GoTime value (unix seconds + nanoseconds +
 * location + optional monotonic reading), time.Now from the render's clock, and the Go methods
 * templates call on a time ({{ $t.Format "2006" }}, {{ now.Unix }}...). Zones live in go-zone.ts,
 * layouts in go-time-format.ts, parsing in go-time-parse.ts and durations in go-duration.ts.
 */
import type { TemplateClock } from '../clock.js';
import type { FuncMap, FuncSpec, ParamType } from '../builtins.js';
import { GO_METHODS, typeName } from '../values.js';
import { formatTime } from './go-time-format.js';
import type { Fields, GoLocation } from './go-zone.js';
import { DAY_NAMES, MONTH_NAMES, UTC, civilFromDays, daysFromCivil, localLocation, pad, unixOfLocal } from './go-zone.js';

/** Nanoseconds in a second (time.Second). */
export const NS = 1_000_000_000n;
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
