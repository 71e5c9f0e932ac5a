/**
 * The daemon's work queue on a manual clock: retry backoff after a failed apply, a stalled render that
 * waits for a new revision, coalescing of commits during a pass, and the resync. Git commits and the
 * source watch are real I/O (awaited as events); every daemon timer runs on ManualTime, so nothing here
 * sleeps to wait one out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { createSimCluster } from '../../src/adapters/cluster/sim/index.js';
import { SqliteStateStore } from '../../src/adapters/state/sqlite-state-store.js';
import { createPrometheusRecorder } from '../../src/adapters/metrics/index.js';
import { ClusterError, silentLogger, type ClusterStore, type WatchHandler, type WatchOptions, type ReconcileResult, type Recorder } from '../../src/core/ports.js';
import type { KubeObject } from '../../src/core/model/kube-object.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { daemonPorts } from '../../src/adapters/daemon-ports.js';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap } from '../helpers/manifests.js';
import { ManualTime } from '../helpers/manual-timers.js';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => { while (stops.length) await stops.pop()!(); });

const RESYNC = 3_600_000;

/** A cluster store around the sim whose applies can be made to fail or to wait at a gate. */
function controlledCluster(inner: ClusterStore, time: ManualTime) {
  const ctl = {
    failNext: 0,
    /** Times (manual clock) of every apply call, and the ConfigMap colors the cluster accepted, in order. */
    attempts: [] as number[],
    applied: [] as string[],
    gate: undefined as Promise<void> | undefined,
    atGate: undefined as (() => void) | undefined,
    inFlight: 0,
    maxInFlight: 0,
    muted: false,
  };
  const store: ClusterStore = {
    get: (k) => inner.get(k),
    list: (o) => inner.list(o),
    validate: (objs) => inner.validate(objs),
    delete: (k, o) => inner.delete(k, o),
    // Muted, the daemon hears nothing of the cluster's changes (a watch that missed them).
    watch: ((a: WatchOptions | WatchHandler, b?: WatchHandler) => {
      const h = typeof a === 'function' ? a : b!;
      const heard: WatchHandler = (ev) => { if (!ctl.muted) h(ev); };
      return typeof a === 'function' ? inner.watch(heard) : inner.watch(a, heard);
    }) as ClusterStore['watch'],
    applyStatus: (o, opts) => inner.applyStatus(o, opts),
    close: () => inner.close(),
    async apply(obj: KubeObject, opts) {
      ctl.attempts.push(time.now());
      if (ctl.failNext > 0) {
        ctl.failNext--;
        throw new ClusterError(503, 'ServiceUnavailable', 'the server is currently unable to handle the request');
      }
      if (obj.kind !== 'ConfigMap') return inner.apply(obj, opts);
      ctl.inFlight++;
      ctl.maxInFlight = Math.max(ctl.maxInFlight, ctl.inFlight);
      try {
        if (ctl.gate) {
          ctl.atGate?.();
          await ctl.gate;
        }
        const r = await inner.apply(obj, opts);
        ctl.applied.push((obj.data as Record<string, string>).color!);
        return r;
      } finally {
        ctl.inFlight--;
      }
    },
  };
  return { store, ctl };
}

