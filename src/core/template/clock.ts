/**
 * Where template functions read the time (`now`, `ago`, `date` without a time, certificate validity).
 * The core never reads the clock itself: whoever renders attaches one (the CLI the system clock, the
 * daemon its own clock). Without one, those functions fail instead of guessing.
 */
import { GoFuncError } from './errors.js';

export interface TemplateClock {
  /** Wall time in milliseconds since the epoch (a fraction carries sub-millisecond digits). */
  now(): number;
  /** A monotonic reading in nanoseconds, which Go prints after `now` as `m=+1.234567890`. */
  monotonicNs?(): bigint;
}

export const NO_CLOCK: TemplateClock = {
  now(): number {
    throw new GoFuncError('no clock is attached to this render');
  },
};
