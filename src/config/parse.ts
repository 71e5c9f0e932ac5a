/**
 * tugboat.yaml: parse, substitute `${VAR}`, validate against SPEC §2, fill defaults, resolve paths.
 * Every problem is collected and thrown together as one ConfigError.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import * as nodePath from 'node:path';
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { parseDuration } from './duration.js';
import { ConfigError } from './errors.js';
import type {
  ApplicationConfig, ChartConfig, ClusterConfig, Config, ConfigIssue, IgnoreDifference, ImageBehaviour, ImageRule,
  NodeSpec, NodeTaint, ReconcileConfig, ServerConfig, SourceConfig, SyncPolicy,
  LoggingConfig, NotificationEvent, NotificationsConfig, NotificationTarget, NotificationTrigger,
} from './types.js';

export type Env = Record<string, string | undefined>;

export const API_VERSION = 'tugboat.dev/v1alpha1';
export const CONFIG_KIND = 'Config';

export const DEFAULTS = Object.freeze({
  clusterType: 'sim' as const,
  dataDir: '.tugboat',
  nodes: 3,
  nodeEvictionSeconds: 300,
  serverPort: 8080,
  resyncInterval: 3 * 60_000,
  branch: 'main',
  pollInterval: 30_000,
  appPath: '.',
  revisionHistoryLimit: 50,
});

const IMAGE_BEHAVIOURS: readonly ImageBehaviour[] = ['healthy', 'crashLoop', 'neverReady', 'pullError'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
/** Keys whose values are never echoed in error messages. */
const SECRET_KEYS = new Set(['token', 'webhookSecret', 'secret']);
const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
const LOG_FORMATS = ['text', 'json'] as const;
export const NOTIFICATION_EVENTS: readonly NotificationEvent[] = [
  'sync-succeeded', 'sync-failed', 'health-degraded', 'rollout-paused', 'rollout-promoted', 'rollout-aborted', 'rollback',
];
const NOTIFICATION_TYPES = ['webhook', 'slack', 'github'] as const;
const GITHUB_REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const QUANTITY = /^[+]?(\d+(\.\d*)?|\.\d+)(m|k|Ki|M|Mi|G|Gi|T|Ti|P|Pi|E|Ei|[eE][+-]?\d+)?$/;
const URL_SCHEMES = /^(file|https?|ssh|git|git\+ssh):\/\//i;
const ANY_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
const SCP_LIKE = /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:(?!\/\/)\S/;

const EXPECT_LABEL =
  "a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)";
const EXPECT_SUBDOMAIN =
  "a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253 characters)";
const EXPECT_DURATION = 'a duration like 500ms, 30s, 5m, 1h or 1m30s';
const EXPECT_REPO = 'a local path or a URL (file://, https://, http://, ssh://, git@host:path)';

const MAX_YAML_ERRORS = 3;

type Seg = string | number;
type Obj = Record<string, unknown>;

// ───────────────────────────── public API ─────────────────────────────

/** Reads and parses a config file. Relative paths inside it resolve against the file's folder. */
export function loadConfig(file: string, env: Env = process.env): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'file not found' : e.code === 'EISDIR' ? 'is a directory, expected a file' : e.message;
    throw new ConfigError(file, [{ path: '', message: `cannot read config: ${why}` }]);
  }
  return parseConfig(text, file, env);
}

/**
 * Parses config text. `file` names the file in messages and anchors relative paths (made absolute against
 * the current directory). `env` supplies `${VAR}` values and TUGBOAT_TOKEN (default: empty, so the function is pure).
 */
