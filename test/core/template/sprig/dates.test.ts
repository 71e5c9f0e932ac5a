import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TemplateSet } from '../../../../src/core/template/index.js';
import { parseDuration } from '../../../../src/core/template/sprig/go-duration.js';
import { GoTime, goNow } from '../../../../src/core/template/sprig/go-time.js';
import { parseTime } from '../../../../src/core/template/sprig/go-time-parse.js';
import { UTC } from '../../../../src/core/template/sprig/go-zone.js';
import { sprigFuncs } from '../../../../src/core/template/sprig/index.js';
import { systemTemplateClock } from '../../../../src/adapters/template-clock.js';

/** Rendered by the real `helm template` (v4.1.4) with TZ=UTC; regenerate with scripts/gen-dates-golden.mjs. */
const golden = JSON.parse(readFileSync(new URL('./golden/dates.json', import.meta.url), 'utf8')) as Array<{
  template: string;
  output?: string;
  error?: string;
}>;

const funcs = sprigFuncs(systemTemplateClock);

function run(text: string, data: unknown = { Values: {} }): string {
  const t = new TemplateSet(funcs);
  try {
    t.parse('t', text);
    return t.execute('t', data);
  } catch (e) {
    return 'ERR:' + (e as Error).message;
  }
}

/** Run with process.env.TZ set (Node applies a TZ change at once, Intl included); restores it after. */
function withTZ<T>(tz: string | undefined, f: () => T): T {
  const saved = process.env.TZ;
  if (tz === undefined) delete process.env.TZ;
  else process.env.TZ = tz;
  try {
    return f();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

/** Parse Go's Time.String() form back to epoch ms (UTC zones only). */
function stringToMs(s: string): number {
  const m = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(\.\d+)? \+0000 UTC/.exec(s);
  if (!m) throw new Error(`not a UTC time string: ${s}`);
  return Date.parse(`${m[1]}T${m[2]}${(m[3] ?? '').slice(0, 4)}Z`);
}

// Helm ran with TZ=UTC: pin the local zone of this worker the same way (tests needing another
// zone switch it with withTZ, which restores UTC).
let savedTZ: string | undefined;
beforeAll(() => {
  savedTZ = process.env.TZ;
  process.env.TZ = 'UTC';
});
afterAll(() => {
  if (savedTZ === undefined) delete process.env.TZ;
  else process.env.TZ = savedTZ;
});

describe('sprig dates: golden cases from Helm v4.1.4 (TZ=UTC)', () => {
  it('has a good number of cases', () => {
    expect(golden.length).toBeGreaterThanOrEqual(60);
  });

  it.each(golden.map((c) => [c.template, c] as const))('%s', (_name, c) => {
    const got = run(c.template);
    if (c.error !== undefined) {
      expect(got.startsWith('ERR:')).toBe(true);
      expect(got).toContain(c.error);
    } else expect(got).toBe(c.output);
  });
});

describe('sprig dates: local zone', () => {
  it('date formats in the process zone', () => {
    expect(withTZ('America/New_York', () => run('{{ date "2006-01-02 15:04 MST" 1700000000 }}'))).toBe('2023-11-14 17:13 EST');
    expect(withTZ('Asia/Tokyo', () => run('{{ date "2006-01-02 15:04 MST -07:00" 0 }}'))).toBe('1970-01-01 09:00 JST +09:00');
    expect(withTZ('UTC', () => run('{{ htmlDate 1700000000 }}'))).toBe('2023-11-14');
    expect(withTZ('Pacific/Kiritimati', () => run('{{ htmlDate 1700000000 }}'))).toBe('2023-11-15');
  });

  it('toDate parses in the process zone, resolving DST', () => {
    withTZ('Europe/Berlin', () => {
      expect(run('{{ toDate "2006-01-02 15:04" "2024-01-15 12:00" }}')).toBe('2024-01-15 12:00:00 +0100 CET');
      expect(run('{{ toDate "2006-01-02 15:04" "2024-07-15 12:00" }}')).toBe('2024-07-15 12:00:00 +0200 CEST');
      expect(run('{{ toDate "2006-01-02 15:04" "2024-07-15 12:00" | unixEpoch }}')).toBe('1721037600');
      // an offset matching the local zone keeps the zone; another one makes a fixed zone
      expect(run('{{ toDate "2006-01-02 15:04 -0700" "2024-07-15 12:00 +0200" }}')).toBe('2024-07-15 12:00:00 +0200 CEST');
      expect(run('{{ toDate "2006-01-02 15:04 -0700" "2024-07-15 12:00 +0100" }}')).toBe('2024-07-15 12:00:00 +0100 +0100');
      // a known abbreviation takes that zone's offset; an unknown one is a fixed zone with offset 0
      expect(run('{{ toDate "2006-01-02 15:04 MST" "2024-01-15 12:00 CEST" }}')).toBe('2024-01-15 11:00:00 +0100 CET');
      expect(run('{{ toDate "2006-01-02 15:04 MST" "2024-07-15 12:00 CET" }}')).toBe('2024-07-15 13:00:00 +0200 CEST');
      expect(run('{{ toDate "2006-01-02 15:04 MST" "2024-07-15 12:00 GMT" }}')).toBe('2024-07-15 12:00:00 +0000 GMT');
      // wall times in the spring gap and the autumn overlap
      expect(run('{{ toDate "2006-01-02 15:04" "2024-03-31 02:30" }}')).toBe('2024-03-31 03:30:00 +0200 CEST');
      expect(run('{{ toDate "2006-01-02 15:04" "2024-10-27 02:30" }}')).toBe('2024-10-27 02:30:00 +0100 CET');
      // the zero time stays UTC
      expect(run('{{ toDate "2006" "x" }}')).toBe('0001-01-01 00:00:00 +0000 UTC');
    });
    withTZ('America/New_York', () => {
      expect(run('{{ toDate "2006-01-02 15:04" "2024-03-10 02:30" }}')).toBe('2024-03-10 01:30:00 -0500 EST');
      expect(run('{{ toDate "2006-01-02 15:04" "2024-11-03 01:30" }}')).toBe('2024-11-03 01:30:00 -0400 EDT');
      expect(run('{{ toDate "2006-01-02 15:04 MST" "2024-07-15 12:00 EST" }}')).toBe('2024-07-15 13:00:00 -0400 EDT');
      expect(run('{{ toDate "2006-01-02 15:04 MST" "2024-01-15 12:00 EDT" }}')).toBe('2024-01-15 11:00:00 -0500 EST');
    });
  });

  it('now is in the local zone', () => {
    expect(withTZ('Europe/Berlin', () => run('{{ (dateModify "0s" (toDate "2006" "2024")).Local }} {{ now.Format "MST" }}'))).toMatch(
      /^2024-01-01 00:00:00 \+0100 CET CES?T$/,
    );
  });

  it('zones are read from Intl, not cached across TZ changes', () => {
    expect(withTZ('Asia/Kolkata', () => run('{{ date "MST" 0 }}'))).toBe('IST');
    expect(withTZ('UTC', () => run('{{ date "MST" 0 }}'))).toBe('UTC');
  });
});

describe('sprig dates: now and ago', () => {
  it('now prints Go Time.String with a monotonic reading, close to the clock', () => {
    const out = run('{{ now }}');
    expect(out).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,9})? \+0000 UTC m=\+\d+\.\d{9}$/);
    expect(Math.abs(stringToMs(out) - Date.now())).toBeLessThan(5000);
  });

  it('now is a time.Time struct with methods', () => {
    expect(run('{{ typeOf now }}')).toBe('time.Time');
    const unix = Number(run('{{ now.Unix }}'));
    expect(Math.abs(unix - Date.now() / 1000)).toBeLessThan(5);
    expect(run('{{ now | unixEpoch }}')).toMatch(/^\d{10}$/);
    expect(run('{{ now.Year }}')).toBe(String(new Date().getUTCFullYear()));
    expect(run('{{ now.UTC.Format "2006" }}')).toBe(String(new Date().getUTCFullYear()));
    // In/UTC drop the monotonic reading, Add keeps it
    expect(run('{{ now.UTC }}')).not.toContain(' m=');
    expect(run('{{ dateModify "1h" now }}')).toMatch(/ m=\+36\d\d\.\d{9}$/);
  });

  it('date and htmlDate with anything but a time or an int use now', () => {
    const year = String(new Date().getUTCFullYear());
    expect(run('{{ date "2006" "x" }}')).toBe(year);
    expect(run('{{ date "2006" nil }}')).toBe(year);
    expect(run('{{ date "2006" 1.5 }}')).toBe(year);
    expect(run('{{ date "2006" (float64 1700000000) }}')).toBe(year);
    expect(run('{{ dateInZone "2006" .Values.nope "UTC" }}')).toBe(year);
    expect(run('{{ htmlDate "x" }}')).toBe(new Date().toISOString().slice(0, 10));
  });

  it('ago rounds the elapsed time to seconds', () => {
    const sec = Math.floor(Date.now() / 1000) - 3725;
    expect(run(`{{ ago ${sec} }}`)).toMatch(/^1h2m(5|6|7)s$/);
    expect(run(`{{ ago (int64 ${sec}) }}`)).toMatch(/^1h2m(5|6|7)s$/);
    expect(run('{{ ago now }}')).toBe('0s');
    expect(run('{{ ago "x" }}')).toBe('0s');
    expect(run('{{ ago (dateModify "90m" now) }}')).toMatch(/^-1h(29m59s|30m0s)$/);
    expect(run('{{ ago (toDate "2006-01-02" "2024-03-05") }}')).toMatch(/^\d+h\d+m\d+s$/);
  });

  it('durationRound accepts a time (the time since it)', () => {
    expect(run('{{ durationRound (dateModify "-50h" now) }}')).toBe('2d');
    expect(run('{{ durationRound (toDate "2006" "2000") }}')).toMatch(/^2\dy$/);
    expect(run('{{ durationRound "1h30m" }}')).toBe('1h');
  });

  it('now reads the render\'s clock, with no clock attached it fails, a manual clock is obeyed', () => {
    const manual = { now: () => Date.UTC(2024, 2, 5, 6, 7, 8) + 0.25, monotonicNs: () => 1_500_000_000n };
    const t = new TemplateSet(sprigFuncs(manual));
    t.parse('a', '{{ now.UTC }}|{{ now }}|{{ dateInZone "2006-01-02T15:04:05.000000" now "UTC" }}');
    expect(t.execute('a', {})).toMatch(/^2024-03-05 06:07:08\.00025 \+0000 UTC\|2024-03-05 \d\d:\d\d:08\.00025 \S+ \S+ m=\+1\.500000000\|2024-03-05T06:07:08\.000250$/);
    const none = new TemplateSet(sprigFuncs());
    none.parse('a', '{{ now }}');
    expect(() => none.execute('a', {})).toThrow('error calling now: no clock is attached to this render');
  });

  it('goNow has nanosecond digits and the local zone', () => {
    const t = goNow(systemTemplateClock);
    expect(t.nsec).toBeGreaterThanOrEqual(0);
    expect(t.nsec).toBeLessThan(1e9);
    expect(Math.abs(t.sec * 1000 + t.nsec / 1e6 - Date.now())).toBeLessThan(5000);
    expect(t.mono).not.toBeNull();
  });
});

