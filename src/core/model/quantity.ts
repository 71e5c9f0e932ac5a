/**
 * Kubernetes resource quantities, exactly (no floating point): parsing, value equality (`1000m` = `1`,
 * `1Gi` = `1024Mi`, `1e3` = `1k`) and the canonical string an API server stores — the input's format
 * family (binary SI, decimal SI, decimal exponent) with the largest suffix that keeps the number whole.
 */

export type QuantityFormat = 'BinarySI' | 'DecimalSI' | 'DecimalExponent';

/** value = num / 10^scale, reduced (no trailing zeros in num while scale > 0). */
export interface Quantity {
  num: bigint;
  scale: number;
  format: QuantityFormat;
}

const BINARY: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL: Record<string, number> = { n: -9, u: -6, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const DECIMAL_SUFFIX: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const BINARY_SUFFIX = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const RE = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([numkMGTPE])|[eE]([+-]?[0-9]+))?$/;

function reduce(num: bigint, scale: number): { num: bigint; scale: number } {
  if (num === 0n) return { num, scale: 0 };
  while (scale > 0 && num % 10n === 0n) {
    num /= 10n;
    scale--;
  }
  return { num, scale };
}

/** A quantity string (or a JSON number, as the API server accepts one) → its exact value; undefined when malformed. */
export function parseQuantity(input: unknown): Quantity | undefined {
  let text: string;
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return undefined;
    text = String(input);
  } else if (typeof input === 'string') text = input.trim();
  else return undefined;
  const m = RE.exec(text);
  if (!m) return undefined;
  const [, sign, digits, bin, dec, exp] = m;
  const [whole, frac = ''] = digits!.split('.');
  let num = BigInt((whole || '0') + frac);
  let scale = frac.length;
  let e = 0;
  let format: QuantityFormat = 'DecimalSI';
  if (bin) {
    num *= 1024n ** BigInt(BINARY[bin]!);
    format = 'BinarySI';
  } else if (dec) e = DECIMAL[dec]!;
  else if (exp !== undefined) {
    e = Number(exp);
    if (!Number.isSafeInteger(e) || Math.abs(e) > 100) return undefined;
    format = 'DecimalExponent';
  }
  if (e >= 0) num *= 10n ** BigInt(e);
  else scale += -e;
  if (sign === '-') num = -num;
  return { ...reduce(num, scale), format };
}

/** Same value (formats aside). Non-quantities are never equal here. */
export function quantitiesEqual(a: unknown, b: unknown): boolean {
  const x = parseQuantity(a);
  const y = parseQuantity(b);
  return x !== undefined && y !== undefined && x.num === y.num && x.scale === y.scale;
}

function decimal(q: Quantity, exponentForm: boolean): string {
  if (q.num === 0n) return '0';
  const neg = q.num < 0n;
  const abs = neg ? -q.num : q.num;
  // the largest E (a multiple of 3, -9..18) with value / 10^E whole
  let best = -9;
  for (let E = 18; E >= -9; E -= 3) {
    const shift = E + q.scale;
    if (shift <= 0 || abs % 10n ** BigInt(shift) === 0n) {
      best = E;
      break;
    }
  }
  const shift = best + q.scale;
  // below nano the API server rounds up; keep the exact value in nano units, rounded up
  const mantissa = shift >= 0 ? abs / 10n ** BigInt(shift) : abs * 10n ** BigInt(-shift);
  const suffix = exponentForm ? (best === 0 ? '' : `e${best}`) : DECIMAL_SUFFIX[best]!;
  return `${neg ? '-' : ''}${mantissa}${suffix}`;
}

/** The canonical string of a quantity as an API server writes it back; undefined when malformed. */
export function canonicalQuantity(input: unknown): string | undefined {
  const q = parseQuantity(input);
  if (!q) return undefined;
  if (q.scale > 9) {
    // finer than nano: the API server rounds up to nano
    const d = 10n ** BigInt(q.scale - 9);
    const up = q.num > 0n ? (q.num + d - 1n) / d : q.num / d;
    return decimal({ ...reduce(up, 9), format: 'DecimalSI' }, false);
  }
  if (q.format === 'BinarySI') {
    const abs = q.num < 0n ? -q.num : q.num;
    if (q.scale > 0 || abs < 1024n) return decimal(q, false);
    let k = 0;
    while (k < 6 && abs % 1024n ** BigInt(k + 1) === 0n) k++;
    return `${q.num / 1024n ** BigInt(k)}${BINARY_SUFFIX[k]}`;
  }
  return decimal(q, q.format === 'DecimalExponent');
}
