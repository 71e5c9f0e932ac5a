import { describe, expect, it } from 'vitest';
import * as crypto from 'node:crypto';
import { searchPrime, type PrimeCrypto } from '../../../../src/core/template/sprig/primes.js';

/** node:crypto with its modular powers recorded by modulus (each Miller–Rabin round is one). */
function recording(): { c: PrimeCrypto; moduli: bigint[] } {
  const moduli: bigint[] = [];
  const c: PrimeCrypto = {
    randomFillSync: crypto.randomFillSync,
    createPublicKey: crypto.createPublicKey,
    constants: crypto.constants,
    publicEncrypt: ((options: { key: crypto.KeyObject }, buffer: NodeJS.ArrayBufferView) => {
      moduli.push(BigInt('0x' + Buffer.from(options.key.export({ format: 'jwk' }).n!, 'base64url').toString('hex')));
      return crypto.publicEncrypt(options, buffer);
    }) as unknown as typeof crypto.publicEncrypt,
  };
  return { c, moduli };
}

describe('searchPrime: random probable primes as Go makes them for RSA keys', () => {
  it('are primes (OpenSSL\'s own test says so) of exactly the size asked, with the two top bits set', () => {
    for (const [bits, times] of [[64, 300], [128, 100], [1024, 4], [2048, 1]] as const) {
      const seen = new Set<bigint>();
      for (let i = 0; i < times; i++) {
        const p = searchPrime(bits, crypto);
        expect(p.toString(2).length).toBe(bits);
        expect(p >> BigInt(bits - 2)).toBe(3n);
        expect(crypto.checkPrimeSync(p)).toBe(true);
        seen.add(p);
      }
      // random: 300 draws among ~10^17 primes of 64 bits are all different
      expect(seen.size).toBe(times);
    }
  });

  it('tests each candidate the sieve leaves with one round, and the prime it keeps with FIPS 186-5\'s count', () => {
    // 1024 bits: base 2, then 5 random bases; 2048 bits: base 2, then 4.
    for (const [bits, rounds, times] of [[1024, 6, 6], [2048, 5, 1]] as const) {
      const { c, moduli } = recording();
      for (let i = 0; i < times; i++) {
        const before = moduli.length;
        const p = searchPrime(bits, c);
        const mine = moduli.slice(before);
        expect(mine.filter((n) => n === p).length).toBe(rounds);
        // a candidate that is not kept fails its first round (a composite passing base 2 is ~never met)
        expect(new Set(mine).size).toBe(mine.length - rounds + 1);
        for (const n of mine) expect(gcd(SMALL_PRIMES % n, n)).toBe(1n); // no odd prime below 2^16 divides a candidate
      }
      // the sieve leaves ~1 odd number in 11; ~1 in 32 of those is prime at 1024 bits, ~1 in 64 at 2048
      expect(moduli.length).toBeLessThan(times * (bits === 1024 ? 200 : 400));
    }
  });

  it('a modular power as an RSA public operation is the modular power', () => {
    // the identity the search rests on: a^(p−1) ≡ 1 (mod p) for a prime p, not for a composite
    const p = searchPrime(256, crypto);
    const q = searchPrime(256, crypto);
    const hex = (x: bigint, size: number) => Buffer.from(x.toString(16).padStart(size * 2, '0'), 'hex');
    const pow = (a: bigint, e: bigint, n: bigint, size: number) => {
      const key = crypto.createPublicKey({ key: { kty: 'RSA', n: hex(n, size).toString('base64url'), e: hex(e, size).toString('base64url') }, format: 'jwk' });
      return BigInt('0x' + crypto.publicEncrypt({ key, padding: crypto.constants.RSA_NO_PADDING }, hex(a, size)).toString('hex'));
    };
    expect(pow(3n, p - 1n, p, 32)).toBe(1n);
    expect(pow(3n, p * q - 1n, p * q, 64)).not.toBe(1n);
    expect(pow(7n, 12345n, p, 32)).toBe(bigPow(7n, 12345n, p));
  });
});

/** The product of the odd primes below 2^16. */
const SMALL_PRIMES = (() => {
  let product = 1n;
  for (let n = 3; n < 1 << 16; n += 2) {
    let prime = true;
    for (let d = 3; d * d <= n; d += 2) if (n % d === 0) { prime = false; break; }
    if (prime) product *= BigInt(n);
  }
  return product;
})();

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

function bigPow(a: bigint, e: bigint, n: bigint): bigint {
  let r = 1n;
  for (let b = a % n; e > 0n; e >>= 1n, b = (b * b) % n) if (e & 1n) r = (r * b) % n;
  return r;
}
