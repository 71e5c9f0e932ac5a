/**
 * The state of one app as a Secret in namespace `tugboat-system` (as Helm keeps a release): app record,
 * history (already trimmed to the app's limit), prune inventory and Rollout states, as gzip-compressed
 * JSON under `data.state` (base64, as every Secret value). A Secret holds at most 1 MiB: a state that does
 * not fit is refused with a clear error instead of being cut.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import type { AppRecord, AppliedObject, HistoryEntry } from '../../core/reconcile/app-state.js';
import type { RolloutState } from '../../core/rollout/types.js';

export const STATE_NAMESPACE = 'tugboat-system';
export const STATE_SECRET_TYPE = 'tugboat.dev/app-state.v1';
export const STATE_LABEL = 'tugboat.dev/state';
/** The API server refuses objects over 1 MiB (etcd's limit); leave room for metadata. */
export const MAX_STATE_BYTES = 1024 * 1024 - 16 * 1024;

export interface AppState {
  record?: AppRecord;
  history: HistoryEntry[];
  applied: Map<string, AppliedObject>;
  rollouts: Record<string, RolloutState>;
}

interface Encoded {
  v: 1;
  record?: AppRecord;
  history: HistoryEntry[];
  applied: Array<[key: string, hash: string, object: AppliedObject['object']]>;
  rollouts: Record<string, RolloutState>;
}

export function emptyAppState(): AppState {
  return { history: [], applied: new Map(), rollouts: {} };
}

export function stateSecretName(app: string): string {
  return `tugboat.app.${app}`;
}

/** The base64 value of `data.state`. */
export function encodeAppState(s: AppState): string {
  const body: Encoded = {
    v: 1,
    ...(s.record ? { record: s.record } : {}),
    history: s.history,
    applied: [...s.applied.values()].map((o) => [o.key, o.hash, o.object]),
    rollouts: s.rollouts,
  };
  return gzipSync(Buffer.from(JSON.stringify(body)), { level: 6 }).toString('base64');
}

export function decodeAppState(value: string): AppState {
  const body = JSON.parse(gunzipSync(Buffer.from(value, 'base64')).toString('utf8')) as Encoded;
  if (body.v !== 1) throw new Error(`unknown state format version ${String(body.v)}`);
  return {
    ...(body.record ? { record: body.record } : {}),
    history: body.history ?? [],
    applied: new Map((body.applied ?? []).map(([key, hash, object]) => [key, { key, hash, object }])),
    rollouts: body.rollouts ?? {},
  };
}

export function stateSecret(app: string, value: string, resourceVersion?: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: {
      name: stateSecretName(app),
      namespace: STATE_NAMESPACE,
      labels: { 'app.kubernetes.io/managed-by': 'tugboat', [STATE_LABEL]: 'app', 'tugboat.dev/app': app },
      ...(resourceVersion ? { resourceVersion } : {}),
    },
    type: STATE_SECRET_TYPE,
    data: { state: value },
  };
}
