/**
 * `tugboat template` against `helm template`, whole processes as a user runs them (the `tugboat`
 * command, bin/tugboat, and the helm binary), in pairs (the two alternate, which of
 * them goes first alternating too, so a shared machine's drift hits both alike): the median of each
 * side and the median of the per-pair ratios. Charts: the three of template-charts.ts and, when the
 * developers' corpus of real charts sits beside the project (../shared/helm-corpus), its three charts
 * with the most templates. Each chart's output is compared with Helm's. Also per chart: the render
 * in-process (chart read, values, parse, execute, output; the process start-up aside), and the daemon's
 * render of a commit that touched nothing in the chart.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { median, round } from './stats.js';
import { writeBenchCharts } from './template-charts.js';
import { readChartDir } from '../adapters/chart-dir.js';
import { renderRelease } from '../core/chart/render-chart.js';
import { templateOutput } from '../core/chart/template-output.js';
import { validateJsonSchema } from '../adapters/json-schema.js';
import { systemTemplateClock } from '../adapters/template-clock.js';
import { GitRepo } from '../adapters/git/git-repo.js';
import { AppRenderer } from '../app/render/app-renderer.js';
import type { AppSpec } from '../core/reconcile/app-spec.js';
import { chartTools } from '../adapters/chart-tools.js';

/** The `tugboat` command as a user runs it (the launcher: see bin/tugboat), with this bench's Node. */
const COMMAND = fileURLToPath(new URL('../../bin/tugboat', import.meta.url));
const CORPUS = fileURLToPath(new URL('../../../shared/helm-corpus', import.meta.url));
const DEFAULT_HELM = '/opt/helmbin/helm/helm';

interface Chart {
  name: string;
  dir: string;
  what: string;
  /** Values that differ between runs (random passwords, generated keys): compared for shape only. */
  volatile: boolean;
}

/** CPU time (user + system, ms) of this process's waited-for children, from /proc (Linux); undefined elsewhere. */
function childrenCpuMs(): number | undefined {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /s, '').split(' ');
    // After the command: state is field 3, cutime and cstime are fields 16 and 17 (clock ticks, 100 a second).
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

function run(cmd: string, args: string[], env?: NodeJS.ProcessEnv): { ms: number; cpuMs?: number; out: string; code: number } {
  const c = childrenCpuMs();
  const t = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'pipe'], env: env ?? process.env });
  const ms = performance.now() - t;
  const c2 = childrenCpuMs();
  return { ms, cpuMs: c === undefined || c2 === undefined ? undefined : c2 - c, out: r.stdout + r.stderr, code: r.status ?? -1 };
}

/** Equal, or equal line by line except values after the same key (volatile charts). */
function sameOutput(a: string, b: string, volatile: boolean): boolean {
  if (a === b) return true;
  if (!volatile) return false;
  const x = a.split('\n');
  const y = b.split('\n');
  if (x.length !== y.length) return false;
  const key = /^(\s*(?:- )?[^\s:]+:\s)/;
  return x.every((l, i) => l === y[i] || (key.exec(l)?.[1] !== undefined && key.exec(l)?.[1] === key.exec(y[i]!)?.[1]));
}

function templateCount(dir: string): number {
  let n = 0;
  const walk = (d: string, inTemplates: boolean) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), inTemplates || e.name === 'templates');
      else if (inTemplates) n++;
    }
  };
  walk(dir, false);
  return n;
}

/** The corpus's three charts with the most template files (rendered with default values, as its goldens are). */
function corpusCharts(): Chart[] | string {
  const charts = join(CORPUS, 'charts');
  if (!existsSync(charts)) return `no corpus at ${CORPUS} (the developers' real-chart corpus is not part of the project)`;
  const ranked = readdirSync(charts).filter((c) => statSync(join(charts, c)).isDirectory()).map((c) => ({ c, n: templateCount(join(charts, c)) }));
  ranked.sort((a, b) => b.n - a.n || (a.c < b.c ? -1 : 1));
  return ranked.slice(0, 3).map(({ c, n }) => ({
    name: `corpus:${c}`, dir: join(charts, c), what: `${n} template files`,
    volatile: existsSync(join(CORPUS, 'golden', `${c}.volatile`)),
  }));
}

