/**
 * Renders a chart held in memory (path → text) the way `helm template` does, for charts without
 * dependencies: values coalesced (chart values.yaml, -f files, --set flags), every template parsed into
 * one set, non-partial templates executed, output split into documents ordered by kind as Helm installs
 * them, each with its `# Source:` line. Subcharts, .Files, hooks and CRDs come later.
 */
import { parse as parseYaml } from 'yaml';
import { TemplateSet, floatify } from '../template/index.js';
import { applyOrder } from '../plan/index.js';
import { coalesceValues, mergeValues } from './coalesce.js';
import { parseSetFlags, type SetMode } from './set-values.js';
import { helmFuncs, type HelmFuncOptions } from './helm-funcs.js';
import { chartFilesObject } from './files.js';
import { capabilities } from './capabilities.js';

export interface RenderChartOptions {
  releaseName: string;
  namespace: string;
  /** Contents of `-f` files, in order. */
  valueFiles?: string[];
  setFlags?: Array<{ mode: SetMode; value: string }>;
  /** Values given directly (tugboat.yaml `chart.values`), applied after value files. */
  values?: Record<string, unknown>;
  kubeVersion?: string;
  apiVersions?: string[];
  lookup?: HelmFuncOptions['lookup'];
  /** Output of one template beyond this fails the render. Default: 32 MiB. */
  maxOutputBytes?: number;
}

export interface RenderedManifest {
  /** `<chart>/templates/<file>` as in `# Source:`. */
  source: string;
  content: string;
}

export class ChartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChartError';
  }
}


const CHART_FIELDS: Record<string, string> = {
  apiVersion: 'APIVersion', name: 'Name', version: 'Version', kubeVersion: 'KubeVersion', description: 'Description',
  type: 'Type', keywords: 'Keywords', home: 'Home', sources: 'Sources', dependencies: 'Dependencies',
  maintainers: 'Maintainers', icon: 'Icon', appVersion: 'AppVersion', deprecated: 'Deprecated', annotations: 'Annotations',
};

/** Plain objects only: wrappers such as GoFloat are values, not maps. */
function isMap(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function renderChart(files: ReadonlyMap<string, string>, opts: RenderChartOptions): RenderedManifest[] {
  const chartYaml = files.get('Chart.yaml');
  if (chartYaml === undefined) throw new ChartError('Chart.yaml file is missing');
  const meta = parseYaml(chartYaml, { version: '1.1' }) as Record<string, unknown> | null;
  if (!isMap(meta) || typeof meta.name !== 'string' || !meta.name) throw new ChartError('validation: chart.metadata.name is required');
  if ([...files.keys()].some((p) => p.startsWith('charts/'))) throw new ChartError(`chart ${meta.name}: dependencies in charts/ are not supported yet`);
  const chartName = meta.name;

  // Values: -f files merged, --set flags parsed into them, laid over values.yaml (numbers from YAML are float64).
  const defaults = floatify((parseYaml(files.get('values.yaml') ?? '', { version: '1.1' }) as Record<string, unknown> | null) ?? {}) as Record<string, unknown>;
  let user: Record<string, unknown> = {};
  for (const f of opts.valueFiles ?? []) user = mergeValues(user, floatify((parseYaml(f, { version: '1.1' }) as Record<string, unknown> | null) ?? {}) as Record<string, unknown>);
  if (opts.values) user = mergeValues(user, opts.values);
  parseSetFlags(opts.setFlags ?? [], user);
  const values = coalesceValues(defaults, user);

  const chart: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(meta)) chart[CHART_FIELDS[k] ?? k] = v;
  const caps = capabilities(opts.kubeVersion, opts.apiVersions ?? []);

  const set = new TemplateSet(helmFuncs({ lookup: opts.lookup }), { missingKey: 'zero', name: 'gotpl', maxOutputLength: opts.maxOutputBytes ?? 32 * 1024 * 1024 });
  const templates = [...files.keys()].filter((p) => p.startsWith('templates/')).sort();
  // Deepest paths first, so definitions closer to the top win (Helm's parse order).
  const parseOrder = [...templates].sort((a, b) => b.split('/').length - a.split('/').length || (a < b ? 1 : a > b ? -1 : 0));
  for (const p of parseOrder) set.parse(`${chartName}/${p}`, files.get(p)!);

  const chartFiles = chartFilesObject(files);
  const manifests: Array<RenderedManifest & { kind: string; index: number }> = [];
  for (const p of templates) {
    const base = p.slice(p.lastIndexOf('/') + 1);
    if (base.startsWith('_') || base === 'NOTES.txt') continue;
    const name = `${chartName}/${p}`;
    const data = {
      Values: values,
      Release: { Name: opts.releaseName, Namespace: opts.namespace, IsInstall: true, IsUpgrade: false, Revision: 1, Service: 'Helm' },
      Chart: chart,
      Capabilities: caps,
      Template: { Name: name, BasePath: `${chartName}/templates` },
      Files: chartFiles,
    };
    const out = set.execute(name, data).replace(/<no value>/g, '');
    for (const doc of out.split(/(?:^|\n)---[ \t]*(?=\n|$)/)) {
      if (doc.trim() === '') continue;
      const head = (() => { try { return parseYaml(doc, { version: '1.1' }) as Record<string, unknown> | null; } catch { return null; } })();
      const kind = isMap(head) && typeof head.kind === 'string' ? head.kind : '';
      manifests.push({ source: name, content: doc.replace(/^\n+/, '').replace(/\s+$/, ''), kind, index: manifests.length });
    }
  }
  manifests.sort((a, b) => applyOrder({ group: '', kind: a.kind, namespace: '', name: '' }, { group: '', kind: b.kind, namespace: '', name: '' }) || a.index - b.index);
  return manifests.map(({ source, content }) => ({ source, content }));
}

/** `helm template`'s stdout for rendered manifests. */
export function formatManifests(manifests: readonly RenderedManifest[]): string {
  return manifests.map((m) => `---\n# Source: ${m.source}\n${m.content}\n`).join('');
}
