/**
 * The leader elector on a manual clock (no real sleeps): it acquires the Lease on its first round, renews
 * it every retry period, and steps down exactly at the renew deadline when renewals stop getting through —
 * before the Lease could expire for another replica.
 */
import { describe, expect, it } from 'vitest';
import { leaseTiming } from '../../src/core/leader/lease-decision.js';
import { LeaderElector } from '../../src/daemon/leader-elector.js';
import { silentLogger } from '../../src/core/ports.js';
import { ManualTime } from '../helpers/manual-timers.js';
import { MemoryLease } from '../helpers/memory-lease.js';

/** Lets pending promise callbacks run (no time passes). */
async function flush(): Promise<void> {
  for (let i = 0; i < 50; i++) await Promise.resolve();
}

const T = leaseTiming(15_000); // renew deadline 10 s, retry period 2 s

describe('leader elector on a manual clock', () => {
  it('acquires, renews every retry period, and steps down at the renew deadline', async () => {
    const t0 = 1_700_000_000_000;
    const time = new ManualTime(t0);
    const client = new MemoryLease();
    const events: Array<{ what: string; at: number }> = [];
    const elector = new LeaderElector({ client, identity: 'a', timing: T, logger: silentLogger, clock: time, timers: time });
    elector.start({ onStarted: () => events.push({ what: 'started', at: time.now() }), onStopped: () => events.push({ what: 'stopped', at: time.now() }) });
    await flush();

    // Acquire: the first round creates the Lease, at once.
    expect(elector.isLeader).toBe(true);
    expect(events).toEqual([{ what: 'started', at: t0 }]);
    expect(client.lease!.spec.holderIdentity).toBe('a');
    const created = client.lease!.resourceVersion;

    // Nothing happens between rounds.
    time.advance(T.retryPeriodMs - 1);
    await flush();
    expect(client.lease!.resourceVersion).toBe(created);

    // Renew: the next round, one retry period later, writes a newer renewTime.
    time.advance(1);
    await flush();
    expect(client.lease!.resourceVersion).not.toBe(created);
    expect(Date.parse(client.lease!.spec.renewTime!)).toBe(t0 + T.retryPeriodMs);
    expect(elector.isLeader).toBe(true);
    const lastRenewal = t0 + T.retryPeriodMs;

    // The API server stops answering: renewals hang; leadership holds until the renew deadline, not a moment longer.
    client.hang = true;
    time.advance(lastRenewal + T.renewDeadlineMs - 1 - time.now());
    await flush();
    expect(elector.isLeader).toBe(true);
    expect(elector.leadingNow()).toBe(true);
    expect(events).toHaveLength(1);
    time.advance(1);
    await flush();
    expect(events).toEqual([{ what: 'started', at: t0 }, { what: 'stopped', at: lastRenewal + T.renewDeadlineMs }]);
    expect(elector.isLeader).toBe(false);
    // It stepped down while the Lease was still valid for everyone else (renewTime + lease duration is later).
    expect(Date.parse(client.lease!.spec.renewTime!) + client.lease!.spec.leaseDurationSeconds! * 1000).toBeGreaterThan(time.now());

    // The stuck round does not pile up calls: one request in flight, however long the clock runs.
    const calls = client.calls;
    time.advance(10 * T.retryPeriodMs);
    await flush();
    expect(client.calls).toBe(calls);
    client.hang = false;
    const stopping = elector.stop({ release: false });
    time.advance(2_000);
    await stopping;
    expect(time.pending()).toEqual([]);
  });

  it('a standby acquires only after the holder stopped renewing and the lease ran out on its own clock', async () => {
    const t0 = 1_700_000_000_000;
    const time = new ManualTime(t0);
    const client = new MemoryLease();
    const a = new LeaderElector({ client, identity: 'a', timing: T, logger: silentLogger, clock: time, timers: time });
    const b = new LeaderElector({ client, identity: 'b', timing: T, logger: silentLogger, clock: time, timers: time });
    a.start({ onStarted() {}, onStopped() {} });
    await flush();
    b.start({ onStarted() {}, onStopped() {} });
    await flush();
    expect(a.isLeader).toBe(true);
    expect(b.isLeader).toBe(false);
    // a crashes (its loop stops without releasing): b sees the same Lease version for a whole lease duration.
    const stopping = a.stop({ release: false });
    await stopping;
    for (let ms = 0; ms < T.leaseDurationMs - T.retryPeriodMs; ms += T.retryPeriodMs) {
      time.advance(T.retryPeriodMs);
      await flush();
      expect(b.isLeader).toBe(false);
    }
    for (let i = 0; i < 3 && !b.isLeader; i++) {
      time.advance(T.retryPeriodMs);
      await flush();
    }
    expect(b.isLeader).toBe(true);
    expect(client.lease!.spec.holderIdentity).toBe('b');
    expect(time.now() - t0).toBeGreaterThanOrEqual(T.leaseDurationMs);
    await b.stop({ release: false });
  });
});
