import type { KubeObject } from '../model/kube-object.js';
import { parseKeyString } from '../model/kube-object.js';
import type { DesiredObject } from '../render/assemble.js';
import { TRACKING_ANNOTATION } from '../render/assemble.js';
import type { AppliedObject, StateStore } from './app-state.js';

export interface OwnershipConflict {
  key: string;
  owner: string;
}

/**
 * Objects of `app` that another app owns: one whose inventory holds the key, or whose tracking
 * annotation the live object carries. Taking them would make the two apps overwrite each other on
 * every pass (Argo CD calls these shared resources), so the taker must not apply them.
 */
export function ownershipConflicts(
  app: string,
  toApply: readonly DesiredObject[],
  live: ReadonlyMap<string, KubeObject>,
  applied: ReadonlyMap<string, AppliedObject>,
  state: Pick<StateStore, 'ownersOf'>,
): OwnershipConflict[] {
  const out: OwnershipConflict[] = [];
  // The inventory of other apps, asked only for keys this app does not hold yet (new to it).
  const inventoryOwners = state.ownersOf(toApply.filter((d) => !applied.has(d.key)).map((d) => d.key), app);
  for (const d of toApply) {
    const byInventory = inventoryOwners.get(d.key);
    const tracking = live.get(d.key)?.metadata.annotations?.[TRACKING_ANNOTATION];
    const byAnnotation = tracking ? tracking.slice(0, tracking.indexOf(':')) : undefined;
    const owner = byInventory ?? (byAnnotation && byAnnotation !== app ? byAnnotation : undefined);
    if (owner) out.push({ key: d.key, owner });
  }
  return out;
}

export function ownershipMessage(conflicts: readonly OwnershipConflict[]): string {
  return conflicts.map(({ key, owner }) => {
    const k = parseKeyString(key);
    return `${k.kind}${k.group ? '.' + k.group : ''} ${k.namespace ? k.namespace + '/' : ''}${k.name} is owned by application "${owner}": not taken (remove it from one of the two apps)`;
  }).join('\n');
}
