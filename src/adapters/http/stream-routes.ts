import { Router, type Request, type Response } from 'express';
import type { TugboatApi } from '../../app/api.js';
import { TugboatError } from '../../core/errors.js';
import { busEventView } from '../../app/views/app-events.js';

/** A comment line this often keeps proxies and browsers from closing an idle stream. */
const KEEP_ALIVE_MS = 15_000;
/** App changes are gathered this long, so a burst of pod updates sends one `app` event per app. */
const COALESCE_MS = 100;

/**
 * `GET /api/v1/stream` (SPEC §4): server-sent events. `app` carries an AppStatus whenever it changes
 * (the UI's list and app page read nothing else to stay current), `event` carries each of Tugboat's own
 * events as the events endpoint shows it, with its `app`. It sits behind the same bearer-token check as
 * every other read: browsers send the header through fetch streaming, so the token never goes in a URL.
 */
export function streamRoutes(api: TugboatApi): Router {
  const r = Router();
  const hub = new StreamHub(api);
  r.get('/api/v1/stream', (req, res) => hub.open(req, res));
  return r;
}

class StreamHub {
  private readonly clients = new Set<Response>();
  private readonly pending = new Set<string>();
  private readonly lastSent = new Map<string, string>();
  private flushTimer: NodeJS.Timeout | undefined;
  private keepAlive: NodeJS.Timeout | undefined;
  private unsubscribe: Array<() => void> = [];

  constructor(private readonly api: TugboatApi) {}

  open(req: Request, res: Response): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // Reverse proxies (nginx) buffer responses unless told otherwise.
      'X-Accel-Buffering': 'no',
    });
    res.write('retry: 2000\n: connected\n\n');
    this.clients.add(res);
    if (this.clients.size === 1) this.start();
    const close = () => {
      if (!this.clients.delete(res)) return;
      if (this.clients.size === 0) this.stop();
    };
    req.on('close', close);
    res.on('error', close);
  }

  /** Listens to the daemon only while someone is connected. */
  private start(): void {
    this.unsubscribe.push(this.api.subscribe({
      appChanged: (app) => this.schedule(app),
      event: (e) => {
        if (e.level === 'debug' || e.name === 'progress') return;
        this.send('event', JSON.stringify({ ...busEventView(e), ...(e.app ? { app: e.app } : {}) }));
        // A bus event (a rollout step) may change what the app's status shows.
        if (e.app) this.schedule(e.app);
      },
    }));
    this.keepAlive = setInterval(() => this.write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    this.keepAlive.unref();
    // What was sent before the last client left may be stale: every status is new to a new client.
    this.lastSent.clear();
  }

  private stop(): void {
    for (const u of this.unsubscribe) u();
    this.unsubscribe = [];
    if (this.keepAlive) clearInterval(this.keepAlive);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.keepAlive = this.flushTimer = undefined;
    this.pending.clear();
  }

  private schedule(app: string): void {
    this.pending.add(app);
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => this.flush(), COALESCE_MS);
    this.flushTimer.unref();
  }

  /** Sends the status of each app that changed since the last flush, when it really differs. */
  private flush(): void {
    this.flushTimer = undefined;
    const apps = [...this.pending];
    this.pending.clear();
    for (const name of apps) {
      const data = this.statusJson(name);
      if (data === undefined) continue;
      if (this.lastSent.get(name) === data) continue;
      this.lastSent.set(name, data);
      this.send('app', data);
    }
  }

  /** The app's status as JSON; undefined when there is no such app. */
  private statusJson(name: string): string | undefined {
    try {
      return JSON.stringify(this.api.appStatus(name));
    } catch (err) {
      if (err instanceof TugboatError && err.code === 'NotFound') return undefined;
      throw err;
    }
  }

  private send(event: string, data: string): void {
    // JSON.stringify never emits a raw newline, so one `data:` line carries the whole payload.
    this.write(`event: ${event}\ndata: ${data}\n\n`);
  }

  private write(chunk: string): void {
    for (const res of this.clients) {
      if (!res.writableEnded) res.write(chunk);
    }
  }
}