describe('sprig dates: errors and wrong types', () => {
  it('time.Time parameters reject other values', () => {
    expect(run('{{ unixEpoch "x" }}')).toContain('wrong type for value; expected time.Time; got string');
    expect(run('{{ unixEpoch 1 }}')).toContain('expected time.Time; got int');
    expect(run('{{ unixEpoch nil }}')).toContain('expected time.Time; got interface {}');
    expect(run('{{ dateModify "1h" (list) }}')).toContain('expected time.Time; got []interface {}');
    expect(run('{{ mustDateModify "1h" 5 }}')).toContain('expected time.Time; got int');
  });

  it('arity and string parameters are checked', () => {
    expect(run('{{ toDate "2006" }}')).toContain('wrong number of args for toDate: want 2 got 1');
    expect(run('{{ toDate "2006" 2024 }}')).toContain('expected string; found 2024');
    expect(run('{{ date "2006" }}')).toContain('wrong number of args for date: want 2 got 1');
    expect(run('{{ dateInZone "2006" 0 5 }}')).toContain('expected string; found 5');
  });

  it('mustToDate and mustDateModify carry Go error text', () => {
    expect(run('{{ mustToDate "2006-01-02" "x" }}')).toBe(
      'ERR:template: t:1:3: executing "t" at <mustToDate "2006-01-02" "x">: error calling mustToDate: parsing time "x" as "2006-01-02": cannot parse "x" as "2006"',
    );
    expect(run('{{ mustDateModify "1x" now }}')).toContain('error calling mustDateModify: time: unknown unit "x" in duration "1x"');
  });
});

