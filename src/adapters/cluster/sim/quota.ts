/**
 * ResourceQuota admission for Pods and the quota's status. Tracked resources: `pods`, `requests.cpu`,
 * `requests.memory`, `limits.cpu`, `limits.memory` (`cpu`/`memory` count as requests). A pod that would
 * take a namespace past a quota's `spec.hard` is refused with 403 Forbidden, worded like the API server:
 * `pods "x" is forbidden: exceeded quota: q, requested: r=1, used: r=2, limited: r=2`; a pod without a
 * request/limit a quota constrains is refused with `failed quota: q: must specify limits.cpu`.
 */
import { ClusterError } from '../../../core/ports.js';
import type { KubeObject } from '../../../core/model/kube-object.js';
import { isPlainObject } from '../../../core/model/kube-object.js';
import { asArray, asMap } from './json.js';
import type { ObjectStore } from './object-store.js';
import { cpuMillis, memoryBytes, parseQuantity } from './quantity.js';
import { isTerminal } from './scheduler.js';

export const QUOTA_CONTROLLER = 'resourcequota-controller';

const TRACKED = new Set(['pods', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory', 'cpu', 'memory']);

type Usage = Record<string, number>;

function isCpu(resource: string): boolean {
  return resource.endsWith('cpu');
}

/** Parses a hard limit to the unit usage is kept in (millicores, bytes, count). */
function hardValue(resource: string, q: unknown): number | undefined {
  if (parseQuantity(q) === undefined) return undefined;
  if (isCpu(resource)) return cpuMillis(q);
  if (resource === 'pods') return Math.ceil(parseQuantity(q)!);
  return memoryBytes(q);
}

/** What one pod uses of each tracked resource (containers summed, an init container's max if larger). */
export function podUsage(pod: KubeObject): { usage: Usage; has: Record<string, boolean> } {
  const spec = asMap(pod['spec']);
  const sum = { 'requests.cpu': 0, 'requests.memory': 0, 'limits.cpu': 0, 'limits.memory': 0 };
  const has: Record<string, boolean> = { 'requests.cpu': true, 'requests.memory': true, 'limits.cpu': true, 'limits.memory': true };
  const containers = asArray(spec['containers']).filter(isPlainObject);
  const read = (c: Record<string, unknown>) => {
    const res = asMap(c['resources']);
    const limits = asMap(res['limits']);
    // an unset request defaults to the limit
    const requests = { ...limits, ...asMap(res['requests']) };
    return {
      'requests.cpu': requests['cpu'],
      'requests.memory': requests['memory'],
      'limits.cpu': limits['cpu'],
      'limits.memory': limits['memory'],
    } as Record<string, unknown>;
  };
  for (const c of containers) {
    const r = read(c);
    for (const k of Object.keys(sum) as Array<keyof typeof sum>) {
      if (r[k] === undefined) has[k] = false;
      sum[k] += isCpu(k) ? cpuMillis(r[k]) : memoryBytes(r[k]);
    }
  }
  for (const c of asArray(spec['initContainers']).filter(isPlainObject)) {
    const r = read(c);
    for (const k of Object.keys(sum) as Array<keyof typeof sum>) {
      const v = isCpu(k) ? cpuMillis(r[k]) : memoryBytes(r[k]);
      if (v > sum[k]) sum[k] = v;
    }
  }
  if (containers.length === 0) for (const k of Object.keys(has)) has[k] = false;
  return {
    usage: { pods: 1, ...sum, cpu: sum['requests.cpu'], memory: sum['requests.memory'] },
    has: { ...has, cpu: has['requests.cpu']!, memory: has['requests.memory']! },
  };
}

/** Formats an amount the way a quantity prints: `500m`, `1`, `512Mi`, `3`. */
export function formatAmount(resource: string, v: number): string {
  if (isCpu(resource)) return v % 1000 === 0 ? String(v / 1000) : `${v}m`;
  if (resource === 'pods') return String(v);
  if (v === 0) return '0';
  for (const [suffix, size] of [['Ei', 2 ** 60], ['Pi', 2 ** 50], ['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
    if (v % size === 0) return `${v / size}${suffix}`;
  }
  for (const [suffix, size] of [['G', 1e9], ['M', 1e6], ['k', 1e3]] as const) {
    if (v % size === 0) return `${v / size}${suffix}`;
  }
  return String(v);
}

function hardOf(quota: KubeObject): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (const [k, q] of Object.entries(asMap(asMap(quota['spec'])['hard']))) {
    if (!TRACKED.has(k)) continue;
    const v = hardValue(k, q);
    if (v !== undefined) out.push([k, v]);
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** What the namespace's live pods use (terminal pods do not count), optionally leaving one pod out. */
export function namespaceUsage(store: ObjectStore, ns: string, exceptName?: string): Usage {
  const used: Usage = { pods: 0, 'requests.cpu': 0, 'requests.memory': 0, 'limits.cpu': 0, 'limits.memory': 0, cpu: 0, memory: 0 };
  for (const p of store.objectsOfKind('', 'Pod', ns)) {
    if (isTerminal(p) || p.metadata.name === exceptName) continue;
    const u = podUsage(p).usage;
    for (const k of Object.keys(used)) used[k]! += u[k] ?? 0;
  }
  return used;
}

/** The 403 a new pod gets when it does not fit the namespace's quotas, or undefined. */
export function checkPodQuota(store: ObjectStore, pod: KubeObject): ClusterError | undefined {
  const ns = pod.metadata.namespace ?? 'default';
  const quotas = store.objectsOfKind('', 'ResourceQuota', ns).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  if (quotas.length === 0 || isTerminal(pod)) return undefined;
  const { usage: req, has } = podUsage(pod);
  let used: Usage | undefined;
  for (const q of quotas) {
    const hard = hardOf(q);
    if (hard.length === 0) continue;
    const missing = hard.filter(([k]) => k !== 'pods' && !has[k]).map(([k]) => k);
    if (missing.length) return forbidden(pod, `failed quota: ${q.metadata.name}: must specify ${missing.join(',')}`);
    used ??= namespaceUsage(store, ns, pod.metadata.name);
    const over = hard.filter(([k, limit]) => used![k]! + (req[k] ?? 0) > limit && (req[k] ?? 0) > 0);
    if (over.length === 0) continue;
    const list = (f: (k: string, limit: number) => number) => over.map(([k, limit]) => `${k}=${formatAmount(k, f(k, limit))}`).join(',');
    return forbidden(
      pod,
      `exceeded quota: ${q.metadata.name}, requested: ${list((k) => req[k] ?? 0)}, used: ${list((k) => used![k]!)}, limited: ${list((_k, l) => l)}`,
    );
  }
  return undefined;
}

function forbidden(pod: KubeObject, why: string): ClusterError {
  const message = `pods "${pod.metadata.name}" is forbidden: ${why}`;
  return new ClusterError(403, 'Forbidden', message);
}

/** The status a quota should carry now: `hard` as written, `used` over the namespace's pods. */
export function quotaStatus(store: ObjectStore, quota: KubeObject): Record<string, unknown> {
  const hardSpec = asMap(asMap(quota['spec'])['hard']);
  const used = namespaceUsage(store, quota.metadata.namespace ?? 'default');
  const hard: Record<string, unknown> = {};
  const usedOut: Record<string, string> = {};
  for (const [k, v] of Object.entries(hardSpec)) {
    hard[k] = v;
    if (TRACKED.has(k)) usedOut[k] = formatAmount(k, used[k] ?? 0);
  }
  return { hard, used: usedOut };
}
