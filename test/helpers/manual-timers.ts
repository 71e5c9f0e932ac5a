import type { Clock, TimerHandle, Timers } from '../../src/core/ports.js';

interface ManualTimer extends TimerHandle {
  readonly id: number;
  readonly at: number;
  readonly delay: number;
  readonly fn: () => void;
}

/**
 * A manual clock and the timers that run on it: nothing fires until `advance` moves the time. The
 * Clock reads the same time the timers see, so a daemon given both lives entirely on test time.
 */
export class ManualTime implements Clock, Timers {
  private time: number;
  private seq = 0;
  private readonly armed = new Map<number, ManualTimer>();

  constructor(start = Date.now()) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  set(fn: () => void, ms: number): TimerHandle {
    const delay = Math.max(0, Number.isFinite(ms) ? ms : 0);
    const t: ManualTimer = { id: ++this.seq, at: this.time + delay, delay, fn };
    this.armed.set(t.id, t);
    return t;
  }

  clear(handle: TimerHandle): void {
    this.armed.delete((handle as ManualTimer).id);
  }

  /** Armed timers, soonest first (ties in the order they were set): their due time and the delay asked for. */
  pending(): Array<{ at: number; delay: number }> {
    return this.ordered().map((t) => ({ at: t.at, delay: t.delay }));
  }

  /**
   * Moves the time forward by `ms`, running every timer that falls due on the way, in due order, with
   * the clock reading each timer's due time while it runs (timers set meanwhile run too if they fall due).
   */
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      const next = this.ordered()[0];
      if (!next || next.at > until) break;
      this.armed.delete(next.id);
      this.time = next.at;
      next.fn();
    }
    this.time = until;
  }

  private ordered(): ManualTimer[] {
    return [...this.armed.values()].sort((a, b) => a.at - b.at || a.id - b.id);
  }
}
