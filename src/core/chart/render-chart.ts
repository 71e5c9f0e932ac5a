/**
 * Renders a chart held in memory (path → text) the way `helm template` does: values coalesced (chart
 * values.yaml, -f files, --set flags) through the chart tree (chart-tree.ts), every template of every
 * enabled chart parsed into one set and executed in Helm's order (deepest path first, then reverse
 * alphabetical, so the first failure is the one Helm reports), the output split into manifests and hooks
 * and sorted as Helm sorts them (helm-manifests.ts). The CRDs of crds/ folders are returned apart.
 */
import { TemplateSet, type ParsedTrees } from '../template/index.js';
import { sortManifests, type HelmManifest } from './helm-manifests.js';
import { readYaml } from './yaml-read.js';
import { mergeValues } from './coalesce.js';
import { allCharts, cachedYamlReader, loadChartTree, loadMeta, parseValues, requirementsWarnings, type ChartNode, type ParsedYaml } from './chart-tree.js';
import { isPlainObject as isMap } from '../template/values.js';
import { parseSetFlags, type SetFileReader, type SetMode } from './set-values.js';
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
  /** Their names, for errors. */
  valueFileNames?: string[];
  /** `.Release.IsUpgrade` (and not IsInstall), as `helm template --is-upgrade`. */
  isUpgrade?: boolean;
  setFlags?: Array<{ mode: SetMode; value: string }>;
  /** Reads `--set-file` paths. */
  readSetFile?: SetFileReader;
  /** Values given directly (tugboat.yaml `chart.values`), applied after value files. */
  values?: Record<string, unknown>;
  kubeVersion?: string;
  apiVersions?: string[];
  lookup?: HelmFuncOptions['lookup'];
  clock?: HelmFuncOptions['clock'];
  primes?: HelmFuncOptions['primes'];
  /** Checks values against a chart's values.schema.json (adapters/json-schema.ts); required when a chart has one. */
  validateSchema?: SchemaValidator;
  /** Helm's log lines (a message and its attributes), as they happen. */
  onWarning?: (message: string, attrs: Record<string, string>) => void;
  /** Output of one template beyond this fails the render. Default: 32 MiB. */
  maxOutputBytes?: number;
  /** Parse trees of template files kept from earlier runs (the CLI's cache, adapters/template-cache.ts): not parsed again. */
  parsedTrees?: ParsedTrees;
  /** The chart's own YAML files read before (the CLI's cache); never used for -f files. */
  parsedYaml?: ParsedYaml;
}

export interface RenderedManifest {
  /** `<chart>/templates/<file>` as in `# Source:`. */
  source: string;
  content: string;
  /** A hook's events (`helm.sh/hook`), lower-cased; absent for a plain manifest. */
  hookEvents?: string[];
}

/** A file of a chart's crds/ folder: `helm template --include-crds` prints it as it is. */
export interface ChartCrd {
  /** `<chart>/crds/<file>` (`<chart>/charts/<sub>/crds/<file>` for a subchart's). */
  source: string;
  content: string;
}

/** What a render gives `helm template`: sorted manifests, sorted hooks, and the CRD files. */
export interface ChartRelease {
  manifests: RenderedManifest[];
  hooks: RenderedManifest[];
  crds: ChartCrd[];
}

export { ChartError } from './chart-error.js';
export { TemplateRenderError } from './helm-errors.js';


const CHART_FIELDS: Record<string, string> = {
  apiVersion: 'APIVersion', name: 'Name', version: 'Version', kubeVersion: 'KubeVersion', description: 'Description',
  type: 'Type', keywords: 'Keywords', home: 'Home', sources: 'Sources', dependencies: 'Dependencies',
  maintainers: 'Maintainers', icon: 'Icon', appVersion: 'AppVersion', deprecated: 'Deprecated', annotations: 'Annotations',
};

const RELEASE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The chart's manifests, then its hooks, each list in Helm's order (what the daemon applies). */
export function renderChart(files: ReadonlyMap<string, string>, opts: RenderChartOptions): RenderedManifest[] {
  const r = renderRelease(files, opts);
  return [...r.manifests, ...r.hooks];
}

