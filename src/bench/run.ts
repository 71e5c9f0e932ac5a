/**
 * `npm run bench`: JSON lines on stdout, medians of several runs, each timing next to a baseline measured
 * in the same run on the same machine. Scenarios run in child processes so each has its own peak RSS.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateRepo } from './generate.js';
import { median, round } from './stats.js';
import { diffSweep } from './diff-sweep.js';
import { templateBench } from './template-bench.js';
import { restartBench } from './restart-bench.js';

const SCENARIO = fileURLToPath(new URL('./scenario.js', import.meta.url));
const runs = Number(process.env.BENCH_RUNS ?? 3);
const bigObjects = Number(process.env.BENCH_OBJECTS ?? 10_000);
/** `BENCH_ONLY=a,b` runs only the sections named (see each `want(...)` below); unset runs them all. */
const only = (process.env.BENCH_ONLY ?? '').split(',').map((s) => s.trim()).filter(Boolean);
function want(section: string): boolean {
  return only.length === 0 || only.includes(section);
}

function scenario(name: string, repo: string): Record<string, number> {
  const work = mkdtempSync(join(tmpdir(), 'tugboat-bench-work-'));
  try {
    const outText = execFileSync(process.execPath, [SCENARIO, name, repo, work], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
    return JSON.parse(outText.trim().split('\n').at(-1)!) as Record<string, number>;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function emit(o: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(o) + '\n');
}

function fresh(objects: number): { dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tugboat-bench-repo-'));
  generateRepo(dir, objects);
  return { dir };
}

// 1. Commit-to-applied latency: 20 commits into a 50-object app.
if (want('latency')) {
  const samples: Array<Record<string, number>> = [];
  for (let i = 0; i < runs; i++) {
    const { dir } = fresh(50);
    samples.push(scenario('latency', dir));
    rmSync(dir, { recursive: true, force: true });
  }
  const med = median(samples.map((s) => s.medianMs!));
  const max = Math.max(...samples.map((s) => s.maxMs!));
  const commit = median(samples.map((s) => s.gitCommitMedianMs!));
  emit({ bench: 'commit-to-applied', objects: 50, commits: 20, runs, medianMs: round(med), maxMs: round(max), baseline: { what: 'git commit process (start to exit)', medianMs: round(commit) }, ratio: round(med / commit), target: { medianMs: 100, maxMs: 250 }, pass: med < 100 && max < 250 });
}

// 2-4. A 10,000-object app: first full reconcile vs. the YAML parse alone, incremental pass, peak RSS.
if (want('full')) {
  const fulls: Array<Record<string, number>> = [];
  const parses: number[] = [];
  for (let i = 0; i < runs; i++) {
    const { dir } = fresh(bigObjects);
    parses.push(scenario('parse-baseline', dir).ms!);
    fulls.push(scenario('full', dir));
    rmSync(dir, { recursive: true, force: true });
  }
  const fullMs = median(fulls.map((f) => f.fullMs!));
  const parseMs = median(parses);
  // Each run measures the baseline and the full pass back to back on the same repository: the ratio is
  // the median of those paired ratios, which cancels most of a shared machine's drift between runs.
  const ratios = fulls.map((f, i) => f.fullMs! / parses[i]!);
  const ratio = median(ratios);
  emit({ bench: 'full-reconcile', objects: fulls[0]!.objects, runs, medianMs: round(fullMs), baseline: { what: 'yaml parseAllDocuments+toJS of the same files, single process', medianMs: round(parseMs) }, ratio: round(ratio), ratios: ratios.map((r) => round(r)), target: { ratio: 1.5 }, pass: ratio <= 1.5 });
  const inc = median(fulls.map((f) => f.incrementalMs!));
  const incMax = Math.max(...fulls.map((f) => f.incrementalMaxMs!));
  emit({ bench: 'incremental-pass', objects: fulls[0]!.objects, runs, commitsPerRun: 7, medianMs: round(inc), maxMs: round(incMax), baseline: { what: 'full first reconcile', medianMs: round(fullMs) }, ratio: round(inc / fullMs, 4), target: { medianMs: 50, ratio: 0.02 }, pass: inc < 50 && inc / fullMs < 0.02 });
  const passRss = median(fulls.map((f) => f.passPeakRssMb!));
  const rss = median(fulls.map((f) => f.peakRssMb!));
  emit({
    bench: 'peak-rss', objects: fulls[0]!.objects, runs,
    medianMb: round(passRss, 1), what: 'process peak RSS through the first full pass (Tugboat + the embedded cluster holding the 10,000 objects)',
    withClusterChildren: { medianMb: round(rss, 1), liveObjects: fulls[0]!.liveObjects, what: 'after the embedded cluster created its ReplicaSets, Pods, Endpoints and Events, plus 7 incremental passes' },
    target: { mb: 300 }, pass: passRss < 300,
  });
}

// 5. Drift sweep: 10,000 desired/live pairs where live carries server fields and defaults; 1% of Deployments drifted.
if (want('diff')) {
  const r = diffSweep();
  emit({ ...r, medianMs: round(r.medianMs as number), baseline: { ...(r.baseline as object), medianMs: round((r.baseline as { medianMs: number }).medianMs) }, ratio: round(r.ratio as number) });
}

// 6. The simulated cluster at scale: 1,000 Deployments × 3 replicas on 50 nodes until every pod is Ready.
if (want('sim')) {
  const samples: Array<Record<string, number>> = [];
  for (let i = 0; i < Math.min(runs, 3); i++) samples.push(scenario('sim-scale', tmpdir()));
  emit({
    bench: 'sim-scale', deployments: 1000, pods: samples[0]!.pods, nodes: 50, runs: samples.length,
    allReadyMedianMs: round(median(samples.map((s) => s.allReadyMs!))), appliedMedianMs: round(median(samples.map((s) => s.appliedMs!))),
    baseline: { what: 'pods become Ready 1 s after creation in the simulation (the floor of any run)', ms: 1000 },
    peakRssMedianMb: round(median(samples.map((s) => s.peakRssMb!)), 1),
  });
}

// 7. Chart rendering: `tugboat template` vs `helm template` (HELM=/path/to/helm, default /opt/helmbin/helm/helm),
// whole processes in pairs, per chart (BENCH_TEMPLATE_CHARTS=name,… picks some; BENCH_TEMPLATE_PAIRS=n).
if (want('template')) {
  for (const r of await templateBench(process.env.HELM, runs)) emit(r);
}

// 8. Rollouts: a blue/green switch and a 4-step canary of 50 replicas, commit to fully promoted, against the spec's delays.
if (want('rollout')) {
  const { rolloutBench } = await import('./rollout-bench.js');
  for (const line of rolloutBench(runs)) emit(line);
}

// 9. Commits in quick succession: two commits 0 ms and 20 ms apart, and a soak of 1,000 commits in bursts.
if (want('commits')) {
  const { commitBurstBench } = await import('./commit-burst.js');
  for (const line of commitBurstBench(runs)) emit(line);
}

// 10. cluster.type kube: the first full reconcile into the sim's Kubernetes API vs in-process; kubectl get pods -A.
if (want('kube')) {
  const { kubeBench } = await import('./kube-bench.js');
  for (const line of await kubeBench(runs)) emit(line);
}

// 11. Restart that scales: kill -9 of a Synced app of 10,000 and 40,000 objects, restart → Synced/Healthy, peak RSS.
if (want('restart')) restartBench(emit);
