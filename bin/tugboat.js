#!/usr/bin/env node
// `tugboat template` is called once per chart in CI pipelines: a well-formed call skips the full CLI
// and runs from the bundled command (built by `npm run build`): dist/bundle/template.cjs compiled with
// V8's code cache (dist/bundle/template.cache) when there is one, else dist/bundle/template.js.
import { readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const args = process.argv.slice(2);
// A reader that stops early (`tugboat status | head -1`) closes the pipe: the output is no longer
// wanted, so stop quietly with status 0 instead of a stack trace. The daemon keeps running (its log
// output is lost, its work is not).
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err?.code !== 'EPIPE' && err?.code !== 'ERR_STREAM_DESTROYED') throw err;
    if (args[0] !== 'serve') process.exit(0);
  });
}
let done = false;
if (args[0] === 'template') {
  const cached = loadCached();
  const entry = cached?.entry ?? await import('../dist/bundle/template.js').catch((err) => {
    if (err?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
    return import('../dist/cli/template-entry.js');
  });
  done = entry.runTemplate(args.slice(1));
  if (done && cached?.stale) writeCache(cached.script, cached.cacheFile);
}
if (!done) await import('../dist/cli/main.js');

/**
 * The bundled command compiled with the code cache an earlier run left: V8 checks the cache against
 * the script and its own version and flags, and compiles afresh when it does not fit. Undefined when
 * there is no such bundle (the ES module bundle is used then).
 */
function loadCached() {
  const file = new URL('../dist/bundle/template.cjs', import.meta.url);
  const cacheFile = new URL('../dist/bundle/template.cache', import.meta.url);
  let source;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const filename = fileURLToPath(file);
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(filename), module, filename, fileURLToPath(new URL('.', file)));
  return { entry: module.exports, script, cacheFile, stale: cachedData === undefined || script.cachedDataRejected === true };
}

/** The compiled functions of this run, for the next (best effort, atomically: runs may go in parallel). */
function writeCache(script, cacheFile) {
  const tmp = new URL(`${cacheFile.href}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, cacheFile);
  } catch {
    try { unlinkSync(tmp); } catch { /* nothing written */ }
  }
}
