import { afterEach, describe, expect, it } from 'vitest';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TempGitRepo } from '../helpers/temp-git.js';
import { GitRepo } from '../../src/adapters/git/git-repo.js';
import { AppRenderer } from '../../src/app/render/app-renderer.js';
import { chartRenderStats } from '../../src/app/render/chart-render-cache.js';
import type { AppSpec } from '../../src/core/reconcile/app-spec.js';

const HELLO = fileURLToPath(new URL('../../helm-like-charts/hello', import.meta.url));
const repos: TempGitRepo[] = [];
afterEach(() => { while (repos.length) repos.pop()!.cleanup(); });

function spec(values: Record<string, unknown> = {}): AppSpec {
  return {
    name: 'hello', source: 'src', path: 'apps/hello', namespace: 'web', revisionHistoryLimit: 50, ignoreDifferences: [],
    syncPolicy: { automated: true, prune: true, selfHeal: false }, chart: { valueFiles: [], values },
  };
}

function chartRepo(): TempGitRepo {
  const repo = new TempGitRepo();
  repos.push(repo);
  cpSync(HELLO, join(repo.dir, 'apps/hello'), { recursive: true });
  repo.write('README.md', 'outside the chart\n');
  repo.commit('chart');
  return repo;
}

/** Chart renders (not cache hits) that `f` caused. */
async function rendersDuring(f: () => Promise<unknown>): Promise<number> {
  const before = chartRenderStats().renders;
  await f();
  return chartRenderStats().renders - before;
}

function replicas(r: { objects: Array<{ key: string; object: unknown }> }): unknown {
  const d = r.objects.find((o) => o.key.includes('Deployment'))!.object as { spec: { replicas: unknown } };
  return d.spec.replicas;
}

describe('chart renders are kept by chart tree id and values', () => {
  it('a commit outside the chart does not re-render it, in the pass or in a detached render', async () => {
    const repo = chartRepo();
    const first = repo.head();
    const git = new GitRepo(join(repo.dir, '.git'));
    const renderer = new AppRenderer(spec(), git);
    let initial: Awaited<ReturnType<AppRenderer['render']>> | undefined;
    expect(await rendersDuring(async () => { initial = await renderer.render(first); })).toBe(1);
    repo.write('README.md', 'still outside the chart\n');
    repo.write('apps/other/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    const outside = repo.commit('outside');
    let out: Awaited<ReturnType<AppRenderer['render']>> | undefined;
    expect(await rendersDuring(async () => { out = await renderer.render(outside); })).toBe(0);
    expect(out!.changedKeys?.size).toBe(0);
    // History views and diffs render revisions apart from the pass: the same chart tree, no render.
    let detached: Awaited<ReturnType<AppRenderer['renderDetached']>> | undefined;
    expect(await rendersDuring(async () => { detached = await renderer.renderDetached(first); })).toBe(0);
    expect(detached).toBe(initial!.rendered); // the very same result, not an equal one
    expect(await rendersDuring(() => new AppRenderer(spec(), git).render(outside))).toBe(0);
  });

  it('a change in the chart, or other values, renders again', async () => {
    const repo = chartRepo();
    const git = new GitRepo(join(repo.dir, '.git'));
    const renderer = new AppRenderer(spec(), git);
    const a = await renderer.render(repo.head());
    expect(replicas(a.rendered)).toBe(2);
    repo.write('apps/hello/values.yaml', readFileSync(join(repo.dir, 'apps/hello/values.yaml'), 'utf8').replace('replicaCount: 2', 'replicaCount: 5'));
    const changed = repo.commit('five replicas');
    let b: Awaited<ReturnType<AppRenderer['render']>> | undefined;
    expect(await rendersDuring(async () => { b = await renderer.render(changed); })).toBe(1);
    expect(replicas(b!.rendered)).toBe(5);
    // The same tree with other values (tugboat.yaml `chart.values`) is another render.
    let c: Awaited<ReturnType<AppRenderer['render']>> | undefined;
    expect(await rendersDuring(async () => { c = await new AppRenderer(spec({ replicaCount: 7 }), git).render(changed); })).toBe(1);
    expect(replicas(c!.rendered)).toBe(7);
    // Back to the first tree (a revert): kept from the first render.
    repo.write('apps/hello/values.yaml', readFileSync(join(repo.dir, 'apps/hello/values.yaml'), 'utf8').replace('replicaCount: 5', 'replicaCount: 2'));
    const reverted = repo.commit('revert');
    let d: Awaited<ReturnType<AppRenderer['render']>> | undefined;
    expect(await rendersDuring(async () => { d = await renderer.render(reverted); })).toBe(0);
    expect(replicas(d!.rendered)).toBe(2);
  });

  it('a chart whose templates call lookup is rendered again (its output depends on the cluster)', async () => {
    const repo = chartRepo();
    repo.write('apps/hello/templates/looked-up.yaml', '{{- $cm := lookup "v1" "ConfigMap" .Release.Namespace "settings" }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: looked-up\ndata:\n  found: {{ empty $cm | not | quote }}\n');
    repo.commit('lookup');
    const git = new GitRepo(join(repo.dir, '.git'));
    const cluster = { get: async () => undefined, list: async () => [] };
    expect(await rendersDuring(() => new AppRenderer(spec(), git, cluster).render(repo.head()))).toBe(1);
    expect(await rendersDuring(() => new AppRenderer(spec(), git, cluster).renderDetached(repo.head()))).toBe(1);
  });
});
