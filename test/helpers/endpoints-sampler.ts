/**
 * Samples a Service's Endpoints through the daemon's sim API for the whole of an end-to-end run: the
 * zero-downtime check (a Service must never be left without ready endpoints) and which ReplicaSets
 * served traffic (pods are named <replicaset>-<suffix>).
 */
export interface EndpointSample {
  at: number;
  pods: string[];
}

export class EndpointsSampler {
  readonly samples: EndpointSample[] = [];
  private stopped = false;
  private loop: Promise<void> | undefined;

  constructor(private readonly url: () => string, readonly namespace: string, readonly service: string, private readonly everyMs = 20) {}

  start(): void {
    this.loop = (async () => {
      while (!this.stopped) {
        try {
          const res = await fetch(`${this.url()}/api/v1/sim/resources/endpoints/${this.service}?namespace=${this.namespace}`);
          if (res.status === 200) {
            const ep = (await res.json()) as { subsets?: Array<{ addresses?: Array<{ targetRef?: { name?: string } }> }> };
            const pods = (ep.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.targetRef?.name ?? '?'));
            this.samples.push({ at: Date.now(), pods });
          }
        } catch {
          // the daemon is restarting: nothing to sample
        }
        await new Promise((r) => setTimeout(r, this.everyMs));
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  /** Samples with no ready endpoint (after the first one that had some). */
  empty(): EndpointSample[] {
    const first = this.samples.findIndex((s) => s.pods.length > 0);
    return first < 0 ? [] : this.samples.slice(first).filter((s) => s.pods.length === 0);
  }

  /** ReplicaSet names that served (pod name minus its random suffix) since `since`. */
  servedBy(since = 0): Set<string> {
    const out = new Set<string>();
    for (const s of this.samples) if (s.at >= since) for (const p of s.pods) out.add(p.slice(0, p.lastIndexOf('-')));
    return out;
  }
}
