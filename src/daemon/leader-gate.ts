/**
 * Writes to the cluster only while this replica leads: apply and delete through the gate fail with a
 * 503 ClusterError as soon as leadership is lost (the elector closes the gate before the Lease can
 * expire for anyone else), so a pass still running on a former leader cannot write next to the new one.
 * Reads, dry runs and validation pass through.
 */
import { ClusterError, watchArgs, type ApplyOptions, type ApplyResult, type ApplyStatusOptions, type ClusterStore, type ListOptions, type WatchHandler, type WatchOptions } from '../core/ports.js';
import type { KubeObject, ObjectKey } from '../core/model/kube-object.js';

export class LeaderGate {
  private open = false;

  /** `stillLeading` is asked on every write too, so a write after the renew deadline fails even before the elector's timer closed the gate. */
  constructor(private readonly describeLeader: () => string, private readonly stillLeading: () => boolean = () => true) {}

  get isOpen(): boolean {
    return this.open && this.stillLeading();
  }

  setOpen(open: boolean): void {
    this.open = open;
  }

  /** Throws unless this replica leads. */
  check(what: string): void {
    if (!this.isOpen) throw new ClusterError(503, 'NotLeader', `cannot ${what}: this replica is not the leader (${this.describeLeader()})`);
  }
}

export class LeaderGatedCluster implements ClusterStore {
  constructor(private readonly inner: ClusterStore, private readonly gate: LeaderGate) {}

  get(key: ObjectKey): Promise<KubeObject | undefined> {
    return this.inner.get(key);
  }

  list(opts: ListOptions): Promise<KubeObject[]> {
    return this.inner.list(opts);
  }

  async apply(obj: KubeObject, opts?: ApplyOptions): Promise<ApplyResult> {
    if (!opts?.dryRun) this.gate.check(`apply ${obj.kind} "${obj.metadata?.name}"`);
    return this.inner.apply(obj, opts);
  }

  async applyStatus(obj: KubeObject, opts?: ApplyStatusOptions): Promise<ApplyResult> {
    this.gate.check(`write the status of ${obj.kind} "${obj.metadata?.name}"`);
    return this.inner.applyStatus(obj, opts);
  }

  validate(objs: KubeObject[]): Promise<Array<{ key: ObjectKey; error: ClusterError }>> {
    return this.inner.validate(objs);
  }

  async delete(key: ObjectKey, opts?: { manager?: string }): Promise<boolean> {
    this.gate.check(`delete ${key.kind} "${key.name}"`);
    return this.inner.delete(key, opts);
  }

  watch(opts: WatchOptions, handler: WatchHandler): () => void;
  watch(handler: WatchHandler): () => void;
  watch(a: WatchOptions | WatchHandler, b?: WatchHandler): () => void {
    const { handler, kinds } = watchArgs(a, b);
    return kinds ? this.inner.watch({ kinds }, handler) : this.inner.watch(handler);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
