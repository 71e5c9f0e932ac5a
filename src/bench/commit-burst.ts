/**
 * Commits in quick succession (`npm run bench`, section `commits`), each measured in its own child
 * process with a real daemon (real git, the simulated cluster, SQLite):
 * - pair: two commits 0 ms and 20 ms apart; time from the start of the second commit until the
 *   cluster holds it, beside the git commit process itself (the baseline), medians of several pairs;
 * - soak: 1,000 commits in bursts of 1–20 commits with 0–50 ms between them (edits, new files and
 *   deleted files); after each burst settles, the cluster must hold exactly the branch head's content.
 * Usage as a child: node dist/bench/commit-burst.js pair|soak WORK_DIR
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { parseConfig } from '../config/index.js';
import { createSimCluster } from '../adapters/cluster/sim/index.js';
import { SqliteStateStore } from '../adapters/state/sqlite-state-store.js';
import { nullRecorder, silentLogger } from '../core/ports.js';
import { Daemon } from '../daemon/daemon.js';
import { daemonPorts } from '../adapters/daemon-ports.js';
import { git } from './generate.js';
import { median, round } from './stats.js';

const SELF = fileURLToPath(import.meta.url);
const APP = 'apps/soak';
const NS = 'soak';

const configMap = (name: string, value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: {value: "${value}"}\n`;

function sh(cwd: string, script: string): Promise<void> {
  return new Promise((resolve, reject) => execFile('sh', ['-c', script], { cwd }, (err) => (err ? reject(err) : resolve())));
}

/** A deterministic random sequence (mulberry32), so every run commits the same bursts. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function setup(work: string, files: number) {
  const repo = join(work, 'repo');
  mkdirSync(join(repo, APP), { recursive: true });
  git(repo, 'init', '-q', '--initial-branch', 'main');
  git(repo, 'config', 'user.name', 'Bench');
  git(repo, 'config', 'user.email', 'bench@example.invalid');
  for (let i = 0; i < files; i++) writeFileSync(join(repo, APP, `cm-${i}.yaml`), configMap(`cm-${i}`, '0'));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'initial');
  const config = parseConfig(`apiVersion: tugboat.dev/v1alpha1
kind: Config
cluster: {dataDir: ${join(work, 'data')}, nodes: 3}
sources: [{name: src, repo: ${repo}, branch: main}]
applications:
  - {name: soak, source: src, path: ${APP}, namespace: ${NS}, syncPolicy: {automated: true, prune: true}}
`, join(work, 'tugboat.yaml'), {});
  const cluster = await createSimCluster({ dataDir: config.cluster.dataDir, nodes: 3 });
  const state = new SqliteStateStore(config.cluster.dataDir);
  const daemon = new Daemon({ ...daemonPorts, config, cluster, state, recorder: nullRecorder, logger: silentLogger });
  await daemon.start();
  const head = () => git(repo, 'rev-parse', 'HEAD');
  const ctl = daemon.apps.get('soak')!;
  /** Resolves when the app reports the branch head applied and no pass is running or queued. */
  const settled = async (timeoutMs: number): Promise<boolean> => {
    const want = head();
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      if (state.getApp('soak')?.syncedRevision === want && !ctl.busy) return true;
      await new Promise((r) => setTimeout(r, 2));
    }
    return false;
  };
  if (!(await settled(60_000))) throw new Error('the first sync did not finish');
  const stop = async () => {
    await daemon.stop();
    await cluster.close();
    state.close();
  };
  return { repo, cluster, state, settled, stop };
}

/** Two commits `gapMs` apart; the second one's start → the cluster holding it, and its git process time. */
async function pair(): Promise<void> {
  const work = process.argv[3]!;
  const env = await setup(work, 10);
  const samples: Record<string, { appliedMs: number[]; commitMs: number[] }> = { '0': { appliedMs: [], commitMs: [] }, '20': { appliedMs: [], commitMs: [] } };
  const perGap = Number(process.env.BENCH_PAIRS ?? 7);
  let n = 0;
  for (let i = 0; i < perGap; i++) {
    for (const gap of [0, 20]) {
      n++;
      writeFileSync(join(env.repo, APP, 'cm-0.yaml'), configMap('cm-0', `first-${n}`));
      await sh(env.repo, 'git commit -qam first');
      if (gap) await new Promise((r) => setTimeout(r, gap));
      const value = `second-${n}`;
      writeFileSync(join(env.repo, APP, 'cm-1.yaml'), configMap('cm-1', value));
      const applied = new Promise<number>((resolve) => {
        const off = env.cluster.watch((ev) => {
          if (ev.manager === 'tugboat' && ev.object.metadata.name === 'cm-1' && (ev.object as { data?: { value?: string } }).data?.value === value) { off(); resolve(performance.now()); }
        });
      });
      const t0 = performance.now();
      let commitEnd = 0;
      const committed = sh(env.repo, 'git commit -qam second').then(() => { commitEnd = performance.now(); });
      const at = await Promise.race([applied, new Promise<number>((r) => setTimeout(() => r(Number.NaN), 60_000))]);
      await committed;
      samples[String(gap)]!.appliedMs.push(at - t0);
      samples[String(gap)]!.commitMs.push(commitEnd - t0);
      await env.settled(60_000);
    }
  }
  await env.stop();
  process.stdout.write(JSON.stringify(samples) + '\n');
}

