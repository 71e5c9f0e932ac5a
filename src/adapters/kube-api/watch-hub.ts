/**
 * A bounded history of the store's changes, by resourceVersion, so a watch can resume from the version
 * of its last list or event (what informers and `kubectl get -w` do); older versions get 410 Expired.
 */
import type { WatchEvent } from '../../core/ports.js';
import type { SimCluster } from '../cluster/sim/index.js';

export interface HubEvent { rv: number; type: WatchEvent['type']; object: WatchEvent['object'] }

export class WatchHub {
  private readonly buf: HubEvent[] = [];
  /** Events with rv <= floor are no longer held. */
  private floor: number;
  private readonly subs = new Set<(e: HubEvent) => void>();
  private readonly stop: () => void;

  constructor(cluster: SimCluster, private readonly capacity = 20_000) {
    this.floor = cluster.stats().resourceVersion;
    this.stop = cluster.watch((ev) => {
      const e: HubEvent = { rv: Number(ev.object.metadata.resourceVersion ?? '0') || 0, type: ev.type, object: ev.object };
      this.buf.push(e);
      if (this.buf.length > this.capacity) this.floor = this.buf.splice(0, this.buf.length - this.capacity).at(-1)!.rv;
      for (const s of [...this.subs]) s(e);
    });
  }

  /** Held events newer than rv, or 'expired' when some of them are gone. */
  since(rv: number): HubEvent[] | 'expired' {
    if (rv < this.floor) return 'expired';
    let lo = 0;
    let hi = this.buf.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.buf[mid]!.rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.buf.slice(lo);
  }

  get oldest(): number {
    return this.floor;
  }

  subscribe(fn: (e: HubEvent) => void): () => void {
    this.subs.add(fn);
    return () => this.subs.delete(fn);
  }

  close(): void {
    this.stop();
    this.subs.clear();
  }
}
