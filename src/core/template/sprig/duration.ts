/**
 * Sprig `duration` and `durationRound`. duration: seconds (an int64 or a decimal string; any other type, even an int, counts
 * as 0, as in Sprig) printed as a Go time.Duration ("1h2m3s").
 */
import type { FuncMap } from '../builtins.js';
import type { TemplateClock } from '../clock.js';
import { GoTime, goNow } from './go-time.js';
import { parseDuration } from './go-duration.js';

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** time.Duration.String for a whole number of nanoseconds. */
export function goDurationString(ns: bigint): string {
  if (ns === 0n) return '0s';
  const neg = ns < 0n;
  let u = neg ? -ns : ns;
  let out: string;
  if (u < 1_000_000_000n) {
    // sub-second: ns, µs or ms with a fraction
    const [unit, div] = u < 1000n ? ['ns', 1n] : u < 1_000_000n ? ['µs', 1000n] : ['ms', 1_000_000n];
    out = fraction(u, div) + unit;
  } else {
    const h = u / 3_600_000_000_000n;
    u -= h * 3_600_000_000_000n;
    const m = u / 60_000_000_000n;
    u -= m * 60_000_000_000n;
    out = fraction(u, 1_000_000_000n) + 's';
    if (h > 0n) out = `${h}h${m}m${out}`;
    else if (m > 0n) out = `${m}m${out}`;
  }
  return neg ? '-' + out : out;
}

function fraction(v: bigint, div: bigint): string {
  const whole = v / div;
  let frac = (v % div).toString().padStart(div.toString().length - 1, '0').replace(/0+$/, '');
  if (div === 1n) frac = '';
  return frac ? `${whole}.${frac}` : `${whole}`;
}

function duration(sec: unknown): string {
  let n = 0n;
  if (typeof sec === 'string') {
    n = /^[+-]?[0-9]+$/.test(sec) ? BigInt(sec) : 0n;
    if (n > INT64_MAX || n < INT64_MIN) n = 0n;
  } else if (typeof sec === 'bigint') n = sec;
  return goDurationString(BigInt.asIntN(64, n * 1_000_000_000n));
}

/** Sprig durationRound: the largest whole unit (y, m for 30-day months, d, h, m, s). A time means the time since it. */
function durationRound(v: unknown, clock: TemplateClock): string {
  let d = 0n;
  if (typeof v === 'string') {
    const parsed = parseDuration(v);
    d = typeof parsed === 'bigint' ? parsed : 0n;
  }
  else if (typeof v === 'bigint') d = v;
  else if (v instanceof GoTime) d = goNow(clock).sub(v);
  const u = d < 0n ? -d : d;
  const HOUR = 3_600_000_000_000n;
  const steps: [bigint, string][] = [
    [HOUR * 24n * 365n, 'y'],
    [HOUR * 24n * 30n, 'm'],
    [HOUR * 24n, 'd'],
    [HOUR, 'h'],
    [60_000_000_000n, 'm'],
    [1_000_000_000n, 's'],
  ];
  for (const [size, unit] of steps) if (u > size) return `${u / size}${unit}`;
  return '0s';
}

export function durationFuncs(clock: TemplateClock): FuncMap {
  return {
    duration: { fn: duration, params: ['any'] },
    durationRound: { fn: (v: unknown) => durationRound(v, clock), params: ['any'] },
  };
}
