/**
 * The sim's object store: objects in memory (Map keyed by keyString), indexed by kind, kind+namespace,
 * owner uid and uid, written through to SQLite (group commit, see persistence.ts). The server fills
 * uid, resourceVersion, generation and creationTimestamp here.
 */
import { randomUUID } from 'node:crypto';
import type { Clock, WatchEvent, WatchEventType } from '../../../core/ports.js';
import { keyOf, keyString, splitApiVersion, type KubeObject } from '../../../core/model/kube-object.js';
import { clone, deepEqual, equalExcept } from './json.js';
import { LabelIndex } from './label-index.js';
import type { Persistence } from './persistence.js';
import { isoSeconds } from './time.js';

export interface StoredRecord {
  obj: KubeObject;
  /** Creation time in ms (creationTimestamp only has seconds). */
  createdMs: number;
  /** Small internal per-object data the controllers keep (e.g. a pod's start time). Persisted. */
  internal?: Record<string, number>;
}

export type ChangeListener = (type: WatchEventType, key: string, obj: KubeObject, prev: KubeObject | undefined) => void;

export interface CommitResult {
  outcome: 'created' | 'configured' | 'unchanged';
  object: KubeObject;
  durable: Promise<void>;
}

/** Kubernetes' usual member order, so stored objects read like `kubectl get -o yaml`. */
const META_ORDER = ['name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'deletionTimestamp', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields'];

function orderMetadata(meta: KubeObject['metadata']): KubeObject['metadata'] {
  const out: Record<string, unknown> = {};
  for (const k of META_ORDER) if (meta[k] !== undefined) out[k] = meta[k];
  for (const k of Object.keys(meta)) if (!(k in out) && meta[k] !== undefined) out[k] = meta[k];
  return out as KubeObject['metadata'];
}

function groupKind(group: string, kind: string): string {
  return `${group}/${kind}`;
}

function addTo<K, V>(m: Map<K, Set<V>>, k: K, v: V): void {
  let s = m.get(k);
  if (!s) m.set(k, (s = new Set()));
  s.add(v);
}

function removeFrom<K, V>(m: Map<K, Set<V>>, k: K, v: V): void {
  const s = m.get(k);
  if (!s) return;
  s.delete(v);
  if (s.size === 0) m.delete(k);
}

export class ObjectStore {
  private readonly records = new Map<string, StoredRecord>();
  private readonly byKind = new Map<string, Set<string>>();
  private readonly byKindNs = new Map<string, Set<string>>();
  private readonly byOwner = new Map<string, Set<string>>();
  private readonly byUid = new Map<string, string>();
  /** Pods by namespace and label pair: Services select their pods through it. */
  private readonly podLabels = new LabelIndex();
  private rv = 0;
  private readonly listeners: ChangeListener[] = [];
  private readonly watchers = new Set<(ev: WatchEvent) => void>();

  constructor(
    private readonly persistence: Persistence,
    private readonly clock: Clock,
  ) {}

  load(): void {
    let maxRv = Number(this.persistence.getMeta('rv') ?? '0') || 0;
    for (const row of this.persistence.loadObjects()) {
      const obj = JSON.parse(row.json) as KubeObject;
      const rec: StoredRecord = { obj, createdMs: row.createdMs };
      if (row.internal) rec.internal = JSON.parse(row.internal) as Record<string, number>;
      this.records.set(row.key, rec);
      this.index(row.key, obj, undefined);
      maxRv = Math.max(maxRv, Number(obj.metadata.resourceVersion ?? '0') || 0);
    }
    this.rv = maxRv;
  }

  get size(): number {
    return this.records.size;
  }

  get resourceVersion(): number {
    return this.rv;
  }

  /** The stored object itself: callers must not mutate it (clone first). */
  get(key: string): KubeObject | undefined {
    return this.records.get(key)?.obj;
  }

  record(key: string): StoredRecord | undefined {
    return this.records.get(key);
  }

  keysOfKind(group: string, kind: string, namespace?: string): Iterable<string> {
    const s = namespace === undefined ? this.byKind.get(groupKind(group, kind)) : this.byKindNs.get(`${group}/${kind}/${namespace}`);
    return s ?? [];
  }

