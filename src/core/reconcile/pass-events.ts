/** Small helpers that turn a pass's decisions into Tugboat events (SPEC §13) with one line at each call site. */
import type { EventBus, EventLevel, TugboatEventName } from '../events.js';
import type { Clock } from '../ports.js';

export type Emit = (name: TugboatEventName, level: EventLevel, message: string, fields?: Record<string, unknown>) => void;

/** An emitter bound to one app and revision; a no-op without a bus. */
export function passEmitter(events: EventBus | undefined, clock: Clock, app: string, revision: string): Emit {
  return (name, level, message, fields) => events?.emit({ time: clock.now(), name, level, message, app, revision, ...(fields ? { fields } : {}) });
}

/** How often a long pass reports how far it got. */
export const PROGRESS_EVERY_MS = 5000;

const PROGRESS_WORDS = { render: 'rendered', compare: 'compared', apply: 'applied' } as const;

/**
 * Counts objects done in a phase (compare, apply) and emits a `progress` event when PROGRESS_EVERY_MS
 * passed since the last one: a big first sync says how far it is, a small one says nothing.
 */
export function progressTicker(emit: Emit, clock: Clock, phase: 'render' | 'compare' | 'apply', total: number, since = clock.now()): (n?: number) => void {
  let last = since;
  let done = 0;
  return (n = 1) => {
    done += n;
    const now = clock.now();
    if (now - last < PROGRESS_EVERY_MS || done >= total) return;
    last = now;
    emit('progress', 'info', `${PROGRESS_WORDS[phase]} ${done} of ${total} ${phase === 'render' ? 'files' : 'objects'}`, { phase, done, total });
  };
}

export function short(revision: string | undefined): string {
  return (revision ?? '').slice(0, 12);
}
