/** The HTTP request each target type receives for one notification (SPEC §12). */
import { createHmac } from 'node:crypto';
import type { NotificationTarget } from '../../config/types.js';
import type { RoutedEvent } from './notification-events.js';

export interface Notification {
  event: RoutedEvent;
  app: string;
  namespace: string;
  revision: string;
  syncStatus: string;
  healthStatus: string;
  message: string;
  /** ISO 8601. */
  time: string;
}

export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export const SIGNATURE_HEADER = 'X-Tugboat-Signature-256';

/** `sha256=<hex>` of the body, keyed with the target's secret: receivers verify the sender and the bytes. */
export function sign(body: string, secret: string): string {
  return 'sha256=' + createHmac('sha256', secret).update(body).digest('hex');
}

const GITHUB_STATE: Partial<Record<RoutedEvent, 'pending' | 'success' | 'failure'>> = {
  'sync-started': 'pending',
  'sync-succeeded': 'success',
  'sync-failed': 'failure',
  'health-degraded': 'failure',
  'rollout-paused': 'pending',
  'rollout-promoted': 'success',
  'rollout-aborted': 'failure',
};

const TITLE: Record<RoutedEvent, string> = {
  'sync-started': 'Sync started',
  'sync-succeeded': 'Sync succeeded',
  'sync-failed': 'Sync failed',
  'health-degraded': 'Health degraded',
  'rollout-paused': 'Rollout paused',
  'rollout-promoted': 'Rollout promoted',
  'rollout-aborted': 'Rollout aborted',
  rollback: 'Rollback',
};

/** The request for one target, or undefined when the target has nothing to say about this event. */
export function requestFor(target: NotificationTarget, n: Notification): OutgoingRequest | undefined {
  const json = { 'content-type': 'application/json', 'user-agent': 'tugboat' };
  switch (target.type) {
    case 'webhook': {
      if (n.event === 'sync-started') return undefined;
      const body = JSON.stringify({ apiVersion: 'tugboat.dev/v1alpha1', kind: 'Notification', ...n });
      return { url: target.url, headers: { ...json, ...(target.secret ? { [SIGNATURE_HEADER]: sign(body, target.secret) } : {}) }, body };
    }
    case 'slack': {
      if (n.event === 'sync-started') return undefined;
      const rev = n.revision ? ` at \`${n.revision.slice(0, 12)}\`` : '';
      const text = `${TITLE[n.event]}: ${n.app}${rev} — ${n.message}`;
      const fields = `*Namespace* ${n.namespace || '-'}  ·  *Sync* ${n.syncStatus}  ·  *Health* ${n.healthStatus}`;
      const body = JSON.stringify({
        text,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: `*${TITLE[n.event]}*: \`${n.app}\`${rev}\n${n.message}` } },
          { type: 'context', elements: [{ type: 'mrkdwn', text: fields }] },
        ],
      });
      return { url: target.url, headers: json, body };
    }
    case 'github': {
      const state = GITHUB_STATE[n.event];
      if (!state || !/^[0-9a-f]{40}$/.test(n.revision)) return undefined;
      const base = target.url.replace(/\/+$/, '');
      const description = `${TITLE[n.event]}: ${n.message}`;
      const body = JSON.stringify({ state, context: `tugboat/${n.app}`, description: description.length > 140 ? description.slice(0, 139) + '…' : description });
      const headers: Record<string, string> = { ...json, accept: 'application/vnd.github+json' };
      if (target.token) headers.authorization = `Bearer ${target.token}`;
      return { url: `${base}/repos/${target.repository}/statuses/${n.revision}`, headers, body };
    }
  }
}
