import type { TugboatEvent } from '../../core/events.js';
import type { NotificationEvent } from '../../config/types.js';

/** `sync-started` is internal: it only sets a GitHub commit status to pending. */
export type RoutedEvent = NotificationEvent | 'sync-started';

/** Which SPEC §12 notification a Tugboat event is, if any. */
export function notificationEventOf(e: TugboatEvent): RoutedEvent | undefined {
  switch (e.name) {
    case 'sync.started':
      return 'sync-started';
    case 'sync.finished':
      return 'sync-succeeded';
    case 'sync.failed':
    case 'render.failed':
      return 'sync-failed';
    case 'health.changed':
      return e.fields?.to === 'Degraded' ? 'health-degraded' : undefined;
    case 'rollout.paused':
      return 'rollout-paused';
    case 'rollout.promoted':
      return 'rollout-promoted';
    case 'rollout.aborted':
      return 'rollout-aborted';
    case 'rollback':
      return 'rollback';
    default:
      return undefined;
  }
}
