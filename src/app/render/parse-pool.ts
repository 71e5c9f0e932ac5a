import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PreparedFile } from '../../core/render/assemble.js';
import type { ParseRequest } from './parse-worker.js';

const WORKER = fileURLToPath(new URL('./parse-worker.js', import.meta.url));
/** Below this many files, parsing on the main thread beats starting workers. */
export const POOL_THRESHOLD = 1000;
const CHUNK = 100;

/**
 * Parses a large batch of manifest files on worker threads, one per core: YAML parsing dominates a full
 * render, and a 10,000-file first render would otherwise use one of the machine's cores. The workers
 * live only for the batch, so their memory is returned right after.
 */
export async function parseInWorkers(
  files: Array<{ path: string; read: () => Promise<Buffer> }>,
  opts: { app: string; namespace: string },
  onParsed?: (n: number) => void,
): Promise<PreparedFile[] | undefined> {
  if (files.length < POOL_THRESHOLD || !existsSync(WORKER)) return undefined;
  const size = Math.max(1, Math.min(availableParallelism(), 4));
  // Blobs are read chunk by chunk while the workers parse earlier chunks.
  const chunks: Array<Promise<ParseRequest>> = [];
  for (let i = 0; i < files.length; i += CHUNK) {
    const id = chunks.length;
    const slice = files.slice(i, i + CHUNK);
    const prev = chunks[id - 1];
    chunks.push((async () => {
      if (prev) await prev;
      const texts = await Promise.all(slice.map((f) => f.read()));
      return { id, files: slice.map((f, j) => ({ path: f.path, text: texts[j]!.toString('utf8') })), opts };
    })());
  }
  const results: PreparedFile[][] = new Array(chunks.length);
  // A larger young generation than a worker's default suits the parser's many short-lived objects.
  const workers = Array.from({ length: size }, () => new Worker(WORKER, { resourceLimits: { maxYoungGenerationSizeMb: 64 } }));
  try {
    let next = 0;
    await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
      const send = () => {
        if (next >= chunks.length) return resolve();
        chunks[next++]!.then((req) => w.postMessage(req), reject);
      };
      w.on('message', (msg: { id: number; results: PreparedFile[] }) => {
        results[msg.id] = msg.results;
        onParsed?.(msg.results.length);
        send();
      });
      w.on('error', reject);
      send();
    })));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results.flat();
}
