import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CORE = fileURLToPath(new URL('../../src/core', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The core is pure: no filesystem, network, processes, timers or environment (DESIGN.md). node:crypto is allowed for hashing. */
const FORBIDDEN_IMPORTS = /from\s+['"](node:(?!crypto['"])[^'"]+|fs|path|os|child_process|net|http|https|express|prom-client|chokidar|simple-git|better-sqlite3|@kubernetes\/client-node)['"]/;
const FORBIDDEN_CALLS = /\b(process\.env|setTimeout|setInterval|setImmediate|Date\.now\(\))/;

describe('core boundary', () => {
  const all = files(CORE);
  it('finds the core sources', () => {
    expect(all.length).toBeGreaterThan(10);
  });
  for (const file of all) {
    it(`${file.slice(CORE.length + 1)} imports no adapters and reads no environment or clock`, () => {
      const text = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      expect(text).not.toMatch(FORBIDDEN_IMPORTS);
      expect(text).not.toMatch(FORBIDDEN_CALLS);
    });
  }
});

// ── The same boundary read as an import graph (test/helpers/import-graph.ts): relative imports resolved to
// files, dynamic import() and require() included. Each rule also runs on a planted graph, where it must fail.
describe('core boundary: import graph', async () => {
  const { readGraph, syntheticGraph, builtinImports, importsLeaving, cycles, parseSource } = await import('../helpers/import-graph.js');
  const ROOT = fileURLToPath(new URL('../..', import.meta.url));
  const graph = readGraph(ROOT, ['src']);

  it('reads the real tree (the rules below are not vacuous)', () => {
    const core = [...graph.keys()].filter((p) => p.startsWith('src/core/'));
    expect(core.length).toBeGreaterThan(100);
    const edges = core.flatMap((p) => graph.get(p)!.imports.filter((i) => i.target?.startsWith('src/core/')));
    expect(edges.length).toBeGreaterThan(200);
  });

  it('src/core imports no Node built-in but node:crypto (static, dynamic or require)', () => {
    expect(builtinImports(graph, 'src/core')).toEqual([]);
    const planted = syntheticGraph({ 'src/core/a.ts': ['node:crypto', 'node:fs'], 'src/core/b.ts': ['path'], 'src/daemon/c.ts': ['node:fs'] });
    expect(builtinImports(planted, 'src/core').map((v) => `${v.file} ${v.detail}`)).toEqual(['src/core/a.ts node:fs', 'src/core/b.ts path']);
    // The parser sees dynamic imports and require too.
    const dyn = parseSource('src/core/d.ts', "const x = await import('node:os');\nconst y = require('fs');\nimport type { Z } from 'node:net';\n");
    expect(dyn.imports.map((i) => [i.specifier, i.typeOnly])).toEqual([['node:os', false], ['fs', false], ['node:net', true]]);
  });

  it('src/core imports nothing outside src/core by a relative path (resolved); packages are pure libraries only', () => {
    // yaml and fast-json-patch are pure (no I/O): the core parses YAML and computes JSON patches with them.
    expect(importsLeaving(graph, 'src/core', { packages: ['yaml', 'fast-json-patch'] })).toEqual([]);
    const planted = syntheticGraph({
      'src/core/a.ts': ['src/core/b.ts', 'src/adapters/git/source.ts', 'yaml'],
      'src/core/b.ts': ['src/config/types.ts', 'express'],
    });
    expect(importsLeaving(planted, 'src/core', { packages: ['yaml'] }).map((v) => `${v.file} ${v.detail}`))
      .toEqual(['src/core/a.ts src/adapters/git/source.ts', 'src/core/b.ts src/config/types.ts', 'src/core/b.ts express']);
  });

  it('the runtime import graph of src/core has no cycle (type-only imports are erased and do not count)', () => {
    expect(cycles(graph, 'src/core', { runtimeOnly: true })).toEqual([]);
    const planted = syntheticGraph({
      'src/core/a.ts': ['src/core/b.ts'],
      'src/core/b.ts': ['src/core/c.ts'],
      'src/core/c.ts': ['src/core/a.ts'],
      'src/core/d.ts': ['src/core/a.ts', { specifier: 'src/core/e.ts', typeOnly: true }],
      'src/core/e.ts': ['src/core/d.ts'],
    });
    expect(cycles(planted, 'src/core', { runtimeOnly: true })).toEqual([['src/core/a.ts', 'src/core/b.ts', 'src/core/c.ts', 'src/core/a.ts']]);
    expect(cycles(planted, 'src/core')).toHaveLength(2);
  });

  it('the import graph of src/core has no cycle, type-only imports included', () => {
    // go-time-format.ts formats a FormattableTime (a structural type) rather than importing GoTime from go-time.ts.
    expect(cycles(graph, 'src/core')).toEqual([]);
    const planted = syntheticGraph({
      'src/core/template/sprig/go-time.ts': ['src/core/template/sprig/go-time-format.ts'],
      'src/core/template/sprig/go-time-format.ts': [{ specifier: 'src/core/template/sprig/go-time.ts', typeOnly: true }],
    });
    expect(cycles(planted, 'src/core')).toEqual([['src/core/template/sprig/go-time-format.ts', 'src/core/template/sprig/go-time.ts', 'src/core/template/sprig/go-time-format.ts']]);
    expect(cycles(planted, 'src/core', { runtimeOnly: true })).toEqual([]);
  });

  it('src/core calls no process.getBuiltinModule (a way around the import rules)', async () => {
    const { getBuiltinModuleUses } = await import('../helpers/import-graph.js');
    expect(getBuiltinModuleUses(graph, 'src/core')).toEqual([]);
    const planted = syntheticGraph({ 'src/core/a.ts': [], 'src/core/b.ts': ['node:crypto'], 'src/adapters/c.ts': [] }, ['src/core/a.ts', 'src/adapters/c.ts']);
    expect(getBuiltinModuleUses(planted, 'src/core').map((v) => `${v.file} ${v.detail}`)).toEqual(['src/core/a.ts getBuiltinModule']);
    // The parser sees the call in source text too.
    const parsed = parseSource('src/core/d.ts', "const c = process.getBuiltinModule('node:crypto');\n");
    expect(parsed.getBuiltinModule).toEqual([1]);
  });
});
