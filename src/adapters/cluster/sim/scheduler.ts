/**
 * Places pods on nodes: filters by node readiness, spec.unschedulable, nodeSelector, CPU/memory requests
 * and pod capacity; picks the least-loaded node (fewest pods, then least CPU requested, then name).
 */
import type { KubeObject } from '../../../core/model/kube-object.js';
import { isPlainObject } from '../../../core/model/kube-object.js';
import { asArray, asMap, asStringMap } from './json.js';
import type { ObjectStore } from './object-store.js';
import { cpuMillis, memoryBytes, parseQuantity } from './quantity.js';

interface NodeUsage {
  name: string;
  labels: Record<string, string>;
  ready: boolean;
  unschedulable: boolean;
  cpu: number;
  memory: number;
  maxPods: number;
  usedCpu: number;
  usedMemory: number;
  pods: number;
  hostIP: string;
}

export interface Requests {
  cpu: number;
  memory: number;
}

export function podRequests(pod: KubeObject): Requests {
  let cpu = 0;
  let memory = 0;
  for (const c of asArray(asMap(pod['spec'])['containers'])) {
    if (!isPlainObject(c)) continue;
    const res = asMap(c['resources']);
    const req = { ...asMap(res['limits']), ...asMap(res['requests']) };
    cpu += cpuMillis(req['cpu']);
    memory += memoryBytes(req['memory']);
  }
  return { cpu, memory };
}

export type Placement = { node: string; hostIP: string } | { node?: undefined; reason: string };

export class Scheduler {
  private usage: Map<string, NodeUsage> | undefined;

  constructor(private readonly store: ObjectStore) {}

  /** Forget cached node usage (call when a new controller pass starts). */
  invalidate(): void {
    this.usage = undefined;
  }

  private load(): Map<string, NodeUsage> {
    if (this.usage) return this.usage;
    const m = new Map<string, NodeUsage>();
    for (const n of this.store.objectsOfKind('', 'Node')) {
      const st = asMap(n['status']);
      const alloc = asMap(st['allocatable'] ?? st['capacity']);
      const ready = asArray(st['conditions']).some((c) => isPlainObject(c) && c['type'] === 'Ready' && c['status'] === 'True');
      const addr = asArray(st['addresses']).find((a) => isPlainObject(a) && a['type'] === 'InternalIP') as Record<string, unknown> | undefined;
      m.set(n.metadata.name, {
        name: n.metadata.name,
        labels: asStringMap(n.metadata.labels),
        ready,
        unschedulable: asMap(n['spec'])['unschedulable'] === true,
        cpu: cpuMillis(alloc['cpu'] ?? '4'),
        memory: memoryBytes(alloc['memory'] ?? '16Gi'),
        maxPods: parseQuantity(alloc['pods']) ?? 110,
        usedCpu: 0,
        usedMemory: 0,
        pods: 0,
        hostIP: typeof addr?.['address'] === 'string' ? addr['address'] : '',
      });
    }
    for (const p of this.store.objectsOfKind('', 'Pod')) {
      const nodeName = asMap(p['spec'])['nodeName'];
      const u = typeof nodeName === 'string' ? m.get(nodeName) : undefined;
      if (!u) continue;
      const r = podRequests(p);
      u.usedCpu += r.cpu;
      u.usedMemory += r.memory;
      u.pods++;
    }
    this.usage = m;
    return m;
  }

  hostIP(node: string): string {
    return this.load().get(node)?.hostIP ?? '';
  }

  nodeExists(node: string): boolean {
    return this.load().has(node);
  }

  /** Chooses a node and books the pod's requests on it. */
  place(pod: KubeObject): Placement {
    const nodes = [...this.load().values()];
    const spec = asMap(pod['spec']);
    const selector = asStringMap(spec['nodeSelector']);
    const req = podRequests(pod);
    const reasons = new Map<string, number>();
    const bump = (r: string) => reasons.set(r, (reasons.get(r) ?? 0) + 1);
    const fit: NodeUsage[] = [];
    for (const n of nodes) {
      if (!n.ready) bump('node(s) had untolerated taint {node.kubernetes.io/not-ready: }');
      else if (n.unschedulable) bump('node(s) were unschedulable');
      else if (!Object.entries(selector).every(([k, v]) => n.labels[k] === v)) bump("node(s) didn't match Pod's node affinity/selector");
      else if (n.pods + 1 > n.maxPods) bump('Too many pods');
      else if (n.usedCpu + req.cpu > n.cpu) bump('Insufficient cpu');
      else if (n.usedMemory + req.memory > n.memory) bump('Insufficient memory');
      else fit.push(n);
    }
    if (fit.length === 0) {
      const parts = [...reasons.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([r, c]) => `${c} ${r}`);
      return { reason: `0/${nodes.length} nodes are available${parts.length ? ': ' + parts.join(', ') : ''}.` };
    }
    fit.sort((a, b) => a.pods - b.pods || a.usedCpu / Math.max(a.cpu, 1) - b.usedCpu / Math.max(b.cpu, 1) || (a.name < b.name ? -1 : 1));
    const chosen = fit[0]!;
    chosen.pods++;
    chosen.usedCpu += req.cpu;
    chosen.usedMemory += req.memory;
    return { node: chosen.name, hostIP: chosen.hostIP };
  }

  /** A pod left a node (deleted): give its requests back. */
  release(pod: KubeObject): void {
    if (!this.usage) return;
    const nodeName = asMap(pod['spec'])['nodeName'];
    const u = typeof nodeName === 'string' ? this.usage.get(nodeName) : undefined;
    if (!u) return;
    const r = podRequests(pod);
    u.usedCpu -= r.cpu;
    u.usedMemory -= r.memory;
    u.pods--;
  }
}
