import type { Config } from '../config/types.js';
import type { Logger } from '../core/ports.js';
import type { PrometheusRecorder } from './metrics/prometheus.js';
import { logEvents } from './log/event-log.js';
import { configSecrets } from './log/config-secrets.js';
import { Notifier, type NotifierOptions } from './notify/notifier.js';
import type { EventBus } from '../core/events.js';

/** An app's namespace, sync and health as notifications show them; undefined for an unknown app. */
export type NotifyStatus = (app: string) => { namespace: string; syncStatus: string; healthStatus: string } | undefined;

/**
 * The daemon's event subscribers: the log (one line per event), the event metrics, and the notifier when
 * notification targets are configured. Returns a function that detaches them all.
 */
export function attachObservability(deps: { config: Config; events: EventBus; status: NotifyStatus; logger: Logger; metrics?: PrometheusRecorder; notifier?: Partial<NotifierOptions> }): { notifier?: Notifier; stop(): void } {
  const { config, logger, metrics } = deps;
  const bus = deps.events;
  const stops = [logEvents(bus, logger)];
  if (metrics) stops.push(metrics.observe(bus));
  let notifier: Notifier | undefined;
  if (config.notifications.targets.length > 0) {
    notifier = new Notifier(config.notifications, {
      status: deps.status,
      count: (target, result) => metrics?.notification(target, result),
      onFailed: (target, event, app, reason) => bus.emit({
        time: Date.now(), name: 'notification.failed', level: 'warn', message: `notification ${event} to ${target} failed: ${reason}`, app, fields: { target, notification: event, reason },
      }),
      secrets: configSecrets(config),
      ...deps.notifier,
    });
    stops.push(notifier.subscribe(bus));
    const n = notifier;
    stops.push(() => n.close());
  }
  return { ...(notifier ? { notifier } : {}), stop: () => { for (const s of stops) s(); } };
}
