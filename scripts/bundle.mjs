#!/usr/bin/env node
// After tsc: bundles the `tugboat template` command (dist/cli/template-entry.js and everything it
// imports, yaml included) into dist/bundle/template.js. One file loads in a fraction of the time of
// the ~100 modules it replaces, which is most of the command's start-up. bin/tugboat.js uses it when present.
import { build } from 'esbuild';

await build({
  entryPoints: [new URL('../dist/cli/template-entry.js', import.meta.url).pathname],
  outfile: new URL('../dist/bundle/template.js', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // ajv is loaded on demand with createRequire (adapters/json-schema.ts); bundled CommonJS modules need `require` too.
  external: ['ajv'],
  banner: { js: "import { createRequire as __tugboatRequire } from 'node:module'; const require = __tugboatRequire(import.meta.url);" },
  logLevel: 'warning',
});
