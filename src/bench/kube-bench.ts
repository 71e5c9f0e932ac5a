/**
 * cluster.type kube at scale (issue 13):
 * - the first full reconcile of N objects (default 10,000) through cluster/kube into the sim's Kubernetes
 *   API (served by another process, over HTTPS), beside the same pass into the sim in-process, paired per
 *   run; the ratio is the median of the paired ratios;
 * - `kubectl get pods -A` against the API holding 3,000 pods, beside `kubectl version --client` (the
 *   process start-up floor of any kubectl command), medians of several runs.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../config/index.js';
import { createSimCluster } from '../adapters/cluster/sim/index.js';
import { ConnectingKubeCluster } from '../adapters/cluster/kube/index.js';
import { SqliteStateStore } from '../adapters/state/sqlite-state-store.js';
import { nullRecorder, silentLogger, type ClusterStore } from '../core/ports.js';
import { Daemon } from '../daemon/daemon.js';
import { daemonPorts } from '../adapters/daemon-ports.js';
import { generateRepo } from './generate.js';
import { median, round } from './stats.js';

const HOST = fileURLToPath(new URL('./kube-api-host.js', import.meta.url));

interface Host { proc: ChildProcess; kubeconfig: string; close(): Promise<void> }

function startHost(dataDir: string, pods = 0): Promise<Host> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [HOST, dataDir, String(pods)], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      const { kubeconfig } = JSON.parse(line) as { kubeconfig: string };
      resolve({
        proc, kubeconfig,
        close: () => new Promise<void>((done) => {
          proc.once('exit', () => done());
          proc.stdin!.end();
          setTimeout(() => proc.kill('SIGKILL'), 10_000).unref();
        }),
      });
    });
    proc.once('exit', (code) => reject(new Error(`kube-api-host exited with ${code}`)));
  });
}

/** The first full pass of one app of the repository's objects, timed from start to the end of the pass. */
async function firstPass(repoDir: string, workDir: string, cluster: ClusterStore, kube: boolean): Promise<{ ms: number; synced: number }> {
  const dataDir = join(workDir, 'data');
  const config = parseConfig(`apiVersion: tugboat.dev/v1alpha1
kind: Config
cluster: {${kube ? 'type: kube, kubeconfig: ./kubeconfig, context: tugboat-sim, ' : ''}dataDir: ${dataDir}}
reconcile: {resyncInterval: 1h}
sources: [{name: src, repo: ${repoDir}, branch: main}]
applications:
  - {name: big, source: src, path: apps/big, namespace: big, syncPolicy: {automated: true, prune: true, selfHeal: true}}
`, join(workDir, 'tugboat.yaml'), {});
  const state = new SqliteStateStore(dataDir);
  const daemon = new Daemon({ ...daemonPorts, config, cluster, state, recorder: nullRecorder, logger: silentLogger });
  const t0 = performance.now();
  await daemon.start();
  const ms = performance.now() - t0;
  const synced = [...daemon.apps.get('big')!.resources.values()].filter((r) => r.status === 'Synced').length;
  await daemon.stop();
  state.close();
  return { ms, synced };
}

async function fullReconcile(runs: number, objects: number): Promise<Record<string, unknown>> {
  const kubeMs: number[] = [];
  const simMs: number[] = [];
  const ratios: number[] = [];
  let synced = { kube: 0, sim: 0 };
  for (let i = 0; i < runs; i++) {
    const repo = mkdtempSync(join(tmpdir(), 'tugboat-bench-kube-repo-'));
    generateRepo(repo, objects);
    // in-process: the sim as the ClusterStore, controllers paused
    const w1 = mkdtempSync(join(tmpdir(), 'tugboat-bench-kube-sim-'));
    const sim = await createSimCluster({ dataDir: join(w1, 'cluster'), nodes: 50, mode: 'manual' });
    const a = await firstPass(repo, w1, sim, false);
    await sim.close();
    // through cluster/kube into the sim's API in another process
    const w2 = mkdtempSync(join(tmpdir(), 'tugboat-bench-kube-api-'));
    const host = await startHost(w2);
    const cluster = new ConnectingKubeCluster({ kubeconfig: host.kubeconfig, context: 'tugboat-sim' });
    const b = await firstPass(repo, w2, cluster, true);
    await cluster.close();
    await host.close();
    simMs.push(a.ms);
    kubeMs.push(b.ms);
    ratios.push(b.ms / a.ms);
    synced = { kube: b.synced, sim: a.synced };
    for (const d of [repo, w1, w2]) rmSync(d, { recursive: true, force: true });
  }
  return {
    bench: 'kube-full-reconcile', objects, runs, synced,
    medianMs: round(median(kubeMs)),
    baseline: { what: 'the same first pass into the sim in-process (controllers paused in both)', medianMs: round(median(simMs)) },
    ratio: round(median(ratios)), ratios: ratios.map((r) => round(r)),
    what: 'cluster/kube over HTTPS (discovery, list+watch, a dry-run apply and a server-side apply per object) into the sim\'s Kubernetes API in another process',
  };
}

function timeProcess(cmd: string, args: string[], env: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  execFileSync(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
  return performance.now() - t0;
}

async function kubectlGetPods(runs: number, pods: number, kubectl: string): Promise<Record<string, unknown>> {
  const work = mkdtempSync(join(tmpdir(), 'tugboat-bench-kubectl-'));
  const host = await startHost(work, pods);
  try {
    const env = { PATH: process.env.PATH ?? '/usr/bin', HOME: work, KUBECONFIG: host.kubeconfig };
    const lines = execFileSync(kubectl, ['get', 'pods', '-A', '--no-headers'], { env, encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n').length;
    const get: number[] = [];
    const version: number[] = [];
    for (let i = 0; i < runs; i++) {
      version.push(timeProcess(kubectl, ['version', '--client'], env));
      get.push(timeProcess(kubectl, ['get', 'pods', '-A'], env));
    }
    const g = median(get);
    const v = median(version);
    return {
      bench: 'kubectl-get-pods', pods, listed: lines, runs,
      medianMs: round(g), baseline: { what: 'kubectl version --client (process start-up, no request)', medianMs: round(v) },
      ratio: round(g / v), overBaselineMs: round(g - v),
    };
  } finally {
    await host.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** JSON lines of the kube benchmarks. BENCH_KUBE_OBJECTS, BENCH_KUBE_PODS and KUBECTL override the sizes and binary. */
export async function kubeBench(runs: number): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  out.push(await fullReconcile(runs, Number(process.env.BENCH_KUBE_OBJECTS ?? 10_000)));
  const kubectl = process.env.KUBECTL ?? '/usr/bin/kubectl';
  if (existsSync(kubectl)) out.push(await kubectlGetPods(Math.max(runs, 5), Number(process.env.BENCH_KUBE_PODS ?? 3000), kubectl));
  else out.push({ bench: 'kubectl-get-pods', skipped: `no kubectl at ${kubectl}` });
  return out;
}
