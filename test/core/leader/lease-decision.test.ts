import { describe, expect, it } from 'vitest';
import { decide, isoMicro, leaseTiming, mustStepDown, observe, releasedSpec, type LeaseRecord, type Observation } from '../../../src/core/leader/lease-decision.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const timing = leaseTiming();

function lease(holder: string | undefined, rv: string, extra: Record<string, unknown> = {}): LeaseRecord {
  return { resourceVersion: rv, spec: { ...(holder !== undefined ? { holderIdentity: holder } : {}), leaseDurationSeconds: 15, acquireTime: isoMicro(T0), renewTime: isoMicro(T0), leaseTransitions: 2, ...extra } };
}

describe('leader election timing', () => {
  it('is Kubernetes\' 15 s / 10 s / 2 s by default and scales with the lease duration', () => {
    expect(leaseTiming()).toEqual({ leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 });
    expect(leaseTiming(3_000)).toEqual({ leaseDurationMs: 3_000, renewDeadlineMs: 2_000, retryPeriodMs: 400 });
  });
});

describe('observe', () => {
  it('keeps the first time a version was seen and restarts the clock when the version changes', () => {
    const a = observe(undefined, lease('x', '1'), T0)!;
    expect(a).toEqual({ resourceVersion: '1', observedAt: T0 });
    expect(observe(a, lease('x', '1'), T0 + 9_000)).toBe(a);
    expect(observe(a, lease('x', '2'), T0 + 9_000)).toEqual({ resourceVersion: '2', observedAt: T0 + 9_000 });
    expect(observe(a, undefined, T0)).toBeUndefined();
  });
});

describe('decide', () => {
  const me = 'host-a_100_abcd';
  type Case = { name: string; lease: LeaseRecord | undefined; observation?: Observation; now: number; expect: Record<string, unknown> };
  const cases: Case[] = [
    { name: 'no Lease: create it as holder with 0 transitions', lease: undefined, now: T0, expect: { action: 'create', spec: { holderIdentity: me, leaseDurationSeconds: 15, acquireTime: isoMicro(T0), renewTime: isoMicro(T0), leaseTransitions: 0 } } },
    { name: 'held by me: renew, keeping acquireTime and transitions', lease: lease(me, '7'), now: T0 + 2_000, expect: { action: 'update', kind: 'renew', resourceVersion: '7', spec: { holderIdentity: me, leaseDurationSeconds: 15, acquireTime: isoMicro(T0), renewTime: isoMicro(T0 + 2_000), leaseTransitions: 2 } } },
    { name: 'held by another, just observed: wait a full lease duration from now', lease: lease('other', '7'), now: T0 + 1_000, expect: { action: 'wait', holder: 'other', expiresAt: T0 + 16_000 } },
    { name: 'held by another, observed 14.999 s ago: still wait', lease: lease('other', '7'), observation: { resourceVersion: '7', observedAt: T0 }, now: T0 + 14_999, expect: { action: 'wait', holder: 'other', expiresAt: T0 + 15_000 } },
    { name: 'held by another, unchanged for 15 s: take it over (transitions + 1)', lease: lease('other', '7'), observation: { resourceVersion: '7', observedAt: T0 }, now: T0 + 15_000, expect: { action: 'update', kind: 'acquire', resourceVersion: '7', spec: { holderIdentity: me, leaseDurationSeconds: 15, acquireTime: isoMicro(T0 + 15_000), renewTime: isoMicro(T0 + 15_000), leaseTransitions: 3 } } },
    { name: 'an observation of an older version does not count', lease: lease('other', '8'), observation: { resourceVersion: '7', observedAt: T0 }, now: T0 + 60_000, expect: { action: 'wait', holder: 'other', expiresAt: T0 + 75_000 } },
    { name: 'the holder\'s own lease duration is honoured', lease: lease('other', '7', { leaseDurationSeconds: 60 }), observation: { resourceVersion: '7', observedAt: T0 }, now: T0 + 30_000, expect: { action: 'wait', holder: 'other', expiresAt: T0 + 60_000 } },
    { name: 'renewTime written far in the past by a skewed clock does not expire it early', lease: lease('other', '7', { renewTime: isoMicro(T0 - 3_600_000) }), observation: { resourceVersion: '7', observedAt: T0 }, now: T0 + 5_000, expect: { action: 'wait', holder: 'other', expiresAt: T0 + 15_000 } },
    { name: 'released (empty holder): acquire at once', lease: lease('', '9'), now: T0, expect: { action: 'update', kind: 'acquire', resourceVersion: '9' } },
    { name: 'no holder field: acquire at once', lease: lease(undefined, '9'), now: T0, expect: { action: 'update', kind: 'acquire', resourceVersion: '9' } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      expect(decide({ identity: me, now: c.now, lease: c.lease, observation: c.observation, timing })).toMatchObject(c.expect);
    });
  }
});

describe('mustStepDown and release', () => {
  it('steps down once the last renewal is renewDeadline old, before anyone may take the Lease', () => {
    expect(mustStepDown(T0, T0 + 9_999, timing)).toBe(false);
    expect(mustStepDown(T0, T0 + 10_000, timing)).toBe(true);
    expect(timing.renewDeadlineMs).toBeLessThan(timing.leaseDurationMs);
  });
  it('a released Lease names no holder and is free for the next candidate', () => {
    const spec = releasedSpec(lease('me', '3').spec, T0);
    expect(spec.holderIdentity).toBe('');
    expect(decide({ identity: 'b', now: T0, lease: { spec, resourceVersion: '4' }, observation: undefined, timing }).action).toBe('update');
  });
});
