/**
 * The embedded simulated Kubernetes cluster: a ClusterStore (server-side apply, validation, cascading
 * delete, watch, label-selector list) over a SQLite-backed object store, with controllers for
 * Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, Pods (scheduler with taints/tolerations and
 * node affinity + kubelet), node failure (failNode/recoverNode, NoExecute eviction), Services/Endpoints,
 * and Events.
 */
import { randomUUID } from 'node:crypto';
import {
  ClusterError, FIELD_MANAGER, silentLogger, watchArgs, type PropagationPolicy,
  type ApplyOptions, type ApplyResult, type ApplyStatusOptions, type Clock, type ClusterStore, type ListOptions, type Logger,
  type WatchHandler, type WatchOptions,
} from '../../../core/ports.js';
import { isPlainObject, keyOf, keyString, splitApiVersion, type KubeObject, type ObjectKey } from '../../../core/model/kube-object.js';
import { isClusterScoped } from '../../../core/model/scope.js';
import { serverSideApply } from './apply.js';
import { isSettable, ManualClock, systemClock, type SettableClock } from './clock.js';
import { ControllerContext } from './controller-context.js';
import { ControllerManager } from './controller-manager.js';
import { applyDefaults, dropStaleDefaults } from './defaults.js';
import { fillServerDefaults } from '../../../core/model/server-defaults.js';
import { EventRecorder } from './events.js';
import { cascadeDelete } from './garbage-collector.js';
import { ImageCatalogue, type ImageRule } from './image-catalogue.js';
import { IpAllocator } from './ip-allocator.js';
import { clone, deepEqual } from './json.js';
import { matches, parseSelector } from './label-selector.js';
import { nodeSpecs, reconcileNodes, setNodeReachable, type NodeSpec } from './nodes.js';
import { ObjectStore } from './object-store.js';
import { Persistence } from './persistence.js';
import { isoSeconds } from './time.js';
import { kindLabel, validateObject } from './validation.js';
import { recordUpdate } from './managed-fields.js';
import { checkPodQuota } from './quota.js';

export interface SimClusterOptions {
  /** SQLite file at join(dataDir, 'cluster.db'); the directory is created when missing. */
  dataDir: string;
  /** Default 3 → sim-node-1..3. */
  nodes?: number | NodeSpec[];
  /** Glob match on the image string, first match wins; unknown images are healthy, Ready ~1 s after start. */
  images?: ImageRule[];
  /** Default Date.now. In manual mode a clock with set(ms) is moved by advance(); otherwise the sim owns a ManualClock. */
  clock?: Clock;
  /** 'auto' (default): controllers run by themselves on real timers. 'manual': only in advance()/settle(). */
  mode?: 'auto' | 'manual';
  logger?: Logger;
  /** Events kept (oldest dropped first). Default 5000. */
  maxEvents?: number;
  /**
   * How long pods stay on a failed (unreachable) node before they are evicted and replaced elsewhere:
   * the tolerationSeconds of the default not-ready/unreachable NoExecute tolerations. Default 300.
   */
  nodeEvictionSeconds?: number;
  /**
   * Default the built-in kinds as a real API server does (pod template and container defaults, canonical
   * quantities: core/model/server-defaults), not only what the sim's controllers need. Default false.
   */
  apiServerDefaults?: boolean;
}

export interface SimCluster extends ClusterStore {
  /** Moves the clock forward by ms, running the controllers at every deadline on the way (manual mode). */
  advance(ms: number): Promise<void>;
  /** Runs the controllers until nothing changes. */
  settle(): Promise<void>;
  /** Kubernetes-style v1 Event objects, oldest first. */
  events(namespace?: string): KubeObject[];
  /** v1 Node objects. */
  nodes(): KubeObject[];
  /**
   * The node stops reporting: Ready becomes Unknown, it is tainted unreachable (NoSchedule, NoExecute),
   * its pods become not Ready and are evicted after nodeEvictionSeconds (or their own tolerationSeconds).
   * 404 ClusterError for an unknown node.
   */
  failNode(name: string): Promise<void>;
  /** The node reports again: Ready, taints removed, schedulable; pods still on it resume. */
  recoverNode(name: string): Promise<void>;
  stats(): { objects: number; events: number; resourceVersion: number };
  /** The clock the sim reads. */
  readonly clock: Clock;
  /** delete with the field manager recorded on the watch event (ClusterStore.delete plus an option). */
  delete(key: ObjectKey, opts?: { manager?: string }): Promise<boolean>;
  /**
   * A non-apply write, as the API server does for POST (create), PUT (update) and the patches (the
   * patch already applied to the live object): the object is stored as given; the fields it changed
   * become `manager`'s (an Update entry). See WriteOptions.
   */
  write(obj: KubeObject, opts: WriteOptions): Promise<ApplyResult>;
}

