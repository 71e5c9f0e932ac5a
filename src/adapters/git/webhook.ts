import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PushNotice, WebhookVerifier } from '../../core/ports.js';
import { normalizeRepoUrl } from '../../core/source/repo-url.js';

/** Re-exported from core/source/repo-url.ts (its home). */
export { normalizeRepoUrl };

export type PushEvent = PushNotice;

export type WebhookHeaders = Record<string, string | string[] | undefined>;

function header(h: WebhookHeaders, name: string): string | undefined {
  const v = h[name.toLowerCase()];
  return Array.isArray(v) ? v[0] : v;
}

/** Parses a GitHub or GitLab push payload. Returns undefined for other events or providers. */
export function parsePushEvent(headers: WebhookHeaders, body: Buffer): PushEvent | undefined {
  const github = header(headers, 'x-github-event');
  const gitlab = header(headers, 'x-gitlab-event');
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  const ref = typeof payload.ref === 'string' ? payload.ref : '';
  const branch = ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : undefined;
  const urls: string[] = [];
  const add = (v: unknown) => { if (typeof v === 'string' && v) urls.push(v); };
  if (github !== undefined) {
    if (github !== 'push') return undefined;
    const repo = (payload.repository ?? {}) as Record<string, unknown>;
    for (const k of ['clone_url', 'html_url', 'ssh_url', 'git_url', 'url']) add(repo[k]);
    return { provider: 'github', repoUrls: urls, branch };
  }
  if (gitlab !== undefined) {
    if (payload.object_kind !== 'push' && gitlab !== 'Push Hook') return undefined;
    const project = (payload.project ?? {}) as Record<string, unknown>;
    const repo = (payload.repository ?? {}) as Record<string, unknown>;
    for (const k of ['git_http_url', 'git_ssh_url', 'web_url', 'http_url', 'ssh_url']) { add(project[k]); add(repo[k]); }
    return { provider: 'gitlab', repoUrls: urls, branch };
  }
  return undefined;
}

/** Verifies the push came from the configured forge: GitHub HMAC-SHA256 or GitLab's shared token. */
export function verifyWebhook(provider: 'github' | 'gitlab', headers: WebhookHeaders, body: Buffer, secret: string): boolean {
  if (provider === 'github') {
    const sig = header(headers, 'x-hub-signature-256');
    if (!sig || !sig.startsWith('sha256=')) return false;
    const expected = 'sha256=' + createHmac('sha256', secret).update(body).digest('hex');
    return safeEqual(sig, expected);
  }
  const token = header(headers, 'x-gitlab-token');
  return token !== undefined && safeEqual(token, secret);
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/**
 * A push webhook request as the daemon takes it: the parsed push (undefined when it is not one) and a
 * verifier of its signature against a source's secret. The HTTP adapter calls this; the daemon matches sources.
 */
export function readWebhook(headers: WebhookHeaders, body: Buffer): [PushNotice | undefined, WebhookVerifier] {
  const push = parsePushEvent(headers, body);
  return [push, (secret) => push !== undefined && verifyWebhook(push.provider, headers, body, secret)];
}
