/**
 * Where the RSA key generation of genCA, genSelfSignedCert, genSignedCert and genPrivateKey takes its
 * primes. The core makes them itself (OpenSSL's prime generator through node:crypto); a caller may hand
 * in a source that also has primes made elsewhere, e.g. on another thread while the chart is read and
 * parsed (the CLI does, see adapters/template-primes.ts).
 */
import { nodeCrypto } from './node-crypto.js';

export interface PrimeSource {
  /** A random probable prime of exactly `bits` bits with the two top bits set (as Go's crypto/rand.Prime). */
  prime(bits: number): bigint;
}

export const localPrimes: PrimeSource = {
  prime: (bits) => nodeCrypto().generatePrimeSync(bits, { bigint: true }),
};
