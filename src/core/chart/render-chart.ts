/**
 * Renders a chart held in memory (path → text) the way `helm template` does, for charts without
 * dependencies: values coalesced (chart values.yaml, -f files, --set flags), every template parsed into
 * one set, non-partial templates executed, output split into documents ordered by kind as Helm installs
 * them, each with its `# Source:` line. Subcharts, .Files, hooks and CRDs come later.
 */
import { parse as parseYaml } from 'yaml';
import { TemplateSet } from '../template/index.js';
import { applyOrder } from '../plan/index.js';
import { mergeValues } from './coalesce.js';
import { allCharts, loadChartTree, loadMeta, parseValues, type ChartNode } from './chart-tree.js';
import { isPlainObject as isMap } from '../template/values.js';
import { parseSetFlags, type SetMode } from './set-values.js';
import { helmFuncs, type HelmFuncOptions } from './helm-funcs.js';
import { chartFilesObject } from './files.js';
import { capabilities } from './capabilities.js';
import { schemaProblems, type SchemaValidator } from './values-schema.js';
import { ChartError } from './chart-error.js';
import { execErrorAsHelm, parseErrorAsHelm } from './helm-errors.js';
import { TemplateExecError, TemplateParseError } from '../template/errors.js';

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
  clock?: HelmFuncOptions['clock'];
  /** Checks values against a chart's values.schema.json (adapters/json-schema.ts); required when a chart has one. */
  validateSchema?: SchemaValidator;
  /** Output of one template beyond this fails the render. Default: 32 MiB. */
  maxOutputBytes?: number;
}

export interface RenderedManifest {
  /** `<chart>/templates/<file>` as in `# Source:`. */
  source: string;
  content: string;
}

export { ChartError } from './chart-error.js';
export { TemplateRenderError } from './helm-errors.js';


const CHART_FIELDS: Record<string, string> = {
  apiVersion: 'APIVersion', name: 'Name', version: 'Version', kubeVersion: 'KubeVersion', description: 'Description',
  type: 'Type', keywords: 'Keywords', home: 'Home', sources: 'Sources', dependencies: 'Dependencies',
  maintainers: 'Maintainers', icon: 'Icon', appVersion: 'AppVersion', deprecated: 'Deprecated', annotations: 'Annotations',
};

/** The `helm.sh/hook-weight` of a hook document (0 when unset); undefined for a document that is not a hook. */
function hookWeight(doc: string): number | undefined {
  if (!doc.includes('helm.sh/hook')) return undefined;
  let parsed: unknown;
  try {
    parsed = parseYaml(doc, { version: '1.1' });
  } catch {
    return undefined;
  }
  const annotations = isMap(parsed) && isMap(parsed.metadata) && isMap(parsed.metadata.annotations) ? parsed.metadata.annotations : {};
  if (annotations['helm.sh/hook'] === undefined) return undefined;
  const w = Number.parseInt(String(annotations['helm.sh/hook-weight'] ?? '0'), 10);
  return Number.isNaN(w) ? 0 : w;
}