/** The in-process render, as `tugboat template` does it after start-up: first (cold) and the median of warm ones. */
function inProcess(dir: string, runs: number): { firstMs: number; warmMedianMs: number } {
  const once = () => {
    const t = performance.now();
    const files = readChartDir(dir);
    const rel = renderRelease(files, { releaseName: 'r', namespace: 'ns', validateSchema: validateJsonSchema, clock: systemTemplateClock });
    templateOutput(rel, { includeCrds: false, noHooks: false, skipTests: false, showOnly: [] });
    return performance.now() - t;
  };
  const firstMs = once();
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) warm.push(once());
  return { firstMs: round(firstMs), warmMedianMs: round(median(warm)) };
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** The daemon's renderer: the chart committed, rendered, then a commit outside the chart rendered. */
async function daemonRerender(chartDir: string, runs: number): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'tugboat-bench-chartrepo-'));
  // Closed at the end: its `git cat-file --batch` would keep the bench process alive.
  let repo: GitRepo | undefined;
  try {
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'config', 'user.email', 'bench@example.org');
    git(dir, 'config', 'user.name', 'bench');
    execFileSync('cp', ['-r', chartDir, join(dir, 'chart')]);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'chart');
    repo = new GitRepo(join(dir, '.git'));
    const app: AppSpec = {
      name: 'bench', source: 'src', path: 'chart', namespace: 'ns', revisionHistoryLimit: 50, ignoreDifferences: [],
      syncPolicy: { automated: true, prune: true, selfHeal: false }, chart: { valueFiles: [], values: {} },
    };
    const renderer = new AppRenderer(app, repo, undefined, undefined, chartTools);
    let t = performance.now();
    await renderer.render(git(dir, 'rev-parse', 'HEAD'));
    const firstMs = performance.now() - t;
    const unchanged: number[] = [];
    const detached: number[] = [];
    for (let i = 0; i < runs; i++) {
      execFileSync('sh', ['-c', `echo ${i} > outside.txt`], { cwd: dir });
      git(dir, 'add', '-A');
      git(dir, 'commit', '-qm', `outside ${i}`);
      const head = git(dir, 'rev-parse', 'HEAD');
      t = performance.now();
      await renderer.render(head);
      unchanged.push(performance.now() - t);
      t = performance.now();
      await new AppRenderer(app, repo, undefined, undefined, chartTools).renderDetached(head);
      detached.push(performance.now() - t);
    }
    return { firstRenderMs: round(firstMs), unchangedCommitMedianMs: round(median(unchanged), 3), detachedSameTreeMedianMs: round(median(detached), 3) };
  } finally {
    repo?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `tugboat template` against `helm template`, n pairs. `cache`: `warm` runs with a template cache two
 * earlier (untimed) runs of the chart filled, as every run after a chart's second does (the first
 * notes the template files as seen, the second keeps their parse trees); `cold` gives each run an
 * empty one, as a chart's first run (or a fresh CI container) has.
 */
function pairs(chart: Chart, helm: string, n: number, cache: 'warm' | 'cold'): Record<string, unknown> {
  const args = ['template', 'r', chart.dir, '-n', 'ns'];
  const ours: number[] = [];
  const theirs: number[] = [];
  const ratios: number[] = [];
  const ourCpu: number[] = [];
  const theirCpu: number[] = [];
  let identical = true;
  let exitCodes = '';
  const cacheRoot = mkdtempSync(join(tmpdir(), 'tugboat-bench-cache-'));
  let coldRuns = 0;
  const cacheEnv = () => ({ ...process.env, TUGBOAT_NODE: process.execPath, TUGBOAT_CACHE_HOME: cache === 'warm' ? cacheRoot : join(cacheRoot, String(coldRuns++)) });
  const tugboat = () => run(COMMAND, args, cacheEnv());
  try {
    if (cache === 'warm') {
      tugboat();
      tugboat();
    }
    for (let i = 0; i < n; i++) {
      const a = i % 2 === 0 ? tugboat() : undefined;
      const b = run(helm, args);
      const a2 = a ?? tugboat();
      ours.push(a2.ms);
      theirs.push(b.ms);
      ratios.push(a2.ms / b.ms);
      if (a2.cpuMs !== undefined && b.cpuMs !== undefined) {
        ourCpu.push(a2.cpuMs);
        theirCpu.push(b.cpuMs);
      }
      identical &&= sameOutput(a2.out, b.out, chart.volatile) && a2.code === b.code;
      exitCodes = `${a2.code}/${b.code}`;
    }
  } finally {
    rmSync(cacheRoot, { recursive: true, force: true });
  }
  return {
    pairs: n, medianMs: round(median(ours)), baseline: { what: 'helm template, same chart and flags', medianMs: round(median(theirs)) },
    ratio: round(median(ratios)), ratioOfMedians: round(median(ours) / median(theirs)), identicalOutput: identical,
    ...(ourCpu.length ? { cpu: { what: 'CPU time of the process (user + system, 10 ms ticks): less sensitive to a loaded machine than wall time', medianMs: round(median(ourCpu)), helmMedianMs: round(median(theirCpu)), ratio: round(median(ourCpu) / median(theirCpu)) } } : {}),
    ...(chart.volatile ? { compared: 'byte for byte except random values (same lines, same keys)' } : {}), exitCodes,
  };
}

