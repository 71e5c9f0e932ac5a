/**
 * Sprig random functions (crypto randomness): uuidv4, randAlphaNum, randAlpha, randNumeric,
 * randAscii, randInt, randBytes, shuffle. Outputs are random; only their shape is defined.
 */
import { nodeCrypto } from './node-crypto.js';
import type { FuncMap } from '../builtins.js';
import { GoFuncError } from '../errors.js';

const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';

function randFrom(count: number, chars: string): string {
  const n = Number(count);
  if (n <= 0) return '';
  let out = '';
  for (let i = 0; i < n; i++) out += chars[nodeCrypto().randomInt(chars.length)];
  return out;
}

let ASCII = '';
for (let c = 32; c <= 126; c++) ASCII += String.fromCharCode(c);

export function randFuncs(): FuncMap {
  return {
    uuidv4: { fn: () => nodeCrypto().randomUUID(), params: [] },
    randAlphaNum: { fn: (n: number) => randFrom(n, ALPHA + DIGITS), params: ['int'] },
    randAlpha: { fn: (n: number) => randFrom(n, ALPHA), params: ['int'] },
    randNumeric: { fn: (n: number) => randFrom(n, DIGITS), params: ['int'] },
    randAscii: { fn: (n: number) => randFrom(n, ASCII), params: ['int'] },
    randInt: {
      fn: (min: number, max: number) => {
        const span = Number(max) - Number(min);
        if (span <= 0) throw new GoFuncError('invalid argument to Intn');
        return Math.floor(nodeCrypto().randomBytes(6).readUIntBE(0, 6) / 2 ** 48 * span) + Number(min);
      },
      params: ['int', 'int'],
    },
    randBytes: {
      fn: (n: number) => {
        const c = Number(n);
        if (c < 0) throw new GoFuncError('runtime error: makeslice: len out of range');
        return nodeCrypto().randomBytes(c).toString('base64');
      },
      params: ['int'],
    },
    shuffle: {
      fn: (s: string) => {
        const r = [...s];
        for (let i = r.length - 1; i > 0; i--) {
          const j = nodeCrypto().randomInt(i + 1);
          [r[i], r[j]] = [r[j], r[i]];
        }
        return r.join('');
      },
      params: ['string'],
    },
  };
}
