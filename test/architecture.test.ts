/**
 * Architecture rules over the import graph of src/ (test/helpers/import-graph.ts); the core's own rules are in
 * test/core/boundary.test.ts. Each rule runs on the real tree and on a planted graph where it must fail.
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { cycles, importsBoth, importsInto, importsLeaving, readGraph, syntheticGraph } from './helpers/import-graph.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const graph = readGraph(ROOT, ['src']);
const lines = (vs: Array<{ file: string; detail: string }>) => vs.map((v) => `${v.file} → ${v.detail}`);

describe('architecture', () => {
  it('reads the whole tree', () => {
    expect(graph.size).toBeGreaterThan(200);
    expect(graph.has('src/runtime.ts') && graph.has('src/daemon/daemon.ts') && graph.has('src/config/parse.ts')).toBe(true);
  });

  it('the runtime import graph of src/ has no cycle (type-only imports do not count)', () => {
    expect(cycles(graph, 'src', { runtimeOnly: true })).toEqual([]);
    const planted = syntheticGraph({
      'src/daemon/a.ts': ['src/adapters/b.ts'],
      'src/adapters/b.ts': ['src/daemon/a.ts'],
      'src/core/c.ts': [],
    });
    expect(cycles(planted, 'src', { runtimeOnly: true })).toEqual([['src/adapters/b.ts', 'src/daemon/a.ts', 'src/adapters/b.ts']]);
  });

  it('src/core imports no other part of src (daemon, adapters, config, cli, bench)', () => {
    for (const other of ['src/daemon', 'src/adapters', 'src/config', 'src/cli', 'src/bench', 'src/runtime.ts']) {
      expect(lines(importsInto(graph, 'src/core', other)), other).toEqual([]);
    }
    const planted = syntheticGraph({ 'src/core/a.ts': [{ specifier: 'src/config/types.ts', typeOnly: true }] });
    expect(lines(importsInto(planted, 'src/core', 'src/config'))).toEqual(['src/core/a.ts → src/config/types.ts (type only)']);
  });

  it('src/config imports only itself, src/core, yaml and ajv (no daemon, adapters or cli)', () => {
    const leaving = importsLeaving(graph, 'src/config', { packages: ['yaml', 'ajv'] }).filter((v) => !v.detail.startsWith('src/core/'));
    expect(lines(leaving)).toEqual([]);
    const planted = syntheticGraph({ 'src/config/a.ts': ['src/adapters/json-schema.ts', 'src/core/ports.ts', 'yaml'] });
    expect(lines(importsLeaving(planted, 'src/config', { packages: ['yaml', 'ajv'] }).filter((v) => !v.detail.startsWith('src/core/'))))
      .toEqual(['src/config/a.ts → src/adapters/json-schema.ts']);
  });

  it('nothing in src/daemon, src/core, src/config, src/app or src/adapters imports src/cli or src/bench', () => {
    for (const from of ['src/daemon', 'src/core', 'src/config', 'src/app', 'src/adapters']) {
      expect(lines([...importsInto(graph, from, 'src/cli'), ...importsInto(graph, from, 'src/bench')]), from).toEqual([]);
    }
    const planted = syntheticGraph({ 'src/daemon/a.ts': ['src/cli/main.ts'], 'src/adapters/kube-api/t.ts': [{ specifier: 'src/cli/kube-printer.ts', typeOnly: true }] });
    expect(lines(importsInto(planted, 'src/daemon', 'src/cli'))).toEqual(['src/daemon/a.ts → src/cli/main.ts']);
    expect(lines(importsInto(planted, 'src/adapters', 'src/cli'))).toEqual(['src/adapters/kube-api/t.ts → src/cli/kube-printer.ts (type only)']);
  });

  it('the import graph of src/ has no cycle, type-only imports included', () => {
    expect(cycles(graph, 'src')).toEqual([]);
    const planted = syntheticGraph({
      'src/daemon/app-controller.ts': ['src/app/views/app-status.ts'],
      'src/app/views/app-status.ts': [{ specifier: 'src/daemon/app-controller.ts', typeOnly: true }],
    });
    expect(cycles(planted, 'src')).toEqual([['src/app/views/app-status.ts', 'src/daemon/app-controller.ts', 'src/app/views/app-status.ts']]);
  });

  it('src/daemon/** imports no src/adapters/** (type-only included): the daemon gets its adapters through core/ports.ts', () => {
    expect(lines(importsInto(graph, 'src/daemon', 'src/adapters'))).toEqual([]);
    const planted = syntheticGraph({ 'src/daemon/a.ts': [{ specifier: 'src/adapters/git/source.ts', typeOnly: true }, 'src/core/ports.ts'] });
    expect(lines(importsInto(planted, 'src/daemon', 'src/adapters'))).toEqual(['src/daemon/a.ts → src/adapters/git/source.ts (type only)']);
  });

  it('src/adapters/** imports no src/daemon/** (type-only included): the HTTP adapter uses TugboatApi (src/app/api.ts)', () => {
    expect(lines(importsInto(graph, 'src/adapters', 'src/daemon'))).toEqual([]);
    const planted = syntheticGraph({ 'src/adapters/http/a.ts': ['src/app/api.ts', { specifier: 'src/daemon/daemon.ts', typeOnly: true }] });
    expect(lines(importsInto(planted, 'src/adapters', 'src/daemon'))).toEqual(['src/adapters/http/a.ts → src/daemon/daemon.ts (type only)']);
  });

  it('src/app imports no src/adapters, and its render service (src/app/render) nothing of src/daemon', () => {
    // The render service sits below the daemon (the app controller renders through it); the read models
    // and TugboatApi sit above it. Adapters reach src/app only through what the wiring injects.
    expect(lines(importsInto(graph, 'src/app', 'src/adapters'))).toEqual([]);
    expect(lines(importsInto(graph, 'src/app/render', 'src/daemon'))).toEqual([]);
    const planted = syntheticGraph({ 'src/app/render/a.ts': ['src/adapters/chart-archives.ts', 'src/daemon/daemon.ts'], 'src/app/views/b.ts': ['src/daemon/daemon.ts'] });
    expect(lines(importsInto(planted, 'src/app', 'src/adapters'))).toEqual(['src/app/render/a.ts → src/adapters/chart-archives.ts']);
    expect(lines(importsInto(planted, 'src/app/render', 'src/daemon'))).toEqual(['src/app/render/a.ts → src/daemon/daemon.ts']);
  });

  it('only src/main.ts and src/runtime.ts wire adapters to the daemon (src/bench excepted)', () => {
    // "Wiring" = one file importing both src/adapters and src/daemon. src/bench is excepted as a whole: the
    // benchmarks build their own daemons on the simulated cluster the way src/runtime.ts does (commit-burst,
    // kube-bench, restart-scenario, rollout-bench, scenario), to time them without the HTTP server. src/cli
    // is not excepted: its local commands (render, diff-revisions) use the render service in src/app.
    const WIRING = ['src/main.ts', 'src/runtime.ts', 'src/bench'];
    expect(lines(importsBoth(graph, 'src/adapters', 'src/daemon', WIRING))).toEqual([]);
    // The exception is not vacuous: the runtime does wire them.
    expect(lines(importsBoth(graph, 'src/adapters', 'src/daemon')).some((l) => l.startsWith('src/runtime.ts'))).toBe(true);
    const planted = syntheticGraph({
      'src/runtime.ts': ['src/adapters/git/source.ts', 'src/daemon/daemon.ts'],
      'src/cli/commands/render.ts': ['src/adapters/chart-tools.ts', { specifier: 'src/daemon/app-controller.ts', typeOnly: true }],
      'src/bench/scenario.ts': ['src/adapters/daemon-ports.ts', 'src/daemon/daemon.ts'],
      'src/app/tugboat-api.ts': ['src/daemon/daemon.ts'],
    });
    expect(lines(importsBoth(planted, 'src/adapters', 'src/daemon', WIRING)))
      .toEqual(['src/cli/commands/render.ts → src/adapters/chart-tools.ts and src/daemon/app-controller.ts']);
  });
});
