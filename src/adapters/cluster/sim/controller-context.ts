/** What controllers get: the store, the clock, events, and helpers that write like a controller would. */
import type { Clock } from '../../../core/ports.js';
import { keyOf, keyString, type KubeObject } from '../../../core/model/kube-object.js';
import type { EventRecorder } from './events.js';
import type { ImageCatalogue } from './image-catalogue.js';
import type { IpAllocator } from './ip-allocator.js';
import { clone, deepEqual } from './json.js';
import { recordUpdate } from './managed-fields.js';
import type { ObjectStore } from './object-store.js';
import { cascadeDelete } from './garbage-collector.js';
import { checkPodQuota } from './quota.js';

export type Queue = 'deployment' | 'replicaset' | 'statefulset' | 'daemonset' | 'job' | 'pod' | 'service' | 'quota' | 'cronjob' | 'ingress';

/** How long a controller waits before trying again a pod a ResourceQuota refused. */
export const QUOTA_RETRY_MS = 10_000;

export class ControllerContext {
  constructor(
    readonly store: ObjectStore,
    readonly events: EventRecorder,
    readonly catalogue: ImageCatalogue,
    readonly podIps: IpAllocator,
    readonly clock: Clock,
    private readonly wake: (queue: Queue, key: string, at: number) => void,
    /** How long pods tolerate a not-ready/unreachable node when they do not say (nodeEvictionSeconds). */
    readonly nodeEvictionMs = 300_000,
  ) {}

  now(): number {
    return this.clock.now();
  }

  /** Run this queue's controller for key again at `at` (ms). */
  wakeAt(queue: Queue, key: string, at: number): void {
    this.wake(queue, key, at);
  }

  /** Creates an object as `manager` (an Update entry owning all its fields). */
  create(obj: KubeObject, manager: string, internal?: Record<string, number>): KubeObject {
    if (obj.kind === 'Pod' && obj.apiVersion === 'v1') {
      const refused = checkPodQuota(this.store, obj);
      if (refused) {
        this.recordFailedCreate(obj, refused.message, manager);
        throw refused;
      }
    }
    recordUpdate(undefined, obj, manager);
    return this.store.commit(obj, manager, internal).object;
  }

  /**
   * Updates the object at key: `mutate` edits a copy (return false to skip). A write that changes
   * nothing is dropped by the store. Returns the stored object.
   */
  update(
    key: string,
    mutate: (draft: KubeObject) => void | boolean,
    manager: string,
    internal?: Record<string, number>,
    opts: { keepGeneration?: boolean } = {},
  ): KubeObject | undefined {
    const cur = this.store.get(key);
    if (!cur) return undefined;
    const draft = clone(cur);
    if (mutate(draft) === false) return cur;
    // Nothing changed (the common case when controllers look at everything again after a start): a no-op
    // write, as the API server treats one, without working out field ownership for it.
    if (deepEqual(cur, draft) && (internal === undefined || deepEqual(this.store.record(key)?.internal, internal))) return cur;
    recordUpdate(cur, draft, manager);
    return this.store.commit(draft, manager, internal, opts).object;
  }

  /** The owner's FailedCreate warning for a pod the API server refused. */
  private recordFailedCreate(pod: KubeObject, message: string, manager: string): void {
    const ref = (pod.metadata.ownerReferences ?? []).find((r) => r && r.controller === true);
    const ownerKey = ref ? this.store.keyOfUid(ref.uid) : undefined;
    const owner = ownerKey ? this.store.get(ownerKey) : undefined;
    if (!owner) return;
    const text =
      owner.kind === 'StatefulSet'
        ? `create Pod ${pod.metadata.name} in StatefulSet ${owner.metadata.name} failed error: ${message}`
        : `Error creating: ${message}`;
    this.events.record(owner, 'Warning', 'FailedCreate', text, manager);
  }

  delete(key: string, manager: string): boolean {
    return cascadeDelete(this.store, this.events, key, manager);
  }

  keyOf(obj: KubeObject): string {
    return keyString(keyOf(obj));
  }
}
