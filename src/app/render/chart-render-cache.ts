/**
 * Chart renders by what they depend on: the tree id of the app's path (a chart is the files under it:
 * equal tree ids, equal charts) and the app's chart settings (release name, namespace, value files,
 * values). A commit that touched nothing in the chart, a revert, a history view or a diff of a revision
 * with the same chart tree get the earlier render back without rendering. Renders whose templates called
 * `lookup` depend on the cluster too and are not kept.
 */
import type { AssembledApp } from '../../core/render/assemble.js';
import type { AppSpec } from '../../core/reconcile/app-spec.js';

const MAX_ENTRIES = 32;
/** Insertion order is use order: the first key is the least recently used. */
const entries = new Map<string, AssembledApp>();
const stats = { renders: 0, hits: 0 };

/** How many chart renders ran and how many were answered from the cache, since the process started. */
export function chartRenderStats(): { renders: number; hits: number } {
  return { ...stats };
}

/** The cache key of an app's chart at a tree, or undefined when its settings cannot be keyed. */
export function chartRenderKey(gitDir: string, treeId: string, app: AppSpec): string | undefined {
  try {
    return JSON.stringify([gitDir, treeId, app.path, app.name, app.namespace, app.chart?.releaseName ?? null, app.chart?.valueFiles ?? [], app.chart?.values ?? {}]);
  } catch {
    return undefined; // values JSON cannot hold (say, a bigint): render every time
  }
}

/** Returns the cached render for `key`, or renders (and keeps the result unless the render says not to). */
export async function cachedChartRender(key: string | undefined, render: () => Promise<{ rendered: AssembledApp; cacheable: boolean }>): Promise<AssembledApp> {
  const hit = key === undefined ? undefined : entries.get(key);
  if (hit && key !== undefined) {
    stats.hits++;
    entries.delete(key);
    entries.set(key, hit);
    return hit;
  }
  stats.renders++;
  const { rendered, cacheable } = await render();
  if (key !== undefined && cacheable) {
    entries.set(key, rendered);
    if (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  }
  return rendered;
}
