import { parseKeyString } from '../../core/model/kube-object.js';
import type { AppRecord, Condition, HistoryEntry, Operation, SyncStatus } from '../../core/reconcile/app-state.js';
import { redactUrl } from '../../adapters/git/source.js';
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

/** The sync status of an app as users read it: Synced only when the cluster matches the newest commit. */
export function syncStatusOf(ctl: AppController, record: AppRecord | undefined): SyncStatus {
  const target = targetRevisionOf(ctl, record);
  if (!record || !target) return 'Unknown';
  if (record.conditions.some((c) => c.type === 'RenderError' && c.revision === target)) return 'Unknown';
  const outOfSync = [...ctl.resources.values()].some((r) => r.status === 'OutOfSync');
  if (outOfSync) return 'OutOfSync';
  if (record.syncedRevision !== target) return 'OutOfSync';
  return 'Synced';
}

/**
 * The newest revision the app has seen: the record's, unless the last pass threw for a newer one
 * before it could record it (the store may be what failed).
 */
export function targetRevisionOf(ctl: AppController, record: AppRecord | undefined): string | undefined {
  if (ctl.lastError && ctl.lastErrorRevision && ctl.lastErrorRevision === ctl.source.revision) return ctl.lastErrorRevision;
  return record?.targetRevision;
}

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
