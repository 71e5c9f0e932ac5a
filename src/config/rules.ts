/**
 * The checks of tugboat.yaml that the JSON Schema cannot express: keys valid for one cluster or target type
 * only, durations greater than 0, git branch names, repo URLs, app paths that stay inside the repository,
 * duplicate names, and names that refer to another section (an app's source, a trigger's targets).
 * They run on the data after `${NAME}` substitution and look only at values the schema passed.
 */
import * as nodePath from 'node:path';
import { parseDuration } from './duration.js';
import { formatPath, type Reporter, type Seg } from './report.js';
import { EXPECT_DURATION, EXPECT_REPO, KUBE_ONLY_KEYS, NOTIFICATION_TYPES, SIM_ONLY_KEYS } from './schema.js';

type Obj = Record<string, unknown>;

const URL_SCHEMES = /^(file|https?|ssh|git|git\+ssh):\/\//i;
const ANY_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
const SCP_LIKE = /^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:(?!\/\/)\S/;
const EXPECT_APP_PATH = 'a folder relative to the repository root, staying inside it';
const EXPECT_HTTP_URL = 'an http:// or https:// URL';

/**
 * Keys that only one cluster or notification type allows. Run before the schema check: a misplaced
 * notification key is reported as such only (its value is not checked); a misplaced cluster key's value is.
 */
export function checkMisplacedKeys(data: unknown, nullPaths: ReadonlySet<string>, report: Reporter): void {
  const top = obj(data);
  const given = (o: Obj, segs: Seg[], k: string) => o[k] !== undefined || nullPaths.has(formatPath([...segs, k]));
  const cluster = obj(top?.cluster);
  if (cluster) {
    // Keys of the other cluster type: reported, and their values are still checked.
    const type = cluster.type ?? 'sim';
    if (type === 'sim' || type === 'kube') {
      const other = type === 'sim' ? 'kube' : 'sim';
      for (const k of type === 'sim' ? KUBE_ONLY_KEYS : SIM_ONLY_KEYS) {
        if (given(cluster, ['cluster'], k)) report.fail(['cluster', k], `only valid with cluster.type: ${other} (type is ${type})`, undefined, { final: false });
      }
    }
  }
  eachItem(obj(top?.notifications)?.targets, ['notifications', 'targets'], (t, p) => {
    const type = t.type;
    if (typeof type !== 'string' || !(NOTIFICATION_TYPES as readonly string[]).includes(type) || !report.isSound([...p, 'type'])) return;
    const onlyFor = (key: string, types: string[]) => {
      if (given(t, p, key) && !types.includes(type)) report.fail([...p, key], `only valid with type: ${types.join(' or ')} (type is ${type})`);
    };
    onlyFor('secret', ['webhook']);
    onlyFor('repository', ['github']);
    onlyFor('token', ['github']);
  });
}

/** The other semantic checks: run after the schema check, on values it passed. */
export function checkRules(data: unknown, report: Reporter): void {
  const top = obj(data);
  if (!top) return;
  const cluster = obj(top.cluster);
  if (cluster && Array.isArray(cluster.nodes)) uniqueNames(cluster.nodes, ['cluster', 'nodes'], report, (at) => `${formatPath(at)} has the same name`, 'node');
  const reconcile = obj(top.reconcile);
  if (reconcile) positiveDuration(reconcile.resyncInterval, ['reconcile', 'resyncInterval'], report);

  // Names of all sources as written (even invalid entries), so a broken source is not also reported as missing.
  const sourceNames = Array.isArray(top.sources)
    ? top.sources.map((s) => obj(s)?.name).filter((n): n is string => typeof n === 'string')
    : [];
  uniqueNames(top.sources, ['sources'], report, (at) => `${formatPath(at)} has the same name`, 'source');
  eachItem(top.sources, ['sources'], (s, p) => {
    const repo = sound(s.repo, [...p, 'repo'], report);
    const kind = repo === undefined ? undefined : repoKind(repo.trim());
    if (kind?.kind === 'malformed') report.fail([...p, 'repo'], `expected ${EXPECT_REPO}, got a malformed URL`, EXPECT_REPO);
    if (kind?.kind === 'scheme') report.fail([...p, 'repo'], `expected ${EXPECT_REPO}, got unsupported URL scheme "${kind.scheme}"`, EXPECT_REPO);
    if (kind?.kind === 'remote' && sound(s.seedFrom, [...p, 'seedFrom'], report) !== undefined) {
      report.fail([...p, 'seedFrom'], 'only valid for a local repo (repo is a URL)');
    }
    const branch = sound(s.branch, [...p, 'branch'], report);
    if (branch !== undefined && !isBranchName(branch)) report.wrong([...p, 'branch'], 'a git branch name', branch);
    positiveDuration(s.pollInterval, [...p, 'pollInterval'], report);
  });

  uniqueNames(top.applications, ['applications'], report, (at) => `${formatPath(at)} has the same name`, 'application');
  eachItem(top.applications, ['applications'], (a, p) => {
    const source = sound(a.source, [...p, 'source'], report);
    if (source !== undefined && !sourceNames.includes(source)) {
      const known = sourceNames.length > 0 ? `; defined sources: ${sourceNames.join(', ')}` : '; no sources are defined';
      report.fail([...p, 'source'], `no source named "${source}"${known}`, 'the name of a source in sources');
    }
    const path = sound(a.path, [...p, 'path'], report);
    const normal = path === undefined ? undefined : normaliseAppPath(path);
    if (normal?.error === 'absolute') report.fail([...p, 'path'], `expected ${EXPECT_APP_PATH}, got an absolute path "${path}"`, EXPECT_APP_PATH);
    if (normal?.error === 'escapes') report.fail([...p, 'path'], `expected ${EXPECT_APP_PATH}, got "${path}" (escapes the repository with "..")`, EXPECT_APP_PATH);
    const chart = obj(a.chart);
    if (chart && Array.isArray(chart.valueFiles)) {
      chart.valueFiles.forEach((f, i) => {
        const at = [...p, 'chart', 'valueFiles', i];
        const file = sound(f, at, report);
        if (file !== undefined && nodePath.posix.isAbsolute(file)) report.fail(at, `expected a path relative to the app folder, got an absolute path "${file}"`);
      });
    }
  });

  const notifications = obj(top.notifications);
  const targetNames = uniqueNames(notifications?.targets, ['notifications', 'targets'], report, (at) => `${formatPath(at)} has the same name`, 'target');
  eachItem(notifications?.targets, ['notifications', 'targets'], (t, p) => {
    const url = sound(t.url, [...p, 'url'], report);
    if (url !== undefined && !isHttpUrl(url)) {
      // The URL may carry a secret (a Slack webhook URL is one): never echo it.
      const got = report.isSecret([...p, 'url']) ? 'a string (value hidden)' : 'something else';
      report.fail([...p, 'url'], `expected ${EXPECT_HTTP_URL}, got ${got}`, EXPECT_HTTP_URL);
    }
  });
  eachItem(notifications?.triggers, ['notifications', 'triggers'], (t, p) => {
    if (!Array.isArray(t.targets)) return;
    t.targets.forEach((n, j) => {
      const name = sound(n, [...p, 'targets', j], report);
      if (name === undefined || targetNames.has(name)) return;
      const known = targetNames.size > 0 ? `; defined targets: ${[...targetNames].join(', ')}` : '; no targets are defined';
      report.fail([...p, 'targets', j], `no notification target named "${name}"${known}`, 'the name of a target in notifications.targets');
    });
  });
}

