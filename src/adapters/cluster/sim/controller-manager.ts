/**
 * Runs the controllers on what changed: store changes mark owners/dependents dirty (indexed, no full
 * rescans), time-based work is kept as wake-up deadlines. A pass runs deployment → replicaset →
 * statefulset → daemonset → cronjob → job → pod → endpoints (and load balancers) → quota → ingress queues; settle() repeats passes until
 * nothing is dirty or due. A pod wakes its controlling workload and its namespace's ResourceQuotas; a Job
 * wakes its CronJob; a ResourceQuota change wakes the namespace's pod owners (pods it refused may fit now);
 * a Node change wakes every DaemonSet, the node's pods and the pods still waiting to be scheduled. A pod
 * creation a quota refuses (403) is tried again QUOTA_RETRY_MS later.
 */
import type { KubeObject } from '../../../core/model/kube-object.js';
import { isPlainObject, keyString, splitApiVersion } from '../../../core/model/kube-object.js';
import type { Logger } from '../../../core/ports.js';
import { QUOTA_RETRY_MS, type ControllerContext, type Queue } from './controller-context.js';
import { ClusterError } from '../../../core/ports.js';
import { syncQuota } from './quota-controller.js';
import { syncCronJob } from './cronjob-controller.js';
import { syncDeployment } from './deployment-controller.js';
import { syncEndpoints } from './endpoints-controller.js';
import { syncLoadBalancer } from './load-balancer-controller.js';
import { asMap } from './json.js';
import { fromMap, matches } from './label-selector.js';
import type { ObjectStore } from './object-store.js';
import { syncPod } from './pod-lifecycle.js';
import { controllerOf, syncReplicaSet } from './replicaset-controller.js';
import { isTerminal, Scheduler } from './scheduler.js';
import { syncStatefulSet } from './statefulset-controller.js';
import { syncDaemonSet } from './daemonset-controller.js';
import { syncJob } from './job-controller.js';
import type { IpAllocator } from './ip-allocator.js';

const QUEUES: Queue[] = ['deployment', 'replicaset', 'statefulset', 'daemonset', 'cronjob', 'job', 'pod', 'service', 'quota', 'ingress'];
/** The workload kinds whose pods (and ControllerRevisions) wake their owner's queue. */
const POD_OWNERS: Array<{ queue: Queue; group: string; kind: string }> = [
  { queue: 'replicaset', group: 'apps', kind: 'ReplicaSet' },
  { queue: 'statefulset', group: 'apps', kind: 'StatefulSet' },
  { queue: 'daemonset', group: 'apps', kind: 'DaemonSet' },
  { queue: 'job', group: 'batch', kind: 'Job' },
];
const MAX_PASSES = 10_000;

export class ControllerManager {
  private readonly dirty: Record<Queue, Set<string>> = {
    deployment: new Set(),
    replicaset: new Set(),
    statefulset: new Set(),
    daemonset: new Set(),
    job: new Set(),
    pod: new Set(),
    service: new Set(),
    quota: new Set(),
    cronjob: new Set(),
    ingress: new Set(),
  };
  private readonly timers = new Map<string, { queue: Queue; key: string; at: number }>();
  private readonly unscheduled = new Set<string>();
  readonly scheduler: Scheduler;
  private ctx!: ControllerContext;
  private running = false;

  constructor(
    private readonly store: ObjectStore,
    private readonly serviceIps: IpAllocator,
    private readonly podIps: IpAllocator,
    private readonly logger: Logger,
    /** Called when new work appears (auto mode schedules a run). */
    private readonly onWork: () => void,
  ) {
    this.scheduler = new Scheduler(store);
    store.onChange((type, key, obj, prev) => this.onChange(type, key, obj, prev));
  }

  attach(ctx: ControllerContext): void {
    this.ctx = ctx;
  }

  wakeAt(queue: Queue, key: string, at: number): void {
    const id = `${queue}|${key}`;
    const cur = this.timers.get(id);
    if (!cur || at < cur.at) this.timers.set(id, { queue, key, at });
    this.onWork();
  }

  /** After loading: everything the controllers look after is looked at once. */
  markAll(): void {
    for (const k of this.store.keysOfKind('apps', 'Deployment')) this.dirty.deployment.add(k);
    for (const o of POD_OWNERS) for (const k of this.store.keysOfKind(o.group, o.kind)) this.dirty[o.queue].add(k);
    for (const k of this.store.keysOfKind('', 'Pod')) this.dirty.pod.add(k);
    for (const k of this.store.keysOfKind('', 'Service')) this.dirty.service.add(k);
    for (const k of this.store.keysOfKind('', 'ResourceQuota')) this.dirty.quota.add(k);
    for (const k of this.store.keysOfKind('batch', 'CronJob')) this.dirty.cronjob.add(k);
    for (const k of this.store.keysOfKind('networking.k8s.io', 'Ingress')) this.dirty.ingress.add(k);
    for (const p of this.store.objectsOfKind('', 'Pod')) this.podIps.markUsed(asMap(p['status'])['podIP']);
    for (const s of this.store.objectsOfKind('', 'Service')) this.serviceIps.markUsed(asMap(s['spec'])['clusterIP']);
    this.onWork();
  }