async function manualDaemon(repo: TempGitRepo, opts: { failFirst?: number; random?: () => number } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'tugboat-manual-'));
  const config = parseConfig(`apiVersion: tugboat.dev/v1alpha1
kind: Config
cluster: {dataDir: ${join(work, 'data')}}
reconcile: {resyncInterval: 1h}
sources: [{name: src, repo: ${repo.dir}}]
applications:
  - {name: web, source: src, path: app, namespace: web, syncPolicy: {automated: true}}
`, join(work, 'tugboat.yaml'), {});
  const time = new ManualTime();
  const sim = await createSimCluster({ dataDir: config.cluster.dataDir, nodes: 0, mode: 'manual' });
  const { store, ctl } = controlledCluster(sim, time);
  ctl.failNext = opts.failFirst ?? 0;
  const state = new SqliteStateStore(config.cluster.dataDir);
  const metrics = createPrometheusRecorder();
  const passes: ReconcileResult[] = [];
  const recorder: Recorder = { ...metrics.recorder, reconciled: (e) => { passes.push(e.result); metrics.recorder.reconciled(e); } };
  const daemon = new Daemon({ ...daemonPorts, config, cluster: store, state, recorder, logger: silentLogger, clock: time, timers: time, ...(opts.random ? { random: opts.random } : {}) });
  stops.push(async () => {
    await daemon.stop();
    await sim.close();
    state.close();
    rmSync(work, { recursive: true, force: true });
  });
  await daemon.start();
  const app = daemon.app('web');

  /** Resolves when `check` holds, looked at after every pass and status change and every new revision (real I/O). */
  const until = <T>(label: string, check: () => T | undefined | false): Promise<T> => new Promise((resolve, reject) => {
    const look = () => {
      const v = check();
      if (v === undefined || v === false) return false;
      off();
      offRev();
      clearTimeout(guard);
      resolve(v);
      return true;
    };
    const off = daemon.onAppChange(() => void look());
    let active = true;
    const offRev = () => { active = false; };
    app.source.onRevision(() => { if (active) look(); });
    // A guard so a broken daemon fails the test with a name instead of hanging; nothing waits on it.
    const guard = setTimeout(() => { off(); offRev(); reject(new Error(`timed out waiting for ${label}`)); }, 20_000);
    look();
  });
  /** The pass that a timer just started has finished (`n` passes counted in all). */
  const passesDone = (n: number) => until(`${n} passes`, () => passes.length >= n && !app.busy);
  /** The retry timer: every armed daemon timer but the resync and the 20 ms/50 ms debounces. */
  const retryTimers = () => time.pending().filter((t) => t.delay >= 100 && t.delay < RESYNC);

  return { daemon, app, state, time, ctl, passes, metrics, until, passesDone, retryTimers };
}

