/**
 * Notifications (SPEC §12): Tugboat events mapped to notification events, routed by the triggers to the
 * targets, and delivered over HTTP in the background. Each target has its own bounded queue and one
 * delivery in flight, so a slow or hung receiver delays only its own notifications, never a sync or
 * another target. Failed deliveries are retried with exponential backoff; a full queue drops its oldest.
 */
import type { EventBus, TugboatEvent } from '../../core/events.js';
import type { NotificationsConfig, NotificationTarget } from '../../config/types.js';
import { makeRedactor, type Redactor } from '../log/redact.js';
import { notificationEventOf, type RoutedEvent } from './notification-events.js';
import { requestFor, type Notification, type OutgoingRequest } from './payloads.js';

export type DeliveryResult = 'delivered' | 'failed' | 'dropped';

export interface AppSnapshot {
  namespace: string;
  syncStatus: string;
  healthStatus: string;
}

export interface NotifierOptions {
  /** The app's namespace, sync and health status at delivery time. */
  status: (app: string) => AppSnapshot | undefined;
  /** Counts tugboat_notifications_total{target,result}. */
  count?: (target: string, result: DeliveryResult) => void;
  /** Told when a notification is given up (the daemon emits notification.failed). */
  onFailed?: (target: string, event: RoutedEvent, app: string, reason: string) => void;
  /** Values never sent to a receiver. */
  secrets?: Iterable<string>;
  /** Tries per notification (at least 3). Default 5. */
  attempts?: number;
  /** First retry delay; doubles each try, ±20% jitter. Default 1 s. */
  backoffMs?: number;
  /** Longest retry delay. Default 30 s. */
  maxBackoffMs?: number;
  /** Per-attempt timeout. Default 10 s. */
  timeoutMs?: number;
  /** Notifications waiting per target. Default 100. */
  queueSize?: number;
  now?: () => number;
}

interface Job {
  notification: Notification;
  request: OutgoingRequest;
}

class TargetQueue {
  readonly jobs: Job[] = [];
  busy = false;
  constructor(readonly target: NotificationTarget) {}
}

export class Notifier {
  private readonly queues = new Map<string, TargetQueue>();
  private readonly routes = new Map<RoutedEvent, TargetQueue[]>();
  private readonly redact: Redactor;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly idleWaiters: Array<() => void> = [];
  private readonly controllers = new Set<AbortController>();
  private closed = false;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly timeoutMs: number;
  private readonly queueSize: number;

  constructor(config: NotificationsConfig, private readonly opts: NotifierOptions) {
    this.attempts = Math.max(3, opts.attempts ?? 5);
    this.backoffMs = opts.backoffMs ?? 1000;
    this.maxBackoffMs = opts.maxBackoffMs ?? 30_000;
    this.timeoutMs = opts.timeoutMs ?? 10_000;
    this.queueSize = Math.max(1, opts.queueSize ?? 100);
    this.redact = makeRedactor(opts.secrets ?? []);
    for (const t of config.targets) this.queues.set(t.name, new TargetQueue(t));
    const all: RoutedEvent[] = ['sync-started', 'sync-succeeded', 'sync-failed', 'health-degraded', 'rollout-paused', 'rollout-promoted', 'rollout-aborted', 'rollback'];
    for (const ev of all) {
      const names = new Set<string>();
      if (config.triggers.length === 0) for (const t of config.targets) names.add(t.name);
      for (const tr of config.triggers) {
        // A GitHub status goes pending when a sync starts if the target hears how syncs end.
        const hears = ev === 'sync-started' ? tr.on.includes('sync-succeeded') || tr.on.includes('sync-failed') : tr.on.includes(ev);
        if (hears) for (const n of tr.targets) names.add(n);
      }
      this.routes.set(ev, [...names].map((n) => this.queues.get(n)).filter((q): q is TargetQueue => q !== undefined));
    }
  }

