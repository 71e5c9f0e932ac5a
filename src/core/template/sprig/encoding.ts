/** Sprig encodings: b64enc, b64dec, b32enc, b32dec (std padded alphabets). */
import type { FuncMap } from '../builtins.js';
import { utf8Decode } from '../values.js';

const enc = new TextEncoder();

function b64dec(s: string): string {
  // base64.StdEncoding.DecodeString; on error Sprig returns err.Error()
  const clean = s.replace(/[\r\n]/g, '');
  if (clean.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(clean)) {
    return `illegal base64 data at input byte ${firstBad64(clean)}`;
  }
  return utf8Decode(Buffer.from(clean, 'base64'));
}

function firstBad64(s: string): number {
  const m = /[^A-Za-z0-9+/=]/.exec(s);
  const pad = s.indexOf('=');
  if (m && (pad < 0 || m.index < pad)) return m.index;
  if (pad >= 0) {
    // padding in the wrong place or a short quantum
    const q = Math.floor(pad / 4) * 4;
    const rem = pad - q;
    if (rem < 2) return pad;
    const after = s.slice(pad);
    if (rem === 2 && after.startsWith('==') && after.length === 2) return s.length;
    if (rem === 3 && after === '=') return s.length;
    return rem === 2 && after[1] !== '=' ? pad + 1 : pad + (rem === 2 ? 2 : 1);
  }
  return Math.floor(s.length / 4) * 4;
}

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function b32enc(s: string): string {
  const b = enc.encode(s);
  let out = '';
  for (let i = 0; i < b.length; i += 5) {
    const chunk = b.subarray(i, i + 5);
    let bits = 0n;
    for (let j = 0; j < 5; j++) bits = (bits << 8n) | BigInt(chunk[j] ?? 0);
    const nChars = Math.ceil((chunk.length * 8) / 5);
    for (let j = 0; j < 8; j++) {
      out += j < nChars ? B32[Number((bits >> BigInt(35 - 5 * j)) & 31n)] : '=';
    }
  }
  return out;
}

function b32dec(s: string): string {
  const clean = s.replace(/[\r\n]/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < clean.length; i += 8) {
    const q = clean.slice(i, i + 8);
    if (q.length < 8) return `illegal base32 data at input byte ${i + q.length === clean.length ? clean.length : i}`;
    const data = q.replace(/=+$/, '');
    const validLens = [2, 4, 5, 7, 8];
    for (let j = 0; j < data.length; j++) {
      if (B32.indexOf(data[j]) < 0) return `illegal base32 data at input byte ${i + j}`;
    }
    if (!validLens.includes(data.length) || (data.length < 8 && i + 8 < clean.length)) {
      return `illegal base32 data at input byte ${i + data.length}`;
    }
    let bits = 0n;
    for (let j = 0; j < 8; j++) bits = (bits << 5n) | BigInt(j < data.length ? B32.indexOf(data[j]) : 0);
    const n = Math.floor((data.length * 5) / 8);
    for (let j = 0; j < n; j++) bytes.push(Number((bits >> BigInt(32 - 8 * j)) & 255n));
  }
  return utf8Decode(Uint8Array.from(bytes));
}

export function encodingFuncs(): FuncMap {
  return {
    b64enc: { fn: (s: string) => Buffer.from(s, 'utf8').toString('base64'), params: ['string'] },
    b64dec: { fn: b64dec, params: ['string'] },
    b32enc: { fn: b32enc, params: ['string'] },
    b32dec: { fn: b32dec, params: ['string'] },
  };
}
