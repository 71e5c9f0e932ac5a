/**
 * Tugboat's own events: one stream of domain facts ("a sync finished", "a prune was blocked") that the
 * log, the notifications, the API's events endpoint and the UI's live stream all read. The daemon emits;
 * adapters subscribe. Names are stable (SPEC §13): scripts and alert rules match on them.
 */

export type TugboatEventName =
  | 'revision.detected'
  | 'render.failed'
  | 'sync.started'
  | 'sync.finished'
  | 'sync.failed'
  | 'prune.blocked'
  | 'pruned'
  | 'drift.healed'
  | 'health.changed'
  | 'rollback'
  | 'rollout.step'
  | 'rollout.paused'
  | 'rollout.promoted'
  | 'rollout.aborted'
  | 'webhook.accepted'
  | 'webhook.refused'
  | 'source.fetchFailed'
  | 'notification.failed'
  | 'progress';

export type EventLevel = 'debug' | 'info' | 'warn' | 'error';

export interface TugboatEvent {
  /** Milliseconds since the epoch, from the injected clock. */
  time: number;
  name: TugboatEventName;
  level: EventLevel;
  /** One human sentence; never a secret value. */
  message: string;
  app?: string;
  revision?: string;
  /** Event-specific fields (counts, durationMs, rollout, step, weight, from, to, cause…). Plain JSON values. */
  fields?: Record<string, unknown>;
}

export type EventListener = (e: TugboatEvent) => void;

/** A synchronous fan-out. Listeners must not throw or block: slow work (HTTP delivery) queues itself. */
export class EventBus {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(e: TugboatEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // A faulty listener never breaks a pass or the other listeners.
      }
    }
  }
}
