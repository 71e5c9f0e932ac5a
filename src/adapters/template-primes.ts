/**
 * Primes made on a second thread for the RSA keys a chart's templates ask for.
 *
 * genPrivateKey's 4096-bit RSA key takes two 2048-bit primes, ~0.15 s each on one core, and charts that
 * make several keys spend most of `tugboat template` on them (Helm does the same work). When a chart's
 * templates call it, a worker makes such primes, from the first key the render makes (see WorkerStart).
 * The render thread takes a prime the worker has ready; when none is ready it makes one itself and
 * never waits, so the two threads make primes side by side. (Certificates' keys: see primesWanted.)
 *
 * The worker tests candidates between short OpenSSL calls (a sieve of small primes, then Miller–Rabin
 * rounds, each one OpenSSL modular power), never one long call: a process that ends while the worker
 * is busy ends at once instead of waiting for a whole prime.
 */
import { createRequire } from 'node:module';
import type { Worker as WorkerType } from 'node:worker_threads';
import { localPrimes, searchPrime, type PrimeSource } from '../core/template/sprig/primes.js';

/** The worker: each slot in turn, by the core's own search (sprig/primes.ts), its source text run here. */
const workerSource = () => `
const { workerData } = require('node:worker_threads');
const crypto = require('node:crypto');
const searchPrime = (${searchPrime.toString()});
const { sab, slots } = workerData;
const state = new Int32Array(sab, 0, slots.length);
const bytes = new Uint8Array(sab);
for (let i = 0; i < slots.length; i++) {
  const { bits, offset } = slots[i];
  bytes.set(Buffer.from(searchPrime(bits, crypto).toString(16).padStart(bits / 4, '0'), 'hex'), offset);
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
 * chart often guards its keys behind a setting that is off: a worker started for them would take the
 * second core from the render (on two cores, ~25% of a large chart's time) for nothing. Started at
 * the first key, it makes the next ones while the render makes the first.
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
  // The cheap ones first.
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
      const worker = new Worker(workerSource(), { eval: true, workerData: { sab, slots } });
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
 * At most this many primes on the worker. A 4096-bit key is dear: up to three ahead, as many as the
 * calls in the templates.
 */
const MAX_AHEAD = 6;

/**
 * The primes a chart's templates may ask for the worker to make, from their text: two 2048-bit primes
 * per call of genPrivateKey with "rsa" or "" (its 4096-bit key), up to MAX_AHEAD. A call that does not
 * run costs the worker's time only, not the render's.
 *
 * The keys of genCA, genSelfSignedCert and genSignedCert (2048 bits, two 1024-bit primes, ~15 ms each)
 * are made on the render thread: a worker takes ~40 ms of CPU to start, and on two cores it takes the
 * second from V8's background compiler, which the render leans on. Measured on Dremio's chart (four
 * such primes), paired: the worker from the first key made runs 1.08× slower than none, the worker
 * from the start 1.03×.
 */
export function primesWanted(files: Iterable<[string, string]>): PrimeWants {
  let rsa = 0;
  for (const [path, text] of files) {
    if (!/(^|\/)templates\//.test(path) || !text.includes('genPrivateKey')) continue;
    rsa += text.match(/\bgenPrivateKey\s+"(?:rsa)?"/g)?.length ?? 0;
  }
  return rsa > 0 ? { 2048: Math.min(2 * rsa, MAX_AHEAD) } : {};
}
