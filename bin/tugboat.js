#!/usr/bin/env node
// `tugboat template` is called once per chart in CI pipelines: a well-formed call skips the full CLI
// and runs from the bundled file (dist/bundle/template.js, built by `npm run build`) when there is one.
const args = process.argv.slice(2);
let done = false;
if (args[0] === 'template') {
  const entry = await import('../dist/bundle/template.js').catch((err) => {
    if (err?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
    return import('../dist/cli/template-entry.js');
  });
  done = entry.runTemplate(args.slice(1));
}
if (!done) await import('../dist/cli/main.js');
