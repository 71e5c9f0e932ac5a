/**
 * Where the RSA key generation of genCA, genSelfSignedCert, genSignedCert and genPrivateKey takes its
 * primes. The core makes them itself (searchPrime below); a caller may hand in a source that also has
 * primes made elsewhere, e.g. on another thread while the chart is read and parsed (the CLI does, see
 * adapters/template-primes.ts).
 */
import { nodeCrypto } from './node-crypto.js';

export interface PrimeSource {
  /** A random probable prime of exactly `bits` bits with the two top bits set (as Go's crypto/rand.Prime). */
  prime(bits: number): bigint;
}

/** What searchPrime needs of node:crypto (passed in: the function also runs as a worker's source). */
export type PrimeCrypto = Pick<typeof import('node:crypto'), 'randomFillSync' | 'createPublicKey' | 'publicEncrypt' | 'constants'>;

/**
 * A random probable prime of `bits` bits (a multiple of 8, at least 64) with both top bits set, the way
 * Go's RSA key generation finds one: random odd starts, candidates that a small prime divides struck
 * out by a sieve, then Miller–Rabin, base 2 first and then as many random bases as FIPS 186-5 (table
 * B.1) asks for a prime of that size: 5 at 1024 bits, 4 at 2048.
 *
 * OpenSSL's own generator (generatePrimeSync, checkPrimeSync) always runs 64 rounds on the prime it
 * finally keeps (~21 ms at 1024 bits here), whatever `checks` asks, and so takes ~2.5× as long. Each
 * round's modular power a^d mod n is still OpenSSL's: an RSA public operation with n as the modulus and
 * d as the exponent, without padding (~0.35 ms at 1024 bits). Only the few squarings after it are
 * BigInt arithmetic.
 *
 * Self-contained (no reference outside its body but its arguments and JavaScript's and Node's globals):
 * adapters/template-primes.ts runs its source text on a worker thread.
 */
export function searchPrime(bits: number, c: PrimeCrypto): bigint {
  const size = bits / 8;
  const LIMIT = 1 << 16;
  const WINDOW = 4096;
  const composite = new Uint8Array(LIMIT);
  const small: number[] = [];
  for (let i = 3; i < LIMIT; i += 2) {
    if (composite[i]) continue;
    small.push(i);
    for (let j = i * i; j < LIMIT; j += 2 * i) composite[j] = 1;
  }
  const toBytes = (x: bigint) => Buffer.from(x.toString(16).padStart(size * 2, '0'), 'hex');
  const toBigInt = (b: Uint8Array) => BigInt('0x' + Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex'));
  const modPow = (a: bigint, e: bigint, n: bigint): bigint => {
    const key = c.createPublicKey({ key: { kty: 'RSA', n: toBytes(n).toString('base64url'), e: toBytes(e).toString('base64url') }, format: 'jwk' });
    return toBigInt(c.publicEncrypt({ key, padding: c.constants.RSA_NO_PADDING }, toBytes(a)));
  };
  // One Miller–Rabin round: n − 1 = d·2^s with d odd.
  const strongProbablePrime = (n: bigint, d: bigint, s: number, a: bigint): boolean => {
    let x = modPow(a, d, n);
    if (x === 1n || x === n - 1n) return true;
    for (let i = 1; i < s; i++) {
      x = (x * x) % n;
      if (x === n - 1n) return true;
      if (x === 1n) return false;
    }
    return false;
  };
  const rounds = bits >= 1345 ? 4 : bits >= 476 ? 5 : 27;
  const struck = new Uint8Array(WINDOW);
  const start = new Uint8Array(size);
  const random = new Uint8Array(size);
  for (;;) {
    c.randomFillSync(start);
    start[0]! |= 0xc0;
    start[size - 1]! |= 1;
    const base = toBigInt(start);
    // Candidate j is base + 2j: struck when a small prime p divides it, i.e. j ≡ −base/2 (mod p).
    struck.fill(0);
    for (const p of small) {
      const r = Number(base % BigInt(p));
      for (let j = r === 0 ? 0 : (r % 2 === 1 ? p - r : 2 * p - r) / 2; j < WINDOW; j += p) struck[j] = 1;
    }
    for (let j = 0; j < WINDOW; j++) {
      if (struck[j]) continue;
      const n = base + BigInt(2 * j);
      if (n >> BigInt(bits - 2) !== 3n) break;
      let d = n - 1n;
      let s = 0;
      while ((d & 1n) === 0n) {
        d >>= 1n;
        s++;
      }
      if (!strongProbablePrime(n, d, s, 2n)) continue;
      let prime = true;
      for (let k = 0; k < rounds && prime; k++) {
        c.randomFillSync(random);
        prime = strongProbablePrime(n, d, s, 2n + (toBigInt(random) % (n - 3n)));
      }
      if (prime) return n;
    }
  }
}

export const localPrimes: PrimeSource = {
  prime: (bits) => searchPrime(bits, nodeCrypto()),
};
