/**
 * The replica (daemon/replica.ts) on a manual clock, with no real sleeps: a state that cannot be read is
 * retried with backoff before the daemon starts; a standby keeps re-reading the state for its read-only
 * API and starts the daemon only when it wins the Lease, after the holder's lease ran out.
 */
import { describe, expect, it } from 'vitest';
import { leaseTiming } from '../../src/core/leader/lease-decision.js';
import { silentLogger, nullRecorder } from '../../src/core/ports.js';
import { LeaderElector } from '../../src/daemon/leader-elector.js';
import { LeaderGate } from '../../src/daemon/leader-gate.js';
import { startReplica, type LoadableState } from '../../src/daemon/replica.js';
import { ManualTime } from '../helpers/manual-timers.js';
import { MemoryLease } from '../helpers/memory-lease.js';

/** Lets pending promise callbacks run (no time passes). */
async function flush(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}

/**
 * Runs the clock timer by timer up to `until` (absolute), letting promise callbacks run after each, so what a
 * timer's continuation does is stamped with that timer's due time.
 */
async function runUntil(time: ManualTime, until: number, stop: () => boolean = () => false): Promise<void> {
  await flush();
  for (;;) {
    const next = time.pending()[0];
    if (stop() || !next || next.at > until) break;
    time.advance(next.at - time.now());
    await flush();
  }
}

/** The part of the daemon the replica drives: its apps and its start, recorded on the manual clock. */
function fakeDaemon(time: ManualTime) {
  const startedAt: number[] = [];
  return { startedAt, daemon: { apps: new Map([['guestbook', undefined as never]]), start: async () => { startedAt.push(time.now()); } } };
}

/** A state in the cluster whose first `failures` reads fail; the manual-clock time of every read. */
function flakyState(time: ManualTime, failures: number) {
  const reads: number[] = [];
  const unavailable: Array<{ apps: readonly string[]; message: string }> = [];
  const state: LoadableState = {
    async load() {
      reads.push(time.now());
      if (reads.length <= failures) throw new Error('connection refused');
    },
    showUnavailable(apps, message) { unavailable.push({ apps, message }); },
  };
  return { state, reads, unavailable };
}

describe('replica on a manual clock', () => {
  it('retries a state read that fails with backoff on the timers it is given, then starts the daemon', async () => {
    const t0 = 1_700_000_000_000;
    const time = new ManualTime(t0);
    const { daemon, startedAt } = fakeDaemon(time);
    const { state, reads, unavailable } = flakyState(time, 3);
    const replica = startReplica({ daemon, recorder: nullRecorder, logger: silentLogger, state, timers: time, reloadEveryMs: 5_000 });
    await flush();
    expect(reads).toEqual([t0]);
    // Nothing happens until the clock moves: the wait is on the given timers, not on real time.
    await flush();
    expect(reads).toEqual([t0]);
    expect(time.pending()).toEqual([{ at: t0 + 500, delay: 500 }]);
    await runUntil(time, t0 + 20_000, () => startedAt.length > 0);
    // 500 ms, then doubling (capped by reloadEveryMs): reads at +0, +0.5 s, +1.5 s, +3.5 s; the fourth succeeds.
    expect(reads).toEqual([t0, t0 + 500, t0 + 1_500, t0 + 3_500]);
    expect(startedAt).toEqual([t0 + 3_500]);
    expect(unavailable).toHaveLength(3);
    expect(unavailable[0]!.apps).toEqual(['guestbook']);
    expect(unavailable[0]!.message).toContain('connection refused');
    await replica.started;
    await replica.stop();
    expect(time.pending()).toEqual([]);
  });

  it('a standby re-reads the state every reloadEveryMs and starts the daemon only once it holds the Lease', async () => {
    const t0 = 1_700_000_000_000;
    const time = new ManualTime(t0);
    const T = leaseTiming(15_000);
    const client = new MemoryLease();
    // Another replica holds the Lease and then stops renewing it (it crashed).
    const holder = new LeaderElector({ client, identity: 'other', timing: T, logger: silentLogger, clock: time, timers: time });
    holder.start({ onStarted() {}, onStopped() {} });
    await flush();
    expect(holder.isLeader).toBe(true);
    await holder.stop({ release: false });

    const { daemon, startedAt } = fakeDaemon(time);
    const { state, reads } = flakyState(time, 0);
    const elector = new LeaderElector({ client, identity: 'me', timing: T, logger: silentLogger, clock: time, timers: time });
    const gate = new LeaderGate();
    let lost = 0;
    const replica = startReplica({
      daemon, recorder: nullRecorder, logger: silentLogger, state, timers: time, reloadEveryMs: 5_000,
      election: { elector, gate, onLost: () => lost++ },
    });
    await flush();
    expect(elector.isLeader).toBe(false);
    expect(gate.isOpen).toBe(false);
    // Standby: the state is read at once and then every 5 s, and the daemon does not start.
    await runUntil(time, t0 + 12_000);
    expect(elector.isLeader).toBe(false);
    expect(startedAt).toEqual([]);
    // The first read waits for the state before anything; the standby loop then reads at once and every 5 s.
    expect(reads).toEqual([t0, t0, t0 + 5_000, t0 + 10_000]);
    // The holder's lease runs out on this replica's clock: it takes over, opens the gate and starts the daemon.
    await runUntil(time, t0 + 30_000, () => elector.isLeader);
    expect(elector.isLeader).toBe(true);
    await flush();
    expect(gate.isOpen).toBe(true);
    expect(startedAt).toHaveLength(1);
    expect(startedAt[0]!).toBeGreaterThanOrEqual(t0 + T.leaseDurationMs);
    // Leading, it no longer re-reads the state as a standby does.
    const readsWhenLeading = reads.length;
    await runUntil(time, time.now() + 20_000);
    expect(elector.isLeader).toBe(true);
    expect(reads.length).toBe(readsWhenLeading);
    expect(lost).toBe(0);
    const stopping = replica.stop();
    time.advance(5_000);
    await stopping;
  });
});
