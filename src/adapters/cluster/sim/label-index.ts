/**
 * An index of objects by namespace and one `key=value` label pair: an equality selector is answered
 * from the smallest set among its pairs, then checked in full, instead of matching every object of the
 * namespace (a Service's Endpoints over all pods was O(services × pods)). The owner keeps it in step
 * with every write and delete (add the new labels after removing the old).
 */
export type LabelMap = Readonly<Record<string, unknown>> | undefined;

function entry(namespace: string, k: string, v: unknown): string {
  return `${namespace}\u0000${k}=${String(v)}`;
}

export class LabelIndex {
  private readonly byPair = new Map<string, Set<string>>();

  add(key: string, namespace: string, labels: LabelMap): void {
    if (!labels) return;
    for (const [k, v] of Object.entries(labels)) {
      if (v === undefined) continue;
      const e = entry(namespace, k, v);
      let s = this.byPair.get(e);
      if (!s) this.byPair.set(e, (s = new Set()));
      s.add(key);
    }
  }

  remove(key: string, namespace: string, labels: LabelMap): void {
    if (!labels) return;
    for (const [k, v] of Object.entries(labels)) {
      if (v === undefined) continue;
      const e = entry(namespace, k, v);
      const s = this.byPair.get(e);
      if (!s) continue;
      s.delete(key);
      if (s.size === 0) this.byPair.delete(e);
    }
  }

  /**
   * Keys of the objects in `namespace` that may carry every pair of `selector` (a superset: the caller
   * checks the full selector). An empty selector gives undefined (it matches everything: not indexed).
   */
  candidates(namespace: string, selector: Readonly<Record<string, unknown>>): ReadonlySet<string> | undefined {
    let best: ReadonlySet<string> | undefined;
    for (const [k, v] of Object.entries(selector)) {
      const s = this.byPair.get(entry(namespace, k, v));
      if (!s) return EMPTY;
      if (!best || s.size < best.size) best = s;
    }
    return best;
  }

  /** Number of distinct (namespace, pair) entries (for tests). */
  get size(): number {
    return this.byPair.size;
  }
}

const EMPTY: ReadonlySet<string> = new Set();