/** Classifies a repo as written: a URL Tugboat can fetch, an scp-like address, or a local path. */
export function repoKind(repo: string): { kind: 'remote' | 'local' | 'malformed' } | { kind: 'scheme'; scheme: string } {
  if (URL_SCHEMES.test(repo)) {
    try {
      new URL(repo);
    } catch {
      return { kind: 'malformed' };
    }
    return { kind: 'remote' };
  }
  if (ANY_SCHEME.test(repo)) return { kind: 'scheme', scheme: repo.slice(0, repo.indexOf(':')) };
  return { kind: SCP_LIKE.test(repo) ? 'remote' : 'local' };
}

/** An app path normalised: '.' for the root, no leading './' or trailing '/'; or why it is refused. */
export function normaliseAppPath(s: string): { path: string; error?: undefined } | { path?: undefined; error: 'absolute' | 'escapes' } {
  if (s.startsWith('/') || /^[A-Za-z]:[\\/]/.test(s)) return { error: 'absolute' };
  let n = nodePath.posix.normalize(s === '' ? '.' : s);
  while (n.length > 1 && n.endsWith('/')) n = n.slice(0, -1);
  if (n.startsWith('./')) n = n.slice(2);
  if (n === '') n = '.';
  if (n === '..' || n.startsWith('../')) return { error: 'escapes' };
  return { path: n };
}

/** Git's rules for a ref name, as far as a branch goes. */
function isBranchName(s: string): boolean {
  return !(
    /[\s~^:?*[\\\x00-\x1f\x7f]/.test(s) || s.startsWith('-') || s.startsWith('/') || s.endsWith('/') ||
    s.endsWith('.') || s.endsWith('.lock') || s.includes('..') || s.includes('//') || s.includes('@{') || s === '@'
  );
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

function positiveDuration(v: unknown, at: Seg[], report: Reporter): void {
  const s = sound(v, at, report);
  if (s === undefined) return;
  let ms: number;
  try {
    ms = parseDuration(s);
  } catch {
    report.wrong(at, EXPECT_DURATION, s);
    return;
  }
  if (ms <= 0) report.wrong(at, `a duration greater than 0 (${EXPECT_DURATION})`, s);
}

/** Reports repeated names among the items' valid names; returns the set of valid names. */
function uniqueNames(items: unknown, at: Seg[], report: Reporter, where: (at: Seg[]) => string, what: string): Set<string> {
  const seen = new Map<string, number>();
  eachItem(items, at, (item, p) => {
    const name = sound(item.name, [...p, 'name'], report);
    if (name === undefined) return;
    const prev = seen.get(name);
    if (prev !== undefined) report.fail([...p, 'name'], `duplicate ${what} name "${name}": ${where([...at, prev])}`);
    else seen.set(name, p[p.length - 1] as number);
  });
  return new Set(seen.keys());
}

function eachItem(items: unknown, at: Seg[], fn: (item: Obj, p: Seg[]) => void): void {
  if (!Array.isArray(items)) return;
  items.forEach((item, i) => {
    const o = obj(item);
    if (o) fn(o, [...at, i]);
  });
}

/** A string the schema passed at this path, else undefined. */
function sound(v: unknown, at: Seg[], report: Reporter): string | undefined {
  return typeof v === 'string' && report.isSound(at) ? v : undefined;
}

function obj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}
