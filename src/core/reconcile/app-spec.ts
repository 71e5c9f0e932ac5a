/** What the reconcile pass needs to know about an application (from tugboat.yaml). */
export interface AppSpec {
  name: string;
  source: string;
  path: string;
  namespace: string;
  syncPolicy: { automated: boolean; prune: boolean; selfHeal: boolean; rollbackOnFailure?: boolean; forceConflicts?: boolean; prunePropagationPolicy?: 'background' | 'foreground' | 'orphan' };
  ignoreDifferences: ReadonlyArray<{ group?: string; kind: string; name?: string; namespace?: string; jsonPointers: readonly string[] }>;
  /** Default: 50 */
  revisionHistoryLimit: number;
  /** When the path holds Chart.yaml: how to render it (tugboat.yaml `chart`). */
  chart?: { releaseName?: string; valueFiles: readonly string[]; values: Readonly<Record<string, unknown>> };
}

/** Why a pass runs. `auto`: a new commit; `selfheal`/`resync`: the cluster changed or the timer fired. */
export type Trigger =
  | { kind: 'auto' }
  | { kind: 'webhook' }
  | { kind: 'resync' }
  | { kind: 'drift' }
  | { kind: 'manual'; prune: boolean; dryRun: boolean; revision?: string }
  /** Re-apply a history entry's revision and quarantine the revision it replaces (SPEC §8). */
  | { kind: 'rollback'; revision: string; rollbackOf: number; cause?: 'auto-rollback' };

export function ignoredPointers(spec: AppSpec, group: string, kind: string, namespace: string, name: string): string[] {
  const out: string[] = [];
  for (const rule of spec.ignoreDifferences) {
    if (rule.kind !== kind) continue;
    if (rule.group !== undefined && rule.group !== group) continue;
    if (rule.name !== undefined && rule.name !== name) continue;
    if (rule.namespace !== undefined && rule.namespace !== namespace) continue;
    out.push(...rule.jsonPointers);
  }
  return out;
}
