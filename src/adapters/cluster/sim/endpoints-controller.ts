/**
 * Service → Endpoints of the same name: ready pods matching the selector under `addresses`, the others
 * (with an IP) under `notReadyAddresses`; ports resolved from targetPort (numbers or container port names).
 * The same pods go to the Service's EndpointSlice (conditions ready/serving/terminating).
 */
import type { KubeObject } from '../../../core/model/kube-object.js';
import { isPlainObject, keyString } from '../../../core/model/kube-object.js';
import type { ControllerContext } from './controller-context.js';
import { asArray, asMap } from './json.js';
import { isPodReady } from './pod-status.js';
import { randomSuffix } from './names.js';

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
  // Through the store's pod label index: the pods of one Service, not every pod of the namespace.
  const pods = ctx.store.podsMatching(ns, selectorMap).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  const addresses: unknown[] = [];
  const notReady: unknown[] = [];
  const sliceEndpoints: unknown[] = [];
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
    const podReady = isPodReady(p);
    (podReady ? addresses : notReady).push(addr);
    const terminating = p.metadata.deletionTimestamp !== undefined;
    const se: Record<string, unknown> = {
      addresses: [ip],
      conditions: { ready: podReady && !terminating, serving: podReady, terminating },
    };
    if (typeof node === 'string') se['nodeName'] = node;
    se['targetRef'] = addr['targetRef'];
    sliceEndpoints.push(se);
  }
  const ports: unknown[] = [];
  const slicePorts: unknown[] = [];
  for (const sp of asArray(spec['ports'])) {
    if (!isPlainObject(sp)) continue;
    const port = resolvePort(sp['targetPort'], sp['port'], pods);
    if (port === undefined) continue;
    const ep: Record<string, unknown> = { port, protocol: sp['protocol'] ?? 'TCP' };
    if (typeof sp['name'] === 'string' && sp['name'] !== '') ep['name'] = sp['name'];
    if (typeof sp['appProtocol'] === 'string') ep['appProtocol'] = sp['appProtocol'];
    ports.push(ep);
    slicePorts.push({ name: typeof sp['name'] === 'string' ? sp['name'] : '', port, protocol: ep['protocol'], ...(ep['appProtocol'] !== undefined ? { appProtocol: ep['appProtocol'] } : {}) });
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
  syncSlice(ctx, svc, sliceEndpoints, slicePorts);
}

export const SLICE_MANAGED_BY = 'endpointslice-controller.k8s.io';
export const SLICE_CONTROLLER = 'endpointslice-controller';

/**
 * The Service's discovery.k8s.io/v1 EndpointSlice (one per Service here): named <svc>-<5 random>,
 * labelled kubernetes.io/service-name, owned by the Service (deleted with it), same pods as Endpoints.
 */
function syncSlice(ctx: ControllerContext, svc: KubeObject, endpoints: unknown[], ports: unknown[]): void {
  const ns = svc.metadata.namespace ?? '';
  const labels: Record<string, string> = {
    ...(svc.metadata.labels ?? {}),
    'kubernetes.io/service-name': svc.metadata.name,
    'endpointslice.kubernetes.io/managed-by': SLICE_MANAGED_BY,
  };
  const existing = ctx.store
    .ownedBy(svc.metadata.uid!, 'EndpointSlice')
    .filter((s) => s.metadata.labels?.['endpointslice.kubernetes.io/managed-by'] === SLICE_MANAGED_BY)
    .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  const [keep, ...extra] = existing;
  for (const x of extra) ctx.delete(ctx.keyOf(x), SLICE_CONTROLLER);
  if (!keep) {
    let name: string;
    do name = `${svc.metadata.name}-${randomSuffix()}`;
    while (ctx.store.get(keyString({ group: 'discovery.k8s.io', kind: 'EndpointSlice', namespace: ns, name })));
    const slice: KubeObject = {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name,
        generateName: `${svc.metadata.name}-`,
        namespace: ns,
        labels,
        ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: svc.metadata.name, uid: svc.metadata.uid!, controller: true, blockOwnerDeletion: true }],
      },
      addressType: 'IPv4',
      endpoints,
      ports,
    };
    ctx.create(slice, SLICE_CONTROLLER);
    return;
  }
  ctx.update(
    ctx.keyOf(keep),
    (d) => {
      d.metadata.labels = labels;
      d['addressType'] = 'IPv4';
      d['endpoints'] = endpoints;
      d['ports'] = ports;
    },
    SLICE_CONTROLLER,
  );
}
