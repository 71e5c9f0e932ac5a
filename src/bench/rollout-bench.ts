/**
 * `npm run bench` (BENCH_ONLY=rollout): a blue/green switch and a 4-step canary of a 50-replica Rollout on
 * the simulated cluster, from the commit to fully promoted (the Rollout Healthy at the new revision), set
 * against the floor the spec's own delays impose:
 *
 *   blue/green: the new pods' readiness delay (startupSeconds) + autoPromotionSeconds
 *   canary:     one readiness delay per wave of new canary pods (maxSurge bounds a wave; maxUnavailable 0)
 *               + the pause durations
 *
 * The overhead above the floor is what Tugboat (git watch, render, apply, the state machine's passes) and
 * the sim's controllers add. Beside it, measured in the same process: a plain 50-replica ReplicaSet applied
 * straight to the sim until all its pods are Ready (the sim's own cost of one wave, above startupSeconds).
 *
 * Each run is a child process (`node dist/bench/rollout-bench.js child blueGreen|canary WORK`) doing
 * `ROLLOUTS` rollouts in a row; the parent prints medians as JSON lines.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig } from '../config/index.js';
import { createSimCluster } from '../adapters/cluster/sim/index.js';
import { SqliteStateStore } from '../adapters/state/sqlite-state-store.js';
import { nullRecorder, silentLogger } from '../core/ports.js';
import { Daemon } from '../daemon/daemon.js';
import { daemonPorts } from '../adapters/daemon-ports.js';
import { canaryCounts } from '../core/rollout/index.js';
import { resolveFenceposts } from '../core/model/int-or-percent.js';
import { median, round } from './stats.js';

const REPLICAS = 50;
/** Pod readiness delay in the sim (cluster.images startupSeconds). */
const STARTUP_S = 1;
const BG = { autoPromotionSeconds: 2, scaleDownDelaySeconds: 1 };
const PAUSE_S = 1;
const CANARY_STEPS: Array<{ setWeight: number } | { pause: { duration: number } }> = [{ setWeight: 25 }, { pause: { duration: PAUSE_S } }, { setWeight: 50 }, { pause: { duration: PAUSE_S } }];
const MAX_SURGE = '25%';
const ROLLOUTS = 3;

type Strategy = 'blueGreen' | 'canary';

/** The floor in ms: what the spec's delays alone take, with no other cost at all; `waits`: how many delays in a row. */
export function floorOf(strategy: Strategy): { ms: number; waits: number } {
  if (strategy === 'blueGreen') return { ms: (STARTUP_S + BG.autoPromotionSeconds) * 1000, waits: 2 };
  const { surge } = resolveFenceposts(MAX_SURGE, 0, REPLICAS);
  let canary = 0;
  let waves = 0;
  let pauses = 0;
  let pauseSteps = 0;
  const grow = (to: number) => {
    if (to > canary) waves += Math.ceil((to - canary) / surge);
    canary = Math.max(canary, to);
  };
  for (const st of CANARY_STEPS) {
    if ('setWeight' in st) grow(canaryCounts(REPLICAS, st.setWeight).canary);
    else {
      pauses += st.pause.duration;
      pauseSteps++;
    }
  }
  grow(REPLICAS);
  return { ms: (waves * STARTUP_S + pauses) * 1000, waits: waves + pauseSteps };
}

function strategyYaml(strategy: Strategy): string {
  if (strategy === 'blueGreen') {
    return `    blueGreen: {activeService: web, previewService: web-preview, autoPromotionSeconds: ${BG.autoPromotionSeconds}, scaleDownDelaySeconds: ${BG.scaleDownDelaySeconds}}`;
  }
  const steps = CANARY_STEPS.map((s) => ('setWeight' in s ? `{setWeight: ${s.setWeight}}` : `{pause: {duration: ${s.pause.duration}s}}`)).join(', ');
  return `    canary: {stableService: web-stable, canaryService: web-canary, maxSurge: "${MAX_SURGE}", maxUnavailable: 0, steps: [${steps}]}`;
}

function rolloutYaml(strategy: Strategy, image: string): string {
  return `apiVersion: tugboat.dev/v1alpha1
kind: Rollout
metadata: {name: web}
spec:
  replicas: ${REPLICAS}
  progressDeadlineSeconds: 120
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "${image}", resources: {requests: {cpu: 10m, memory: 16Mi}}}]}
  strategy:
${strategyYaml(strategy)}
`;
}

