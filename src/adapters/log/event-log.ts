import type { EventBus, TugboatEvent } from '../../core/events.js';
import type { Logger } from '../../core/ports.js';

/** The fields of one event as a log line carries them: `event` first, then app, revision, the rest. */
export function eventFields(e: TugboatEvent): Record<string, unknown> {
  const out: Record<string, unknown> = { event: e.name };
  if (e.app !== undefined) out.app = e.app;
  if (e.revision !== undefined) out.revision = e.revision;
  for (const [k, v] of Object.entries(e.fields ?? {})) if (!(k in out) && v !== undefined) out[k] = v;
  return out;
}

/**
 * Writes every Tugboat event as one log line at the event's level. Generic on purpose: event names added
 * later (rollout.* from the rollout engine) are logged without a change here.
 */
export function logEvents(bus: EventBus, logger: Logger): () => void {
  return bus.subscribe((e) => logger[e.level](e.message, eventFields(e)));
}
