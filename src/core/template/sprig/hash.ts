/** Sprig hashes: sha1sum, sha256sum, sha512sum (hex), adler32sum (decimal). */
import { hashText } from './node-crypto.js';
import type { FuncMap } from '../builtins.js';

const enc = new TextEncoder();

function hex(alg: string, s: string): string {
  return hashText(alg, s, 'hex');
}

/** hash/adler32 checksum. */
export function adler32(data: Uint8Array): number {
  const MOD = 65521;
  let a = 1;
  let b = 0;
  for (let i = 0; i < data.length; ) {
    const end = Math.min(i + 5552, data.length);
    for (; i < end; i++) {
      a += data[i];
      b += a;
    }
    a %= MOD;
    b %= MOD;
  }
  return ((b << 16) | a) >>> 0;
}

export function hashFuncs(): FuncMap {
  return {
    sha1sum: { fn: (s: string) => hex('sha1', s), params: ['string'] },
    sha256sum: { fn: (s: string) => hex('sha256', s), params: ['string'] },
    sha512sum: { fn: (s: string) => hex('sha512', s), params: ['string'] },
    adler32sum: { fn: (s: string) => String(adler32(enc.encode(s))), params: ['string'] },
  };
}
