/**
 * An app's Rollouts checked before anything of the app is applied: the spec itself (parseRollout) and the
 * Services its strategy names, which must be among the app's objects or already in the cluster.
 */
import type { ClusterStore } from '../ports.js';
import { splitApiVersion, type KubeObject, type ObjectKey } from '../model/kube-object.js';
import { checkRolloutServices, isRollout, parseRollout, servicesOf } from './validate.js';

export async function checkRollouts(objects: readonly KubeObject[], cluster: Pick<ClusterStore, 'get'>): Promise<Array<{ key: ObjectKey; message: string }>> {
  const rollouts = objects.filter(isRollout);
  if (rollouts.length === 0) return [];
  const services = new Set(objects.filter((o) => o.kind === 'Service' && splitApiVersion(o.apiVersion).group === '').map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`));
  const out: Array<{ key: ObjectKey; message: string }> = [];
  for (const o of rollouts) {
    const key: ObjectKey = { group: splitApiVersion(o.apiVersion).group, kind: o.kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name };
    const parsed = parseRollout(o);
    if (!parsed.ok) {
      out.push({ key, message: parsed.message });
      continue;
    }
    const ns = parsed.spec.namespace;
    const live = new Map<string, boolean>();
    for (const svc of new Set(servicesOf(parsed.spec))) {
      if (services.has(`${ns}/${svc}`)) live.set(svc, true);
      else live.set(svc, (await cluster.get({ group: '', kind: 'Service', namespace: ns, name: svc })) !== undefined);
    }
    for (const message of checkRolloutServices(parsed.spec, (svc) => live.get(svc) ?? true)) out.push({ key, message });
  }
  return out;
}