export interface WriteOptions {
  mode: 'create' | 'update';
  manager: string;
  /** Write only the status (the status subresource); otherwise status is kept when the kind has one. */
  subresource?: 'status';
  /** Overrides whether the kind keeps status apart (custom resources with a status subresource). */
  statusSubresource?: boolean;
  dryRun?: boolean;
  /** How messages name the resource: "deployments.apps". */
  resourceLabel?: string;
}

/** Kinds whose status is a subresource: an apply never sets their status. */
export const STATUS_SUBRESOURCE: ReadonlySet<string> = new Set([
  'apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet', 'apps/DaemonSet', '/Pod', '/Service', '/Namespace', '/Node',
  'batch/Job', 'batch/CronJob', '/PersistentVolumeClaim', '/PersistentVolume', '/ReplicationController', '/ResourceQuota',
  'autoscaling/HorizontalPodAutoscaler', 'networking.k8s.io/Ingress', 'policy/PodDisruptionBudget',
]);

export async function createSimCluster(opts: SimClusterOptions): Promise<SimCluster> {
  const sim = new SimClusterImpl(opts);
  await sim.start();
  return sim;
}

class SimClusterImpl implements SimCluster {
  readonly clock: Clock;
  private readonly mode: 'auto' | 'manual';
  private readonly persistence: Persistence;
  private readonly store: ObjectStore;
  private readonly eventRecorder: EventRecorder;
  private readonly manager: ControllerManager;
  private readonly serviceIps = new IpAllocator('10.96.0.0/12', 10);
  private readonly podIps = new IpAllocator('10.244.0.0/16', 2);
  private readonly logger: Logger;
  private closed = false;
  private immediate: NodeJS.Immediate | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerAt: number | undefined;

  constructor(private readonly opts: SimClusterOptions) {
    this.mode = opts.mode ?? 'auto';
    this.logger = opts.logger ?? silentLogger;
    if (this.mode === 'manual') {
      this.clock = opts.clock && isSettable(opts.clock) ? opts.clock : new ManualClock(opts.clock?.now() ?? Date.now());
    } else {
      this.clock = opts.clock ?? systemClock;
    }
    this.persistence = new Persistence(opts.dataDir);
    this.store = new ObjectStore(this.persistence, this.clock);
    this.eventRecorder = new EventRecorder(this.persistence, this.clock, opts.maxEvents ?? 5000);
    this.manager = new ControllerManager(this.store, this.serviceIps, this.podIps, this.logger, () => this.scheduleRun());
    const ctx = new ControllerContext(this.store, this.eventRecorder, new ImageCatalogue(opts.images ?? []), this.podIps, this.clock, (q, k, at) =>
      this.manager.wakeAt(q, k, at),
      (opts.nodeEvictionSeconds ?? 300) * 1000,
    );
    this.manager.attach(ctx);
  }

