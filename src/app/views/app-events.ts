import type { EventBus, TugboatEvent, TugboatEventName } from '../../core/events.js';
import type { KubeObject } from '../../core/model/kube-object.js';
import type { Daemon } from '../../daemon/daemon.js';

/** One line of an app's events (SPEC §4), from the cluster or from Tugboat itself. */
export interface AppEventView {
  time: string;
  type: 'Normal' | 'Warning';
  reason: string;
  object?: { kind: string; namespace?: string; name: string };
  message: string;
  /** `cluster` (a Kubernetes Event) or `tugboat` (the event bus). */
  source: 'cluster' | 'tugboat';
  /** Tugboat's stable event name (SPEC §13), for events from the bus. */
  name?: TugboatEventName;
  /** Times the cluster saw the same event (Kubernetes deduplicates). */
  count?: number;
}

/** Reasons shown for Tugboat's own events, in the style of Kubernetes event reasons. */
const REASONS: Record<TugboatEventName, string> = {
  'revision.detected': 'RevisionDetected',
  'render.failed': 'RenderFailed',
  'sync.started': 'SyncStarted',
  'sync.finished': 'Synced',
  'sync.failed': 'SyncFailed',
  'prune.blocked': 'PruneBlocked',
  pruned: 'Pruned',
  'drift.healed': 'Healed',
  'health.changed': 'HealthChanged',
  rollback: 'Rollback',
  'rollout.step': 'RolloutStep',
  'rollout.paused': 'RolloutPaused',
  'rollout.promoted': 'RolloutPromoted',
  'rollout.aborted': 'RolloutAborted',
  'webhook.accepted': 'WebhookAccepted',
  'webhook.refused': 'WebhookRefused',
  'source.fetchFailed': 'SourceFetchFailed',
  'notification.failed': 'NotificationFailed',
  progress: 'Progress',
};

/** How many of Tugboat's own events are kept per app (older ones fall off; the log keeps them all). */
export const EVENTS_PER_APP = 200;

/**
 * A bounded ring buffer of the bus events of each app, so the events endpoint can answer without a
 * database. Lost on restart by design: the cluster's events and the history are the durable record.
 */
export class AppEventLog {
  private readonly byApp = new Map<string, TugboatEvent[]>();
  private readonly unsubscribe: () => void;

  constructor(bus: EventBus, private readonly limit = EVENTS_PER_APP) {
    this.unsubscribe = bus.subscribe((e) => this.add(e));
  }

  private add(e: TugboatEvent): void {
    if (!e.app || e.level === 'debug' || e.name === 'progress') return;
    let list = this.byApp.get(e.app);
    if (!list) this.byApp.set(e.app, (list = []));
    list.push(e);
    if (list.length > this.limit) list.splice(0, list.length - this.limit);
  }

  /** The app's bus events, oldest first. */
  of(app: string): readonly TugboatEvent[] {
    return this.byApp.get(app) ?? [];
  }

  close(): void {
    this.unsubscribe();
  }
}

export function busEventView(e: TugboatEvent): AppEventView {
  const rollout = typeof e.fields?.rollout === 'string' ? e.fields.rollout : undefined;
  return {
    time: new Date(e.time).toISOString(),
    type: e.level === 'warn' || e.level === 'error' ? 'Warning' : 'Normal',
    reason: REASONS[e.name] ?? e.name,
    ...(rollout ? { object: { kind: 'Rollout', name: rollout } } : {}),
    message: e.message,
    source: 'tugboat',
    name: e.name,
  };
}

interface ClusterEvent extends KubeObject {
  type?: string;
  reason?: string;
  message?: string;
  count?: number;
  lastTimestamp?: string;
  firstTimestamp?: string;
  eventTime?: string;
  involvedObject?: { kind?: string; namespace?: string; name?: string };
}

/** Cluster stores that keep Kubernetes Events (the simulated one does). */
function clusterEvents(daemon: Daemon): ((namespace?: string) => KubeObject[]) | undefined {
  const c = daemon.cluster as unknown as { events?: (ns?: string) => KubeObject[] };
  return typeof c.events === 'function' ? c.events.bind(c) : undefined;
}

/** Kubernetes Events about the app's objects and the children the cluster made for them. */
async function clusterEventViews(daemon: Daemon, app: string): Promise<AppEventView[]> {
  const list = clusterEvents(daemon);
  if (!list) return [];
  const tree = await daemon.liveTree(app);
  const wanted = new Set(tree.map(({ object: o }) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`));
  const namespaces = new Set(tree.map(({ object: o }) => o.metadata.namespace ?? ''));
  const out: AppEventView[] = [];
  for (const ns of namespaces) {
    for (const e of list(ns || undefined) as ClusterEvent[]) {
      const io = e.involvedObject ?? {};
      if (!wanted.has(`${io.kind}/${io.namespace ?? ''}/${io.name}`)) continue;
      out.push({
        time: e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? '',
        type: e.type === 'Warning' ? 'Warning' : 'Normal',
        reason: e.reason ?? '',
        object: { kind: io.kind ?? '', ...(io.namespace ? { namespace: io.namespace } : {}), name: io.name ?? '' },
        message: e.message ?? '',
        source: 'cluster',
        ...(e.count && e.count > 1 ? { count: e.count } : {}),
      });
    }
  }
  return out;
}

/**
 * The app's events, newest first: Kubernetes Events of its objects and Tugboat's own. Events within the
 * same second keep the order they happened in (the bus's order, then the cluster's).
 */
export async function appEvents(daemon: Daemon, log: AppEventLog, app: string, limit = 500): Promise<AppEventView[]> {
  daemon.app(app);
  const cluster = await clusterEventViews(daemon, app);
  const own = log.of(app).map(busEventView);
  const all = [...cluster, ...own].map((e, i) => ({ e, i, t: Date.parse(e.time) || 0 }));
  all.sort((a, b) => b.t - a.t || b.i - a.i);
  return all.slice(0, limit).map((x) => x.e);
}
