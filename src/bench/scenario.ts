/**
 * One benchmark scenario in its own process (so peak RSS belongs to it): prints one JSON line.
 * Usage: node dist/bench/scenario.js parse-baseline|full|latency REPO_DIR WORK_DIR
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseAllDocuments } from 'yaml';
import { parseConfig } from '../config/index.js';
import { createSimCluster } from '../adapters/cluster/sim/index.js';
import { SqliteStateStore } from '../adapters/state/sqlite-state-store.js';
import { nullRecorder, silentLogger } from '../core/ports.js';
import { Daemon } from '../daemon/daemon.js';
import { daemonPorts } from '../adapters/daemon-ports.js';
import { git, manifest } from './generate.js';
import { median } from './stats.js';
import { runScenario } from './scenario-main.js';

const [, , scenario, repoDir, workDir] = process.argv as [string, string, string, string, string];

function out(o: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(o) + '\n');
}

function listFiles(): string[] {
  return git(repoDir, 'ls-files').split('\n').filter((f) => f.endsWith('.yaml'));
}

async function parseBaseline(): Promise<void> {
  const texts = listFiles().map((f) => readFileSync(join(repoDir, f), 'utf8'));
  const t0 = performance.now();
  let n = 0;
  for (const t of texts) for (const d of parseAllDocuments(t)) { if (d.toJS()) n++; }
  out({ scenario, ms: performance.now() - t0, objects: n });
}

function configFor(path: string): ReturnType<typeof parseConfig> {
  return parseConfig(`apiVersion: tugboat.dev/v1alpha1
kind: Config
cluster: {dataDir: ${join(workDir, 'data')}, nodes: 50}
reconcile: {resyncInterval: 1h}
sources: [{name: src, repo: ${repoDir}, branch: main}]
applications:
  - {name: big, source: src, path: ${path}, namespace: big, syncPolicy: {automated: true, prune: true, selfHeal: true}}
`, join(workDir, 'tugboat.yaml'), {});
}

function commitAsync(message: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('git', ['commit', '-q', '-am', message], { cwd: repoDir }, (err) => (err ? reject(err) : resolve()));
  });
}

/**
 * `controllers: false` pauses the simulated cluster's controllers (manual mode) while Tugboat's pass is
 * measured, so the figure is Tugboat's work and not the cluster creating ReplicaSets and Pods.
 */
async function makeDaemon(path: string, controllers = true) {
  const config = configFor(path);
  const cluster = await createSimCluster({ dataDir: config.cluster.dataDir, nodes: 50, mode: controllers ? 'auto' : 'manual' });
  const state = new SqliteStateStore(config.cluster.dataDir);
  const daemon = new Daemon({ ...daemonPorts, config, cluster, state, recorder: nullRecorder, logger: silentLogger });
  return { daemon, cluster, state };
}

async function full(): Promise<void> {
  const { daemon, cluster, state } = await makeDaemon('apps/big', false);
  const t0 = performance.now();
  await daemon.start();
  const fullMs = performance.now() - t0;
  // Peak RSS of the process through the first full pass: Tugboat plus the cluster holding the app's objects.
  const passPeakRssMb = process.resourceUsage().maxRSS / 1024;
  const ctl = daemon.apps.get('big')!;
  const objects = ctl.resources.size;
  const synced = [...ctl.resources.values()].filter((r) => r.status === 'Synced').length;
  await cluster.advance(5000);
  await cluster.settle();
  // Incremental: one-file commits; time from the new revision to the end of the pass.
  const source = daemon.sources.get('src')!;
  const passes: number[] = [];
  const files = listFiles().filter((f) => f.includes('/cm-'));
  for (let i = 0; i < 7; i++) {
    const file = files[(i * 37) % files.length]!;
    const idx = Number(/cm-(\d+)/.exec(file)![1]);
    writeFileSync(join(repoDir, file), manifest('cm', idx, Date.now() * 10 + i));
    let seen = 0;
    const done = new Promise<void>((resolve) => {
      source.onRevision(() => { seen = performance.now(); });
      const off = daemon.onAppChange(() => {
        if (seen && ctl.renderer.lastRendered?.revision === source.revision && !ctl.busy) { off(); resolve(); }
      });
    });
    await commitAsync(`change ${file}`);
    await done;
    passes.push(performance.now() - seen);
  }
  const rssMb = process.resourceUsage().maxRSS / 1024;
  out({ scenario, fullMs, objects, synced, incrementalMs: median(passes), incrementalMaxMs: Math.max(...passes), passPeakRssMb, peakRssMb: rssMb, liveObjects: (cluster as unknown as { stats(): { objects: number } }).stats().objects });
  await daemon.stop();
  await cluster.close();
  state.close();
}

async function latency(): Promise<void> {
  const { daemon, cluster, state } = await makeDaemon('apps/big');
  await daemon.start();
  await cluster.settle();
  const files = listFiles().filter((f) => f.includes('/cm-'));
  const latencies: number[] = [];
  const commits: number[] = [];
  for (let i = 0; i < 20; i++) {
    const file = files[i % files.length]!;
    const idx = Number(/cm-(\d+)/.exec(file)![1]);
    writeFileSync(join(repoDir, file), manifest('cm', idx, Date.now() * 10 + i));
    const name = `obj-${idx}`;
    const t0 = performance.now();
    let commitEnd = 0;
    const applied = new Promise<number>((resolve) => {
      const off = cluster.watch((ev) => {
        if (ev.manager === 'tugboat' && ev.object.kind === 'ConfigMap' && ev.object.metadata.name === name) { off(); resolve(performance.now()); }
      });
    });
    const committed = commitAsync(`c${i}`).then(() => { commitEnd = performance.now(); });
    const at = await applied;
    await committed;
    latencies.push(at - t0);
    commits.push(commitEnd - t0);
    await new Promise((r) => setTimeout(r, 50));
  }
  out({ scenario, medianMs: median(latencies), maxMs: Math.max(...latencies), gitCommitMedianMs: median(commits), samples: latencies.length });
  await daemon.stop();
  await cluster.close();
  state.close();
}

/** 1,000 Deployments × 3 replicas on 50 nodes, applied at once; wall time until every pod is Ready. */
async function simScale(): Promise<void> {
  const cluster = await createSimCluster({ dataDir: join(workDir, 'sim'), nodes: 50 });
  await cluster.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'scale' } });
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 1000 }, (_, i) => cluster.apply({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `d-${i}`, namespace: 'scale' },
    spec: { replicas: 3, selector: { matchLabels: { app: `d-${i}` } }, template: { metadata: { labels: { app: `d-${i}` } }, spec: { containers: [{ name: 'app', image: `registry.local/d-${i}:1`, resources: { requests: { cpu: '10m', memory: '16Mi' } } }] } } },
  }, { fieldManager: 'bench' })));
  const appliedMs = performance.now() - t0;
  let ready = 0;
  for (;;) {
    const pods = await cluster.list({ kind: 'Pod', namespace: 'scale' });
    ready = pods.filter((p) => ((p.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')).length;
    if (ready >= 3000 || performance.now() - t0 > 600_000) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  out({ scenario, deployments: 1000, pods: ready, appliedMs, allReadyMs: performance.now() - t0, peakRssMb: process.resourceUsage().maxRSS / 1024 });
  await cluster.close();
}

const run: Record<string, () => Promise<void>> = { 'parse-baseline': parseBaseline, full, latency, 'sim-scale': simScale };
runScenario(scenario, run);
