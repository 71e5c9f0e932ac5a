/**
 * A chart and its enabled dependencies as a tree, each chart with the values it renders with:
 * a subchart sees the parent's `values[<name or alias>]` over its own values.yaml, and the parent's
 * `global` over its own. Conditions, tags, aliases and import-values follow Helm:
 *  - a dependency is enabled by the first boolean among its `condition` paths, else by its tags;
 *  - import-values copy a child's values (its `exports.<name>` for the string form, or `child` →
 *    `parent` paths for the map form) into the parent's defaults, below the parent's own values.yaml.
 *    They are taken from chart defaults only: values given with -f / --set do not flow into imports.
 */
import { readYaml } from './yaml-read.js';
import { floatify } from '../template/index.js';
import { coalesceValues, mergeValues } from './coalesce.js';
import { ChartError } from './chart-error.js';
import { isPlainObject as isMap } from '../template/values.js';
import { satisfiesConstraint } from './semver-range.js';

type Values = Record<string, unknown>;

export interface ChartNode {
  /** Name as rendered (the alias when the dependency has one). */
  name: string;
  /** Path prefix of this chart inside the top chart's files ('' for the top chart, 'charts/sub/' for a subchart). */
  prefix: string;
  /** Template name prefix: `top`, `top/charts/sub`. */
  tplPrefix: string;
  meta: Values;
  files: Map<string, string>;
  library: boolean;
  values: Values;
  children: ChartNode[];
  /** The Chart.yaml dependency entry that enabled this chart (none for the top chart). */
  dependency?: Values;
}

/**
 * How a chart's own YAML files (values.yaml, Chart.yaml, requirements.yaml) are read: readYaml, or a
 * caller's cache in front of it (RenderChartOptions.parsedYaml). What it returns is not changed.
 */
export type YamlReader = (text: string) => unknown;

/** Chart YAML read before, kept by a caller (the CLI keeps it across runs: adapters/template-cache.ts). */
export interface ParsedYaml {
  /** What readYaml gave for this text (a copy the caller may keep), or undefined. */
  get(text: string): unknown;
  set(text: string, value: unknown): void;
}

/** readYaml with `cache` in front of it (what fails to read is not kept). */
export function cachedYamlReader(cache: ParsedYaml): YamlReader {
  return (text) => {
    const known = cache.get(text);
    if (known !== undefined) return known;
    const value = readYaml(text);
    cache.set(text, value);
    return value;
  };
}

/** A values document as Helm reads it: YAML 1.1, every number a float64. */
export function parseValues(text: string | undefined): Values {
  const v = readYaml(text ?? '');
  return isMap(v) ? (floatify(v) as Values) : {};
}

/** A chart's own values.yaml; a YAML error is reported as Helm's loader reports it. */
export function chartValues(text: string | undefined, read: YamlReader = readYaml): Values {
  let v: unknown;
  try {
    v = read(text ?? '');
  } catch (err) {
    throw new ChartError(`cannot load values.yaml: ${(err as Error).message}`);
  }
  return isMap(v) ? (floatify(v) as Values) : {};
}

export function loadMeta(files: ReadonlyMap<string, string>, where: string, read: YamlReader = readYaml): Values {
  const chartYaml = files.get('Chart.yaml');
  if (chartYaml === undefined) throw new ChartError(`${where}Chart.yaml file is missing`);
  const meta = read(chartYaml);
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
      // Archives are unpacked by whoever reads the chart (see adapters/chart-archives.ts).
      if (rest.endsWith('.tgz')) throw new ChartError(`charts/${rest}: a packaged subchart must be unpacked before rendering`);
      continue;
    }
    const dir = rest.slice(0, slash);
    if (!dirs.has(dir)) dirs.set(dir, new Map());
    dirs.get(dir)!.set(rest.slice(slash + 1), t);
  }
  return dirs;
}

/** A dotted path of a values tree, or undefined. */
function pathValue(values: unknown, path: string): unknown {
  let v = values;
  for (const k of path.split('.')) {
    if (k === '') continue;
    v = isMap(v) ? v[k] : undefined;
  }
  return v;
}

/** `{a: {b: value}}` for the path `a.b`; the value itself for `.` or ''. */
function atPath(path: string, value: Values): Values {
  const keys = path.split('.').filter((k) => k !== '');
  let out = value;
  for (let i = keys.length - 1; i >= 0; i--) out = { [keys[i]!]: out };
  return out;
}

