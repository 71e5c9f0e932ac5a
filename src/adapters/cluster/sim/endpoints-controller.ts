/**
 * Service → Endpoints of the same name: ready pods matching the selector under `addresses`, the others
 * (with an IP) under `notReadyAddresses`; ports resolved from targetPort (numbers or container port names).
 */
import type { KubeObject } from '../../../core/model/kube-object.js';
import { isPlainObject, keyString } from '../../../core/model/kube-object.js';
import type { ControllerContext } from './controller-context.js';
import { asArray, asMap } from './json.js';
import { fromMap, matches } from './label-selector.js';
import { isPodReady } from './pod-status.js';

export const ENDPOINTS_CONTROLLER = 'endpoint-controller';

function resolvePort(target: unknown, port: unknown, pods: KubeObject[]): number | undefined {
  if (typeof target === 'number') return target;
  if (typeof target === 'string' && target !== '') {
    if (/^\d+$/.test(target)) return Number(target);
    for (const p of pods) {
      for (const c of asArray(asMap(p['spec'])['containers'])) {
        for (const cp of asArray(asMap(c)['ports'])) {
          if (isPlainObject(cp) && cp['name'] === target && typeof cp['containerPort'] === 'number') return cp['containerPort'];
        }
      }
    }
    return undefined;
  }
  return typeof port === 'number' ? port : undefined;
}

export function syncEndpoints(ctx: ControllerContext, serviceKey: string): void {
  const svc = ctx.store.get(serviceKey);
  if (!svc) return; // deleted with the Service (garbage-collector.ts)
  const spec = asMap(svc['spec']);
  const selectorMap = spec['selector'];
  if (!isPlainObject(selectorMap) || Object.keys(selectorMap).length === 0 || spec['type'] === 'ExternalName') return;
  const ns = svc.metadata.namespace ?? '';
  const sel = fromMap(selectorMap);
  const pods = ctx.store
    .objectsOfKind('', 'Pod', ns)
    .filter((p) => matches(sel, p.metadata.labels))
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  const addresses: unknown[] = [];
  const notReady: unknown[] = [];
  for (const p of pods) {
    const st = asMap(p['status']);
    const ip = st['podIP'];
    if (typeof ip !== 'string' || ip === '') continue;
    if (st['phase'] === 'Succeeded' || st['phase'] === 'Failed') continue;
    const addr: Record<string, unknown> = {
      ip,
      targetRef: { kind: 'Pod', namespace: ns, name: p.metadata.name, uid: p.metadata.uid },
    };
    const node = asMap(p['spec'])['nodeName'];
    if (typeof node === 'string') addr['nodeName'] = node;
    (isPodReady(p) ? addresses : notReady).push(addr);
  }
  const ports: unknown[] = [];
  for (const sp of asArray(spec['ports'])) {
    if (!isPlainObject(sp)) continue;
    const port = resolvePort(sp['targetPort'], sp['port'], pods);
    if (port === undefined) continue;
    const ep: Record<string, unknown> = { port, protocol: sp['protocol'] ?? 'TCP' };
    if (typeof sp['name'] === 'string' && sp['name'] !== '') ep['name'] = sp['name'];
    if (typeof sp['appProtocol'] === 'string') ep['appProtocol'] = sp['appProtocol'];
    ports.push(ep);
  }
  const subset: Record<string, unknown> = {};
  if (addresses.length) subset['addresses'] = addresses;
  if (notReady.length) subset['notReadyAddresses'] = notReady;
  subset['ports'] = ports;
  const subsets = addresses.length || notReady.length ? [subset] : [];
  const labels = svc.metadata.labels ? { ...svc.metadata.labels } : undefined;
  const key = keyString({ group: '', kind: 'Endpoints', namespace: ns, name: svc.metadata.name });
  if (!ctx.store.get(key)) {
    const ep: KubeObject = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: svc.metadata.name, namespace: ns }, subsets };
    if (labels) ep.metadata.labels = labels;
    ctx.create(ep, ENDPOINTS_CONTROLLER);
  } else {
    ctx.update(
      key,
      (e) => {
        e['subsets'] = subsets;
        if (labels) e.metadata.labels = labels;
        else delete e.metadata.labels;
      },
      ENDPOINTS_CONTROLLER,
    );
  }
}
