#!/usr/bin/env node
// After tsc: bundles the `tugboat template` command (dist/cli/template-entry.js and everything it
// imports, yaml included) into dist/bundle/template.js. One file loads in a fraction of the time of
// the ~100 modules it replaces, which is most of the command's start-up. bin/tugboat.cjs uses it when present.
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

// The same command as one CommonJS script (dist/bundle/template.cjs), which bin/tugboat.cjs compiles with
// V8's code cache (dist/bundle/template.cache: the compiled functions of a run, written by that run when
// absent or stale): the start-up then skips most parsing and compiling of the bundle.
{
  const { rmSync } = await import('node:fs');
  await build({
    entryPoints: [new URL('../dist/cli/template-entry.js', import.meta.url).pathname],
    outfile: new URL('../dist/bundle/template.cjs', import.meta.url).pathname,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['ajv'],
    define: { 'import.meta.url': '__tugboatModuleUrl' },
    banner: { js: "const __tugboatModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
    logLevel: 'warning',
  });
  const codeCache = new URL('../dist/bundle/template.cache', import.meta.url);
  rmSync(codeCache, { force: true });
  // A render of a chart of the repository writes the code cache (best effort: bin/tugboat.cjs writes it
  // otherwise). Three renders, with a template cache of their own (not the user's): the first parses the
  // templates and notes them as seen, the second keeps their parse trees, the third, whose code cache is
  // the one kept, reads the trees back as later runs on a chart do.
  const { execFileSync } = await import('node:child_process');
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const bin = new URL('../bin/tugboat.cjs', import.meta.url).pathname;
  const chart = new URL('../helm-like-charts/webapp', import.meta.url).pathname;
  const parseCache = mkdtempSync(join(tmpdir(), 'tugboat-warm-up-'));
  try {
    const env = { ...process.env, TUGBOAT_CACHE_HOME: parseCache };
    for (let run = 0; run < 3; run++) {
      rmSync(codeCache, { force: true });
      execFileSync(process.execPath, [bin, 'template', 'warm-up', chart], { stdio: 'ignore', env });
    }
  } catch {
    // no cache yet; the first `tugboat template` writes it
  } finally {
    rmSync(parseCache, { recursive: true, force: true });
  }
}

// The web UI (src/adapters/http/ui, Preact): one script and one stylesheet with content-hashed names
// under dist/ui/assets, and dist/ui/index.html pointing at them. The daemon serves them as they are:
// nothing is fetched from the network at run time.
{
  const { mkdirSync, readFileSync, rmSync, writeFileSync } = await import('node:fs');
  const { basename } = await import('node:path');
  const uiSrc = new URL('../src/adapters/http/ui/', import.meta.url).pathname;
  const uiOut = new URL('../dist/ui/', import.meta.url).pathname;
  rmSync(uiOut, { recursive: true, force: true });
  mkdirSync(uiOut + 'assets', { recursive: true });
  const result = await build({
    entryPoints: [uiSrc + 'main.tsx'],
    outdir: uiOut + 'assets',
    entryNames: 'app-[hash]',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome100', 'firefox100', 'safari15'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: true,
    sourcemap: false,
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p));
  const js = outputs.find((f) => f.endsWith('.js'));
  const css = outputs.find((f) => f.endsWith('.css'));
  if (!js || !css) throw new Error(`UI bundle is missing its script or stylesheet: ${outputs.join(', ')}`);
  const html = readFileSync(uiSrc + 'index.html', 'utf8').replace('__JS__', js).replace('__CSS__', css);
  writeFileSync(uiOut + 'index.html', html);
}