/** A condition (comma-separated paths) resolved against the parent's values: the first boolean wins. */
function condition(values: Values, cond: unknown): boolean | undefined {
  if (typeof cond !== 'string' || !cond) return undefined;
  for (const path of cond.split(',').map((c) => c.trim())) {
    const v = pathValue(values, path);
    if (typeof v === 'boolean') return v;
  }
  return undefined;
}

type DefaultsOf = (prefix: string, files: ReadonlyMap<string, string>) => Values;
const ownDefaultsOf = (read: YamlReader): DefaultsOf => (_prefix, files) => chartValues(files.get('values.yaml'), read);

/** A chart's dependency list: requirements.yaml's when it has one (Helm still reads it, over Chart.yaml's, for v1 and v2 charts), else Chart.yaml's. */
function dependenciesOf(meta: Values, files: ReadonlyMap<string, string>, read: YamlReader): Values[] {
  const req = files.get('requirements.yaml');
  const parsed = req === undefined ? undefined : read(req);
  const list = isMap(parsed) && 'dependencies' in parsed ? parsed.dependencies : meta.dependencies;
  return Array.isArray(list) ? list.filter(isMap) : [];
}

/**
 * Helm's log lines for charts (the top one and every one under charts/, in load order) that keep
 * dependencies in requirements.yaml without being apiVersion v1.
 */
export function requirementsWarnings(files: ReadonlyMap<string, string>, read: YamlReader = readYaml): string[] {
  const dirs: string[] = [];
  for (const p of files.keys()) {
    if (!p.endsWith('requirements.yaml')) continue;
    const dir = p.slice(0, -'requirements.yaml'.length);
    if (dir === '' || /(^|\/)charts\/[^/]+\/$/.test(dir)) dirs.push(dir);
  }
  dirs.sort();
  const out: string[] = [];
  for (const dir of dirs) {
    const chartYaml = files.get(`${dir}Chart.yaml`);
    if (chartYaml === undefined) continue;
    let meta: unknown;
    try {
      meta = read(chartYaml);
    } catch {
      continue;
    }
    if (isMap(meta) && meta.apiVersion !== 'v1') out.push('Warning: Dependencies are handled in Chart.yaml since apiVersion "v2". We recommend migrating dependencies to Chart.yaml.');
  }
  return out;
}

interface Subchart {
  dir: string;
  files: Map<string, string>;
  meta: Values;
}

/** Whether a charts/ entry is the chart a dependency asks for: the same name and a version within its constraint. */
function fulfils(dep: Values, sub: Subchart): boolean {
  return dep.name === sub.meta.name && satisfiesConstraint(dep.version, sub.meta.version);
}

