/**
 * The leader-election loop: every retry period read the Lease, decide (core/leader), write. Becoming the
 * holder calls `onStarted`; failing to renew for the renew deadline calls `onStopped` at once — from a
 * timer of its own, so a renewal stuck on a slow API server cannot delay it — before the Lease could
 * expire for the other replicas.
 */
import type { Clock, Logger, TimerHandle, Timers } from '../core/ports.js';
import { keepAliveTimers, realTimers, systemClock } from './real-time.js';
import {
  decide, LeaseConflictError, mustStepDown, observe, releasedSpec,
  type LeaseClient, type LeaseRecord, type LeaseTiming, type Observation,
} from '../core/leader/lease-decision.js';

export interface LeaderElectorOptions {
  client: LeaseClient;
  identity: string;
  timing: LeaseTiming;
  logger: Logger;
  /** Default the wall clock. */
  clock?: Clock;
  /** The retry loop, the step-down guard and the stop's wait; default Node's timers (tests: a manual clock). */
  timers?: Timers;
}

export interface LeadershipCallbacks {
  /** This replica now holds the Lease. */
  onStarted(): void;
  /** It no longer does (called synchronously, before the Lease could expire for another replica). */
  onStopped(): void;
}

export class LeaderElector {
  private leading = false;
  private lastRenewedAt = 0;
  private observation: Observation | undefined;
  private lastLease: LeaseRecord | undefined;
  private loopTimer: TimerHandle | undefined;
  private guardTimer: TimerHandle | undefined;
  private stopped = false;
  private inFlight: Promise<void> | undefined;
  private readonly clock: Clock;
  private readonly timers: Timers;
  private callbacks: LeadershipCallbacks = { onStarted() {}, onStopped() {} };
  /** The holder last seen on the Lease ('' when none). */
  holder = '';

  constructor(private readonly opts: LeaderElectorOptions) {
    this.clock = opts.clock ?? systemClock;
    this.timers = opts.timers ?? keepAliveTimers;
  }

  get identity(): string {
    return this.opts.identity;
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /**
   * Leading and within the renew deadline by the clock right now: true even before the step-down timer
   * could run (a stalled event loop), false the moment the deadline has passed.
   */
  leadingNow(): boolean {
    if (this.leading && mustStepDown(this.lastRenewedAt, this.clock.now(), this.opts.timing)) this.guard();
    return this.leading;
  }

  start(callbacks: LeadershipCallbacks): void {
    this.callbacks = callbacks;
    const tick = () => {
      if (this.stopped) return;
      this.inFlight ??= this.attempt().finally(() => (this.inFlight = undefined));
      this.loopTimer = this.timers.set(tick, this.opts.timing.retryPeriodMs);
    };
    tick();
    const every = Math.max(50, Math.floor(this.opts.timing.retryPeriodMs / 4));
    const guardTick = () => {
      if (this.stopped) return;
      this.guard();
      this.guardTimer = this.timers.set(guardTick, every);
    };
    this.guardTimer = this.timers.set(guardTick, every);
  }

  /** Steps down when the last renewal is too old. */
  private guard(): void {
    if (this.leading && mustStepDown(this.lastRenewedAt, this.clock.now(), this.opts.timing)) {
      this.opts.logger.error('leader election: could not renew the Lease within the renew deadline; no longer the leader', { identity: this.identity });
      this.loseLeadership();
    }
  }

  private loseLeadership(): void {
    if (!this.leading) return;
    this.leading = false;
    this.callbacks.onStopped();
  }

  private async attempt(): Promise<void> {
    const { client, identity, timing, logger } = this.opts;
    const started = this.clock.now();
    try {
      const lease = await client.get();
      this.guard();
      const now = this.clock.now();
      this.observation = observe(this.observation, lease, now);
      this.lastLease = lease;
      this.holder = lease?.spec.holderIdentity ?? '';
      const d = decide({ identity, now, lease, observation: this.observation, timing });
      if (d.action === 'wait') {
        // Someone else holds it: if that was us a moment ago, we lost it.
        if (this.leading) {
          logger.error('leader election: the Lease is held by another replica; no longer the leader', { identity, holder: d.holder });
          this.loseLeadership();
        }
        return;
      }
      if (!this.leading && this.stopped) return;
      const written = d.action === 'create' ? await client.create(d.spec) : await client.update(d.spec, d.resourceVersion);
      if (this.stopped) return;
      this.lastLease = written;
      this.observation = observe(this.observation, written, this.clock.now());
      this.holder = identity;
      // A renewal counts from when it was sent: the API server may have stored it at any moment since.
      this.lastRenewedAt = started;
      if (!this.leading && !mustStepDown(started, this.clock.now(), timing)) {
        this.leading = true;
        logger.info('leader election: acquired the Lease; this replica is the leader', { identity, transitions: written.spec.leaseTransitions ?? 0 });
        this.callbacks.onStarted();
      }
    } catch (err) {
      if (err instanceof LeaseConflictError) {
        logger.debug('leader election: another replica won this round', { identity });
        return;
      }
      logger.warn('leader election: the Lease could not be read or written', { identity, error: err instanceof Error ? err.message : String(err) });
    } finally {
      this.guard();
    }
  }

  /**
   * Stops the loop; a leader releases the Lease so a standby takes over without waiting it out
   * (`release: false` leaves it to expire, as a crash would).
   */
  async stop(opts: { release?: boolean } = {}): Promise<void> {
    this.stopped = true;
    if (this.loopTimer) this.timers.clear(this.loopTimer);
    if (this.guardTimer) this.timers.clear(this.guardTimer);
    const wasLeader = this.leading;
    this.loseLeadership();
    // A request stuck on an unresponsive API server must not hold up the shutdown.
    let waited: TimerHandle | undefined;
    const timers = this.opts.timers ?? realTimers;
    await Promise.race([this.inFlight?.catch(() => undefined), new Promise((r) => (waited = timers.set(() => r(undefined), 2_000)))]);
    if (waited) timers.clear(waited);
    if (opts.release !== false && wasLeader) {
      // The Lease as last written, or (a renewal landed meanwhile) as read again now.
      for (let lease = this.lastLease, tries = 0; lease && lease.spec.holderIdentity === this.identity && tries < 2; tries++) {
        try {
          await this.opts.client.update(releasedSpec(lease.spec, this.clock.now()), lease.resourceVersion);
          this.opts.logger.info('leader election: released the Lease', { identity: this.identity });
          break;
        } catch (err) {
          if (!(err instanceof LeaseConflictError)) break; // it expires on its own
          lease = await this.opts.client.get().catch(() => undefined);
        }
      }
    }
  }
}

/** A holder identity unique to this process: hostname, pid and a random suffix. */
export function holderIdentity(hostname: string, pid: number, random: string): string {
  return `${hostname}_${pid}_${random}`;
}
