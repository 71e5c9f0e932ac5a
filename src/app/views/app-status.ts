import { parseKeyString } from '../../core/model/kube-object.js';
import type { AppRecord, Condition, HistoryEntry, Operation, SyncStatus } from '../../core/reconcile/app-state.js';
import { redactUrl } from '../../core/source/repo-url.js';
import { syncStatusOf, targetRevisionOf } from '../../daemon/sync-status.js';
import type { AppController } from '../../daemon/app-controller.js';
import type { RolloutView } from '../../core/rollout/types.js';

export interface AppStatusView {
  name: string;
  namespace: string;
  source: { repo: string; branch: string; path: string };
  sync: { status: SyncStatus; revision: string; targetRevision: string };
  health: { status: string; message: string };
  operation?: Operation;
  conditions: Condition[];
  rollouts: RolloutView[];
  summary: { resources: number; synced: number; outOfSync: number };
}

export interface ResourceView {
  group: string;
  version: string;
  kind: string;
  namespace: string;
  name: string;
  status: 'Synced' | 'OutOfSync';
  health: { status: string; message: string };
  requiresPruning?: boolean;
}

// The sync status is the daemon's (it publishes it as a metric): re-exported for the read models' users.
export { syncStatusOf, targetRevisionOf };

export function appStatus(ctl: AppController, record: AppRecord | undefined): AppStatusView {
  let synced = 0;
  let outOfSync = 0;
  for (const r of ctl.resources.values()) r.status === 'Synced' ? synced++ : outOfSync++;
  const conditions = [...(record?.conditions ?? [])];
  if (ctl.source.lastError) conditions.push({ type: 'SourceError', message: ctl.source.lastError });
  if (ctl.lastError) {
    conditions.push({
      type: 'SyncError',
      message: `reconcile failed (retrying): ${redactUrl(ctl.lastError)}`,
      ...(ctl.lastErrorRevision ? { revision: ctl.lastErrorRevision } : {}),
    });
  }
  return {
    name: ctl.spec.name,
    namespace: ctl.spec.namespace,
    source: { repo: redactUrl(ctl.source.spec.repo), branch: ctl.source.spec.branch, path: ctl.spec.path },
    sync: {
      status: syncStatusOf(ctl, record),
      revision: record?.syncedRevision ?? '',
      targetRevision: targetRevisionOf(ctl, record) ?? ctl.source.revision ?? '',
    },
    health: ctl.health,
    ...(record?.operation ? { operation: record.operation } : {}),
    conditions,
    rollouts: ctl.rollouts.views(),
    summary: { resources: ctl.resources.size, synced, outOfSync },
  };
}

export function resourceViews(ctl: AppController): ResourceView[] {
  return [...ctl.resources.values()].map((r) => {
    const k = parseKeyString(r.key);
    return {
      group: k.group,
      version: r.version,
      kind: k.kind,
      namespace: k.namespace,
      name: k.name,
      status: r.status,
      health: r.health,
      ...(r.requiresPruning ? { requiresPruning: true } : {}),
    };
  });
}

export function historyView(entries: HistoryEntry[]): { items: HistoryEntry[] } {
  return { items: entries };
}
