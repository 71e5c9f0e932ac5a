import type { AppRecord, SyncStatus } from '../core/reconcile/app-state.js';

/** What the sync status is worked out from: an app controller's resource view, last error and source head. */
export interface SyncStatusInput {
  readonly resources: ReadonlyMap<string, { status: 'Synced' | 'OutOfSync' }>;
  readonly lastError: string | undefined;
  readonly lastErrorRevision: string | undefined;
  readonly source: { readonly revision: string | undefined };
}

/** The sync status of an app as users read it: Synced only when the cluster matches the newest commit. */
export function syncStatusOf(ctl: SyncStatusInput, record: AppRecord | undefined): SyncStatus {
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
export function targetRevisionOf(ctl: SyncStatusInput, record: AppRecord | undefined): string | undefined {
  if (ctl.lastError && ctl.lastErrorRevision && ctl.lastErrorRevision === ctl.source.revision) return ctl.lastErrorRevision;
  return record?.targetRevision;
}
