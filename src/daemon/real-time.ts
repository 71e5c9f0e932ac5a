import type { Clock, TimerHandle, Timers } from '../core/ports.js';

/** The wall clock: the daemon's default Clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** Node's timers, unref'd so a pending one never keeps the process alive: the daemon's default Timers. */
export const realTimers: Timers = {
  set(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref();
    return t as unknown as TimerHandle;
  },
  clear(handle) {
    clearTimeout(handle as unknown as NodeJS.Timeout);
  },
};

/** Node's timers as they are (a pending one keeps the process alive): the leader elector's default. */
export const keepAliveTimers: Timers = {
  set(fn, ms) {
    return setTimeout(fn, ms) as unknown as TimerHandle;
  },
  clear(handle) {
    clearTimeout(handle as unknown as NodeJS.Timeout);
  },
};