  hasWork(now: number): boolean {
    if (QUEUES.some((q) => this.dirty[q].size > 0)) return true;
    for (const t of this.timers.values()) if (t.at <= now) return true;
    return false;
  }

  nextDeadline(): number | undefined {
    let min: number | undefined;
    for (const t of this.timers.values()) if (min === undefined || t.at < min) min = t.at;
    return min;
  }

  /** Runs passes until nothing is dirty or due at the current time. */
  runToQuiescence(now: () => number): void {
    if (this.running) return;
    this.running = true;
    try {
      for (let pass = 0; pass < MAX_PASSES; pass++) {
        const t = now();
        for (const [id, timer] of this.timers) {
          if (timer.at <= t) {
            this.timers.delete(id);
            this.dirty[timer.queue].add(timer.key);
          }
        }
        if (!QUEUES.some((q) => this.dirty[q].size > 0)) return;
        this.scheduler.invalidate();
        for (const q of QUEUES) {
          const keys = [...this.dirty[q]];
          this.dirty[q].clear();
          for (const key of keys) this.runOne(q, key);
        }
      }
      this.logger.warn('sim controllers did not settle', { passes: MAX_PASSES });
    } finally {
      this.running = false;
    }
  }

  private runOne(q: Queue, key: string): void {
    try {
      switch (q) {
        case 'deployment':
          return syncDeployment(this.ctx, key);
        case 'replicaset':
          return syncReplicaSet(this.ctx, key);
        case 'statefulset':
          return syncStatefulSet(this.ctx, key);
        case 'daemonset':
          return syncDaemonSet(this.ctx, key);
        case 'job':
          return syncJob(this.ctx, key);
        case 'pod':
          return syncPod(this.ctx, this.scheduler, key);
        case 'service':
          syncEndpoints(this.ctx, key);
          return syncLoadBalancer(this.ctx, key);
        case 'ingress':
          return syncLoadBalancer(this.ctx, key);
        case 'quota':
          return syncQuota(this.ctx, key);
        case 'cronjob':
          return syncCronJob(this.ctx, key);
      }
    } catch (e) {
      if (e instanceof ClusterError && e.code === 403) {
        // refused by a ResourceQuota (the owner has its FailedCreate event): try again later
        this.wakeAt(q, key, this.ctx.now() + QUOTA_RETRY_MS);
        return;
      }
      this.logger.error('sim controller failed', { queue: q, key, error: e instanceof Error ? e.message : String(e) });
    }
  }

  private markOwner(obj: KubeObject, queue: Queue, group: string, kind: string): void {
    const c = controllerOf(obj);
    if (!c || c.kind !== kind) return;
    const k = this.store.keyOfUid(c.uid);
    if (k) this.dirty[queue].add(k);
    else if (obj.metadata.namespace !== undefined) this.dirty[queue].add(keyString({ group, kind, namespace: obj.metadata.namespace, name: c.name }));
  }

