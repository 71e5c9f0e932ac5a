import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * End-to-end tests run the real `tugboat` binary: compile (and bundle the template command, as
 * `npm run build` does) once before the suite. Type errors are reported by `npm run typecheck` (CI
 * runs it); tsc still emits, so they do not hide test results.
 */
export default function setup(): () => void {
  // `tugboat template` keeps a cache of the template files it parsed (adapters/template-cache.ts):
  // the suite's runs keep theirs in a folder of their own, removed at the end, never in the user's.
  const cache = mkdtempSync(join(tmpdir(), 'tugboat-test-cache-'));
  process.env.TUGBOAT_CACHE_HOME = cache;
  const root = fileURLToPath(new URL('..', import.meta.url));
  const tsc = fileURLToPath(new URL('../node_modules/typescript/bin/tsc', import.meta.url));
  try {
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: root, stdio: 'pipe' });
  } catch (err) {
    const out = (err as { stdout?: Buffer }).stdout?.toString() ?? '';
    process.stderr.write(`warning: tsc reported errors (output still emitted):\n${out.slice(0, 4000)}\n`);
  }
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/bundle.mjs', import.meta.url))], { cwd: root, stdio: 'inherit' });
  return () => rmSync(cache, { recursive: true, force: true });
}
