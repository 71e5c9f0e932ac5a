import type { TemplateClock } from '../core/template/clock.js';

/** The system clock for template functions: wall time with sub-millisecond digits, and a monotonic reading. */
export const systemTemplateClock: TemplateClock = {
  now: () => performance.timeOrigin + performance.now(),
  monotonicNs: () => BigInt(Math.round(performance.now() * 1_000_000)),
};
