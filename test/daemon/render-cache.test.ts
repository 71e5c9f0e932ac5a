import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap } from '../helpers/manifests.js';
import { AppRenderer } from '../../src/app/render/app-renderer.js';
import { GitRepo } from '../../src/adapters/git/git-repo.js';
import { SqliteRenderCache, renderCodeFingerprint, type PreparedFileCache } from '../../src/adapters/state/render-cache.js';
import type { AppSpec } from '../../src/core/reconcile/app-spec.js';
import type { PreparedFile } from '../../src/core/render/assemble.js';

const stops: Array<() => void> = [];
afterEach(() => { while (stops.length) stops.pop()!(); });

function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'tugboat-render-cache-'));
  stops.push(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

function file(path: string, name: string): PreparedFile {
  return { path, errors: [], objects: [{ key: `/ConfigMap/a/${name}`, hash: 'h', file: path, line: 1, object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'a' } } }] };
}

const spec: AppSpec = { name: 'a', source: 'src', path: 'app', namespace: 'a', syncPolicy: { automated: true, prune: true, selfHeal: false }, ignoreDifferences: [], revisionHistoryLimit: 10 };

/** A cache that counts what it hands out and takes in. */
function counting(inner: PreparedFileCache): PreparedFileCache & { loaded: number; stored: number } {
  const c = {
    loaded: 0,
    stored: 0,
    load(app: string, ns: string, files: ReadonlyMap<string, string>) {
      const m = inner.load(app, ns, files);
      c.loaded += m.size;
      return m;
    },
    store(app: string, ns: string, prepared: ReadonlyArray<{ blob: string; file: PreparedFile }>, keep?: ReadonlyMap<string, string>) {
      c.stored += prepared.length;
      inner.store(app, ns, prepared, keep);
    },
  };
  return c;
}

describe('SqliteRenderCache', () => {
  it('gives back a file only for the same app, namespace, path and blob, and drops paths that left', () => {
    const dir = dataDir();
    const cache = new SqliteRenderCache(dir, 'fp1');
    cache.store('a', 'ns', [{ blob: 'b1', file: file('x.yaml', 'x') }, { blob: 'b2', file: file('y.yaml', 'y') }]);
    expect([...cache.load('a', 'ns', new Map([['x.yaml', 'b1'], ['y.yaml', 'b2']])).keys()].sort()).toEqual(['x.yaml', 'y.yaml']);
    expect(cache.load('a', 'ns', new Map([['x.yaml', 'other-blob']])).size).toBe(0);
    expect(cache.load('a', 'other-ns', new Map([['x.yaml', 'b1']])).size).toBe(0);
    expect(cache.load('b', 'ns', new Map([['x.yaml', 'b1']])).size).toBe(0);
    expect(cache.load('a', 'ns', new Map([['x.yaml', 'b1']])).get('x.yaml')).toEqual(file('x.yaml', 'x'));
    // a full render keeps only its files
    cache.store('a', 'ns', [], new Map([['y.yaml', 'b2']]));
    expect([...cache.load('a', 'ns', new Map([['x.yaml', 'b1'], ['y.yaml', 'b2']])).keys()]).toEqual(['y.yaml']);
    cache.close();
    // reopened with the same code: kept; with other parsing code: dropped
    const again = new SqliteRenderCache(dir, 'fp1');
    expect(again.load('a', 'ns', new Map([['y.yaml', 'b2']])).size).toBe(1);
    again.close();
    const changed = new SqliteRenderCache(dir, 'fp2');
    expect(changed.load('a', 'ns', new Map([['y.yaml', 'b2']])).size).toBe(0);
    changed.close();
  });

  it('fingerprints the parsing code', () => {
    expect(renderCodeFingerprint()).toMatch(/^[0-9a-f]{64}$/);
    expect(renderCodeFingerprint()).toBe(renderCodeFingerprint());
  });
});

describe('a restarted renderer reads prepared files instead of parsing them', () => {
  it('renders the same app from the cache, and parses only what is not in it', async () => {
    const repo = new TempGitRepo();
    stops.push(() => repo.cleanup());
    for (let i = 0; i < 250; i++) repo.write(`app/cm-${i}.yaml`, configMap(`cm-${i}`));
    // YAML's .inf does not survive JSON: that file is parsed again every time, never cached
    repo.write('app/inf.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: inf}\ndata: {}\nextra: .inf\n');
    const c0 = repo.commit('c0');
    const git = new GitRepo(join(repo.dir, '.git'));
    stops.push(() => git.close());
    const dir = dataDir();

    const first = counting(new SqliteRenderCache(dir));
    const before = await new AppRenderer(spec, git, undefined, first).render(c0);
    expect(first.loaded).toBe(0);
    expect(first.stored).toBe(250);

    // "restart": a new renderer and a reopened cache
    const second = counting(new SqliteRenderCache(dir));
    const r2 = new AppRenderer(spec, git, undefined, second);
    const after = await r2.render(c0);
    expect(second.loaded).toBe(250);
    expect(second.stored).toBe(0);
    expect(after.rendered.digest).toBe(before.rendered.digest);
    expect(after.rendered.objects).toEqual(before.rendered.objects);
    expect(after.rendered.objects.find((o) => o.key === '/ConfigMap/a/inf')!.object['extra']).toBe(Infinity);

    // an incremental commit stores the changed file; the next restart finds it
    repo.write('app/cm-7.yaml', configMap('cm-7', { changed: 'yes' }));
    const c1 = repo.commit('c1');
    const inc = await r2.render(c1);
    expect(second.stored).toBe(1);
    const third = counting(new SqliteRenderCache(dir));
    const again = await new AppRenderer(spec, git, undefined, third).render(c1);
    expect(third.loaded).toBe(250);
    expect(again.rendered.digest).toBe(inc.rendered.digest);
  });
});
