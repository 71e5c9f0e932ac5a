/**
 * What a kind cluster with MetalLB and an ingress controller does: a Service of type LoadBalancer and
 * an Ingress get an address in `status.loadBalancer.ingress`, so they turn Healthy as they would in a
 * real cluster. The address comes from 172.18.255.0/24, derived from the object's uid (stable across
 * restarts; it is only reported, nothing routes to it).
 */
import { isPlainObject } from '../../../core/model/kube-object.js';
import type { ControllerContext } from './controller-context.js';
import { asArray, asMap } from './json.js';

export const LOAD_BALANCER_CONTROLLER = 'sim-load-balancer';

function addressFor(uid: string | undefined): string {
  let h = 0;
  for (const c of uid ?? '') h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `172.18.255.${(h % 250) + 2}`;
}

export function syncLoadBalancer(ctx: ControllerContext, key: string): void {
  const obj = ctx.store.get(key);
  if (!obj || obj.metadata.deletionTimestamp !== undefined) return;
  if (obj.kind === 'Service' && asMap(obj['spec'])['type'] !== 'LoadBalancer') return;
  if (asArray(asMap(asMap(obj['status'])['loadBalancer'])['ingress']).length > 0) return;
  const ip = addressFor(obj.metadata.uid);
  ctx.update(key, (draft) => {
    const status = isPlainObject(draft['status']) ? draft['status'] : {};
    draft['status'] = { ...status, loadBalancer: { ingress: [{ ip }] } };
  }, LOAD_BALANCER_CONTROLLER, undefined, { keepGeneration: true });
  ctx.events.record(obj, 'Normal', 'IPAllocated', `Assigned IP ["${ip}"]`, LOAD_BALANCER_CONTROLLER);
}
