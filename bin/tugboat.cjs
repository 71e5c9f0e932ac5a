#!/usr/bin/env node
'use strict';
// CommonJS on purpose: an ES module entry costs Node ~15 ms more to start (its loader), and
// `tugboat template` is called once per chart in CI pipelines. A well-formed `template` call skips the
// full CLI and runs from the bundled command (built by `npm run build`): dist/bundle/template.cjs
// compiled with V8's code cache (dist/bundle/template.cache) when there is one, else
// dist/bundle/template.js. Everything else loads the CLI (ES modules).
const { readFileSync, renameSync, unlinkSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { Script } = require('node:vm');

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

(async () => {
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
})().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exitCode = 1;
});

/**
 * The bundled command compiled with the code cache an earlier run left: V8 checks the cache against
 * the script and its own version and flags, and compiles afresh when it does not fit. Undefined when
 * there is no such bundle (the ES module bundle is used then).
 */
function loadCached() {
  const file = join(__dirname, '..', 'dist', 'bundle', 'template.cjs');
  const cacheFile = join(__dirname, '..', 'dist', 'bundle', 'template.cache');
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
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, require('node:module').createRequire(file), module, file, join(file, '..'));
  return { entry: module.exports, script, cacheFile, stale: cachedData === undefined || script.cachedDataRejected === true };
}

/** The compiled functions of this run, for the next (best effort, atomically: runs may go in parallel). */
function writeCache(script, cacheFile) {
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, script.createCachedData());
    renameSync(tmp, cacheFile);
  } catch {
    try { unlinkSync(tmp); } catch { /* nothing written */ }
  }
}
