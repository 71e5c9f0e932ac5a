/** What controllers get: the store, the clock, events, and helpers that write like a controller would. */
import type { Clock } from '../../../core/ports.js';
import { keyOf, keyString, type KubeObject } from '../../../core/model/kube-object.js';
import type { EventRecorder } from './events.js';
import type { ImageCatalogue } from './image-catalogue.js';
import type { IpAllocator } from './ip-allocator.js';
import { clone } from './json.js';
import { recordUpdate } from './managed-fields.js';
import type { ObjectStore } from './object-store.js';
import { cascadeDelete } from './garbage-collector.js';

export type Queue = 'deployment' | 'replicaset' | 'statefulset' | 'daemonset' | 'job' | 'pod' | 'service';

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
    recordUpdate(cur, draft, manager);
    return this.store.commit(draft, manager, internal, opts).object;
  }

  delete(key: string, manager: string): boolean {
    return cascadeDelete(this.store, this.events, key, manager);
  }

  keyOf(obj: KubeObject): string {
    return keyString(keyOf(obj));
  }
}
