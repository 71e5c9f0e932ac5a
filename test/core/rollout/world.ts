/**
 * A tiny model of the cluster for the state machine tables: it carries out the actions (ReplicaSets
 * scaled, Service selectors pointed) and makes pods available at once, unless a template is marked
 * slow (never available until released) or bad (its pods crash). Time only moves when a test says so.
 */
import { parseRollout } from '../../../src/core/rollout/validate.js';
import { step } from '../../../src/core/rollout/step.js';
import type { ObservedReplicaSet, ObservedService, RolloutAction, RolloutEvent, RolloutSpec, RolloutState, StepResult } from '../../../src/core/rollout/types.js';

export function rolloutManifest(strategy: Record<string, unknown>, opts: { image?: string; replicas?: number; progressDeadlineSeconds?: number } = {}) {
  return {
    apiVersion: 'tugboat.dev/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'web', namespace: 'ns' },
    spec: {
      replicas: opts.replicas ?? 4,
      ...(opts.progressDeadlineSeconds ? { progressDeadlineSeconds: opts.progressDeadlineSeconds } : {}),
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: opts.image ?? 'web:1' }] } },
      strategy,
    },
  };
}

export function specOf(strategy: Record<string, unknown>, opts: { image?: string; replicas?: number; revision?: string; progressDeadlineSeconds?: number } = {}): RolloutSpec {
  const r = parseRollout(rolloutManifest(strategy, opts) as never, opts.revision ?? `rev-${opts.image ?? 'web:1'}`);
  if (!r.ok) throw new Error(r.message);
  return r.spec;
}

export class World {
  readonly rs = new Map<string, ObservedReplicaSet>();
  readonly services: Record<string, ObservedService> = {};
  state: RolloutState | undefined;
  now = 1_000_000;
  readonly slow = new Set<string>();
  readonly bad = new Set<string>();
  readonly created = new Set<string>();
  readonly events: RolloutEvent[] = [];
  last!: StepResult;

  constructor(public spec: RolloutSpec, services: string[]) {
    for (const s of services) this.services[s] = { exists: true };
  }

  observed() {
    return { replicaSets: [...this.rs.values()].map((r) => ({ ...r })), services: structuredClone(this.services) };
  }

  /** One pass: step, persist (a JSON round trip, as the daemon writes it), then act. */
  pass(opts: { crashAfterActions?: number } = {}): StepResult {
    const r = step(this.spec, this.state, this.observed(), this.now);
    this.state = JSON.parse(JSON.stringify(r.state)) as RolloutState;
    this.events.push(...r.events);
    const acts = opts.crashAfterActions === undefined ? r.actions : r.actions.slice(0, opts.crashAfterActions);
    for (const a of acts) this.act(a);
    this.kubelet();
    this.last = r;
    return r;
  }

  act(a: RolloutAction): void {
    if (a.type === 'pointService') this.services[a.service] = { exists: true, hash: a.hash };
    else if (a.type === 'deleteReplicaSet') this.rs.delete(a.hash);
    else {
      let r = this.rs.get(a.hash);
      if (!r) {
        if (a.hash !== this.spec.templateHash) throw new Error(`cannot create ${a.hash}: not the spec's template`);
        r = { hash: a.hash, name: `web-${a.hash}`, specReplicas: 0, replicas: 0, ready: 0, available: 0, createdAt: this.now };
        this.rs.set(a.hash, r);
        this.created.add(a.hash);
      }
      r.specReplicas = a.replicas;
    }
  }

  /** Pods follow spec.replicas at once; slow templates are never available, bad ones crash. */
  kubelet(): void {
    for (const r of this.rs.values()) {
      r.replicas = r.specReplicas;
      const up = this.slow.has(r.hash) || this.bad.has(r.hash) ? 0 : r.specReplicas;
      r.ready = up;
      r.available = up;
      if (this.bad.has(r.hash) && r.specReplicas > 0) r.podProblem = 'CrashLoopBackOff';
      else delete r.podProblem;
    }
  }

  /** Passes until nothing is left to do at this instant. */
  settle(): StepResult {
    for (let i = 0; i < 30; i++) {
      const r = this.pass();
      if (r.actions.length === 0) return r;
    }
    throw new Error('the state machine did not settle');
  }

  advance(ms: number): StepResult {
    this.now += ms;
    return this.settle();
  }

  commit(spec: RolloutSpec): StepResult {
    this.spec = spec;
    return this.settle();
  }

  replicas(spec: RolloutSpec = this.spec): number {
    return this.rs.get(spec.templateHash)?.specReplicas ?? 0;
  }

  serviceHash(name: string): string | undefined {
    return this.services[name]?.hash;
  }
}
