import type { Clock } from '../../../core/ports.js';

/** A clock that only moves when told to (tests, the sim's manual mode). */
export class ManualClock implements Clock {
  constructor(private t: number = Date.now()) {}
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
  set(ms: number): void {
    this.t = ms;
  }
}

export interface SettableClock extends Clock {
  set(ms: number): void;
}

export function isSettable(c: Clock): c is SettableClock {
  return typeof (c as Partial<SettableClock>).set === 'function';
}

export const systemClock: Clock = { now: () => Date.now() };
