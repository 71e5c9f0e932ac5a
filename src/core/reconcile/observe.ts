/**
 * What a pass reads, answered one question of decide.ts at a time: the comparison of desired with live,
 * the objects other apps own, the API server's validation, the field-manager dry run, the history.
 * Only what decidePass asks for is read, in the order it asks.
 */
import { ClusterError, type ClusterStore, type Clock } from '../ports.js';
import { compareApp } from '../diff/index.js';
import { checkRollouts } from '../rollout/check-app.js';
import type { AppliedObject, StateStore } from './app-state.js';
import { ignoredPointers, type AppSpec } from './app-spec.js';
import type { AssembledApp } from '../render/assemble.js';
import { keyOfObject, type Observed, type Question } from './decide.js';
import { fieldConflicts } from './field-conflicts.js';
import { ownershipConflicts } from './ownership.js';
import { progressTicker, type Emit } from './pass-events.js';

export interface ObserveDeps {
  cluster: ClusterStore;
  state: StateStore;
  clock: Clock;
  emit: Emit;
  /** When the pass started (the compare progress counts from it). */
  started: number;
}

/** An observer for one pass: answers each question with what the cluster and the state store hold. */
export function observer(input: { app: AppSpec; rendered: AssembledApp; scope: 'full' | ReadonlySet<string> }, deps: ObserveDeps): (q: Question) => Promise<Observed[keyof Observed]> {
  const { app, rendered } = input;
  const { cluster, state, clock } = deps;
  let inventory: ReadonlyMap<string, AppliedObject> = new Map();
  return async (q) => {
    switch (q.ask) {
      case 'comparison': {
        const applied = state.applied(app.name);
        inventory = applied;
        const comparison = await compareApp(rendered.objects, (k) => cluster.get(k), {
          applied,
          ignoreFor: (k) => [{ jsonPointers: ignoredPointers(app, k.group, k.kind, k.namespace, k.name) }],
          scope: input.scope,
          // Creating needs no field-level diff here (reports compute it on demand).
          detailCreates: false,
          sameHashUsesDesired: true,
          onEach: progressTicker(deps.emit, clock, 'compare', rendered.objects.length, deps.started),
        });
        return { comparison, inventory: applied } satisfies Observed['comparison'];
      }
      case 'ownership':
        return ownershipConflicts(app.name, q.toApply, q.live, inventory, state) satisfies Observed['ownership'];
      case 'validation': {
        const problems = await cluster.validate([...q.objects]);
        // Rollouts are Tugboat's own kind: it checks them as the API server checks its kinds (SPEC §7).
        for (const p of await checkRollouts(rendered.objects.map((d) => d.object), cluster)) problems.push({ key: p.key, error: new ClusterError(422, 'Invalid', p.message) });
        return problems.map((p) => p.error.message) satisfies Observed['validation'];
      }
      case 'fieldConflicts':
        return (await fieldConflicts(cluster, [...q.objects], (o) => q.live.get(keyOfObject(o)))) satisfies Observed['fieldConflicts'];
      case 'history':
        return state.history(app.name) satisfies Observed['history'];
    }
  };
}
