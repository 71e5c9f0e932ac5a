/**
 * HTTP to the API server with the kubeconfig's credentials and TLS settings (client-node applies them),
 * one keep-alive agent, and the retry policy: 429 and 5xx (and unreachable servers) are retried with
 * exponential backoff and jitter, honouring Retry-After; other failures become ClusterErrors carrying the
 * Status's code, reason, message and causes; 401/403 name the verb and the resource.
 */
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https';
import { request as httpRequest, Agent as HttpAgent } from 'node:http';
import type { KubeConfig } from '@kubernetes/client-node';
import { ClusterError, type StatusCause } from '../../../core/ports.js';

export interface RequestOptions {
  query?: Record<string, string | undefined>;
  body?: unknown;
  contentType?: string;
  /** What the request does, for error messages: "patch deployments.apps \"web\" in namespace \"shop\"". */
  what: string;
}

export interface Response {
  status: number;
  body: unknown;
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

export class KubeTransport {
  private headers: Record<string, string> = {};
  private agent: HttpsAgent | HttpAgent | undefined;
  private readonly server: URL;
  private preparedAt = 0;

  constructor(
    private readonly kc: KubeConfig,
    private readonly retry = { attempts: 5, baseMs: 200, maxMs: 5000 },
  ) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('kubeconfig has no current cluster');
    this.server = new URL(cluster.server);
  }

  get serverUrl(): string {
    return this.server.origin;
  }

  /** Credentials are re-read every minute (service-account tokens rotate). */
  private async prepare(): Promise<void> {
    if (this.agent && Date.now() - this.preparedAt < 60_000) return;
    const opts: Record<string, unknown> & { headers?: Record<string, string> } = { headers: {} };
    await this.kc.applyToHTTPSOptions(opts as never);
    this.headers = { ...(opts.headers ?? {}) };
    if (this.server.protocol === 'http:') this.agent ??= new HttpAgent({ keepAlive: true, maxSockets: 32 });
    else {
      this.agent?.destroy();
      this.agent = new HttpsAgent({
        keepAlive: true,
        maxSockets: 32,
        ...(opts['ca'] ? { ca: opts['ca'] as Buffer } : {}),
        ...(opts['cert'] ? { cert: opts['cert'] as Buffer } : {}),
        ...(opts['key'] ? { key: opts['key'] as Buffer } : {}),
        ...(opts['rejectUnauthorized'] === false ? { rejectUnauthorized: false } : {}),
        ...(typeof opts['servername'] === 'string' ? { servername: opts['servername'] } : {}),
      });
    }
    this.preparedAt = Date.now();
  }

  async request(method: string, path: string, opts: RequestOptions): Promise<Response> {
    for (let attempt = 1; ; attempt++) {
      let res: Response | undefined;
      let retryAfterMs: number | undefined;
      try {
        const r = await this.once(method, path, opts);
        res = { status: r.status, body: r.body };
        retryAfterMs = r.retryAfterMs;
      } catch (err) {
        if (attempt >= this.retry.attempts) {
          const code = (err as { code?: string }).code ?? (err instanceof Error ? err.message : String(err));
          throw new ClusterError(503, 'ServiceUnavailable', `cannot ${opts.what}: the Kubernetes API at ${this.server.origin} is unreachable (${code})`);
        }
      }
      if (res) {
        if (res.status < 400) return res;
        if (!RETRYABLE.has(res.status) || attempt >= this.retry.attempts) throw this.error(res, opts.what);
      }
      const backoff = Math.min(this.retry.maxMs, this.retry.baseMs * 2 ** (attempt - 1));
      const delay = retryAfterMs !== undefined ? Math.min(this.retry.maxMs, retryAfterMs) : backoff * (0.5 + Math.random());
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  private error(res: Response, what: string): ClusterError {
    const st = (typeof res.body === 'object' && res.body !== null ? res.body : {}) as { reason?: string; message?: string; details?: { causes?: StatusCause[] } };
    const reason = st.reason ?? (res.status === 401 ? 'Unauthorized' : res.status === 403 ? 'Forbidden' : 'Unknown');
    let message = st.message ?? `${res.status} ${typeof res.body === 'string' ? res.body.slice(0, 200) : ''}`.trim();
    if (res.status === 401 || res.status === 403) message = `cannot ${what}: ${res.status === 401 ? 'Unauthorized (the credentials in the kubeconfig were refused)' : message}`;
    return new ClusterError(res.status, reason, message, st.details?.causes ?? []);
  }

  private async once(method: string, path: string, opts: RequestOptions): Promise<{ status: number; body: unknown; retryAfterMs?: number }> {
    await this.prepare();
    const url = new URL(path, this.server);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    const payload = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
    const headers: Record<string, string> = { ...this.headers, Accept: 'application/json', 'User-Agent': 'tugboat' };
    if (payload) {
      headers['Content-Type'] = opts.contentType ?? 'application/json';
      headers['Content-Length'] = String(payload.length);
    }
    const doRequest = url.protocol === 'http:' ? httpRequest : httpsRequest;
    return new Promise((resolve, reject) => {
      const req = doRequest(url, { method, headers, agent: this.agent, timeout: 60_000 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: keep the text for the error message
          }
          const ra = Number(res.headers['retry-after']);
          resolve({ status: res.statusCode ?? 0, body, ...(Number.isFinite(ra) && ra >= 0 ? { retryAfterMs: ra * 1000 } : {}) });
        });
      });
      req.on('timeout', () => req.destroy(Object.assign(new Error('request timed out'), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent?.destroy();
  }
}
