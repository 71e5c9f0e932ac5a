/**
 * The restart scenarios, each in its own process (so peak RSS belongs to it); each prints one JSON line.
 * Usage: node dist/bench/restart-scenario.js seed|restart|read-baseline REPO_DIR WORK_DIR
 *
 * - seed: a daemon with the embedded cluster's controllers on starts on an empty data dir and runs until
 *   the app is Synced and Healthy (its Deployments' ReplicaSets, Pods, Endpoints and Events exist), then
 *   kills itself with SIGKILL (`kill -9`): nothing is closed or flushed on the way out.
 * - restart: the same daemon on the same data dir, from nothing to Synced/Healthy at the same revision.
 * - read-baseline: reads every row of the two databases back and JSON-parses it (the floor of a restart).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseConfig } from '../config/index.js';
import { createSimCluster } from '../adapters/cluster/sim/index.js';
import { SqliteStateStore } from '../adapters/state/sqlite-state-store.js';
import { SqliteRenderCache } from '../adapters/state/render-cache.js';
import { nullRecorder, silentLogger } from '../core/ports.js';
import { Daemon } from '../daemon/daemon.js';
import { daemonPorts } from '../adapters/daemon-ports.js';
import { syncStatusOf } from '../app/views/app-status.js';
import { runScenario } from './scenario-main.js';

const t0 = performance.now();
const [, , scenario, repoDir, workDir] = process.argv as [string, string, string, string, string];
const dataDir = join(workDir, 'data');
const TIMEOUT_MS = Number(process.env.BENCH_RESTART_TIMEOUT_MS ?? 900_000);
/** Enough nodes for every Deployment's pod (50 nodes hold 5,500 pods: a 40,000-object app has 8,000). */
const NODES = Number(process.env.BENCH_RESTART_NODES ?? 50);

function out(o: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(o) + '\n');
}

function mb(bytes: number): number {
  return bytes / (1024 * 1024);
}

/** CPU time of this process (all threads) so far: less sensitive than wall time to a shared machine. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

async function openDaemon() {
  const config = parseConfig(`apiVersion: tugboat.dev/v1alpha1
kind: Config
cluster: {dataDir: ${dataDir}, nodes: ${NODES}}
reconcile: {resyncInterval: 1h}
sources: [{name: src, repo: ${repoDir}, branch: main}]
applications:
  - {name: big, source: src, path: apps/big, namespace: big, syncPolicy: {automated: true, prune: true, selfHeal: true}}
`, join(workDir, 'tugboat.yaml'), {});
  const cluster = await createSimCluster({ dataDir, nodes: NODES });
  const state = new SqliteStateStore(dataDir);
  // Wired as `tugboat serve` wires it (runtime.ts), render cache included.
  const renderCache = new SqliteRenderCache(dataDir);
  const daemon = new Daemon({ ...daemonPorts, config, cluster, state, recorder: nullRecorder, logger: silentLogger, renderCache });
  return { daemon, cluster, state };
}

/** Resolves with the time Synced was first seen and the time Synced and Healthy were seen together. */
function waitSynced(daemon: Daemon, revision: () => string | undefined): Promise<{ syncedAt: number; healthyAt: number }> {
  return new Promise((resolve, reject) => {
    let syncedAt = 0;
    const check = () => {
      const ctl = daemon.apps.get('big');
      if (!ctl) return;
      const rev = revision();
      const rec = daemon.state.getApp('big');
      if (!rev || rec?.syncedRevision !== rev || syncStatusOf(ctl, rec) !== 'Synced' || ctl.resources.size === 0) return;
      syncedAt ||= performance.now();
      if (ctl.health.status !== 'Healthy') return;
      off();
      clearInterval(timer);
      resolve({ syncedAt, healthyAt: performance.now() });
    };
    const off = daemon.onAppChange(check);
    const timer = setInterval(() => {
      check();
      if (performance.now() - t0 > TIMEOUT_MS) {
        clearInterval(timer);
        reject(new Error(`not Synced/Healthy after ${TIMEOUT_MS} ms`));
      }
    }, 10);
  });
}

async function seed(): Promise<void> {
  const { daemon, cluster } = await openDaemon();
  const start = performance.now();
  const started = daemon.start();
  const { syncedAt, healthyAt } = await waitSynced(daemon, () => daemon.sources.get('src')?.revision);
  await started;
  // Let the controllers finish what the last pod changes started (Endpoints, Events), then kill -9.
  await new Promise((r) => setTimeout(r, 1500));
  const stats = (cluster as unknown as { stats(): { objects: number; events: number } }).stats();
  out({
    scenario, revision: daemon.sources.get('src')!.revision, objects: daemon.apps.get('big')!.resources.size,
    liveObjects: stats.objects, events: stats.events, firstSyncMs: syncedAt - start, firstHealthyMs: healthyAt - start, cpuMs: cpuMs(), peakRssMb: peakRssMb(),
  });
  // BENCH_SEED_EXIT=1 (profiling) exits normally instead.
  if (process.env.BENCH_SEED_EXIT !== '1') process.kill(process.pid, 'SIGKILL');
}

async function restart(): Promise<void> {
  const expected = process.env.BENCH_RESTART_REVISION;
  const opened = performance.now();
  const { daemon, cluster, state } = await openDaemon();
  const loadedMs = performance.now() - opened;
  const stats = () => (cluster as unknown as { stats(): { objects: number; resourceVersion: number } }).stats();
  const rvLoaded = stats().resourceVersion;
  const started = daemon.start();
  const { syncedAt, healthyAt } = await waitSynced(daemon, () => daemon.sources.get('src')?.revision);
  await started;
  const revision = daemon.sources.get('src')!.revision;
  if (expected && revision !== expected) throw new Error(`restarted at ${revision}, expected ${expected}`);
  const mem = process.memoryUsage();
  out({
    scenario, revision, objects: daemon.apps.get('big')!.resources.size, sinceProcessStartMs: healthyAt, // performance.now() counts from the process's start
    loadMs: loadedMs, syncedMs: syncedAt - opened, healthyMs: healthyAt - opened, cpuMs: cpuMs(), peakRssMb: peakRssMb(),
    rssMb: mb(mem.rss), heapUsedMb: mb(mem.heapUsed), externalMb: mb(mem.external),
    liveObjects: stats().objects, writesAfterLoad: stats().resourceVersion - rvLoaded,
  });
  await daemon.stop();
  await cluster.close();
  state.close();
}

/** Every row of cluster.db and state.db read back and parsed, nothing else. */
async function readBaseline(): Promise<void> {
  const start = performance.now();
  let rows = 0;
  for (const [file, queries] of [
    ['cluster.db', ['SELECT v FROM objects', 'SELECT v FROM events']],
    ['state.db', ['SELECT json FROM applied', 'SELECT json FROM history', 'SELECT json FROM apps']],
  ] as const) {
    const db = new Database(join(dataDir, file), { readonly: true });
    for (const q of queries) for (const v of db.prepare(q).pluck().iterate()) { JSON.parse(v as string); rows++; }
    db.close();
  }
  out({ scenario, ms: performance.now() - start, rows, cpuMs: cpuMs(), peakRssMb: peakRssMb() });
}

const run: Record<string, () => Promise<void>> = { seed, restart, 'read-baseline': readBaseline };
runScenario(scenario, run);
