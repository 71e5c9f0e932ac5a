/**
 * Cascading deletion: deleting an object deletes what it owns (metadata.ownerReferences), transitively;
 * deleting a Namespace deletes everything in it; deleting a Service deletes its Endpoints.
 * The owner goes first, then its dependents (background propagation), all before delete() returns.
 */
import { keyString, type KubeObject } from '../../../core/model/kube-object.js';
import type { EventRecorder } from './events.js';
import type { ObjectStore } from './object-store.js';

export const GC_MANAGER = 'garbage-collector';

export function cascadeDelete(store: ObjectStore, events: EventRecorder, key: string, manager: string | undefined, orphan = false): boolean {
  const first = store.get(key);
  if (!first) return false;
  if (orphan && first.metadata.uid) {
    // propagationPolicy Orphan: the dependents stay, without their ownerReference to the deleted object.
    const uid = first.metadata.uid;
    for (const dep of store.ownedBy(uid)) {
      const next = structuredClone(dep);
      next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
      if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
      store.commit(next, GC_MANAGER);
    }
    store.remove(key, manager);
    return true;
  }
  const queue: Array<{ key: string; manager: string | undefined }> = [{ key, manager }];
  while (queue.length > 0) {
    const item = queue.shift()!;
    const obj: KubeObject | undefined = store.get(item.key);
    if (!obj) continue;
    store.remove(item.key, item.manager);
    const uid = obj.metadata.uid;
    if (uid) for (const dep of store.ownedBy(uid)) queue.push({ key: keyOfObj(dep), manager: GC_MANAGER });
    if (obj.apiVersion === 'v1' && obj.kind === 'Service') {
      queue.push({ key: keyString({ group: '', kind: 'Endpoints', namespace: obj.metadata.namespace ?? '', name: obj.metadata.name }), manager: 'endpoint-controller' });
    }
    if (obj.apiVersion === 'v1' && obj.kind === 'Namespace') {
      const ns = obj.metadata.name;
      for (const k of [...store.keys()]) {
        const parts = k.split('/');
        if (parts[2] === ns) queue.push({ key: k, manager: 'namespace-controller' });
      }
      events.removeNamespace(ns);
    }
  }
  return true;
}

function keyOfObj(o: KubeObject): string {
  const slash = o.apiVersion.indexOf('/');
  const group = slash < 0 ? '' : o.apiVersion.slice(0, slash);
  return keyString({ group, kind: o.kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name });
}