  private onChange(type: string, key: string, obj: KubeObject, prev: KubeObject | undefined): void {
    const { group } = splitApiVersion(obj.apiVersion);
    const gk = `${group}/${obj.kind}`;
    let work = true;
    switch (gk) {
      case 'apps/Deployment':
        this.dirty.deployment.add(key);
        break;
      case 'apps/ReplicaSet':
        this.dirty.replicaset.add(key);
        this.markOwner(obj, 'deployment', 'apps', 'Deployment');
        break;
      case 'apps/StatefulSet':
        this.dirty.statefulset.add(key);
        break;
      case 'apps/DaemonSet':
        this.dirty.daemonset.add(key);
        break;
      case 'batch/Job':
        this.dirty.job.add(key);
        this.markOwner(obj, 'cronjob', 'batch', 'CronJob');
        break;
      case 'batch/CronJob':
        this.dirty.cronjob.add(key);
        break;
      case 'apps/ControllerRevision':
        this.markOwner(obj, 'statefulset', 'apps', 'StatefulSet');
        this.markOwner(obj, 'daemonset', 'apps', 'DaemonSet');
        break;
      case '/ResourceQuota': {
        this.dirty.quota.add(key);
        // a changed quota may let refused pods in: wake the namespace's pod owners
        const ns = obj.metadata.namespace;
        if (ns !== undefined) for (const o of POD_OWNERS) for (const k of this.store.keysOfKind(o.group, o.kind, ns)) this.dirty[o.queue].add(k);
        break;
      }
      case '/Pod': {
        if (obj.metadata.namespace !== undefined) for (const k of this.store.keysOfKind('', 'ResourceQuota', obj.metadata.namespace)) this.dirty.quota.add(k);
        for (const o of POD_OWNERS) this.markOwner(obj, o.queue, o.group, o.kind);
        if (type !== 'DELETED' && prev && isTerminal(obj) && !isTerminal(prev)) {
          // a pod that finished frees its node's resources: pending pods may fit now
          for (const k of this.unscheduled) this.dirty.pod.add(k);
        }
        this.markServices(obj, prev);
        if (type === 'DELETED') {
          this.podIps.release(asMap(obj['status'])['podIP']);
          this.scheduler.release(obj);
          this.unscheduled.delete(key);
          for (const k of this.unscheduled) this.dirty.pod.add(k);
        } else {
          this.dirty.pod.add(key);
          const nodeName = asMap(obj['spec'])['nodeName'];
          if (typeof nodeName === 'string' && nodeName !== '') this.unscheduled.delete(key);
          else this.unscheduled.add(key);
          this.podIps.markUsed(asMap(obj['status'])['podIP']);
        }
        break;
      }
      case '/Service':
        this.dirty.service.add(key);
        this.indexService(key, type === 'DELETED' ? undefined : obj);
        if (type === 'DELETED') this.serviceIps.release(asMap(obj['spec'])['clusterIP']);
        else this.serviceIps.markUsed(asMap(obj['spec'])['clusterIP']);
        break;
      case 'networking.k8s.io/Ingress':
        if (type !== 'DELETED') this.dirty.ingress.add(key);
        break;
      case '/Node':
        this.scheduler.invalidate();
        for (const k of this.unscheduled) this.dirty.pod.add(k);
        // DaemonSets follow the nodes; its pods see the node's readiness and taints (not ready, NoExecute eviction, node gone)
        for (const k of this.store.keysOfKind('apps', 'DaemonSet')) this.dirty.daemonset.add(k);
        for (const p of this.store.objectsOfKind('', 'Pod')) if (asMap(p['spec'])['nodeName'] === obj.metadata.name) this.dirty.pod.add(this.ctx.keyOf(p));
        break;
      default:
        work = false;
    }
    if (work) this.onWork();
  }

  /**
   * Services indexed by one `key=value` pair of their selector (per namespace): a pod change only looks
   * at the Services whose indexed pair its labels carry, instead of every Service in the namespace.
   */
  private serviceIndex: Map<string, Set<string>> | undefined;
  private readonly serviceEntry = new Map<string, string>();

  private indexService(key: string, svc: KubeObject | undefined): void {
    const index = this.serviceIndex;
    if (!index) return;
    const old = this.serviceEntry.get(key);
    if (old !== undefined) {
      index.get(old)?.delete(key);
      this.serviceEntry.delete(key);
    }
    if (!svc) return;
    const sel = asMap(svc['spec'])['selector'];
    if (!isPlainObject(sel)) return;
    const pairs = Object.keys(sel).sort();
    if (pairs.length === 0) return;
    const entry = `${svc.metadata.namespace ?? ''}\u0000${pairs[0]}=${String(sel[pairs[0]!])}`;
    let set = index.get(entry);
    if (!set) index.set(entry, (set = new Set()));
    set.add(key);
    this.serviceEntry.set(key, entry);
  }

  private services(): Map<string, Set<string>> {
    if (!this.serviceIndex) {
      this.serviceIndex = new Map();
      for (const key of this.store.keysOfKind('', 'Service')) this.indexService(key, this.store.get(key));
    }
    return this.serviceIndex;
  }

  private markServices(pod: KubeObject, prev: KubeObject | undefined): void {
    const ns = pod.metadata.namespace ?? '';
    const index = this.services();
    for (const labels of [pod.metadata.labels, prev?.metadata.labels]) {
      if (!labels) continue;
      for (const [k, v] of Object.entries(labels)) {
        const candidates = index.get(`${ns}\u0000${k}=${v}`);
        if (!candidates) continue;
        for (const key of candidates) {
          if (this.dirty.service.has(key)) continue;
          const svc = this.store.get(key);
          const sel = svc ? asMap(svc['spec'])['selector'] : undefined;
          if (!isPlainObject(sel)) continue;
          const s = fromMap(sel);
          if (matches(s, pod.metadata.labels) || (prev && matches(s, prev.metadata.labels))) this.dirty.service.add(key);
        }
      }
    }
  }
}
