/** Worker thread: parses and prepares manifest files off the main thread (see parse-pool.ts). */
import { parentPort } from 'node:worker_threads';
import { parseManifestFile } from '../../core/render/manifest-parse.js';
import { prepareFile } from '../../core/render/assemble.js';

export interface ParseRequest {
  id: number;
  files: Array<{ path: string; text: string }>;
  opts: { app: string; namespace: string };
}

parentPort?.on('message', (req: ParseRequest) => {
  const results = req.files.map((f) => prepareFile(f.path, parseManifestFile(f.path, f.text), req.opts));
  parentPort!.postMessage({ id: req.id, results });
});