export function parseConfig(text: string, file: string, env: Env = {}): Config {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, merge: true, uniqueKeys: true });
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;

  if (doc.errors.length > 0) {
    // One syntax error tends to cascade into many; the first few say what is wrong.
    const shown = doc.errors.slice(0, MAX_YAML_ERRORS);
    const issues: ConfigIssue[] = shown.map((e) => ({ path: '', message: `invalid YAML: ${firstLine(e.message)}`, line: lineAt(e.pos[0]) }));
    // A common trap: `{port: ${PORT}}` — in a flow collection, an unquoted ${...} ends the collection.
    const firstLineText = text.split(/\r?\n/)[(issues[0]!.line ?? 1) - 1] ?? '';
    if (/[{[][^"'\n]*\$\{/.test(firstLineText)) {
      issues[0]!.message += ' (inside {...} or [...], quote values that contain ${...}: "${NAME}")';
    }
    if (doc.errors.length > shown.length) {
      issues.push({ path: '', message: `(${doc.errors.length - shown.length} more YAML errors follow from these)` });
    }
    throw new ConfigError(file, issues);
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    throw new ConfigError(file, [{ path: '', message: `invalid YAML: ${(err as Error).message}` }]);
  }

  const absFile = nodePath.resolve(file);
  const ctx = new Ctx(doc, lineAt, env, nodePath.dirname(absFile));
  const substituted = ctx.substitute(raw, []);
  const config = ctx.config(substituted, absFile);
  if (ctx.issues.length > 0 || !config) {
    throw new ConfigError(file, sortIssues(ctx.issues));
  }
  return deepFreeze(config);
}

// ───────────────────────────── validation ─────────────────────────────

class Ctx {
  readonly issues: ConfigIssue[] = [];
  /** Paths whose string value had a `${VAR}` in it (never echoed: may be a secret). */
  private readonly substitutedPaths = new Set<string>();
  /** Paths whose whole value was one `${VAR}` (may be coerced to a number or boolean). */
  private readonly wholePaths = new Set<string>();
  /** Paths whose substitution failed: already reported, not validated further. */
  private readonly badPaths = new Set<string>();

  constructor(
    private readonly doc: Document,
    private readonly lineAt: (offset: number) => number,
    private readonly env: Env,
    private readonly dir: string,
  ) {}

  // ── reporting ──

  fail(segs: Seg[], message: string, expected?: string): void {
    const issue: ConfigIssue = { path: formatPath(segs), message };
    const line = this.lineOf(segs);
    if (line !== undefined) issue.line = line;
    if (expected !== undefined) issue.expected = expected;
    this.issues.push(issue);
  }

  /** `expected X, got Y` (or `required key missing: expected X`). */
  wrong(segs: Seg[], expected: string, value: unknown): void {
    if (value === undefined) this.fail(segs, `required key missing: expected ${expected}`, expected);
    else this.fail(segs, `expected ${expected}, got ${this.describe(segs, value)}`, expected);
  }

  private describe(segs: Seg[], v: unknown): string {
    if (v === null) return 'null';
    if (Array.isArray(v)) return 'a list';
    if (typeof v === 'object') return 'a mapping';
    const last = segs[segs.length - 1];
    const secret = (typeof last === 'string' && SECRET_KEYS.has(last)) || this.substitutedPaths.has(formatPath(segs));
    if (secret) return typeof v === 'string' ? 'a string (value hidden)' : `a ${typeof v} (value hidden)`;
    if (typeof v === 'string') return JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}...` : v);
    return String(v);
  }

  /** 1-based line of the key (for mapping entries) or item (for list entries) at segs, or its nearest ancestor. */
  private lineOf(segs: Seg[]): number | undefined {
    let node: unknown = this.doc.contents;
    let line = rangeStart(node) !== undefined ? this.lineAt(rangeStart(node)!) : undefined;
    for (const seg of segs) {
      if (isAlias(node)) node = node.resolve(this.doc);
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        const at = rangeStart(pair.key);
        if (at !== undefined) line = this.lineAt(at);
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg];
        if (item === undefined) break;
        const at = rangeStart(item);
        if (at !== undefined) line = this.lineAt(at);
        node = item;
      } else {
        break;
      }
    }
    return line;
  }

  // ── ${VAR} substitution ──

  substitute(v: unknown, segs: Seg[]): unknown {
    if (typeof v === 'string') return this.substituteString(v, segs);
    if (Array.isArray(v)) return v.map((item, i) => this.substitute(item, [...segs, i]));
    if (v !== null && typeof v === 'object') {
      const out: Obj = {};
      for (const [k, val] of Object.entries(v as Obj)) out[k] = this.substitute(val, [...segs, k]);
      return out;
    }
    return v;
  }

  private substituteString(s: string, segs: Seg[]): string {
    if (!s.includes('${')) return s;
    const path = formatPath(segs);
    let replaced = false;
    let failed = false;
    const out = s.replace(/\$(\$?)\{([^}]*)\}/g, (all, escape: string, body: string) => {
      if (escape) return all.slice(1); // "$${X}" → literal "${X}"
      const m = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s.exec(body);
      if (!m) {
        failed = true;
        this.fail(segs, `invalid variable reference "\${${body}}": expected \${NAME} with NAME made of letters, digits and '_'`);
        return all;
      }
      const name = m[1]!;
      const value = this.env[name];
      replaced = true;
      if (value !== undefined) return value;
      if (m[2] !== undefined) return m[2];
      failed = true;
      this.fail(segs, `environment variable ${name} is not set (referenced as \${${name}})`);
      return all;
    });
    if (failed) this.badPaths.add(path);
    if (replaced) {
      this.substitutedPaths.add(path);
      if (/^\$\{[^}]*\}$/.test(s)) this.wholePaths.add(path);
    }
    return out;
  }

  private isBad(segs: Seg[]): boolean {
    return this.badPaths.has(formatPath(segs));
  }

  // ── primitive readers: return undefined when absent or invalid (invalid is reported) ──

  mapping(v: unknown, segs: Seg[], keys: readonly string[], opts: { required?: boolean } = {}): Obj | undefined {
    if (v === undefined || (v === null && !opts.required)) {
      if (opts.required) this.wrong(segs, 'a mapping', v);
      return undefined;
    }
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      if (!this.isBad(segs)) this.wrong(segs, 'a mapping', v);
      return undefined;
    }
    const obj = v as Obj;
    for (const k of Object.keys(obj)) {
      if (!keys.includes(k)) {
        const hint = closest(k, keys);
        this.fail(
          [...segs, k],
          `unknown key${hint ? ` (did you mean "${hint}"?)` : ''}; expected one of: ${keys.join(', ')}`,
          `one of: ${keys.join(', ')}`,
        );
      }
    }
    return obj;
  }

  list(v: unknown, segs: Seg[], opts: { required?: boolean } = {}): unknown[] | undefined {
    if (v === undefined || v === null) {
      if (opts.required) this.wrong(segs, 'a list', v);
      return undefined;
    }
    if (!Array.isArray(v)) {
      if (!this.isBad(segs)) this.wrong(segs, 'a list', v);
      return undefined;
    }
    return v;
  }

  str(v: unknown, segs: Seg[], opts: { required?: boolean; allowEmpty?: boolean; coerceNumber?: boolean } = {}): string | undefined {
    if (this.isBad(segs)) return undefined;
    if (v === undefined || (v === null && !opts.required)) {
      if (opts.required) this.wrong(segs, 'a string', v);
      return undefined;
    }
    if (typeof v === 'number' && opts.coerceNumber && Number.isFinite(v)) return String(v);
    if (typeof v !== 'string') {
      const quote = (typeof v === 'number' || typeof v === 'boolean') && !this.isSecret(segs) ? ` (quote it: "${String(v)}")` : '';
      this.wrong(segs, 'a string', v);
      if (quote) this.issues[this.issues.length - 1]!.message += quote;
      return undefined;
    }
    if (v === '' && !opts.allowEmpty) {
      this.fail(segs, 'expected a non-empty string, got ""', 'a non-empty string');
      return undefined;
    }
    return v;
  }

  private isSecret(segs: Seg[]): boolean {
    const last = segs[segs.length - 1];
    return (typeof last === 'string' && SECRET_KEYS.has(last)) || this.substitutedPaths.has(formatPath(segs));
  }

  /** A string matching a pattern. */
  pattern(v: unknown, segs: Seg[], re: RegExp, expected: string, opts: { required?: boolean; max?: number } = {}): string | undefined {
    if (this.isBad(segs)) return undefined;
    if (v === undefined || v === null) {
      if (opts.required) this.wrong(segs, expected, v);
      return undefined;
    }
    if (typeof v !== 'string' || !re.test(v) || (opts.max !== undefined && v.length > opts.max)) {
      this.wrong(segs, expected, v);
      return undefined;
    }
    return v;
  }

  oneOf<T extends string>(v: unknown, segs: Seg[], values: readonly T[], opts: { required?: boolean } = {}): T | undefined {
    const expected = `one of ${values.join(', ')}`;
    if (this.isBad(segs)) return undefined;
    if (v === undefined || v === null) {
      if (opts.required) this.wrong(segs, expected, v);
      return undefined;
    }
    if (typeof v !== 'string' || !values.includes(v as T)) {
      this.wrong(segs, expected, v);
      return undefined;
    }
    return v as T;
  }

  bool(v: unknown, segs: Seg[]): boolean | undefined {
    if (this.isBad(segs) || v === undefined || v === null) return undefined;
    if (typeof v === 'string' && this.wholePaths.has(formatPath(segs)) && (v === 'true' || v === 'false')) return v === 'true';
    if (typeof v !== 'boolean') {
      this.wrong(segs, 'a boolean', v);
      return undefined;
    }
    return v;
  }

  /** A number in [min, max]; integers only unless `decimal`. */
  num(v: unknown, segs: Seg[], opts: { min: number; max?: number; decimal?: boolean; required?: boolean; what?: string }): number | undefined {
    const kind = opts.decimal ? 'a number' : 'an integer';
    const range = opts.max !== undefined ? ` between ${opts.min} and ${opts.max}` : opts.min === 0 ? ' >= 0' : ` >= ${opts.min}`;
    const expected = opts.what ?? `${kind}${range}`;
    if (this.isBad(segs)) return undefined;
    if (v === undefined || v === null) {
      if (opts.required) this.wrong(segs, expected, v);
      return undefined;
    }
    let n = v;
    if (typeof n === 'string' && this.wholePaths.has(formatPath(segs)) && /^-?\d+(\.\d+)?$/.test(n.trim())) n = Number(n);
    if (
      typeof n !== 'number' || !Number.isFinite(n) || (!opts.decimal && !Number.isInteger(n)) ||
      n < opts.min || (opts.max !== undefined && n > opts.max)
    ) {
      this.wrong(segs, expected, v);
      return undefined;
    }
    return n;
  }

  port(v: unknown, segs: Seg[]): number | undefined {
    return this.num(v, segs, { min: 1, max: 65535, what: 'a port number between 1 and 65535' });
  }

  duration(v: unknown, segs: Seg[], opts: { positive?: boolean } = {}): number | undefined {
    if (this.isBad(segs) || v === undefined || v === null) return undefined;
    if (typeof v !== 'string') {
      this.wrong(segs, EXPECT_DURATION, v);
      return undefined;
    }
    let ms: number;
    try {
      ms = parseDuration(v);
    } catch {
      this.wrong(segs, EXPECT_DURATION, v);
      return undefined;
    }
    if (opts.positive && ms <= 0) {
      this.wrong(segs, `a duration greater than 0 (${EXPECT_DURATION})`, v);
      return undefined;
    }
    return ms;
  }

  stringList(v: unknown, segs: Seg[], opts: { required?: boolean; nonEmpty?: boolean } = {}): string[] | undefined {
    const items = this.list(v, segs, opts);
    if (!items) return undefined;
    if (opts.nonEmpty && items.length === 0) {
      this.fail(segs, 'expected a non-empty list, got []', 'a non-empty list');
      return undefined;
    }
    const out: string[] = [];
    items.forEach((item, i) => {
      const s = this.str(item, [...segs, i], { required: true });
      if (s !== undefined) out.push(s);
    });
    return out;
  }

  /** Resolves a local path: `~/` against HOME, relative against the config folder. */
  localPath(p: string): string {
    if (p === '~' || p.startsWith('~/')) return nodePath.join(this.env.HOME ?? homedir(), p.slice(1));
    return nodePath.resolve(this.dir, p);
  }

  // ── sections ──

  config(raw: unknown, absFile: string): Config | undefined {
    if (raw === undefined || raw === null) {
      this.fail([], `the file is empty: expected a mapping with apiVersion: ${API_VERSION} and kind: ${CONFIG_KIND}`, 'a mapping');
      return undefined;
    }
    const top = this.mapping(raw, [], ['apiVersion', 'kind', 'cluster', 'server', 'reconcile', 'logging', 'notifications', 'sources', 'applications'], {
      required: true,
    });
    if (!top) return undefined;
    if (top.apiVersion !== API_VERSION && !this.isBad(['apiVersion'])) this.wrong(['apiVersion'], `"${API_VERSION}"`, top.apiVersion);
    if (top.kind !== CONFIG_KIND && !this.isBad(['kind'])) this.wrong(['kind'], `"${CONFIG_KIND}"`, top.kind);

    const cluster = this.cluster(top.cluster);
    const server = this.server(top.server);
    const reconcile = this.reconcile(top.reconcile);
    const logging = this.logging(top.logging);
    const notifications = this.notifications(top.notifications);
    const sources = this.sources(top.sources);
    const applications = this.applications(top.applications, top.sources);
    return { file: absFile, dir: this.dir, cluster, server, reconcile, logging, notifications, sources, applications };
  }

  private cluster(v: unknown): ClusterConfig {
    const at: Seg[] = ['cluster'];
    const simKeys = ['nodes', 'nodeEvictionSeconds', 'images', 'apiPort'];
    const kubeKeys = ['kubeconfig', 'context'];
    const c = this.mapping(v, at, ['type', 'dataDir', ...simKeys, ...kubeKeys]) ?? {};
    const typeGiven = c.type !== undefined && c.type !== null;
    const type = this.oneOf(c.type, [...at, 'type'], ['sim', 'kube'] as const);
    if (typeGiven && type === undefined) {
      // invalid type: already reported; skip the sim/kube-only checks
    } else {
      const effective = type ?? DEFAULTS.clusterType;
      const misplaced = effective === 'sim' ? kubeKeys : simKeys;
      for (const k of misplaced) {
        if (c[k] !== undefined) {
          const other = effective === 'sim' ? 'kube' : 'sim';
          this.fail([...at, k], `only valid with cluster.type: ${other} (type is ${effective})`);
        }
      }
    }
    const dataDirRaw = this.str(c.dataDir, [...at, 'dataDir']);
    const out: ClusterConfig = {
      type: type ?? DEFAULTS.clusterType,
      dataDir: this.localPath(dataDirRaw ?? DEFAULTS.dataDir),
      nodes: this.nodes(c.nodes, [...at, 'nodes']) ?? DEFAULTS.nodes,
      nodeEvictionSeconds:
        this.num(c.nodeEvictionSeconds, [...at, 'nodeEvictionSeconds'], { min: 0, decimal: true }) ?? DEFAULTS.nodeEvictionSeconds,
      images: this.images(c.images, [...at, 'images']),
    };
    // 0: any free port (printed at start, and in the kubeconfig)
    const apiPort = this.num(c.apiPort, [...at, 'apiPort'], { min: 0, max: 65535, what: 'a port number between 0 (any free port) and 65535' });
    if (apiPort !== undefined) out.apiPort = apiPort;
    const kubeconfig = this.str(c.kubeconfig, [...at, 'kubeconfig']);
    if (kubeconfig !== undefined) out.kubeconfig = this.localPath(kubeconfig);
    const context = this.str(c.context, [...at, 'context']);
    if (context !== undefined) out.context = context;
    return out;
  }

  private nodes(v: unknown, at: Seg[]): number | NodeSpec[] | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number' || (typeof v === 'string' && this.wholePaths.has(formatPath(at)))) {
      return this.num(v, at, { min: 0, max: 1000, what: 'a node count (an integer between 0 and 1000) or a list of nodes' });
    }
    if (!Array.isArray(v)) {
      if (!this.isBad(at)) this.wrong(at, 'a node count (an integer between 0 and 1000) or a list of nodes', v);
      return undefined;
    }
    const out: NodeSpec[] = [];
    const seen = new Map<string, number>();
    v.forEach((item, i) => {
      const p: Seg[] = [...at, i];
      const n = this.mapping(item, p, ['name', 'cpu', 'memory', 'pods', 'labels', 'taints'], { required: true });
      if (!n) return;
      const name = this.pattern(n.name, [...p, 'name'], DNS1123_SUBDOMAIN, EXPECT_SUBDOMAIN, { required: true, max: 253 });
      if (name !== undefined) {
        const prev = seen.get(name);
        if (prev !== undefined) this.fail([...p, 'name'], `duplicate node name "${name}": ${formatPath([...at, prev])} has the same name`);
        else seen.set(name, i);
      }
      const node: NodeSpec = { name: name ?? '' };
      const cpu = this.quantity(n.cpu, [...p, 'cpu']);
      if (cpu !== undefined) node.cpu = cpu;
      const memory = this.quantity(n.memory, [...p, 'memory']);
      if (memory !== undefined) node.memory = memory;
      const pods = this.num(n.pods, [...p, 'pods'], { min: 1, max: 10000 });
      if (pods !== undefined) node.pods = pods;
      const labels = this.labels(n.labels, [...p, 'labels']);
      if (labels !== undefined) node.labels = labels;
      const taints = this.taints(n.taints, [...p, 'taints']);
      if (taints !== undefined) node.taints = taints;
      out.push(node);
    });
    return out;
  }

  private quantity(v: unknown, at: Seg[]): string | undefined {
    const expected = 'a Kubernetes quantity like 4, 500m, 8Gi or 512Mi';
    if (this.isBad(at) || v === undefined || v === null) return undefined;
    const s = typeof v === 'number' && Number.isFinite(v) && v >= 0 ? String(v) : v;
    if (typeof s !== 'string' || !QUANTITY.test(s)) {
      this.wrong(at, expected, v);
      return undefined;
    }
    return s;
  }

  private labels(v: unknown, at: Seg[]): Record<string, string> | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) {
      if (!this.isBad(at)) this.wrong(at, 'a mapping of label names to strings', v);
      return undefined;
    }
    const out: Record<string, string> = {};
    for (const [k, val] of Object.entries(v as Obj)) {
      const slash = k.lastIndexOf('/');
      const prefix = slash >= 0 ? k.slice(0, slash) : undefined;
      const name = slash >= 0 ? k.slice(slash + 1) : k;
      if ((prefix !== undefined && !(DNS1123_SUBDOMAIN.test(prefix) && prefix.length <= 253)) || !LABEL_NAME.test(name) || name.length > 63) {
        this.fail([...at, k], 'invalid label name: expected [prefix/]name with name made of letters, digits, "-", "_", "." (at most 63)', 'a label name');
        continue;
      }
      const s = this.str(val, [...at, k], { allowEmpty: true, required: true });
      if (s === undefined) continue;
      if (s !== '' && (!LABEL_NAME.test(s) || s.length > 63)) {
        this.wrong([...at, k], 'a label value (letters, digits, "-", "_", ".", at most 63 characters)', s);
        continue;
      }
      out[k] = s;
    }
    return out;
  }

  private taints(v: unknown, at: Seg[]): NodeTaint[] | undefined {
    const items = this.list(v, at);
    if (!items) return undefined;
    const out: NodeTaint[] = [];
    items.forEach((item, i) => {
      const p: Seg[] = [...at, i];
      const t = this.mapping(item, p, ['key', 'value', 'effect'], { required: true });
      if (!t) return;
      const key = this.str(t.key, [...p, 'key'], { required: true });
      const value = this.str(t.value, [...p, 'value'], { allowEmpty: true });
      const effect = this.oneOf(t.effect, [...p, 'effect'], TAINT_EFFECTS, { required: true });
      if (key === undefined || effect === undefined) return;
      out.push(value !== undefined ? { key, value, effect } : { key, effect });
    });
    return out;
  }

  private images(v: unknown, at: Seg[]): ImageRule[] {
    const items = this.list(v, at) ?? [];
    const out: ImageRule[] = [];
    items.forEach((item, i) => {
      const p: Seg[] = [...at, i];
      const m = this.mapping(item, p, ['match', 'behaviour', 'startupSeconds'], { required: true });
      if (!m) return;
      const match = this.str(m.match, [...p, 'match'], { required: true });
      const behaviour = this.oneOf(m.behaviour, [...p, 'behaviour'], IMAGE_BEHAVIOURS);
      const startupSeconds = this.num(m.startupSeconds, [...p, 'startupSeconds'], { min: 0, decimal: true });
      if (match === undefined) return;
      const rule: ImageRule = { match };
      if (behaviour !== undefined) rule.behaviour = behaviour;
      if (startupSeconds !== undefined) rule.startupSeconds = startupSeconds;
      out.push(rule);
    });
    return out;
  }

  private server(v: unknown): ServerConfig {
    const at: Seg[] = ['server'];
    const s = this.mapping(v, at, ['port', 'host', 'token']) ?? {};
    const out: ServerConfig = { port: this.port(s.port, [...at, 'port']) ?? DEFAULTS.serverPort };
    const host = this.str(s.host, [...at, 'host']);
    if (host !== undefined) out.host = host;
    const tokenGiven = s.token !== undefined && s.token !== null;
    const token = this.str(s.token, [...at, 'token']);
    if (token !== undefined) out.token = token;
    else if (!tokenGiven && this.env.TUGBOAT_TOKEN) out.token = this.env.TUGBOAT_TOKEN;
    return out;
  }

  private reconcile(v: unknown): ReconcileConfig {
    const at: Seg[] = ['reconcile'];
    const r = this.mapping(v, at, ['resyncInterval']) ?? {};
    return { resyncInterval: this.duration(r.resyncInterval, [...at, 'resyncInterval'], { positive: true }) ?? DEFAULTS.resyncInterval };
  }

  private logging(v: unknown): LoggingConfig {
    const at: Seg[] = ['logging'];
    const l = this.mapping(v, at, ['level', 'format']) ?? {};
    return {
      level: this.oneOf(l.level, [...at, 'level'], LOG_LEVELS) ?? 'info',
      format: this.oneOf(l.format, [...at, 'format'], LOG_FORMATS) ?? 'text',
    };
  }

  /** SPEC §12: targets (webhook, slack, github) and triggers naming events and targets. */
  private notifications(v: unknown): NotificationsConfig {
    const at: Seg[] = ['notifications'];
    const n = this.mapping(v, at, ['targets', 'triggers']) ?? {};
    const targets: NotificationTarget[] = [];
    const seen = new Map<string, number>();
    (this.list(n.targets, [...at, 'targets']) ?? []).forEach((item, i) => {
      const p: Seg[] = [...at, 'targets', i];
      const t = this.mapping(item, p, ['name', 'type', 'url', 'secret', 'repository', 'token'], { required: true });
      if (!t) return;
      const name = this.pattern(t.name, [...p, 'name'], DNS1123_LABEL, EXPECT_LABEL, { required: true, max: 63 });
      if (name !== undefined) {
        const prev = seen.get(name);
        if (prev !== undefined) this.fail([...p, 'name'], `duplicate target name "${name}": notifications.targets[${prev}] has the same name`);
        else seen.set(name, i);
      }
      const type = this.oneOf(t.type, [...p, 'type'], NOTIFICATION_TYPES, { required: true });
      const url = this.httpUrl(t.url, [...p, 'url']);
      const onlyFor = (key: string, types: string[]) => {
        if (t[key] !== undefined && type !== undefined && !types.includes(type)) this.fail([...p, key], `only valid with type: ${types.join(' or ')} (type is ${type})`);
      };
      onlyFor('secret', ['webhook']);
      onlyFor('repository', ['github']);
      onlyFor('token', ['github']);
      const secret = this.str(t.secret, [...p, 'secret']);
      const token = this.str(t.token, [...p, 'token']);
      const repository = type === 'github'
        ? this.pattern(t.repository, [...p, 'repository'], GITHUB_REPOSITORY, 'a GitHub repository as owner/name', { required: true })
        : undefined;
      if (name === undefined || type === undefined || url === undefined) return;
      if (type === 'webhook') targets.push({ name, type, url, ...(secret !== undefined ? { secret } : {}) });
      else if (type === 'slack') targets.push({ name, type, url });
      else if (repository !== undefined) targets.push({ name, type, url, repository, ...(token !== undefined ? { token } : {}) });
    });
    const triggers: NotificationTrigger[] = [];
    const targetNames = new Set(seen.keys());
    (this.list(n.triggers, [...at, 'triggers']) ?? []).forEach((item, i) => {
      const p: Seg[] = [...at, 'triggers', i];
      const t = this.mapping(item, p, ['on', 'targets'], { required: true });
      if (!t) return;
      const on: NotificationEvent[] = [];
      const events = this.list(t.on, [...p, 'on'], { required: true }) ?? [];
      events.forEach((e, j) => {
        const ev = this.oneOf(e, [...p, 'on', j], NOTIFICATION_EVENTS, { required: true });
        if (ev !== undefined) on.push(ev);
      });
      const names = this.stringList(t.targets, [...p, 'targets']);
      names?.forEach((name, j) => {
        if (!targetNames.has(name)) {
          const known = targetNames.size > 0 ? `; defined targets: ${[...targetNames].join(', ')}` : '; no targets are defined';
          this.fail([...p, 'targets', j], `no notification target named "${name}"${known}`, 'the name of a target in notifications.targets');
        }
      });
      triggers.push({ on, targets: names ?? [...targetNames] });
    });
    return { targets, triggers };
  }

  /** An http(s) URL (notification endpoints). */
  private httpUrl(v: unknown, at: Seg[]): string | undefined {
    const s = this.str(v, at, { required: true });
    if (s === undefined) return undefined;
    const expected = 'an http:// or https:// URL';
    let ok = false;
    try {
      const u = new URL(s);
      ok = u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      ok = false;
    }
    if (!ok) {
      // The URL may carry a secret (a Slack webhook URL is one): never echo it.
      this.fail(at, `expected ${expected}, got ${this.isSecret(at) ? 'a string (value hidden)' : 'something else'}`, expected);
      return undefined;
    }
    return s;
  }

  private sources(v: unknown): SourceConfig[] {
    const at: Seg[] = ['sources'];
    const items = this.list(v, at) ?? [];
    const out: SourceConfig[] = [];
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const p: Seg[] = [...at, i];
      const s = this.mapping(item, p, ['name', 'repo', 'branch', 'pollInterval', 'webhookSecret', 'seedFrom'], {
        required: true,
      });
      if (!s) return;
      const name = this.pattern(s.name, [...p, 'name'], DNS1123_LABEL, EXPECT_LABEL, { required: true, max: 63 });
      if (name !== undefined) {
        const prev = seen.get(name);
        if (prev !== undefined) this.fail([...p, 'name'], `duplicate source name "${name}": sources[${prev}] has the same name`);
        else seen.set(name, i);
      }
      const repo = this.repo(s.repo, [...p, 'repo']);
      const branch = this.branch(s.branch, [...p, 'branch']) ?? DEFAULTS.branch;
      const pollInterval = this.duration(s.pollInterval, [...p, 'pollInterval'], { positive: true }) ?? DEFAULTS.pollInterval;
      const webhookSecret = this.str(s.webhookSecret, [...p, 'webhookSecret']);
      const seedFrom = this.str(s.seedFrom, [...p, 'seedFrom']);
      if (seedFrom !== undefined && repo?.isRemote) {
        this.fail([...p, 'seedFrom'], 'only valid for a local repo (repo is a URL)');
      }
      if (name === undefined || repo === undefined) return;
      const src: SourceConfig = { name, repo: repo.repo, isRemote: repo.isRemote, branch, pollInterval };
      if (webhookSecret !== undefined) src.webhookSecret = webhookSecret;
      if (seedFrom !== undefined && !repo.isRemote) src.seedFrom = this.localPath(seedFrom);
      out.push(src);
    });
    return out;
  }

  private repo(v: unknown, at: Seg[]): { repo: string; isRemote: boolean } | undefined {
    const s = this.str(v, at, { required: true });
    if (s === undefined) return undefined;
    const repo = s.trim();
    if (URL_SCHEMES.test(repo)) {
      try {
        new URL(repo);
      } catch {
        this.fail(at, `expected ${EXPECT_REPO}, got a malformed URL`, EXPECT_REPO);
        return undefined;
      }
      return { repo, isRemote: true };
    }
    if (ANY_SCHEME.test(repo)) {
      const scheme = repo.slice(0, repo.indexOf(':'));
      this.fail(at, `expected ${EXPECT_REPO}, got unsupported URL scheme "${scheme}"`, EXPECT_REPO);
      return undefined;
    }
    if (SCP_LIKE.test(repo)) return { repo, isRemote: true };
    return { repo: this.localPath(repo), isRemote: false };
  }

  private branch(v: unknown, at: Seg[]): string | undefined {
    const s = this.str(v, at, { coerceNumber: false });
    if (s === undefined) return undefined;
    const bad =
      /[\s~^:?*[\\\x00-\x1f\x7f]/.test(s) || s.startsWith('-') || s.startsWith('/') || s.endsWith('/') ||
      s.endsWith('.') || s.endsWith('.lock') || s.includes('..') || s.includes('//') || s.includes('@{') || s === '@';
    if (bad) {
      this.wrong(at, 'a git branch name', s);
      return undefined;
    }
    return s;
  }

  private applications(v: unknown, rawSources: unknown): ApplicationConfig[] {
    const at: Seg[] = ['applications'];
    const items = this.list(v, at) ?? [];
    // Names of all sources as written (even invalid entries), so a broken source is not also reported as missing.
    const sourceNames = Array.isArray(rawSources)
      ? rawSources
          .map((s) => (s !== null && typeof s === 'object' && !Array.isArray(s) ? (s as Obj).name : undefined))
          .filter((n): n is string => typeof n === 'string')
      : [];
    const out: ApplicationConfig[] = [];
    const seen = new Map<string, number>();
    items.forEach((item, i) => {
      const p: Seg[] = [...at, i];
      const a = this.mapping(
        item,
        p,
        ['name', 'source', 'path', 'namespace', 'chart', 'syncPolicy', 'ignoreDifferences', 'revisionHistoryLimit'],
        { required: true },
      );
      if (!a) return;
      const name = this.pattern(a.name, [...p, 'name'], DNS1123_LABEL, EXPECT_LABEL, { required: true, max: 63 });
      if (name !== undefined) {
        const prev = seen.get(name);
        if (prev !== undefined) this.fail([...p, 'name'], `duplicate application name "${name}": applications[${prev}] has the same name`);
        else seen.set(name, i);
      }
      const source = this.str(a.source, [...p, 'source'], { required: true });
      if (source !== undefined && !sourceNames.includes(source)) {
        const known = sourceNames.length > 0 ? `; defined sources: ${sourceNames.join(', ')}` : '; no sources are defined';
        this.fail([...p, 'source'], `no source named "${source}"${known}`, 'the name of a source in sources');
      }
      const path = this.appPath(a.path, [...p, 'path']);
      const namespace = this.pattern(a.namespace, [...p, 'namespace'], DNS1123_LABEL, EXPECT_LABEL, { required: true, max: 63 });
      const chart = this.chart(a.chart, [...p, 'chart']);
      const syncPolicy = this.syncPolicy(a.syncPolicy, [...p, 'syncPolicy']);
      const ignoreDifferences = this.ignoreDifferences(a.ignoreDifferences, [...p, 'ignoreDifferences']);
      const revisionHistoryLimit =
        this.num(a.revisionHistoryLimit, [...p, 'revisionHistoryLimit'], { min: 1, max: 100000 }) ?? DEFAULTS.revisionHistoryLimit;
      if (name === undefined || source === undefined || namespace === undefined) return;
      const app: ApplicationConfig = {
        name, source, path: path ?? DEFAULTS.appPath, namespace, syncPolicy, ignoreDifferences, revisionHistoryLimit,
      };
      if (chart !== undefined) app.chart = chart;
      out.push(app);
    });
    return out;
  }

  private appPath(v: unknown, at: Seg[]): string | undefined {
    const s = this.str(v, at, { allowEmpty: true });
    if (s === undefined) return undefined;
    const expected = 'a folder relative to the repository root, staying inside it';
    if (s.startsWith('/') || /^[A-Za-z]:[\\/]/.test(s)) {
      this.fail(at, `expected ${expected}, got an absolute path "${s}"`, expected);
      return undefined;
    }
    let n = nodePath.posix.normalize(s === '' ? '.' : s);
    while (n.length > 1 && n.endsWith('/')) n = n.slice(0, -1);
    if (n.startsWith('./')) n = n.slice(2);
    if (n === '' ) n = '.';
    if (n === '..' || n.startsWith('../')) {
      this.fail(at, `expected ${expected}, got "${s}" (escapes the repository with "..")`, expected);
      return undefined;
    }
    return n;
  }

  private chart(v: unknown, at: Seg[]): ChartConfig | undefined {
    const c = this.mapping(v, at, ['releaseName', 'valueFiles', 'values']);
    if (!c) return undefined;
    const out: ChartConfig = {
      valueFiles: this.stringList(c.valueFiles, [...at, 'valueFiles']) ?? [],
      values: this.valuesMap(c.values, [...at, 'values']) ?? {},
    };
    const releaseName = this.pattern(
      c.releaseName, [...at, 'releaseName'], DNS1123_SUBDOMAIN,
      "a Helm release name (lowercase letters, digits, '-' and '.', at most 53 characters)", { max: 53 },
    );
    if (releaseName !== undefined) out.releaseName = releaseName;
    (out.valueFiles).forEach((f, i) => {
      if (nodePath.posix.isAbsolute(f)) this.fail([...at, 'valueFiles', i], `expected a path relative to the app folder, got an absolute path "${f}"`);
    });
    return out;
  }

  private valuesMap(v: unknown, at: Seg[]): Record<string, unknown> | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'object' || Array.isArray(v)) {
      if (!this.isBad(at)) this.wrong(at, 'a mapping of chart values', v);
      return undefined;
    }
    return v as Record<string, unknown>;
  }

  private syncPolicy(v: unknown, at: Seg[]): SyncPolicy {
    const s = this.mapping(v, at, ['automated', 'prune', 'selfHeal', 'rollbackOnFailure']) ?? {};
    const rollbackOnFailure = this.bool(s.rollbackOnFailure, [...at, 'rollbackOnFailure']);
    return {
      automated: this.bool(s.automated, [...at, 'automated']) ?? false,
      prune: this.bool(s.prune, [...at, 'prune']) ?? false,
      selfHeal: this.bool(s.selfHeal, [...at, 'selfHeal']) ?? false,
      ...(rollbackOnFailure !== undefined ? { rollbackOnFailure } : {}),
    };
  }

  private ignoreDifferences(v: unknown, at: Seg[]): IgnoreDifference[] {
    const items = this.list(v, at) ?? [];
    const out: IgnoreDifference[] = [];
    items.forEach((item, i) => {
      const p: Seg[] = [...at, i];
      const d = this.mapping(item, p, ['group', 'kind', 'name', 'namespace', 'jsonPointers'], { required: true });
      if (!d) return;
      const group = this.str(d.group, [...p, 'group'], { allowEmpty: true });
      const kind = this.str(d.kind, [...p, 'kind'], { required: true });
      const name = this.str(d.name, [...p, 'name']);
      const namespace = this.str(d.namespace, [...p, 'namespace']);
      const pointers = this.stringList(d.jsonPointers, [...p, 'jsonPointers'], { required: true, nonEmpty: true });
      let pointersOk = pointers !== undefined;
      pointers?.forEach((ptr, j) => {
        if (!ptr.startsWith('/')) {
          this.wrong([...p, 'jsonPointers', j], 'a JSON pointer starting with "/" (like /spec/replicas)', ptr);
          pointersOk = false;
        }
      });
      if (kind === undefined || !pointersOk) return;
      const entry: IgnoreDifference = { kind, jsonPointers: pointers! };
      if (group !== undefined) entry.group = group;
      if (name !== undefined) entry.name = name;
      if (namespace !== undefined) entry.namespace = namespace;
      out.push(entry);
    });
    return out;
  }
}

// ───────────────────────────── helpers ─────────────────────────────

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range ? range[0] : undefined;
}

/** `['applications', 1, 'syncPolicy', 'prune']` → `applications[1].syncPolicy.prune`. */
export function formatPath(segs: readonly Seg[]): string {
  let out = '';
  for (const seg of segs) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

function sortIssues(issues: ConfigIssue[]): ConfigIssue[] {
  return [...issues].sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER));
}

/** The allowed key closest to a mistyped one (edit distance ≤ 2, or same letters ignoring case). */
function closest(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  for (const a of allowed) {
    const d = a.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, a);
    if (d < bestDist) {
      best = a;
      bestDist = d;
    }
  }
  return bestDist <= Math.min(2, Math.floor(key.length / 2)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Obj)) deepFreeze(v);
  }
  return value;
}
