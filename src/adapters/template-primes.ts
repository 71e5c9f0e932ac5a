/**
 * Primes made on a second thread for the RSA keys a chart's templates ask for.
 *
 * genPrivateKey's 4096-bit RSA key takes two 2048-bit primes, ~0.3 s each on one core, and charts that
 * make several keys spend most of `tugboat template` on them (Helm does the same work). genCA,
 * genSelfSignedCert and genSignedCert take two 1024-bit primes per key, ~30 ms each. When a chart's
 * templates call any of these, a worker makes primes of those sizes, from the first key the render
 * makes (see WorkerStart). The render thread takes a prime the worker has ready; when none is ready it
 * makes one itself and never waits, so the two threads make primes side by side.
 *
 * The worker tests candidates in JavaScript between short OpenSSL calls (a sieve of small primes, then
 * OpenSSL's probable-prime test), never one long call: a process that ends while the worker is busy ends
 * at once instead of waiting for a whole prime (it would wait for a running generatePrimeSync).
 */
import { createRequire } from 'node:module';
import type { Worker as WorkerType } from 'node:worker_threads';
import { localPrimes, type PrimeSource } from '../core/template/sprig/primes.js';

/** The worker: each slot in turn, by an incremental search from a random odd start with the two top bits set. */
const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { randomFillSync, checkPrimeSync } = require('node:crypto');
const { sab, slots } = workerData;
const state = new Int32Array(sab, 0, slots.length);
const bytes = new Uint8Array(sab);
const SMALL = [];
for (let n = 3; n < 20000; n += 2) { let p = true; for (const q of SMALL) { if (q * q > n) break; if (n % q === 0) { p = false; break; } } if (p) SMALL.push(n); }
function prime(bits) {
  const size = bits / 8;
  const start = new Uint8Array(size);
  for (;;) {
    randomFillSync(start);
    start[0] |= 0xc0;
    start[size - 1] |= 1;
    const base = BigInt('0x' + Buffer.from(start).toString('hex'));
    const rest = SMALL.map((p) => Number(base % BigInt(p)));
    for (let delta = 0; delta < 1 << 20; delta += 2) {
      let sieved = false;
      for (let i = 0; i < SMALL.length; i++) if ((rest[i] + delta) % SMALL[i] === 0) { sieved = true; break; }
      if (sieved) continue;
      const c = base + BigInt(delta);
      if (c >> BigInt(bits - 2) !== 3n) break;
      if (checkPrimeSync(c)) return c;
    }
  }
}
for (let i = 0; i < slots.length; i++) {
  const { bits, offset } = slots[i];
  bytes.set(Buffer.from(prime(bits).toString(16).padStart(bits / 4, '0'), 'hex'), offset);
  Atomics.store(state, i, 1);
}
`;

/** How many primes of each size (in bits) to make on the worker. */
export type PrimeWants = Partial<Record<1024 | 2048, number>>;

/** A prime source, and how many of the worker's primes are ready and not yet taken. */
export interface PrefetchedPrimes extends PrimeSource {
  ready(): number;
}

const READY = 1;
const TAKEN = 2;

/**
 * When the worker starts: `now`, or at the first prime asked for (`first-use`, what the CLI does). A
 * certificate's key is made only when the certificate is read (see sprig/crypto.ts), and a chart
 * often makes a CA it never uses: a worker started for it would take the second core from the
 * render (on two cores, ~25% of a large chart's time) for nothing. Started at the first key, it makes
 * the next ones while the render makes the first.
 */
export type WorkerStart = 'now' | 'first-use';

/**
 * A prime source that hands out the primes the worker has ready (each once) and makes any other itself.
 * Nothing wanted, or no worker to be had: the local source.
 */
export function prefetchedPrimes(wants: PrimeWants, local: PrimeSource = localPrimes, start: WorkerStart = 'now'): PrefetchedPrimes {
  const slots: Array<{ bits: number; offset: number }> = [];
  const total = (wants[1024] ?? 0) + (wants[2048] ?? 0);
  let offset = Math.ceil((total * 4) / 8) * 8;
  // The cheap ones first: a certificate's key is ready within ~0.1 s of the start.
  for (const bits of [1024, 2048] as const) {
    for (let i = 0; i < (wants[bits] ?? 0); i++) {
      slots.push({ bits, offset });
      offset += bits / 8;
    }
  }
  const alone = { prime: (bits: number) => local.prime(bits), ready: () => 0 };
  if (slots.length === 0) return alone;
  const sab = new SharedArrayBuffer(offset);
  const state = new Int32Array(sab, 0, slots.length);
  const bytes = new Uint8Array(sab);
  let started = false;
  const startWorker = () => {
    started = true;
    try {
      // Loaded only now: most renders make no key, and the module costs a few milliseconds to load.
      const { Worker } = createRequire(import.meta.url)('node:worker_threads') as { Worker: typeof WorkerType };
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { sab, slots } });
      // The process does not wait for primes nobody took; a worker that fails only leaves its slots unready.
      worker.unref();
      worker.on('error', () => undefined);
    } catch {
      // no worker: every prime is made here
    }
  };
  if (start === 'now') startWorker();
  return {
    ready: () => state.filter((s) => s === READY).length,
    prime(bits: number): bigint {
      if (!started) startWorker();
      for (let i = 0; i < slots.length; i++) {
        const slot = slots[i]!;
        if (slot.bits !== bits || Atomics.compareExchange(state, i, READY, TAKEN) !== READY) continue;
        return BigInt('0x' + Buffer.from(bytes.subarray(slot.offset, slot.offset + bits / 8)).toString('hex'));
      }
      return local.prime(bits);
    },
  };
}

/**
 * At most this many primes of a size on the worker. A certificate's key is cheap and a chart usually
 * guards its many genCA/genSignedCert calls behind one setting: one key ahead. A 4096-bit key is dear:
 * up to three ahead, as many as the calls in the templates.
 */
const MAX_AHEAD = { 1024: 2, 2048: 6 } as const;

/**
 * The primes a chart's templates may ask for, from their text: two per call of genCA, genSelfSignedCert
 * or genSignedCert (1024 bits) and per call of genPrivateKey with "rsa" or "" (2048 bits), up to
 * MAX_AHEAD. A call that does not run costs the worker's time only, not the render's.
 */
export function primesWanted(files: Iterable<[string, string]>): PrimeWants {
  let certs = 0;
  let rsa = 0;
  for (const [path, text] of files) {
    if (!/(^|\/)templates\//.test(path) || !text.includes('gen')) continue;
    certs += text.match(/\bgen(?:CA|SelfSignedCert|SignedCert)\b/g)?.length ?? 0;
    rsa += text.match(/\bgenPrivateKey\s+"(?:rsa)?"/g)?.length ?? 0;
  }
  const wants: PrimeWants = {};
  if (certs > 0) wants[1024] = Math.min(2 * certs, MAX_AHEAD[1024]);
  if (rsa > 0) wants[2048] = Math.min(2 * rsa, MAX_AHEAD[2048]);
  return wants;
}