/** One JSON record per chart, then a summary. */
export async function templateBench(helmEnv: string | undefined, runs: number): Promise<Array<Record<string, unknown>>> {
  const helm = helmEnv ?? (existsSync(DEFAULT_HELM) ? DEFAULT_HELM : undefined);
  const n = Math.max(7, Number(process.env.BENCH_TEMPLATE_PAIRS ?? 7), runs);
  const root = mkdtempSync(join(tmpdir(), 'tugboat-bench-charts-'));
  const out: Array<Record<string, unknown>> = [];
  try {
    const own: Chart[] = writeBenchCharts(root).map((c) => ({ ...c, volatile: false }));
    const corpus = corpusCharts();
    const charts = [...own, ...(typeof corpus === 'string' ? [] : corpus)];
    const only = (process.env.BENCH_TEMPLATE_CHARTS ?? '').split(',').filter(Boolean);
    for (const chart of charts) {
      if (only.length && !only.some((o) => chart.name.includes(o))) continue;
      const rec: Record<string, unknown> = { bench: 'template-vs-helm', chart: chart.name, what: chart.what, templates: templateCount(chart.dir) };
      // Node reads NODE_EXTRA_CA_CERTS at every start; the tugboat command leaves it out for template (bin/tugboat).
      rec.nodeExtraCaCerts = process.env.NODE_EXTRA_CA_CERTS ? 'set here; bin/tugboat leaves it out for template' : 'not set';
      if (helm) {
        Object.assign(rec, { cache: 'warm: the chart rendered twice before (the template cache, adapters/template-cache.ts)' }, pairs(chart, helm, n, 'warm'), { target: { ratio: 1 } });
        const cold = pairs(chart, helm, n, 'cold');
        rec.cold = { what: 'each run with an empty template cache (a chart\'s first run)', ratio: cold.ratio, medianMs: cold.medianMs, helmMedianMs: (cold.baseline as { medianMs: number }).medianMs, cpu: cold.cpu, identicalOutput: cold.identicalOutput };
      }
      else rec.skipped = 'no helm binary: set HELM=/path/to/helm (v4) to compare whole processes';
      rec.inProcess = inProcess(chart.dir, 5);
      if (!chart.name.startsWith('corpus:')) rec.daemon = await daemonRerender(chart.dir, 5);
      out.push(rec);
    }
    if (typeof corpus === 'string') out.push({ bench: 'template-vs-helm', corpus: 'skipped', note: corpus });
    const measured = out.filter((r) => typeof r.ratio === 'number');
    if (measured.length) {
      out.push({
        bench: 'template-vs-helm-summary', charts: measured.length, ratios: Object.fromEntries(measured.map((r) => [r.chart, r.ratio])),
        coldRatios: Object.fromEntries(measured.map((r) => [r.chart, (r.cold as { ratio?: number } | undefined)?.ratio])),
        worstRatio: Math.max(...measured.map((r) => r.ratio as number)), allIdentical: measured.every((r) => r.identicalOutput === true && (r.cold as { identicalOutput?: boolean } | undefined)?.identicalOutput !== false),
        target: { ratio: 1 }, pass: measured.every((r) => (r.ratio as number) < 1),
      });
    }
    return out;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
