/** Kubernetes `Status` failure objects (the HTTP status equals `code`). */
import type { ServerResponse } from 'node:http';
import { ClusterError } from '../../core/ports.js';

export interface StatusDetails { name?: string; group?: string; kind?: string }

export function statusBody(code: number, reason: string, message: string, details?: StatusDetails & { causes?: unknown[] }): Record<string, unknown> {
  const out: Record<string, unknown> = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details && Object.keys(details).length > 0) out['details'] = details;
  return out;
}

/** Any thrown value as a Status: ClusterErrors keep their code, reason and causes; the rest are 500s. */
export function statusOf(err: unknown, details: StatusDetails = {}): Record<string, unknown> {
  if (err instanceof ClusterError) {
    const d: StatusDetails & { causes?: unknown[] } = { ...details };
    if (err.causes.length > 0) d.causes = err.causes.map((c) => ({ reason: c.reason, message: c.message, field: c.field }));
    return statusBody(err.code, err.reason, err.message, d);
  }
  return statusBody(500, 'InternalError', `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`);
}

export function sendJson(res: ServerResponse, code: number, body: unknown, type = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
  res.end(text);
}
