import { describe, expect, it } from 'vitest';
import { checkPrimeSync } from 'node:crypto';
import { prefetchedPrimes, primesWanted } from '../../src/adapters/template-primes.js';
import { localPrimes } from '../../src/core/template/sprig/primes.js';

/** The local source, counting what it makes. */
function counting() {
  const made: number[] = [];
  return { made, source: { prime: (bits: number) => { made.push(bits); return localPrimes.prime(bits); } } };
}

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const wellFormed = (p: bigint, bits: number) => {
  expect(p.toString(2).length).toBe(bits);
  expect(p >> BigInt(bits - 2)).toBe(3n); // the two top bits set, as Go's rand.Prime
  expect(checkPrimeSync(p, { checks: 32 })).toBe(true);
};

describe('primes made on a second thread for the RSA keys of a render', () => {
  it('hands out the worker\'s primes once each, then makes the rest itself; another size is always made here', async () => {
    const local = counting();
    const primes = prefetchedPrimes({ 1024: 2 }, local.source);
    await until('two primes ready', () => primes.ready() === 2);
    const a = primes.prime(1024);
    const b = primes.prime(1024);
    expect(local.made).toEqual([]);
    expect(primes.ready()).toBe(0);
    const c = primes.prime(1024);
    expect(local.made).toEqual([1024]);
    expect(new Set([a, b, c]).size).toBe(3);
    for (const p of [a, b, c]) wellFormed(p, 1024);
    primes.prime(512);
    expect(local.made).toEqual([1024, 512]);
  });

  it('never waits for the worker: a prime not ready yet is made on the render thread', () => {
    const local = counting();
    const primes = prefetchedPrimes({ 2048: 2 }, local.source);
    const p = primes.prime(2048); // asked at once: the worker has not even started
    expect(local.made).toEqual([2048]);
    wellFormed(p, 2048);
  });

  it('makes 2048-bit primes well formed too', async () => {
    const primes = prefetchedPrimes({ 2048: 1 }, { prime: () => { throw new Error('made locally'); } });
    await until('a 2048-bit prime', () => primes.ready() === 1, 60_000);
    wellFormed(primes.prime(2048), 2048);
  }, 70_000);

  it('nothing wanted: no worker, every prime made here', () => {
    const local = counting();
    const primes = prefetchedPrimes({}, local.source);
    expect(primes.ready()).toBe(0);
    primes.prime(1024);
    expect(local.made).toEqual([1024]);
  });

  it('wants primes for the genPrivateKey calls in templates only, two per call, a few keys at most; none for certificates', () => {
    expect(primesWanted(new Map([
      ['templates/tls.yaml', '{{ $ca := genCA "x" 365 }}{{ genSignedCert "a" nil nil 365 $ca }}{{ genCAWithKey "y" 1 .k }}'],
      ['charts/sub/templates/key.yaml', '{{ genPrivateKey "rsa" }} {{ genPrivateKey "ecdsa" }}'],
      ['README.md', '{{ genPrivateKey "rsa" }} {{ genCA "z" 1 }}'],
    ]))).toEqual({ 2048: 2 });
    // a certificate's key (two 1024-bit primes) is made on the render thread: a worker costs more
    expect(primesWanted(new Map([['templates/tls.yaml', '{{ genCA "x" 365 }}{{ genSelfSignedCert "a" nil nil 1 }}']]))).toEqual({});
    expect(primesWanted(new Map([['templates/a.yaml', '{{ genPrivateKey "" }}'.repeat(9)]]))).toEqual({ 2048: 6 });
    expect(primesWanted(new Map([['templates/a.yaml', 'kind: ConfigMap']]))).toEqual({});
  });
});

describe('a worker started at the first prime asked for (what the CLI does)', () => {
  it('does not start before; the first prime is made here and the worker makes the next ones', async () => {
    const local = counting();
    const primes = prefetchedPrimes({ 1024: 2 }, local.source, 'first-use');
    await new Promise((r) => setTimeout(r, 300));
    expect(primes.ready()).toBe(0); // no worker yet
    wellFormed(primes.prime(1024), 1024);
    expect(local.made).toEqual([1024]);
    await until('the worker\'s two primes', () => primes.ready() === 2);
    const [a, b] = [primes.prime(1024), primes.prime(1024)];
    expect(local.made).toEqual([1024]);
    expect(a).not.toBe(b);
    for (const p of [a, b]) wellFormed(p, 1024);
  });
});
