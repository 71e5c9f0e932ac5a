#!/usr/bin/env node
// `tugboat template` is called once per chart in CI pipelines: a well-formed call skips the full CLI
// and runs from the bundled file (dist/bundle/template.js, built by `npm run build`) when there is one.
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
  const entry = await import('../dist/bundle/template.js').catch((err) => {
    if (err?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
    return import('../dist/cli/template-entry.js');
  });
  done = entry.runTemplate(args.slice(1));
}
if (!done) await import('../dist/cli/main.js');