function loadNode(read: YamlReader, files: ReadonlyMap<string, string>, values: Values, topValues: Values, prefix: string, tplPrefix: string, defaultsOf: DefaultsOf, alias?: string, dependency?: Values): ChartNode {
  const meta = loadMeta(files, prefix, read);
  const name = alias ?? (meta.name as string);
  const deps = dependenciesOf(meta, files, read);
  const node: ChartNode = { name, prefix, tplPrefix: tplPrefix || name, meta: alias ? { ...meta, name: alias } : meta, files: new Map(files), library: meta.type === 'library', values, children: [], dependency };
  const subs: Subchart[] = [...subchartDirs(files)].map(([dir, f]) => ({ dir, files: f, meta: loadMeta(f, `${prefix}charts/${dir}/`, read) }));
  if (prefix === '') {
    // Helm checks only the top chart's list, and by name alone.
    const missing = deps.filter((d) => !subs.some((s) => s.meta.name === d.name)).map((d) => String(d.name));
    if (missing.length > 0) {
      throw new ChartError(`an error occurred while checking for chart dependencies. You may need to run \`helm dependency build\` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: ${missing.join(', ')}`);
    }
  }
  // As Helm pairs them: a charts/ entry no dependency asks for (by name and version) stays under its own
  // name with no dependency entry; each dependency takes the first entry that fulfils it, under its alias.
  const candidates: Array<{ sub: Subchart; name: string; dep?: Values }> = subs.filter((s) => !deps.some((d) => fulfils(d, s))).map((sub) => ({ sub, name: sub.meta.name as string }));
  const disabled = new Set<string>();
  const kept: Values[] = [];
  for (const dep of deps) {
    const sub = subs.find((s) => fulfils(dep, s));
    const depName = typeof dep.alias === 'string' && dep.alias ? dep.alias : String(dep.name);
    if (sub) candidates.push({ sub, name: depName, dep });
    let enabled: boolean | undefined;
    if (Array.isArray(dep.tags) && dep.tags.length > 0) {
      const tags = isMap(topValues.tags) ? topValues.tags : {};
      const set = dep.tags.map((t) => tags[String(t)]).filter((v) => typeof v === 'boolean');
      if (set.length > 0) enabled = set.some((v) => v === true);
    }
    const cond = condition(values, dep.condition);
    if (cond !== undefined) enabled = cond;
    // A disabled dependency removes every chart going by its name, even one it did not pick.
    if (enabled === false) disabled.add(depName);
    else kept.push(dep);
  }
  if (deps.length > 0) node.meta = { ...node.meta, dependencies: kept };
  for (const { sub, name: childName, dep } of candidates) {
    if (disabled.has(childName)) continue;
    const subPrefix = `${prefix}charts/${sub.dir}/`;
    const given = isMap(values[childName]) ? (values[childName] as Values) : {};
    const childValues = coalesceValues(defaultsOf(`${subPrefix}@${childName}`, sub.files), given);
    const parentGlobal = isMap(values.global) ? values.global : {};
    childValues.global = mergeValues(isMap(childValues.global) ? childValues.global : {}, parentGlobal);
    values[childName] = childValues;
    node.children.push(loadNode(read, sub.files, childValues, topValues, subPrefix, `${node.tplPrefix}/charts/${childName}`, defaultsOf, childName === sub.meta.name ? undefined : childName, dep));
  }
  return node;
}

/**
 * Each chart's defaults with import-values applied, bottom-up, keyed as `defaultsOf` asks for them.
 * A chart's defaults are its values.yaml with its children's (already augmented) defaults under their
 * names; what it imports fills in below that.
 */
function importedDefaults(read: YamlReader, node: ChartNode, out: Map<string, Values>): Values {
  const own = chartValues(node.files.get('values.yaml'), read);
  const cvals: Values = { ...own };
  for (const child of node.children) {
    const childDefaults = importedDefaults(read, child, out);
    cvals[child.name] = coalesceValues(childDefaults, isMap(own[child.name]) ? (own[child.name] as Values) : {});
  }
  let imported: Values = {};
  for (const child of node.children) {
    const list = Array.isArray(child.dependency?.['import-values']) ? (child.dependency['import-values'] as unknown[]) : [];
    for (const iv of list) {
      const [from, to] = typeof iv === 'string' ? [`exports.${iv}`, '.'] : isMap(iv) ? [String(iv.child ?? ''), String(iv.parent ?? '')] : ['', ''];
      const table = pathValue(cvals[child.name], from);
      if (!from || !to || !isMap(table)) continue;
      imported = coalesceValues(atPath(to, table), imported);
    }
  }
  const result = coalesceValues(imported, cvals);
  out.set(node.prefix === '' ? '' : `${node.prefix}@${node.name}`, result);
  return result;
}

function hasImports(node: ChartNode): boolean {
  return node.children.some((c) => Array.isArray(c.dependency?.['import-values']) || hasImports(c));
}

/** The chart tree with the values each chart renders with. `user` is what -f, values and --set gave. */
export function loadChartTree(files: ReadonlyMap<string, string>, user: Values, read: YamlReader = readYaml): { root: ChartNode; values: Values } {
  const ownDefaults = ownDefaultsOf(read);
  let values = coalesceValues(chartValues(files.get('values.yaml'), read), user);
  let root = loadNode(read, files, values, values, '', '', ownDefaults);
  if (!hasImports(root)) return { root, values };
  const augmented = new Map<string, Values>();
  importedDefaults(read, root, augmented);
  const defaultsOf: DefaultsOf = (key, f) => augmented.get(key) ?? ownDefaults(key, f);
  values = coalesceValues(augmented.get('')!, user);
  root = loadNode(read, files, values, values, '', '', defaultsOf);
  return { root, values };
}

export function allCharts(node: ChartNode): ChartNode[] {
  return [node, ...node.children.flatMap(allCharts)];
}