describe('go-time internals', () => {
  it('parseDuration matches time.ParseDuration', () => {
    expect(parseDuration('1h30m')).toBe(5_400_000_000_000n);
    expect(parseDuration('-1.5h')).toBe(-5_400_000_000_000n);
    expect(parseDuration('1.000000001s')).toBe(1_000_000_001n);
    expect(parseDuration('0.3333333333333h')).toBe(1_199_999_999_999n);
    expect(parseDuration('2562047h47m16.854775807s')).toBe(2n ** 63n - 1n);
    expect(parseDuration('-2562047h47m16.854775808s')).toBe(-(2n ** 63n));
    expect((parseDuration('2562047h47m16.854775808s') as Error).message).toBe('time: invalid duration "2562047h47m16.854775808s"');
    expect((parseDuration('1') as Error).message).toBe('time: missing unit in duration "1"');
    expect((parseDuration('1d') as Error).message).toBe('time: unknown unit "d" in duration "1d"');
  });

  it('times keep nanoseconds and years beyond the JS Date range', () => {
    const t = parseTime('2006-01-02 15:04:05.999999999', '9999-12-31 23:59:59.999999999', UTC) as GoTime;
    expect(t.String()).toBe('9999-12-31 23:59:59.999999999 +0000 UTC');
    expect(t.add(1n).String()).toBe('10000-01-01 00:00:00 +0000 UTC');
    const far = new GoTime(300000 * 366 * 86400, 5, UTC);
    expect(far.format('2006-01-02 .000000000')).toMatch(/^30\d{4}-\d\d-\d\d \.000000005$/);
  });

  it('marshals to JSON as RFC 3339 (toJson/toYaml)', () => {
    const t = parseTime('2006-01-02T15:04:05.999999999Z07:00', '2024-03-05T07:08:09.5+02:00', UTC) as GoTime;
    expect(JSON.stringify({ t })).toBe('{"t":"2024-03-05T07:08:09.5+02:00"}');
  });
});