  objectsOfKind(group: string, kind: string, namespace?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const k of this.keysOfKind(group, kind, namespace)) {
      const o = this.records.get(k)?.obj;
      if (o) out.push(o);
    }
    return out;
  }

  /** Objects whose ownerReferences name this uid. */
  ownedBy(uid: string, kind?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const k of this.byOwner.get(uid) ?? []) {
      const o = this.records.get(k)?.obj;
      if (o && (kind === undefined || o.kind === kind)) out.push(o);
    }
    return out;
  }

  /**
   * The namespace's pods whose labels carry every pair of an equality selector (a Service's), found
   * through the label index rather than by matching every pod. An empty selector gives no pods.
   */
  podsMatching(namespace: string, selector: Readonly<Record<string, unknown>>): KubeObject[] {
    const out: KubeObject[] = [];
    const pairs = Object.entries(selector);
    if (pairs.length === 0) return out;
    for (const k of this.podLabels.candidates(namespace, selector) ?? []) {
      const o = this.records.get(k)?.obj;
      const labels = o?.metadata.labels;
      if (o && labels && pairs.every(([lk, lv]) => Object.hasOwn(labels, lk) && labels[lk] === String(lv))) out.push(o);
    }
    return out;
  }

  keyOfUid(uid: string): string | undefined {
    return this.byUid.get(uid);
  }

  keys(): IterableIterator<string> {
    return this.records.keys();
  }

  onChange(l: ChangeListener): void {
    this.listeners.push(l);
  }

  watch(handler: (ev: WatchEvent) => void): () => void {
    this.watchers.add(handler);
    return () => this.watchers.delete(handler);
  }

  /**
   * Stores `next` (a full object; it is taken over, not copied). Fills server metadata; a write that
   * changes nothing is a no-op (same resourceVersion, no event, nothing written).
   */
  commit(next: KubeObject, manager: string | undefined, internal?: Record<string, number>, opts: { keepGeneration?: boolean } = {}): CommitResult {
    const key = keyString(keyOf(next));
    const rec = this.records.get(key);
    const old = rec?.obj;
    const now = this.clock.now();
    const meta = next.metadata;
    const newInternal = internal ?? rec?.internal;
    if (old) {
      meta.uid = old.metadata.uid;
      meta.creationTimestamp = old.metadata.creationTimestamp;
      const specSame = equalExcept(old, next, ['metadata', 'status']);
      meta.generation = (old.metadata.generation ?? 1) + (specSame || opts.keepGeneration ? 0 : 1);
      meta.resourceVersion = old.metadata.resourceVersion;
      if (specSame && deepEqual(old, next) && deepEqual(rec.internal, newInternal)) {
        return { outcome: 'unchanged', object: old, durable: this.persistence.barrier() };
      }
    } else {
      meta.uid = randomUUID();
      meta.creationTimestamp = isoSeconds(now);
      meta.generation = 1;
    }
    delete meta.deletionTimestamp;
    meta.resourceVersion = String(++this.rv);
    if (!old) next.metadata = orderMetadata(meta);
    const stored: StoredRecord = { obj: next, createdMs: rec?.createdMs ?? now };
    if (newInternal) stored.internal = newInternal;
    this.records.set(key, stored);
    this.index(key, next, old);
    this.persistence.putMeta('rv', String(this.rv));
    const durable = this.persistence.putObject(key, {
      key,
      json: JSON.stringify(next),
      createdMs: stored.createdMs,
      internal: stored.internal ? JSON.stringify(stored.internal) : null,
    });
    this.emit(old ? 'MODIFIED' : 'ADDED', key, next, old, manager);
    return { outcome: old ? 'configured' : 'created', object: next, durable };
  }

  /** Removes one object (no cascade; see garbage-collector.ts). */
  remove(key: string, manager: string | undefined): { object: KubeObject; durable: Promise<void> } | undefined {
    const rec = this.records.get(key);
    if (!rec) return undefined;
    this.records.delete(key);
    this.unindex(key, rec.obj);
    const gone = clone(rec.obj);
    gone.metadata.resourceVersion = String(++this.rv);
    gone.metadata.deletionTimestamp = isoSeconds(this.clock.now());
    this.persistence.putMeta('rv', String(this.rv));
    const durable = this.persistence.putObject(key, null);
    this.emit('DELETED', key, gone, rec.obj, manager);
    return { object: gone, durable };
  }

  private emit(type: WatchEventType, key: string, obj: KubeObject, prev: KubeObject | undefined, manager: string | undefined): void {
    for (const l of this.listeners) l(type, key, obj, prev);
    if (this.watchers.size === 0) return;
    // Stored objects are replaced on every write, never changed in place, so subscribers can share the
    // stored copy (the port says watch events are read-only) instead of each event costing a deep copy.
    const ev: WatchEvent = { type, object: obj };
    if (manager !== undefined) ev.manager = manager;
    for (const w of [...this.watchers]) {
      try {
        w(ev);
      } catch {
        // a failing subscriber must not break the store
      }
    }
  }

  private index(key: string, obj: KubeObject, old: KubeObject | undefined): void {
    if (old) this.unindex(key, old);
    const { group } = splitApiVersion(obj.apiVersion);
    addTo(this.byKind, groupKind(group, obj.kind), key);
    addTo(this.byKindNs, `${group}/${obj.kind}/${obj.metadata.namespace ?? ''}`, key);
    if (obj.metadata.uid) this.byUid.set(obj.metadata.uid, key);
    if (group === '' && obj.kind === 'Pod') this.podLabels.add(key, obj.metadata.namespace ?? '', obj.metadata.labels);
    for (const ref of obj.metadata.ownerReferences ?? []) if (ref && typeof ref.uid === 'string') addTo(this.byOwner, ref.uid, key);
  }

  private unindex(key: string, obj: KubeObject): void {
    const { group } = splitApiVersion(obj.apiVersion);
    removeFrom(this.byKind, groupKind(group, obj.kind), key);
    removeFrom(this.byKindNs, `${group}/${obj.kind}/${obj.metadata.namespace ?? ''}`, key);
    if (obj.metadata.uid && this.byUid.get(obj.metadata.uid) === key) this.byUid.delete(obj.metadata.uid);
    if (group === '' && obj.kind === 'Pod') this.podLabels.remove(key, obj.metadata.namespace ?? '', obj.metadata.labels);
    for (const ref of obj.metadata.ownerReferences ?? []) if (ref && typeof ref.uid === 'string') removeFrom(this.byOwner, ref.uid, key);
  }
}
