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
import { schemaProblems } from './values-schema.js';
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

/** Plain objects only: wrappers such as GoFloat are values, not maps. */
function isMap(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

interface ChartNode {
  /** Name as rendered (the alias when the dependency has one). */
  name: string;
  /** Path prefix of this chart inside the top chart's files ('' for the top chart, 'charts/sub/' for a subchart). */
  prefix: string;
  /** Template name prefix: `top`, `top/charts/sub`. */
  tplPrefix: string;
  meta: Record<string, unknown>;
  files: Map<string, string>;
  library: boolean;
  values: Record<string, unknown>;
  children: ChartNode[];
}

function parseValues(text: string | undefined): Record<string, unknown> {
  const v = parseYaml(text ?? '', { version: '1.1' }) as unknown;
  return isMap(v) ? (floatify(v) as Record<string, unknown>) : {};
}

function loadMeta(files: ReadonlyMap<string, string>, where: string): Record<string, unknown> {
  const chartYaml = files.get('Chart.yaml');
  if (chartYaml === undefined) throw new ChartError(`${where}Chart.yaml file is missing`);
  const meta = parseYaml(chartYaml, { version: '1.1' }) as unknown;
  if (!isMap(meta) || typeof meta.name !== 'string' || !meta.name) throw new ChartError(`${where}validation: chart.metadata.name is required`);
  return meta;
}

/** Files of the subchart directories directly under `charts/`, by directory. */
function subchartDirs(files: ReadonlyMap<string, string>): Map<string, Map<string, string>> {
  const dirs = new Map<string, Map<string, string>>();
  for (const [p, t] of files) {
    if (!p.startsWith('charts/')) continue;
    const rest = p.slice('charts/'.length);
    const slash = rest.indexOf('/');
    if (slash < 0) {
      if (rest.endsWith('.tgz')) throw new ChartError(`packaged subchart charts/${rest} is not supported yet: unpack it into charts/`);
      continue;
    }
    const dir = rest.slice(0, slash);
    if (!dirs.has(dir)) dirs.set(dir, new Map());
    dirs.get(dir)!.set(rest.slice(slash + 1), t);
  }
  return dirs;
}

/** A condition (comma-separated paths) resolved against the parent's values: the first boolean wins. */
function condition(values: Record<string, unknown>, cond: unknown): boolean | undefined {
  if (typeof cond !== 'string' || !cond) return undefined;
  for (const path of cond.split(',').map((c) => c.trim())) {
    let v: unknown = values;
    for (const k of path.split('.')) v = isMap(v) ? v[k] : undefined;
    if (typeof v === 'boolean') return v;
  }
  return undefined;
}

/**
 * Loads a chart and its enabled dependencies with their values, top-down: a subchart sees the parent's
 * `values[<name>]` over its own values.yaml, and the parent's `global` over its own.
 */
function loadTree(files: ReadonlyMap<string, string>, values: Record<string, unknown>, topValues: Record<string, unknown>, prefix: string, tplPrefix: string, alias?: string): ChartNode {
  const meta = loadMeta(files, prefix);
  const name = alias ?? (meta.name as string);
  const node: ChartNode = { name, prefix, tplPrefix: tplPrefix || name, meta: alias ? { ...meta, name: alias } : meta, files: new Map(files), library: meta.type === 'library', values, children: [] };
  const deps = (Array.isArray(meta.dependencies) ? meta.dependencies : []).filter(isMap);
  const dirs = subchartDirs(files);
  const present = new Set([...dirs].map(([dir, f]) => loadMeta(f, `${prefix}charts/${dir}/`).name));
  const missing = deps.filter((d) => !present.has(d.name)).map((d) => String(d.name));
  if (missing.length > 0) {
    throw new ChartError(`an error occurred while checking for chart dependencies. You may need to run \`helm dependency build\` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: ${missing.join(', ')}`);
  }
  for (const [dir, subFiles] of dirs) {
    const subMeta = loadMeta(subFiles, `${prefix}charts/${dir}/`);
    const matching = deps.filter((d) => d.name === subMeta.name);
    for (const dep of matching.length > 0 ? matching : [{ name: subMeta.name }]) {
      const childName = typeof dep.alias === 'string' && dep.alias ? dep.alias : (subMeta.name as string);
      let enabled = condition(values, dep.condition);
      if (enabled === undefined && Array.isArray(dep.tags) && dep.tags.length > 0) {
        const tags = isMap(topValues.tags) ? topValues.tags : {};
        const set = dep.tags.map((t) => tags[String(t)]).filter((v) => typeof v === 'boolean');
        if (set.length > 0) enabled = set.some((v) => v === true);
      }
      if (enabled === false) continue;
      const defaults = parseValues(subFiles.get('values.yaml'));
      const given = isMap(values[childName]) ? (values[childName] as Record<string, unknown>) : {};
      const childValues = coalesceValues(defaults, given);
      const parentGlobal = isMap(values.global) ? values.global : {};
      childValues.global = mergeValues(isMap(childValues.global) ? childValues.global : {}, parentGlobal);
      values[childName] = childValues;
      node.children.push(loadTree(subFiles, childValues, topValues, `${prefix}charts/${dir}/`, `${node.tplPrefix}/charts/${childName}`, childName === subMeta.name ? undefined : childName));
    }
  }
  return node;
}

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

function allCharts(node: ChartNode): ChartNode[] {
  return [node, ...node.children.flatMap(allCharts)];
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
  const values = coalesceValues(parseValues(files.get('values.yaml')), user);
  const root = loadTree(files, values, values, '', '');
  const charts = allCharts(root);
  const invalid: string[] = [];
  for (const c of charts) {
    const schema = c.files.get('values.schema.json');
    if (schema === undefined) continue;
    const problems = schemaProblems(schema, c.values, c.prefix);
    if (problems.length > 0) invalid.push(`${c.name}:`, ...problems);
  }
  if (invalid.length > 0) throw new ChartError(`values don't meet the specifications of the schema(s) in the following chart(s):\n${invalid.join('\n')}`);
  const caps = capabilities(opts.kubeVersion, opts.apiVersions ?? []);

  const set = new TemplateSet(helmFuncs({ lookup: opts.lookup }), { missingKey: 'zero', name: 'gotpl', maxOutputLength: opts.maxOutputBytes ?? 32 * 1024 * 1024 });
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
  const perChart = new Map(charts.map((c) => {
    const chart: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(c.meta)) chart[CHART_FIELDS[k] ?? k] = v;
    return [c, { chart, files: chartFilesObject(c.files) }];
  }));
  const manifests: Array<RenderedManifest & { kind: string; index: number; hookWeight?: number }> = [];
  for (const t of [...templates].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const base = t.name.slice(t.name.lastIndexOf('/') + 1);
    if (t.chart.library || base.startsWith('_') || base === 'NOTES.txt') continue;
    const extra = perChart.get(t.chart)!;
    const data = {
      Values: t.chart.values,
      Release: release,
      Chart: extra.chart,
      Capabilities: caps,
      Template: { Name: t.name, BasePath: `${t.chart.tplPrefix}/templates` },
      Files: extra.files,
    };
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
