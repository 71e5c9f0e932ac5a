import { createHmac, timingSafeEqual } from 'node:crypto';

export interface PushEvent {
  provider: 'github' | 'gitlab';
  /** Every URL form the payload gives for the repository. */
  repoUrls: string[];
  /** Branch name from `refs/heads/<branch>`; undefined for tags. */
  branch?: string;
}

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
 * Normalises a repository URL for matching: no scheme, credentials, trailing slash or `.git`, lower case host.
 * `git@github.com:org/repo.git`, `https://github.com/org/repo` and `ssh://git@github.com/org/repo` match.
 */
export function normalizeRepoUrl(url: string): string {
  let u = url.trim();
  const scp = /^[\w.-]+@([\w.-]+):(?!\/)(.*)$/.exec(u);
  if (scp) u = `${scp[1]}/${scp[2]}`;
  else u = u.replace(/^[a-z+]+:\/\//i, '').replace(/^[^/@]+@/, '');
  u = u.replace(/\/+$/, '').replace(/\.git$/, '');
  const slash = u.indexOf('/');
  const host = slash < 0 ? u : u.slice(0, slash);
  return host.toLowerCase().replace(/:\d+$/, '') + (slash < 0 ? '' : u.slice(slash));
}
