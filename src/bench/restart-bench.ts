/**
 * Restart that scales: an app of N objects is Synced and Healthy in a daemon with the embedded cluster's
 * controllers on (its Deployments' ReplicaSets, Pods, Endpoints and Events exist), the daemon is killed
 * with SIGKILL, and a new one on the same data dir runs until the app is Synced/Healthy at the same
 * revision. Measured at a small and a large N (default 10,000 and 40,000), each restart in its own
 * process beside a baseline measured in the same run: the same databases read back and JSON-parsed.
 *
 * Knobs: BENCH_RESTART_SIZES=10000,40000; BENCH_RESTART_RUNS (small N, default 3); BENCH_RESTART_RUNS_BIG
 * (large N, default 2).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateRepo } from './generate.js';
import { median, round } from './stats.js';

const SCENARIO = fileURLToPath(new URL('./restart-scenario.js', import.meta.url));

/** Targets (issue 10): the large restart under 6 s, at most 4.4× the small one; RSS under 1 GB. */
export const RESTART_TARGET = { largeMs: 6000, ratio: 4.4, rssMb: 1024 };

type Row = Record<string, number | string>;

function run(name: string, repo: string, work: string, env: Record<string, string> = {}): Row {
  const r = spawnSync(process.execPath, [SCENARIO, name, repo, work], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24, env: { ...process.env, ...env } });
  const line = (r.stdout ?? '').trim().split('\n').filter(Boolean).at(-1);
  // seed ends with SIGKILL by design; the others exit 0
  if (!line || (name !== 'seed' && r.status !== 0)) throw new Error(`restart scenario ${name} failed (status ${r.status}, signal ${r.signal})`);
  if (name === 'seed' && r.signal !== 'SIGKILL') throw new Error(`seed was expected to die by SIGKILL, got status ${r.status} signal ${r.signal}`);
  return JSON.parse(line) as Row;
}

function spread(xs: number[]): { median: number; min: number; max: number; samples: number[] } {
  return { median: round(median(xs)), min: round(Math.min(...xs)), max: round(Math.max(...xs)), samples: xs.map((x) => round(x)) };
}

export interface SizeResult {
  objects: number;
  restartMs: number;
  /** Peak RSS of the restarted process (median). */
  rssMb: number;
  /** Peak RSS of the process that made the first sync (one run). */
  firstSyncRssMb: number;
  line: Record<string, unknown>;
}

function measure(objects: number, runs: number): SizeResult {
  const repo = mkdtempSync(join(tmpdir(), 'tugboat-bench-restart-repo-'));
  const work = mkdtempSync(join(tmpdir(), 'tugboat-bench-restart-work-'));
  try {
    generateRepo(repo, objects);
    // One Deployment in five, one pod each, at most 110 pods a node: nodes for all of them, 50 at least.
    const nodes = String(Math.max(50, Math.ceil(objects / 5 / 80)));
    const seed = run('seed', repo, work, { BENCH_RESTART_NODES: nodes });
    const restarts: Row[] = [];
    const baselines: Row[] = [];
    for (let i = 0; i < runs; i++) {
      baselines.push(run('read-baseline', repo, work));
      restarts.push(run('restart', repo, work, { BENCH_RESTART_REVISION: String(seed.revision), BENCH_RESTART_NODES: nodes }));
    }
    const num = (rows: Row[], k: string) => rows.map((r) => Number(r[k]));
    const restartMs = num(restarts, 'sinceProcessStartMs');
    const baseMs = num(baselines, 'ms');
    const ratios = restartMs.map((ms, i) => ms / baseMs[i]!);
    const rss = num(restarts, 'peakRssMb');
    const line = {
      bench: 'restart-to-synced', objects, nodes: Number(nodes), liveObjects: seed.liveObjects, events: seed.events, runs,
      what: 'kill -9 of a daemon whose app is Synced/Healthy, then a new process on the same data dir until the app is Synced/Healthy at the same revision (from process start)',
      restartMs: spread(restartMs),
      restartCpuMs: spread(num(restarts, 'cpuMs')),
      fromOpenMs: spread(num(restarts, 'healthyMs')),
      peakRssMb: spread(rss),
      writesAfterLoad: num(restarts, 'writesAfterLoad'),
      baseline: { what: 'read every row of cluster.db and state.db back and JSON.parse it, own process', ms: spread(baseMs) },
      ratioToBaseline: spread(ratios),
      firstSync: { what: 'empty data dir to Synced (and Healthy), one run', syncedMs: round(Number(seed.firstSyncMs)), healthyMs: round(Number(seed.firstHealthyMs)), cpuMs: round(Number(seed.cpuMs)), peakRssMb: round(Number(seed.peakRssMb), 1) },
    };
    return { objects, restartMs: median(restartMs), rssMb: median(rss), firstSyncRssMb: Number(seed.peakRssMb), line };
  } finally {
    rmSync(repo, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
}

export function restartBench(emit: (o: Record<string, unknown>) => void): void {
  const sizes = (process.env.BENCH_RESTART_SIZES ?? '10000,40000').split(',').map(Number).filter((n) => n > 0);
  const small = Number(process.env.BENCH_RESTART_RUNS ?? 3);
  const big = Number(process.env.BENCH_RESTART_RUNS_BIG ?? 2);
  const results: SizeResult[] = [];
  for (const [i, n] of sizes.entries()) {
    const r = measure(n, i === 0 ? small : big);
    emit(r.line);
    results.push(r);
  }
  if (results.length < 2) return;
  const a = results[0]!;
  const b = results.at(-1)!;
  const ratio = b.restartMs / a.restartMs;
  const firstSyncRatio = Number((b.line.firstSync as { syncedMs: number }).syncedMs) / Number((a.line.firstSync as { syncedMs: number }).syncedMs);
  emit({
    bench: 'restart-scaling', objects: [a.objects, b.objects], restartMedianMs: [round(a.restartMs), round(b.restartMs)],
    ratio: round(ratio), objectsRatio: round(b.objects / a.objects), firstSyncRatio: round(firstSyncRatio),
    restartPeakRssMb: round(b.rssMb, 1), target: { largeMs: RESTART_TARGET.largeMs, ratio: RESTART_TARGET.ratio, rssMb: RESTART_TARGET.rssMb },
    pass: b.restartMs < RESTART_TARGET.largeMs && ratio <= RESTART_TARGET.ratio && b.rssMb < RESTART_TARGET.rssMb,
    // Not part of the restart target, shown beside it: the first sync's process peaks higher.
    firstSyncPeakRssMb: round(b.firstSyncRssMb, 1), firstSyncRssUnderTarget: b.firstSyncRssMb < RESTART_TARGET.rssMb,
  });
}