describe('the daemon on a manual clock', () => {
  it('retries a failed apply with growing, jittered backoff, counts each failure, and succeeds once the cluster accepts', async () => {
    const repo = new TempGitRepo();
    stops.push(() => repo.cleanup());
    repo.write('app/cm.yaml', configMap('settings', { color: 'blue' }));
    const first = repo.commit('first');
    const jitter = [0, 0.5, 0.999];
    let draws = 0;
    const d = await manualDaemon(repo, { failFirst: 3, random: () => jitter[draws++ % jitter.length]! });

    // The first pass (in start) failed: one attempt, counted as an error, SyncError shown.
    expect(d.ctl.attempts).toHaveLength(1);
    expect(d.passes).toEqual(['error']);
    expect(d.state.getApp('web')!.operation).toMatchObject({ phase: 'Failed', revision: first });

    const delays: number[] = [];
    for (let k = 0; k < 3; k++) {
      const retry = d.retryTimers();
      expect(retry, `a retry is armed after failure ${k + 1}`).toHaveLength(1);
      const delay = retry[0]!.delay;
      const base = 1000 * 2 ** k;
      expect(delay).toBeGreaterThanOrEqual(0.8 * base);
      expect(delay).toBeLessThanOrEqual(1.2 * base);
      expect(delay).toBeCloseTo(base * (0.8 + jitter[k]! * 0.4), 6);
      delays.push(delay);

      // Not a moment early.
      const attempts = d.ctl.attempts.length;
      d.time.advance(delay - 1);
      expect(d.app.busy).toBe(false);
      expect(d.ctl.attempts).toHaveLength(attempts);
      const due = d.time.now() + 1;
      d.time.advance(1);
      expect(d.app.busy).toBe(true);
      await d.passesDone(k + 2);
      expect(d.ctl.attempts[attempts]).toBe(due);
    }
    expect(delays[1]!).toBeGreaterThan(delays[0]!);
    expect(delays[2]!).toBeGreaterThan(delays[1]!);

    // The fourth pass went through: three errors, then synced.
    expect(d.passes).toEqual(['error', 'error', 'error', 'synced']);
    const rec = d.state.getApp('web')!;
    expect(rec.syncedRevision).toBe(first);
    expect(rec.conditions.some((c) => c.type === 'SyncError')).toBe(false);
    expect(d.ctl.applied).toEqual(['blue']);
    expect(d.retryTimers()).toHaveLength(0);
    const text = await d.metrics.metrics();
    expect(text).toMatch(/tugboat_reconcile_total\{app="web",result="error"\} 3\b/);
    expect(text).toMatch(/tugboat_reconcile_total\{app="web",result="synced"\} 1\b/);

    // Success reset the backoff: the next failure waits about 1 s again, not 8 s.
    d.ctl.failNext = 1;
    repo.write('app/cm.yaml', configMap('settings', { color: 'green' }));
    const second = repo.commit('second');
    await d.until('the failed pass of the second commit', () => d.passes.length >= 5 && !d.app.busy);
    expect(d.passes[4]).toBe('error');
    const again = d.retryTimers();
    expect(again).toHaveLength(1);
    expect(again[0]!.delay).toBeGreaterThanOrEqual(800);
    expect(again[0]!.delay).toBeLessThanOrEqual(1200);
    d.time.advance(again[0]!.delay);
    await d.until('second commit synced', () => d.state.getApp('web')?.syncedRevision === second && !d.app.busy);
    expect(d.ctl.applied).toEqual(['blue', 'green']);
  });

  it('does not retry a stalled render however far the clock moves; the next good commit is applied', async () => {
    const repo = new TempGitRepo();
    stops.push(() => repo.cleanup());
    repo.write('app/cm.yaml', configMap('settings', { color: 'blue' }));
    repo.commit('good');
    const d = await manualDaemon(repo);
    expect(d.passes).toEqual(['synced']);

    repo.write('app/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings\ndata: [\n');
    const broken = repo.commit('broken yaml');
    await d.until('RenderError', () => !d.app.busy && d.state.getApp('web')?.conditions.some((c) => c.type === 'RenderError' && c.revision === broken));
    expect(d.passes).toEqual(['synced', 'error']);
    const attempts = d.ctl.attempts.length;

    for (let i = 0; i < 10; i++) {
      d.time.advance(5 * 60_000);
      expect(d.app.busy).toBe(false);
    }
    expect(d.retryTimers()).toHaveLength(0);
    expect(d.passes).toEqual(['synced', 'error']);
    expect(d.ctl.attempts).toHaveLength(attempts);

    repo.write('app/cm.yaml', configMap('settings', { color: 'red' }));
    const fixed = repo.commit('fixed');
    await d.until('fixed commit synced', () => d.state.getApp('web')?.syncedRevision === fixed && !d.app.busy);
    expect(d.ctl.applied).toEqual(['blue', 'red']);
    expect(d.state.getApp('web')!.conditions.some((c) => c.type === 'RenderError')).toBe(false);
  });

  it('coalesces commits that arrive during a pass: one pass in flight, the newest revision next', async () => {
    const repo = new TempGitRepo();
    stops.push(() => repo.cleanup());
    repo.write('app/cm.yaml', configMap('settings', { color: 'a' }));
    repo.commit('a');
    const d = await manualDaemon(repo);
    expect(d.ctl.applied).toEqual(['a']);

    let open!: () => void;
    d.ctl.gate = new Promise((r) => { open = r; });
    const held = new Promise<void>((r) => { d.ctl.atGate = r; });
    repo.write('app/cm.yaml', configMap('settings', { color: 'b' }));
    const b = repo.commit('b');
    await held;
    expect(d.app.busy).toBe(true);

    repo.write('app/cm.yaml', configMap('settings', { color: 'c' }));
    repo.commit('c');
    repo.write('app/cm.yaml', configMap('settings', { color: 'd' }));
    const last = repo.commit('d');
    await d.until('the source saw the newest commit', () => d.app.source.revision === last);
    // Still the one pass of b, waiting at the gate.
    expect(d.passes).toHaveLength(1);

    d.ctl.gate = undefined;
    open();
    await d.until('newest commit synced', () => d.state.getApp('web')?.syncedRevision === last && !d.app.busy);
    expect(d.ctl.applied).toEqual(['a', 'b', 'd']);
    expect(d.ctl.maxInFlight).toBe(1);
    expect(d.passes).toEqual(['synced', 'synced', 'synced']);
    expect(d.state.history('web').map((h) => h.revision).slice(-2)).toEqual([b, last]);
  });

  it('runs a full resync of every app after resyncInterval of manual time, and again after the next', async () => {
    const repo = new TempGitRepo();
    stops.push(() => repo.cleanup());
    repo.write('app/cm.yaml', configMap('settings', { color: 'blue' }));
    repo.commit('good');
    const d = await manualDaemon(repo);
    expect(d.passes).toEqual(['synced']);

    const key = { group: '', kind: 'ConfigMap', namespace: 'web', name: 'settings' };
    d.time.advance(RESYNC - 1);
    expect(d.app.busy).toBe(false);
    expect(d.passes).toEqual(['synced']);
    d.time.advance(1);
    expect(d.app.busy).toBe(true);
    await d.passesDone(2);
    expect(d.passes).toEqual(['synced', 'unchanged']);
    expect(await d.daemon.cluster.get(key)).toBeDefined();

    d.time.advance(RESYNC);
    await d.passesDone(3);
    expect(d.passes).toEqual(['synced', 'unchanged', 'unchanged']);
  });

  it('the resync compares every object: a change the watch missed is found at the interval, not before', async () => {
    const repo = new TempGitRepo();
    stops.push(() => repo.cleanup());
    repo.write('app/cm.yaml', configMap('settings', { color: 'blue' }));
    repo.write('app/other.yaml', configMap('other', { color: 'grey' }));
    repo.commit('good');
    const d = await manualDaemon(repo);
    expect(d.passes).toEqual(['synced']);
    const key = '/ConfigMap/web/settings';
    expect(d.app.resources.get(key)!.status).toBe('Synced');

    // Someone edits the ConfigMap and the watch misses it: nothing is dirty, no drift pass is asked for.
    d.ctl.muted = true;
    await d.daemon.cluster.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'web' }, data: { color: 'pink' } }, { fieldManager: 'kubectl', force: true });
    d.ctl.muted = false;
    d.time.advance(RESYNC - 1);
    expect(d.app.busy).toBe(false);
    expect(d.passes).toEqual(['synced']);
    expect(d.app.resources.get(key)!.status).toBe('Synced');

    // At the interval the full comparison reads it: OutOfSync with the drifted field (no selfHeal here).
    d.time.advance(1);
    expect(d.app.busy).toBe(true);
    await d.passesDone(2);
    expect(d.app.resources.get(key)!.status).toBe('OutOfSync');
    expect(d.app.resources.get('/ConfigMap/web/other')!.status).toBe('Synced');
    // Without selfHeal nothing was written back: the applies are the first pass's two and the edit.
    expect([...d.ctl.applied].sort()).toEqual(['blue', 'grey', 'pink']);
  });

  it('revisions seen one by one during a pass make one follow-up pass, at the newest', async () => {
    const repo = new TempGitRepo();
    stops.push(() => repo.cleanup());
    repo.write('app/cm.yaml', configMap('settings', { color: 'a' }));
    repo.commit('a');
    const d = await manualDaemon(repo);
    const seen: string[] = [];
    d.app.source.onRevision((rev) => seen.push(rev));

    let open!: () => void;
    d.ctl.gate = new Promise((r) => { open = r; });
    const held = new Promise<void>((r) => { d.ctl.atGate = r; });
    repo.write('app/cm.yaml', configMap('settings', { color: 'b' }));
    repo.commit('b');
    await held;
    // Each of c, d and e reaches the daemon as its own revision while the pass of b waits at the gate.
    const later: string[] = [];
    for (const color of ['c', 'd', 'e']) {
      repo.write('app/cm.yaml', configMap('settings', { color }));
      const rev = repo.commit(color);
      later.push(rev);
      await d.until(`the source saw ${color}`, () => seen.includes(rev));
    }
    expect(d.app.busy).toBe(true);
    expect(d.passes).toHaveLength(1);

    d.ctl.gate = undefined;
    open();
    const newest = later.at(-1)!;
    await d.until('newest commit synced', () => d.state.getApp('web')?.syncedRevision === newest && !d.app.busy);
    // Settle: no pass is left queued behind it.
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(d.app.busy).toBe(false);
    expect(d.passes).toEqual(['synced', 'synced', 'synced']);
    expect(d.ctl.applied).toEqual(['a', 'b', 'e']);
    expect(d.state.history('web').map((h) => h.revision)).not.toContain(later[0]);
    expect(d.state.history('web').map((h) => h.revision)).not.toContain(later[1]);
  });
});