export function renderRelease(files: ReadonlyMap<string, string>, opts: RenderChartOptions): ChartRelease {
  if (!RELEASE_NAME.test(opts.releaseName) || opts.releaseName.length > 53) {
    throw new ChartError(`release name check failed: release name "${opts.releaseName}": invalid release name, must match regex ${RELEASE_NAME.source} and the length must not be longer than 53`);
  }
  const read = opts.parsedYaml ? cachedYamlReader(opts.parsedYaml) : readYaml;
  const topMeta = loadMeta(files, '', read);
  const warn = opts.onWarning ?? (() => {});
  for (const w of requirementsWarnings(files, read)) warn(w, {});
  if (topMeta.type === 'library') throw new ChartError('library charts are not installable');
  // Values: -f files merged, --set flags parsed into them, laid over values.yaml (numbers from YAML are float64).
  let user: Record<string, unknown> = {};
  (opts.valueFiles ?? []).forEach((f, i) => {
    let parsed: Record<string, unknown>;
    try {
      parsed = parseValues(f);
    } catch (err) {
      throw new ChartError(`failed to parse ${opts.valueFileNames?.[i] ?? `values file ${i + 1}`}: ${(err as Error).message}`);
    }
    user = mergeValues(user, parsed);
  });
  if (opts.values) user = mergeValues(user, opts.values);
  parseSetFlags(opts.setFlags ?? [], user, opts.readSetFile);
  const { root } = loadChartTree(files, user, read);
  const charts = allCharts(root);
  const invalid: string[] = [];
  for (const c of charts) {
    const schema = c.files.get('values.schema.json');
    if (schema === undefined) continue;
    const problems = schemaProblems(schema, c.values, c.prefix, opts.validateSchema);
    if (problems.length > 0) invalid.push(`${c.name}:`, ...problems);
  }
  if (invalid.length > 0) throw new ChartError(`values don't meet the specifications of the schema(s) in the following chart(s):\n${invalid.join('\n')}\n`);
  const caps = capabilities(opts.kubeVersion, opts.apiVersions ?? []);

  const set = new TemplateSet(helmFuncs({ lookup: opts.lookup, clock: opts.clock, primes: opts.primes }), { missingKey: 'zero', name: 'gotpl', maxOutputLength: opts.maxOutputBytes ?? 32 * 1024 * 1024, parsedTrees: opts.parsedTrees });
  const templates: Array<{ name: string; chart: ChartNode; text: string }> = [];
  for (const c of charts) {
    for (const [p, text] of c.files) {
      if (!p.startsWith('templates/')) continue;
      // A library chart's templates other than partials are not loaded at all.
      if (c.library && !p.slice(p.lastIndexOf('/') + 1).startsWith('_')) continue;
      templates.push({ name: `${c.tplPrefix}/${p}`, chart: c, text });
    }
  }
  // Deepest paths first, then reverse alphabetical: Helm parses and executes in this order, so
  // definitions closer to the top win and the first template to fail is the one Helm reports.
  const depth = new Map(templates.map((t) => [t, t.name.split('/').length]));
  templates.sort((a, b) => depth.get(b)! - depth.get(a)! || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
  for (const t of templates) {
    try {
      set.parse(t.name, t.text);
    } catch (err) {
      throw err instanceof TemplateParseError ? parseErrorAsHelm(err.message) : err;
    }
  }

  const release = { Name: opts.releaseName, Namespace: opts.namespace, IsInstall: !opts.isUpgrade, IsUpgrade: opts.isUpgrade === true, Revision: 1, Service: 'Helm' };
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
  const rendered = new Map<string, string>();
  for (const t of templates) {
    const base = t.name.slice(t.name.lastIndexOf('/') + 1);
    if (base.startsWith('_')) continue;
    const data = contexts.get(t.chart)!;
    data.Template = { Name: t.name, BasePath: `${t.chart.tplPrefix}/templates` };
    let out: string;
    try {
      out = set.execute(t.name, data);
    } catch (err) {
      throw err instanceof TemplateExecError ? execErrorAsHelm(err.message) : err;
    }
    // NOTES.txt runs (its errors count) but is not part of the manifests.
    if (base === 'NOTES.txt') continue;
    rendered.set(t.name, out.includes('<no value>') ? out.replace(/<no value>/g, '') : out);
  }
  const sorted = sortManifests(rendered, readYaml, warn);
  const crds: ChartCrd[] = [];
  for (const c of charts) {
    for (const [p, content] of c.files) if (p.startsWith('crds/') && /\.(ya?ml|json)$/i.test(p)) crds.push({ source: `${c.tplPrefix}/${p}`, content });
  }
  const plain = (m: HelmManifest): RenderedManifest => (m.hookEvents ? { source: m.source, content: m.content, hookEvents: m.hookEvents } : { source: m.source, content: m.content });
  return { manifests: sorted.manifests.map(plain), hooks: sorted.hooks.map(plain), crds };
}

/** `helm template`'s stdout for rendered manifests. */
export function formatManifests(manifests: readonly RenderedManifest[]): string {
  return manifests.map((m) => `---\n# Source: ${m.source}\n${m.content}\n`).join('');
}