function servicesYaml(strategy: Strategy): string {
  const names = strategy === 'blueGreen' ? ['web', 'web-preview'] : ['web-stable', 'web-canary'];
  return names.map((n) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${n}}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n`).join('---\n');
}

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(2);
  }
}

/** The child: one daemon on one sim, ROLLOUTS rollouts in a row, one JSON line. */
async function child(strategy: Strategy, work: string): Promise<void> {
  const repo = join(work, 'repo');
  mkdirSync(join(repo, 'app'), { recursive: true });
  git(repo, 'init', '-q', '--initial-branch', 'main');
  git(repo, 'config', 'user.email', 'bench@tugboat.invalid');
  git(repo, 'config', 'user.name', 'bench');
  writeFileSync(join(repo, 'app', 'services.yaml'), servicesYaml(strategy));
  writeFileSync(join(repo, 'app', 'rollout.yaml'), rolloutYaml(strategy, 'bench/web:0'));
  git(repo, 'add', '.');
  git(repo, 'commit', '-qm', 'v0');
  const images = [{ match: '*', startupSeconds: STARTUP_S }];
  const config = parseConfig(`apiVersion: tugboat.dev/v1alpha1
kind: Config
cluster: {dataDir: ${join(work, 'data')}, nodes: 10}
reconcile: {resyncInterval: 1h}
sources: [{name: src, repo: ${repo}, branch: main}]
applications:
  - {name: r, source: src, path: app, namespace: r, syncPolicy: {automated: true, prune: true, selfHeal: true}}
`, join(work, 'tugboat.yaml'), {});
  const cluster = await createSimCluster({ dataDir: config.cluster.dataDir, nodes: 10, images });
  const state = new SqliteStateStore(config.cluster.dataDir);
  const daemon = new Daemon({ ...daemonPorts, config, cluster, state, recorder: nullRecorder, logger: silentLogger });
  await daemon.start();
  const ctl = daemon.apps.get('r')!;
  const view = () => ctl.rollouts.views().find((v) => v.name === 'web');
  const scaledUp = async () => (await cluster.list({ group: 'apps', kind: 'ReplicaSet', namespace: 'r' })).filter((r) => ((r.spec as { replicas?: number }).replicas ?? 0) > 0).length;
  const settled = async (rev: string) => view()?.phase === 'Healthy' && view()?.stableRevision === rev && (await scaledUp()) === 1;
  await until('v0 healthy', () => settled(git(repo, 'rev-parse', 'HEAD')));

  // Baseline in the same process: a 50-replica ReplicaSet straight to the sim until every pod is Ready.
  const baselines: number[] = [];
  await cluster.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bench' } }, { fieldManager: 'bench' });
  for (let i = 0; i < ROLLOUTS; i++) {
    const name = `baseline-${i}`;
    const t0 = Date.now();
    await cluster.apply({
      apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name, namespace: 'bench' },
      spec: { replicas: REPLICAS, selector: { matchLabels: { b: name } }, template: { metadata: { labels: { b: name } }, spec: { containers: [{ name: 'b', image: `bench/baseline:${i}` }] } } },
    }, { fieldManager: 'bench' });
    await until('baseline ready', async () => ((await cluster.get({ group: 'apps', kind: 'ReplicaSet', namespace: 'bench', name }))?.status as { readyReplicas?: number } | undefined)?.readyReplicas === REPLICAS);
    baselines.push(Date.now() - t0);
    await cluster.delete({ group: 'apps', kind: 'ReplicaSet', namespace: 'bench', name });
  }

  const times: number[] = [];
  /** Milestones: commit → the new ReplicaSet exists (watch, render, apply, first pass); its last pod Ready → promoted. */
  const toNewReplicaSet: number[] = [];
  const fullyReadyToPromoted: number[] = [];
  for (let i = 1; i <= ROLLOUTS; i++) {
    writeFileSync(join(repo, 'app', 'rollout.yaml'), rolloutYaml(strategy, `bench/web:${i}`));
    let createdAt = 0;
    let readyAt = 0;
    const off = cluster.watch((ev) => {
      const o = ev.object as { kind: string; metadata: { namespace?: string }; spec?: { template?: { spec?: { containers?: Array<{ image?: string }> } } }; status?: { readyReplicas?: number } };
      if (o.kind !== 'ReplicaSet' || o.metadata.namespace !== 'r' || o.spec?.template?.spec?.containers?.[0]?.image !== `bench/web:${i}`) return;
      createdAt ||= Date.now();
      if (!readyAt && o.status?.readyReplicas === REPLICAS) readyAt = Date.now();
    });
    const t0 = Date.now();
    git(repo, 'commit', '-qam', `v${i}`);
    const rev = git(repo, 'rev-parse', 'HEAD');
    await until(`v${i} fully promoted`, () => view()?.phase === 'Healthy' && view()?.stableRevision === rev);
    const done = Date.now();
    off();
    times.push(done - t0);
    toNewReplicaSet.push(createdAt - t0);
    if (readyAt) fullyReadyToPromoted.push(done - readyAt);
    // Not timed: the old ReplicaSet scaled down, so each rollout starts from one ReplicaSet.
    await until(`v${i} settled`, () => settled(rev));
  }
  process.stdout.write(JSON.stringify({ strategy, times, baselines, toNewReplicaSet, fullyReadyToPromoted }) + '\n');
  await daemon.stop();
  await cluster.close();
  state.close();
}

/** The parent: `runs` child processes per strategy, one JSON line per strategy. */
export function rolloutBench(runs: number): Array<Record<string, unknown>> {
  const self = fileURLToPath(import.meta.url);
  const out: Array<Record<string, unknown>> = [];
  for (const strategy of ['blueGreen', 'canary'] as const) {
    const times: number[] = [];
    const baselines: number[] = [];
    const toNew: number[] = [];
    const readyToPromoted: number[] = [];
    for (let i = 0; i < runs; i++) {
      const work = mkdtempSync(join(tmpdir(), 'tugboat-bench-rollout-'));
      try {
        const text = execFileSync(process.execPath, [self, 'child', strategy, work], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
        const r = JSON.parse(text.trim().split('\n').at(-1)!) as { times: number[]; baselines: number[]; toNewReplicaSet: number[]; fullyReadyToPromoted: number[] };
        times.push(...r.times);
        baselines.push(...r.baselines);
        toNew.push(...r.toNewReplicaSet);
        readyToPromoted.push(...r.fullyReadyToPromoted);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    }
    const { ms: floor, waits } = floorOf(strategy);
    const med = median(times);
    const base = median(baselines);
    out.push({
      bench: strategy === 'blueGreen' ? 'rollout-blue-green' : 'rollout-canary',
      replicas: REPLICAS,
      ...(strategy === 'blueGreen'
        ? { what: 'commit to the active Service switched and the Rollout Healthy', autoPromotionSeconds: BG.autoPromotionSeconds }
        : { what: 'commit to fully promoted through 4 steps', steps: CANARY_STEPS, maxSurge: MAX_SURGE, maxUnavailable: 0 }),
      startupSeconds: STARTUP_S,
      runs,
      samples: times.length,
      medianMs: round(med),
      maxMs: round(Math.max(...times)),
      floor: { what: strategy === 'blueGreen' ? 'pod readiness delay + autoPromotionSeconds' : 'pod readiness delay per wave of canary pods (maxSurge) + pause durations', ms: floor, waits },
      overheadMs: round(med - floor),
      overheadPerWaitMs: round((med - floor) / waits),
      milestones: {
        commitToNewReplicaSetMedianMs: round(median(toNew)),
        ...(strategy === 'blueGreen' && readyToPromoted.length > 0 ? { lastPodReadyToPromotedMedianMs: round(median(readyToPromoted)), of: `autoPromotionSeconds ${BG.autoPromotionSeconds * 1000} ms` } : {}),
      },
      ratio: round(med / floor),
      baseline: { what: `a ${REPLICAS}-replica ReplicaSet applied straight to the sim until all pods are Ready (same process)`, medianMs: round(base), aboveStartupMs: round(base - STARTUP_S * 1000) },
    });
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === 'child') {
  child(process.argv[3] as Strategy, process.argv[4]!).then(() => process.exit(0), (err) => {
    process.stderr.write(String(err instanceof Error ? err.stack : err) + '\n');
    process.exit(1);
  });
}