const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function renderChart(files: ReadonlyMap<string, string>, opts: RenderChartOptions): RenderedManifest[] {
  if (!RELEASE_NAME.test(opts.releaseName) || opts.releaseName.length > 53) {
    throw new ChartError(`release name check failed: release name "${opts.releaseName}": invalid release name, must match regex ${RELEASE_NAME.source} and the length must not be longer than 53`);
  }
  loadMeta(files, '');
  // Values: -f files merged, --set flags parsed into them, laid over values.yaml (numbers from YAML are float64).
  let user: Record<string, unknown> = {};
  for (const f of opts.valueFiles ?? []) user = mergeValues(user, parseValues(f));
  if (opts.values) user = mergeValues(user, opts.values);
  parseSetFlags(opts.setFlags ?? [], user);
  const { root } = loadChartTree(files, user);
  const charts = allCharts(root);
  const invalid: string[] = [];
  for (const c of charts) {
    const schema = c.files.get('values.schema.json');
    if (schema === undefined) continue;
    const problems = schemaProblems(schema, c.values, c.prefix, opts.validateSchema);
    if (problems.length > 0) invalid.push(`${c.name}:`, ...problems);
  }
  if (invalid.length > 0) throw new ChartError(`values don't meet the specifications of the schema(s) in the following chart(s):\n${invalid.join('\n')}`);
  const caps = capabilities(opts.kubeVersion, opts.apiVersions ?? []);

  const set = new TemplateSet(helmFuncs({ lookup: opts.lookup, clock: opts.clock }), { missingKey: 'zero', name: 'gotpl', maxOutputLength: opts.maxOutputBytes ?? 32 * 1024 * 1024 });
  const templates: Array<{ name: string; chart: ChartNode; text: string }> = [];
  for (const c of charts) {
    for (const [p, text] of c.files) if (p.startsWith('templates/')) templates.push({ name: `${c.tplPrefix}/${p}`, chart: c, text });
  }
  // Deepest paths first, so definitions closer to the top win (Helm's parse order).
  const parseOrder = [...templates].sort((a, b) => b.name.split('/').length - a.name.split('/').length || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
  for (const t of parseOrder) {
    try {
      set.parse(t.name, t.text);
    } catch (err) {
      throw err instanceof TemplateParseError ? parseErrorAsHelm(err.message) : err;
    }
  }

  const release = { Name: opts.releaseName, Namespace: opts.namespace, IsInstall: true, IsUpgrade: false, Revision: 1, Service: 'Helm' };
  // One context per chart, as Helm builds it: `.Subcharts` holds the children's contexts, and
  // `.Template` is set on the context before each of its templates runs.
  const contexts = new Map<ChartNode, Record<string, unknown>>();
  const contextOf = (c: ChartNode): Record<string, unknown> => {
    const chart: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(c.meta)) chart[CHART_FIELDS[k] ?? k] = v;
    chart.IsRoot = c === root;
    const subcharts: Record<string, unknown> = {};
    for (const child of c.children) subcharts[child.name] = contextOf(child);
    const ctx = { Chart: chart, Files: chartFilesObject(c.files), Release: release, Capabilities: caps, Values: c.values, Subcharts: subcharts };
    contexts.set(c, ctx);
    return ctx;
  };
  contextOf(root);
  const manifests: Array<RenderedManifest & { kind: string; index: number; hookWeight?: number }> = [];
  for (const t of [...templates].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const base = t.name.slice(t.name.lastIndexOf('/') + 1);
    if (t.chart.library || base.startsWith('_') || base === 'NOTES.txt') continue;
    const data = contexts.get(t.chart)!;
    data.Template = { Name: t.name, BasePath: `${t.chart.tplPrefix}/templates` };
    let out: string;
    try {
      out = set.execute(t.name, data).replace(/<no value>/g, '');
    } catch (err) {
      throw err instanceof TemplateExecError ? execErrorAsHelm(err.message) : err;
    }
    for (const doc of out.split(/(?:^|\n)---[ \t]*(?=\n|$)/)) {
      if (doc.trim() === '') continue;
      // Only the kind matters for ordering: read the top-level `kind:` line instead of parsing the document.
      const kind = /^kind:[ \t]*["']?([A-Za-z0-9]+)["']?[ \t]*(?:#.*)?$/m.exec(doc)?.[1] ?? '';
      manifests.push({ source: t.name, content: doc.replace(/^\n+/, '').replace(/\s+$/, ''), kind, index: manifests.length, hookWeight: hookWeight(doc) });
    }
  }
  // Helm's order: resources by kind as it installs them, then by source path; hooks after them, by weight.
  const isHook = (m: { hookWeight?: number }) => m.hookWeight !== undefined;
  manifests.sort((a, b) => Number(isHook(a)) - Number(isHook(b)) || (a.hookWeight ?? 0) - (b.hookWeight ?? 0) ||
    applyOrder({ group: '', kind: a.kind, namespace: '', name: '' }, { group: '', kind: b.kind, namespace: '', name: '' }) ||
    (a.source < b.source ? -1 : a.source > b.source ? 1 : 0) || a.index - b.index);
  return manifests.map(({ source, content }) => ({ source, content }));
}

/** `helm template`'s stdout for rendered manifests. */
export function formatManifests(manifests: readonly RenderedManifest[]): string {
  return manifests.map((m) => `---\n# Source: ${m.source}\n${m.content}\n`).join('');
}