  /** Listens to the bus; returns the unsubscribe function. */
  subscribe(bus: EventBus): () => void {
    return bus.subscribe((e) => this.handle(e));
  }

  /** Maps and enqueues one event. Synchronous and cheap: the caller (a sync) never waits for delivery. */
  handle(e: TugboatEvent): void {
    if (this.closed || !e.app) return;
    const event = notificationEventOf(e);
    if (!event) return;
    const queues = this.routes.get(event) ?? [];
    if (queues.length === 0) return;
    const snap = this.opts.status(e.app);
    const n = this.redact({
      event,
      app: e.app,
      namespace: snap?.namespace ?? '',
      revision: e.revision ?? '',
      syncStatus: event === 'sync-succeeded' ? 'Synced' : snap?.syncStatus ?? 'Unknown',
      healthStatus: snap?.healthStatus ?? 'Unknown',
      message: e.message,
      time: new Date(e.time).toISOString(),
    }) as Notification;
    for (const q of queues) {
      const request = requestFor(q.target, n);
      if (!request) continue;
      if (q.jobs.length >= this.queueSize) {
        q.jobs.shift();
        this.opts.count?.(q.target.name, 'dropped');
      }
      q.jobs.push({ notification: n, request });
      void this.pump(q);
    }
  }

  /** Resolves when every queue is empty and nothing is in flight (tests, shutdown). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops delivering: pending retries and in-flight requests are abandoned. */
  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const c of this.controllers) c.abort();
    for (const q of this.queues.values()) q.jobs.length = 0;
    this.settle();
  }

  private isIdle(): boolean {
    return [...this.queues.values()].every((q) => !q.busy && q.jobs.length === 0);
  }

  private settle(): void {
    if (!this.isIdle() && !this.closed) return;
    for (const w of this.idleWaiters.splice(0)) w();
  }

  private async pump(q: TargetQueue): Promise<void> {
    if (q.busy) return;
    q.busy = true;
    try {
      while (!this.closed && q.jobs.length > 0) {
        const job = q.jobs.shift()!;
        await this.deliver(q.target, job);
      }
    } finally {
      q.busy = false;
      this.settle();
    }
  }

  private async deliver(target: NotificationTarget, job: Job): Promise<void> {
    let reason = '';
    for (let attempt = 1; attempt <= this.attempts && !this.closed; attempt++) {
      const outcome = await this.attempt(job.request);
      if (outcome.ok) {
        this.opts.count?.(target.name, 'delivered');
        return;
      }
      reason = outcome.reason;
      if (!outcome.retry || attempt === this.attempts) break;
      const base = Math.min(this.maxBackoffMs, this.backoffMs * 2 ** (attempt - 1));
      await this.sleep(base * (0.8 + Math.random() * 0.4));
    }
    if (this.closed) return;
    this.opts.count?.(target.name, 'failed');
    this.opts.onFailed?.(target.name, job.notification.event, job.notification.app, reason);
  }

  private async attempt(req: OutgoingRequest): Promise<{ ok: true } | { ok: false; retry: boolean; reason: string }> {
    const ctl = new AbortController();
    this.controllers.add(ctl);
    const timer = setTimeout(() => ctl.abort(), this.timeoutMs);
    timer.unref();
    try {
      const res = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body, signal: ctl.signal, redirect: 'error' });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return { ok: true };
      // Client errors other than rate limiting will not get better by retrying.
      return { ok: false, retry: res.status >= 500 || res.status === 429 || res.status === 408, reason: `HTTP ${res.status}` };
    } catch (err) {
      const reason = ctl.signal.aborted ? `no answer within ${this.timeoutMs} ms` : `connection failed: ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message}`;
      return { ok: false, retry: true, reason: this.redact(reason) as string };
    } finally {
      clearTimeout(timer);
      this.controllers.delete(ctl);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.timers.delete(t);
        resolve();
      }, ms);
      t.unref();
      this.timers.add(t);
    });
  }
}
