/**
 * Go's time.Duration parsing and rounding for the Sprig date functions: time.ParseDuration (with
 * Go's error wording) and Duration.Round(time.Second).
 */
import { NS } from './go-time.js';
import { goTimeQuote } from './go-time-parse.js';

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
