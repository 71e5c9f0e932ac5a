/**
 * Fields another field manager owns (kubectl scale, kubectl edit, another controller) are taken by
 * Tugboat's server-side apply only where the app's policy says so — as `kubectl apply --server-side`
 * takes them only with `--force-conflicts`. Without it, a sync that would change such a field is refused
 * before anything is applied, with a Conflict naming the manager and the field.
 */
import { ClusterError, FIELD_MANAGER, type ClusterStore } from '../ports.js';
import type { KubeObject } from '../model/kube-object.js';
import type { AppSpec, Trigger } from './app-spec.js';

/**
 * Whether this pass forces ownership: `syncPolicy.forceConflicts`, `selfHeal` (git wins over changes made
 * in the cluster), and a sync or rollback a user asked for (they asked for exactly this state).
 */
export function forcesConflicts(app: AppSpec, trigger: Trigger): boolean {
  return app.syncPolicy.forceConflicts === true || app.syncPolicy.selfHeal || trigger.kind === 'manual' || trigger.kind === 'rollback';
}

/** Managers other than Tugboat that own fields of a live object (from its managedFields). */
function otherManagers(live: KubeObject | undefined): boolean {
  const mf = (live?.metadata as { managedFields?: Array<{ manager?: string; subresource?: string }> } | undefined)?.managedFields;
  return Array.isArray(mf) && mf.some((e) => e.manager !== FIELD_MANAGER && e.subresource !== 'status');
}

/**
 * Dry-runs, without force, the applies of objects whose live copy has other managers; returns one line
 * per refused object (`Kind namespace/name: Apply failed with 1 conflict: conflict with "kubectl" …`).
 */
export async function fieldConflicts(cluster: ClusterStore, objects: KubeObject[], liveOf: (o: KubeObject) => KubeObject | undefined): Promise<string[]> {
  const out: string[] = [];
  for (const o of objects) {
    if (!otherManagers(liveOf(o))) continue;
    try {
      await cluster.apply(o, { fieldManager: FIELD_MANAGER, force: false, dryRun: true });
    } catch (err) {
      if (!(err instanceof ClusterError) || err.code !== 409) continue; // other errors are the apply's to report
      const ns = o.metadata.namespace ? `${o.metadata.namespace}/` : '';
      out.push(`${o.kind} ${ns}${o.metadata.name}: ${err.message}`);
    }
  }
  return out;
}