/** 1,000 commits in bursts; after each burst settles, the cluster's ConfigMaps equal the head's files. */
async function soak(): Promise<void> {
  const work = process.argv[3]!;
  const total = Number(process.env.BENCH_SOAK_COMMITS ?? 1000);
  const env = await setup(work, 20);
  const random = rng(10);
  let next = 20;
  let commits = 0;
  let bursts = 0;
  let maxSettleMs = 0;
  const settleMs: number[] = [];
  const mismatches: string[] = [];
  while (commits < total) {
    const size = Math.min(total - commits, 1 + Math.floor(random() * 20));
    bursts++;
    for (let i = 0; i < size; i++) {
      // Mostly edits; sometimes a new file or a deleted one (pruned), never fewer than 5 files.
      const present = readdirSync(join(env.repo, APP)).filter((f) => f.endsWith('.yaml'));
      const roll = random();
      if (roll < 0.1) writeFileSync(join(env.repo, APP, `cm-${next++}.yaml`), configMap(`cm-${next - 1}`, `c${commits}`));
      else if (roll < 0.2 && present.length > 5) unlinkSync(join(env.repo, APP, present[Math.floor(random() * present.length)]!));
      else {
        const f = present[Math.floor(random() * present.length)]!;
        writeFileSync(join(env.repo, APP, f), configMap(f.replace(/\.yaml$/, ''), `c${commits}`));
      }
      await sh(env.repo, `git add -A && git commit -qm c${commits}`);
      commits++;
      const gap = Math.floor(random() * 51);
      if (gap && i < size - 1) await new Promise((r) => setTimeout(r, gap));
    }
    const t0 = performance.now();
    const ok = await env.settled(60_000);
    const took = performance.now() - t0;
    settleMs.push(took);
    maxSettleMs = Math.max(maxSettleMs, took);
    // The head's content (every change is committed, so the working tree is the head) vs the cluster.
    const want = new Map<string, string>();
    for (const f of readdirSync(join(env.repo, APP))) {
      const o = parse(readFileSync(join(env.repo, APP, f), 'utf8')) as { metadata: { name: string }; data: { value: string } };
      want.set(o.metadata.name, o.data.value);
    }
    const live = new Map<string, string>();
    for (const o of await env.cluster.list({ group: '', kind: 'ConfigMap', namespace: NS })) {
      if (o.metadata.name.startsWith('cm-')) live.set(o.metadata.name, String((o as { data?: { value?: string } }).data?.value));
    }
    const same = ok && want.size === live.size && [...want].every(([k, v]) => live.get(k) === v);
    if (!same) mismatches.push(`burst ${bursts} (${size} commits, up to commit ${commits}): ${ok ? 'content differs' : 'not settled in 60 s'}`);
  }
  await env.stop();
  process.stdout.write(JSON.stringify({ bursts, commits, maxSettleMs, medianSettleMs: median(settleMs), mismatches }) + '\n');
}

function child(mode: 'pair' | 'soak'): Record<string, unknown> {
  const work = mkdtempSync(join(tmpdir(), `tugboat-bench-${mode}-`));
  try {
    const text = execFileSync(process.execPath, [SELF, mode, work], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
    return JSON.parse(text.trim().split('\n').at(-1)!) as Record<string, unknown>;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The `commits` section of `npm run bench`: JSON lines for the pairs and the soak. */
export function commitBurstBench(runs: number): Array<Record<string, unknown>> {
  type Pair = Record<string, { appliedMs: number[]; commitMs: number[] }>;
  const pairs: Pair[] = [];
  for (let i = 0; i < runs; i++) pairs.push(child('pair') as Pair);
  const lines: Array<Record<string, unknown>> = [];
  for (const gap of ['0', '20']) {
    const applied = pairs.flatMap((p) => p[gap]!.appliedMs);
    const commit = pairs.flatMap((p) => p[gap]!.commitMs);
    const med = median(applied);
    const max = Math.max(...applied);
    const base = median(commit);
    lines.push({
      bench: 'commit-pair-to-applied', gapMs: Number(gap), runs, pairs: applied.length, what: 'start of the second of two commits → the cluster holds it',
      medianMs: round(med), maxMs: round(max), baseline: { what: 'git commit process (start to exit)', medianMs: round(base) }, ratio: round(med / base),
      afterCommitExitMedianMs: round(median(applied.map((a, i) => a - commit[i]!))),
      // A commit seen only by the 30 s safety poll takes ≥ 30 s; the median is reported beside its baseline.
      target: { maxMs: 1000 }, pass: applied.every((x) => Number.isFinite(x)) && max < 1000,
    });
  }
  const s = child('soak') as { bursts: number; commits: number; maxSettleMs: number; medianSettleMs: number; mismatches: string[] };
  lines.push({
    bench: 'commit-burst-soak', bursts: s.bursts, commits: s.commits, burstSize: '1-20', gapMs: '0-50',
    what: 'after each burst settles, the cluster holds exactly the branch head', medianSettleMs: round(s.medianSettleMs), maxSettleMs: round(s.maxSettleMs),
    mismatches: s.mismatches.slice(0, 10), target: { maxSettleMs: 1000, mismatches: 0 }, pass: s.mismatches.length === 0 && s.maxSettleMs < 1000,
  });
  return lines;
}

if (process.argv[1] === SELF) {
  const mode = process.argv[2];
  const fn = mode === 'pair' ? pair : mode === 'soak' ? soak : undefined;
  if (!fn) {
    process.stderr.write(`usage: commit-burst.js pair|soak WORK_DIR\n`);
    process.exit(2);
  }
  fn().then(() => process.exit(0), (err) => {
    process.stderr.write(String(err instanceof Error ? err.stack : err) + '\n');
    process.exit(1);
  });
}
