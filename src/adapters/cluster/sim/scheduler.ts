/**
 * Places pods on nodes. Filters, in the default scheduler's plugin order (the first failing one is the
 * node's reason): spec.unschedulable, untolerated NoSchedule/NoExecute taints, nodeSelector + required
 * node affinity, pod capacity, CPU/memory requests. Among the nodes that fit it prefers: fewer
 * untolerated PreferNoSchedule taints, higher preferred-affinity weight, fewer pods of the same owner
 * (replicas spread across nodes), fewer pods, least CPU requested, then name.
 */
import type { KubeObject } from '../../../core/model/kube-object.js';
import { isPlainObject } from '../../../core/model/kube-object.js';
import { asArray, asMap, asStringMap } from './json.js';
import type { ObjectStore } from './object-store.js';
import { cpuMillis, memoryBytes, parseQuantity } from './quantity.js';
import {
  nodeMatchesPod, preferredAffinityScore, taintsOf, taintText, TAINT_NOT_READY, TAINT_UNSCHEDULABLE, tolerationsOf, untoleratedTaint, type Taint,
} from './node-affinity.js';

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
  taints: Taint[];
  /** Pods per controller uid (for spreading). */
  owners: Map<string, number>;
}

function ownerUid(pod: KubeObject): string | undefined {
  return (pod.metadata.ownerReferences ?? []).find((r) => r && r.controller === true)?.uid;
}

/** Succeeded and Failed pods hold no resources on their node. */
export function isTerminal(pod: KubeObject): boolean {
  const phase = asMap(pod['status'])['phase'];
  return phase === 'Succeeded' || phase === 'Failed';
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
        taints: taintsOf(n),
        owners: new Map(),
      });
    }
    for (const p of this.store.objectsOfKind('', 'Pod')) {
      const nodeName = asMap(p['spec'])['nodeName'];
      const u = typeof nodeName === 'string' ? m.get(nodeName) : undefined;
      if (!u || isTerminal(p)) continue;
      this.book(u, p, 1);
    }
    this.usage = m;
    return m;
  }

  private book(u: NodeUsage, pod: KubeObject, sign: 1 | -1): void {
    const r = podRequests(pod);
    u.usedCpu += sign * r.cpu;
    u.usedMemory += sign * r.memory;
    u.pods += sign;
    const owner = ownerUid(pod);
    if (owner) u.owners.set(owner, (u.owners.get(owner) ?? 0) + sign);
  }

  /** The node's readiness and taints, if it exists. */
  node(name: string): { ready: boolean; taints: Taint[] } | undefined {
    return this.load().get(name);
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
    const tolerations = tolerationsOf(pod);
    const req = podRequests(pod);
    const reasons = new Map<string, number>();
    const bump = (r: string) => reasons.set(r, (reasons.get(r) ?? 0) + 1);
    const fit: NodeUsage[] = [];
    for (const n of nodes) {
      const taint = untoleratedTaint(n.taints, tolerations, ['NoSchedule', 'NoExecute']);
      if (n.unschedulable && untoleratedTaint([{ key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' }], tolerations, ['NoSchedule'])) {
        bump('node(s) were unschedulable');
      } else if (taint) bump(`node(s) had untolerated taint ${taintText(taint)}`);
      else if (!n.ready && !n.taints.some((t) => t.key === TAINT_NOT_READY)) bump(`node(s) had untolerated taint {${TAINT_NOT_READY}: }`);
      else if (!nodeMatchesPod(pod, n)) bump("node(s) didn't match Pod's node affinity/selector");
      else if (n.pods + 1 > n.maxPods) bump('Too many pods');
      else {
        const cpu = n.usedCpu + req.cpu > n.cpu;
        const memory = n.usedMemory + req.memory > n.memory;
        if (cpu) bump('Insufficient cpu');
        if (memory) bump('Insufficient memory');
        if (!cpu && !memory) fit.push(n);
      }
    }
    if (fit.length === 0) {
      // like the scheduler's FitError: "<count> <reason>" strings, sorted as strings
      const parts = [...reasons.entries()].map(([r, c]) => `${c} ${r}`).sort();
      return { reason: `0/${nodes.length} nodes are available${parts.length ? ': ' + parts.join(', ') : ''}.` };
    }
    const owner = ownerUid(pod);
    const score = (n: NodeUsage) => ({
      prefer: n.taints.filter((t) => t.effect === 'PreferNoSchedule' && untoleratedTaint([t], tolerations, ['PreferNoSchedule'])).length,
      affinity: preferredAffinityScore(pod, n),
      siblings: owner ? (n.owners.get(owner) ?? 0) : 0,
    });
    const scored = fit.map((n) => ({ n, s: score(n) }));
    scored.sort(
      (a, b) =>
        a.s.prefer - b.s.prefer ||
        b.s.affinity - a.s.affinity ||
        a.s.siblings - b.s.siblings ||
        a.n.pods - b.n.pods ||
        a.n.usedCpu / Math.max(a.n.cpu, 1) - b.n.usedCpu / Math.max(b.n.cpu, 1) ||
        (a.n.name < b.n.name ? -1 : 1),
    );
    const chosen = scored[0]!.n;
    this.book(chosen, pod, 1);
    return { node: chosen.name, hostIP: chosen.hostIP };
  }

  /** A pod left a node (deleted): give its requests back. */
  release(pod: KubeObject): void {
    if (!this.usage) return;
    const nodeName = asMap(pod['spec'])['nodeName'];
    const u = typeof nodeName === 'string' ? this.usage.get(nodeName) : undefined;
    if (!u || isTerminal(pod)) return;
    this.book(u, pod, -1);
  }
}