  async start(): Promise<void> {
    this.store.load();
    this.eventRecorder.load();
    this.manager.markAll();
    reconcileNodes(this.store, this.eventRecorder, nodeSpecs(this.opts.nodes), this.clock.now());
    const ns = keyString({ group: '', kind: 'Namespace', namespace: '', name: 'default' });
    if (!this.store.get(ns)) {
      this.store.commit({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } }, 'sim');
    }
    await this.persistence.barrier();
    this.scheduleRun();
  }

  // ---- ClusterStore ----

  private normalizeKey(k: ObjectKey): ObjectKey {
    if (isClusterScoped(k.group, k.kind)) return k.namespace ? { ...k, namespace: '' } : k;
    return k.namespace ? k : { ...k, namespace: 'default' };
  }

  private assertOpen(): void {
    if (this.closed) throw new ClusterError(503, 'ServiceUnavailable', 'the simulated cluster is closed');
  }

  async get(key: ObjectKey): Promise<KubeObject | undefined> {
    this.assertOpen();
    const o = this.store.get(keyString(this.normalizeKey(key)));
    return o ? clone(o) : undefined;
  }

  async list(opts: ListOptions): Promise<KubeObject[]> {
    this.assertOpen();
    const selector = parseSelector(opts.labelSelector);
    const group = opts.group ?? '';
    const out: KubeObject[] = [];
    for (const k of this.store.keysOfKind(group, opts.kind, opts.namespace)) {
      const o = this.store.get(k);
      if (o && (selector.length === 0 || matches(selector, o.metadata.labels))) out.push(clone(o));
    }
    out.sort((a, b) => {
      const na = a.metadata.namespace ?? '';
      const nb = b.metadata.namespace ?? '';
      return na < nb ? -1 : na > nb ? 1 : a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
    });
    return out;
  }

  apply(obj: KubeObject, opts: ApplyOptions = {}): Promise<ApplyResult> {
    return this.applyObject(obj, opts, false);
  }

  /** The status subresource: only `status` is applied (as the manager); spec and metadata stay the live object's. */
  applyStatus(obj: KubeObject, opts: ApplyStatusOptions = {}): Promise<ApplyResult> {
    return this.applyObject(obj, { ...opts }, true);
  }

  private async applyObject(obj: KubeObject, opts: ApplyOptions, statusWrite: boolean): Promise<ApplyResult> {
    this.assertOpen();
    const manager = opts.fieldManager ?? FIELD_MANAGER;
    const force = opts.force ?? true;
    if (!isPlainObject(obj) || !isPlainObject(obj.metadata)) {
      throw new ClusterError(422, 'Invalid', `${isPlainObject(obj) ? kindLabel(obj) : 'object'} "" is invalid: metadata: Required value`, [
        { field: 'metadata', reason: 'FieldValueRequired', message: 'metadata: Required value' },
      ]);
    }
    const input = statusWrite
      ? { apiVersion: obj.apiVersion, kind: obj.kind, metadata: { name: obj.metadata.name, ...(obj.metadata.namespace !== undefined ? { namespace: obj.metadata.namespace } : {}) }, ...(obj['status'] !== undefined ? { status: clone(obj['status']) } : {}) } as KubeObject
      : clone(obj);
    const { group } = splitApiVersion(typeof input.apiVersion === 'string' ? input.apiVersion : '');
    if (isClusterScoped(group, input.kind)) delete input.metadata.namespace;
    else if (!input.metadata.namespace) input.metadata.namespace = 'default';
    if (typeof input.metadata.name !== 'string' || !input.metadata.name || typeof input.kind !== 'string' || !input.kind || typeof input.apiVersion !== 'string' || !input.apiVersion) {
      throw validateObject(input) ?? new ClusterError(422, 'Invalid', 'object is invalid: metadata.name: Required value');
    }
    const key = keyString(keyOf(input));
    const ns = input.metadata.namespace;
    if (ns && !this.store.get(keyString({ group: '', kind: 'Namespace', namespace: '', name: ns }))) {
      throw new ClusterError(404, 'NotFound', `namespaces "${ns}" not found`, [{ reason: 'NotFound', field: 'metadata.namespace', message: `namespaces "${ns}" not found` }]);
    }
    const live = this.store.get(key);
    if (statusWrite && !live) throw new ClusterError(404, 'NotFound', `${kindLabel(input)} "${input.metadata.name}" not found`);
    const merged = serverSideApply({
      live,
      applied: input,
      manager,
      force,
      stripStatus: !statusWrite && (manager === FIELD_MANAGER || STATUS_SUBRESOURCE.has(`${group}/${input.kind}`)),
    });
    if (statusWrite && live) keepAllButStatus(merged, live);
    dropStaleDefaults(merged);
    const err = validateObject(merged, live);
    if (err) throw err;
    if (!live && group === '' && merged.kind === 'Pod') {
      const refused = checkPodQuota(this.store, merged);
      if (refused) throw refused;
    }
    applyDefaults(merged, { allocateClusterIP: (commit) => this.serviceIps.allocate(commit), commit: !opts.dryRun });
    if (this.opts.apiServerDefaults) fillServerDefaults(merged);
    if (opts.dryRun) return this.dryRunResult(merged, live);
    const res = this.store.commit(merged, manager);
    await res.durable;
    // Stored objects are replaced, never changed in place, so the copy can be made when first read.
    const stored = res.object;
    let copy: KubeObject | undefined;
    return { outcome: res.outcome, get object() { return (copy ??= clone(stored)); } };
  }

  private dryRunResult(merged: KubeObject, live: KubeObject | undefined): ApplyResult {
    const m = merged.metadata;
    if (!live) {
      m.uid = randomUUID();
      m.creationTimestamp = isoSeconds(this.clock.now());
      m.generation = 1;
      delete m.resourceVersion;
      return { outcome: 'created', object: merged };
    }
    m.uid = live.metadata.uid;
    m.creationTimestamp = live.metadata.creationTimestamp;
    m.resourceVersion = live.metadata.resourceVersion;
    const { metadata: _a, status: _b, ...specA } = live;
    const { metadata: _c, status: _d, ...specB } = merged;
    m.generation = (live.metadata.generation ?? 1) + (deepEqual(specA, specB) ? 0 : 1);
    return { outcome: deepEqual(live, merged) ? 'unchanged' : 'configured', object: merged };
  }

  async write(obj: KubeObject, opts: WriteOptions): Promise<ApplyResult> {
    this.assertOpen();
    if (!isPlainObject(obj) || !isPlainObject(obj.metadata) || typeof obj.kind !== 'string' || typeof obj.apiVersion !== 'string') {
      throw new ClusterError(400, 'BadRequest', 'Object \'Kind\' is missing in the request body');
    }
    const input = clone(obj);
    const { group } = splitApiVersion(input.apiVersion);
    if (isClusterScoped(group, input.kind)) delete input.metadata.namespace;
    else if (!input.metadata.namespace) input.metadata.namespace = 'default';
    const label = opts.resourceLabel ?? kindLabel(input);
    const name = input.metadata.name;
    if (typeof name !== 'string' || !name) throw validateObject(input) ?? new ClusterError(422, 'Invalid', `${kindLabel(input)} "" is invalid: metadata.name: Required value: name or generateName is required`);
    const ns = input.metadata.namespace;
    if (ns && !this.store.get(keyString({ group: '', kind: 'Namespace', namespace: '', name: ns }))) {
      throw new ClusterError(404, 'NotFound', `namespaces "${ns}" not found`);
    }
    const key = keyString(keyOf(input));
    const live = this.store.get(key);
    if (opts.mode === 'create' && live) throw new ClusterError(409, 'AlreadyExists', `${label} "${name}" already exists`);
    if (opts.mode === 'update') {
      if (!live) throw new ClusterError(404, 'NotFound', `${label} "${name}" not found`);
      const want = input.metadata.resourceVersion;
      if (want !== undefined && want !== '' && want !== live.metadata.resourceVersion) {
        throw new ClusterError(409, 'Conflict', `Operation cannot be fulfilled on ${label} "${name}": the object has been modified; please apply your changes to the latest version and try again`);
      }
    }
    const hasStatus = opts.statusSubresource ?? STATUS_SUBRESOURCE.has(`${group}/${input.kind}`);
    let next: KubeObject;
    if (opts.subresource === 'status') {
      if (!live) throw new ClusterError(404, 'NotFound', `${label} "${name}" not found`);
      next = clone(live);
      if (input['status'] === undefined) delete next['status'];
      else next['status'] = input['status'];
    } else {
      next = input;
      if (live && hasStatus) {
        if (live['status'] === undefined) delete next['status'];
        else next['status'] = clone(live['status']);
      } else if (!live && hasStatus && input.kind !== 'Namespace') delete next['status'];
      if (live?.metadata.managedFields) next.metadata.managedFields = clone(live.metadata.managedFields);
      else delete next.metadata.managedFields;
    }
    recordUpdate(live, next, opts.manager);
    dropStaleDefaults(next);
    const err = validateObject(next, live);
    if (err) throw err;
    if (!live && group === '' && next.kind === 'Pod') {
      const refused = checkPodQuota(this.store, next);
      if (refused) throw refused;
    }
    applyDefaults(next, { allocateClusterIP: (commit) => this.serviceIps.allocate(commit), commit: !opts.dryRun });
    if (this.opts.apiServerDefaults) fillServerDefaults(next);
    if (opts.dryRun) return this.dryRunResult(next, live);
    const res = this.store.commit(next, opts.manager);
    await res.durable;
    return { outcome: res.outcome, object: clone(res.object) };
  }

  async validate(objs: KubeObject[]): Promise<Array<{ key: ObjectKey; error: ClusterError }>> {
    this.assertOpen();
    const out: Array<{ key: ObjectKey; error: ClusterError }> = [];
    for (const obj of objs) {
      const meta = isPlainObject(obj?.metadata) ? obj.metadata : { name: '' };
      const key: ObjectKey = {
        group: splitApiVersion(typeof obj?.apiVersion === 'string' ? obj.apiVersion : '').group,
        kind: typeof obj?.kind === 'string' ? obj.kind : '',
        namespace: typeof meta.namespace === 'string' ? meta.namespace : '',
        name: typeof meta.name === 'string' ? meta.name : '',
      };
      const live = key.name ? this.store.get(keyString(this.normalizeKey(key))) : undefined;
      const error = validateObject({ ...obj, metadata: meta } as KubeObject, live);
      if (error) out.push({ key, error });
    }
    return out;
  }

  async delete(key: ObjectKey, opts: { manager?: string; propagationPolicy?: PropagationPolicy } = {}): Promise<boolean> {
    this.assertOpen();
    const k = keyString(this.normalizeKey(key));
    if (!this.store.get(k)) return false;
    // Foreground and Background end alike here: the simulation's garbage collector runs at once.
    cascadeDelete(this.store, this.eventRecorder, k, opts.manager, opts.propagationPolicy === 'Orphan');
    await this.persistence.barrier();
    return true;
  }

  watch(opts: WatchOptions, handler: WatchHandler): () => void;
  watch(handler: WatchHandler): () => void;
  watch(a: WatchOptions | WatchHandler, b?: WatchHandler): () => void {
    const { handler, kinds, accepts } = watchArgs(a, b);
    return this.store.watch(kinds ? (ev) => { if (accepts(ev.object)) handler(ev); } : handler);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.immediate) clearImmediate(this.immediate);
    if (this.timer) clearTimeout(this.timer);
    this.immediate = undefined;
    this.timer = undefined;
    this.persistence.close();
  }

  // ---- sim extras ----

  async settle(): Promise<void> {
    this.assertOpen();
    this.manager.runToQuiescence(() => this.clock.now());
    await this.persistence.barrier();
    this.armTimer();
  }

  async advance(ms: number): Promise<void> {
    this.assertOpen();
    if (!isSettable(this.clock)) {
      // a clock we cannot move: wait for real time to pass
      await new Promise((r) => setTimeout(r, ms));
      return this.settle();
    }
    const clock: SettableClock = this.clock;
    const target = clock.now() + ms;
    for (;;) {
      this.manager.runToQuiescence(() => clock.now());
      const next = this.manager.nextDeadline();
      if (next === undefined || next > target) break;
      clock.set(Math.max(next, clock.now()));
    }
    clock.set(Math.max(target, clock.now()));
    this.manager.runToQuiescence(() => clock.now());
    await this.persistence.barrier();
    this.armTimer();
  }

  events(namespace?: string): KubeObject[] {
    return this.eventRecorder.list(namespace);
  }

  nodes(): KubeObject[] {
    return this.store
      .objectsOfKind('', 'Node')
      .map(clone)
      .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  }

  async failNode(name: string): Promise<void> {
    return this.setNode(name, false);
  }

  async recoverNode(name: string): Promise<void> {
    return this.setNode(name, true);
  }

  private async setNode(name: string, reachable: boolean): Promise<void> {
    this.assertOpen();
    if (!setNodeReachable(this.store, this.eventRecorder, name, reachable, this.clock.now())) {
      throw new ClusterError(404, 'NotFound', `nodes "${name}" not found`);
    }
    await this.persistence.barrier();
  }

  stats(): { objects: number; events: number; resourceVersion: number } {
    return { objects: this.store.size, events: this.eventRecorder.size, resourceVersion: this.store.resourceVersion };
  }

  // ---- auto mode ----

  private scheduleRun(): void {
    if (this.mode !== 'auto' || this.closed || this.immediate) return;
    this.immediate = setImmediate(() => {
      this.immediate = undefined;
      if (this.closed) return;
      this.manager.runToQuiescence(() => this.clock.now());
      this.armTimer();
    });
  }

  private armTimer(): void {
    if (this.mode !== 'auto' || this.closed) return;
    const next = this.manager.nextDeadline();
    if (next === undefined) return;
    if (this.timer && this.timerAt !== undefined && this.timerAt <= next) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = next;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = undefined;
      if (this.closed) return;
      this.manager.runToQuiescence(() => this.clock.now());
      this.armTimer();
    }, Math.max(0, next - this.clock.now()));
    this.timer.unref();
  }
}

/** A status write leaves everything but status as it was: the fields outside status are the live object's. */
function keepAllButStatus(merged: KubeObject, live: KubeObject): void {
  const m = merged as Record<string, unknown>;
  for (const k of Object.keys(m)) if (k !== 'apiVersion' && k !== 'kind' && k !== 'metadata' && k !== 'status') delete m[k];
  for (const [k, v] of Object.entries(live)) if (k !== 'apiVersion' && k !== 'kind' && k !== 'metadata' && k !== 'status') m[k] = clone(v);
  const managedFields = merged.metadata.managedFields;
  merged.metadata = clone(live.metadata);
  if (managedFields === undefined) delete merged.metadata.managedFields;
  else merged.metadata.managedFields = managedFields;
}
