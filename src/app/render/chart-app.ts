import type { ChartTools, RepoReader } from '../../core/ports.js';
import { TemplateRenderError, renderChart } from '../../core/chart/render-chart.js';
import { assemble, prepareFile, type AssembledApp, type PreparedFile } from '../../core/render/assemble.js';
import { parseManifestFile } from '../../core/render/manifest-parse.js';
import type { AppSpec } from '../../core/reconcile/app-spec.js';
import { renderWithLookup, type LookupSource } from './chart-lookup.js';
import { cachedChartRender, chartRenderKey } from './chart-render-cache.js';

/** Whether the app's path holds a chart at that tree listing. */
export function isChartPath(paths: Iterable<string>, appPath: string): boolean {
  const want = appPath === '.' || appPath === '' ? 'Chart.yaml' : `${appPath}/Chart.yaml`;
  for (const p of paths) if (p === want) return true;
  return false;
}

/**
 * Renders the chart at the app's path and revision with the app's chart settings (tugboat.yaml
 * `chart`), as `helm template` would; a template or values error is a RenderError naming the file.
 * With `cluster`, `lookup` reads its objects (as `helm install` would); without, it finds nothing.
 * Renders are kept by chart tree id and settings (chart-render-cache.ts).
 */
export async function renderChartApp(repo: RepoReader, revision: string, app: AppSpec, cluster?: LookupSource, tools?: ChartTools): Promise<AssembledApp> {
  const tree = await repo.treeId(revision, app.path);
  const key = tree === undefined ? undefined : chartRenderKey(repo.gitDir, tree, app);
  return cachedChartRender(key, () => renderChartAppUncached(repo, revision, app, cluster, tools));
}

async function renderChartAppUncached(repo: RepoReader, revision: string, app: AppSpec, cluster: LookupSource | undefined, tools: ChartTools | undefined): Promise<{ rendered: AssembledApp; cacheable: boolean }> {
  let lookedUp = false;
  const rendered = await renderChartTree(repo, revision, app, cluster, tools, () => { lookedUp = true; });
  return { rendered, cacheable: !lookedUp };
}

async function renderChartTree(repo: RepoReader, revision: string, app: AppSpec, cluster: LookupSource | undefined, tools: ChartTools | undefined, onLookup: () => void): Promise<AssembledApp> {
  const prefix = app.path === '.' || app.path === '' ? '' : `${app.path}/`;
  // Symbolic links are left out: their target may lie outside the chart (or the repository).
  const entries = (await repo.listTree(revision, app.path)).filter((e) => !e.symlink);
  const files = new Map<string, string>();
  const blobs = await Promise.all(entries.map((e) => repo.readBlob(e.blob)));
  const chart = app.chart ?? { valueFiles: [], values: {} };
  try {
    entries.forEach((e, i) => {
      const buf = blobs[i]!;
      const path = e.path.slice(prefix.length);
      if (tools?.isChartArchive(path)) tools.unpackChartArchive(files, path, buf);
      else if (!buf.includes(0)) files.set(path, buf.toString('utf8'));
    });
    const valueFiles = chart.valueFiles.map((f) => {
      const text = files.get(f);
      if (text === undefined) throw new Error(`values file ${prefix}${f} not found in the chart`);
      return text;
    });
    const manifests = await renderWithLookup(cluster, (lookup) => renderChart(files, {
      releaseName: chart.releaseName ?? app.name,
      namespace: app.namespace,
      valueFiles,
      values: chart.values as Record<string, unknown>,
      lookup: lookup && ((...args: Parameters<typeof lookup>) => { onLookup(); return lookup(...args); }),
      ...(tools ? { validateSchema: tools.validateSchema, clock: tools.clock } : {}),
    }));
    const prepared: PreparedFile[] = manifests.map((m, i) => {
      // One file per document keeps line numbers per document and keeps documents of one template apart.
      const path = `${prefix}${m.source.slice(m.source.indexOf('/') + 1)}#${i}`;
      return prepareFile(path, parseManifestFile(`${prefix}${m.source.slice(m.source.indexOf('/') + 1)}`, m.content), { app: app.name, namespace: app.namespace });
    });
    return assemble(prepared);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof TemplateRenderError) {
      // Template names start with the chart's name; the file is the rest, under the app's path.
      const file = `${prefix}${err.template.slice(err.template.indexOf('/') + 1)}`;
      return { objects: [], digest: '', errors: [{ file, line: err.line, column: err.column, message }] };
    }
    return { objects: [], digest: '', errors: [{ file: `${prefix}Chart.yaml`, line: 1, message }] };
  }
}
