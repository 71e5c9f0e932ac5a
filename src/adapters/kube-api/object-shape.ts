/**
 * What the API server's Go types do to a stored object: no null members, no empty labels/annotations
 * maps (omitempty), and the `creationTimestamp: null` and `resources: {}` kubectl's typed round trip puts
 * into pod templates (so `rollout undo` finds the old ReplicaSet's template equal to the one it sends).
 */
import { isPlainObject, type KubeObject } from '../../core/model/kube-object.js';

function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (!isPlainObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined) out[k] = dropNulls(x);
  return out;
}

function tidyPodSpec(spec: unknown): void {
  if (!isPlainObject(spec)) return;
  for (const list of ['containers', 'initContainers']) {
    const cs = spec[list];
    if (!Array.isArray(cs)) continue;
    for (const c of cs) if (isPlainObject(c) && isPlainObject(c['resources']) && Object.keys(c['resources']).length === 0) delete c['resources'];
  }
}

function tidyMeta(meta: unknown): void {
  if (!isPlainObject(meta)) return;
  for (const k of ['labels', 'annotations']) if (isPlainObject(meta[k]) && Object.keys(meta[k] as object).length === 0) delete meta[k];
}

export function tidyObject(obj: KubeObject): KubeObject {
  const out = dropNulls(obj) as KubeObject;
  tidyMeta(out.metadata);
  const spec = out['spec'];
  if (isPlainObject(spec)) {
    tidyPodSpec(spec);
    const tpl = spec['template'];
    if (isPlainObject(tpl)) {
      tidyMeta(tpl['metadata']);
      if (isPlainObject(tpl['metadata']) && Object.keys(tpl['metadata']).length === 0) delete tpl['metadata'];
      tidyPodSpec(tpl['spec']);
    }
  }
  return out;
}
