/**
 * Deployment → ReplicaSets, as kube-controller-manager does it:
 * - the "new" ReplicaSet is the one whose pod-template-hash is the hash of spec.template; it is created
 *   as <deploy>-<hash>, or reused (scaled up again, next revision) when the template goes back;
 * - RollingUpdate (maxSurge / maxUnavailable) or Recreate;
 * - revision annotations and revisionHistoryLimit cleanup; status lives in deployment-status.ts.
 */
import type { KubeObject } from '../../../core/model/kube-object.js';
import { keyString } from '../../../core/model/kube-object.js';
import type { ControllerContext } from './controller-context.js';
import {
  byCreation, DEPLOYMENT_CONTROLLER, isComplete, num, ownedRS, refresh, REVISION, revisionOf, specReplicas, statusOf, type Sync,
} from './deployment-util.js';
import { syncStatus } from './deployment-status.js';
import { asMap, clone } from './json.js';
import { templateHash } from '../../../core/model/pod-template-hash.js';
import { resolveFenceposts } from '../../../core/model/int-or-percent.js';

export { DEPLOYMENT_CONTROLLER, REVISION } from './deployment-util.js';
const REVISION_HISTORY = 'deployment.kubernetes.io/revision-history';
const DESIRED = 'deployment.kubernetes.io/desired-replicas';
const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';
const HASH = 'pod-template-hash';
const SKIP_ANNOTATIONS = new Set([REVISION, REVISION_HISTORY, DESIRED, MAX_REPLICAS, 'kubectl.kubernetes.io/last-applied-configuration']);

export function syncDeployment(ctx: ControllerContext, key: string): void {
  const d = ctx.store.get(key);
  if (!d || !d.metadata.uid) return;
  const spec = asMap(d['spec']);
  const replicas = num(spec['replicas'], 1);
  const strategy = asMap(spec['strategy']);
  const rollingUpdate = strategy['type'] !== 'Recreate';
  const ru = asMap(strategy['rollingUpdate']);
  const { surge, unavailable } = rollingUpdate ? resolveFenceposts(ru['maxSurge'], ru['maxUnavailable'], replicas) : { surge: 0, unavailable: 0 };
  const s: Sync = { ctx, key, d, replicas, surge, unavailable, rollingUpdate };

  if (spec['paused'] === true) {
    syncStatus(s, findNewRS(s), false);
    return;
  }
  let newRS = findNewRS(s);
  let reused = false;
  const old = () => ownedRS(s).filter((r) => r !== newRS && r.metadata.name !== newRS?.metadata.name);
  const maxOldRevision = () => old().reduce((m, r) => Math.max(m, revisionOf(r)), 0);

  if (newRS && revisionOf(newRS) <= maxOldRevision()) {
    // the template went back to an earlier one: reuse its ReplicaSet under the next revision
    const prevRev = revisionOf(newRS);
    const next = maxOldRevision() + 1;
    newRS = ctx.update(ctx.keyOf(newRS), (r) => {
      const ann = (r.metadata.annotations ??= {});
      ann[REVISION] = String(next);
      if (prevRev > 0) ann[REVISION_HISTORY] = ann[REVISION_HISTORY] ? `${ann[REVISION_HISTORY]},${prevRev}` : String(prevRev);
    }, DEPLOYMENT_CONTROLLER)!;
    reused = true;
  }

  if (rollingUpdate) {
    if (!newRS) {
      newRS = createNewRS(s, newRSReplicas(s, undefined), maxOldRevision() + 1);
      syncStatus(s, newRS, true, true);
      return;
    }
    syncRevisionAnnotation(s, newRS);
    const target = newRSReplicas(s, newRS);
    if (target !== specReplicas(newRS)) {
      scale(s, newRS, target);
      syncStatus(s, refresh(s, newRS), true, false, reused);
      return;
    }
    if (reconcileOld(s, refresh(s, newRS)!, old())) {
      syncStatus(s, refresh(s, newRS), true);
      return;
    }
  } else {
    const activeOld = old().filter((r) => specReplicas(r) > 0);
    if (activeOld.length > 0) {
      for (const r of activeOld) scale(s, r, 0);
      syncStatus(s, newRS, true);
      return;
    }
    const oldPods = old().reduce((n, r) => n + ctx.store.ownedBy(r.metadata.uid!, 'Pod').length, 0);
    if (oldPods > 0) {
      syncStatus(s, newRS, false);
      return;
    }
    if (!newRS) {
      newRS = createNewRS(s, replicas, maxOldRevision() + 1);
      syncStatus(s, newRS, true, true);
      return;
    }
    syncRevisionAnnotation(s, newRS);
    if (specReplicas(newRS) !== replicas) {
      scale(s, newRS, replicas);
      syncStatus(s, refresh(s, newRS), true, false, reused);
      return;
    }
  }
  newRS = refresh(s, newRS);
  if (isComplete(s, newRS)) cleanup(s, old());
  syncStatus(s, newRS, false);
}

function findNewRS(s: Sync): KubeObject | undefined {
  const hash = templateHash(asMap(s.d['spec'])['template']);
  return ownedRS(s).find((r) => r.metadata.labels?.[HASH] === hash);
}

function syncRevisionAnnotation(s: Sync, newRS: KubeObject): void {
  const rev = newRS.metadata.annotations?.[REVISION];
  if (rev && s.d.metadata.annotations?.[REVISION] !== rev) {
    s.d = s.ctx.update(s.key, (d) => void ((d.metadata.annotations ??= {})[REVISION] = rev), DEPLOYMENT_CONTROLLER) ?? s.d;
  }
}

function rsAnnotations(s: Sync, revision: number, replicas: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.d.metadata.annotations ?? {})) if (!SKIP_ANNOTATIONS.has(k)) out[k] = v;
  out[DESIRED] = String(s.replicas);
  out[MAX_REPLICAS] = String(s.replicas + s.surge);
  out[REVISION] = String(revision);
  void replicas;
  return out;
}

function createNewRS(s: Sync, replicas: number, revision: number): KubeObject {
  const { ctx, d } = s;
  const spec = asMap(d['spec']);
  const template = clone(asMap(spec['template']));
  const hash = templateHash(spec['template']);
  const tmeta = (template['metadata'] = asMap(template['metadata']));
  tmeta['labels'] = { ...asMap(tmeta['labels']), [HASH]: hash };
  const selector = clone(asMap(spec['selector']));
  selector['matchLabels'] = { ...asMap(selector['matchLabels']), [HASH]: hash };
  const name = `${d.metadata.name}-${hash}`;
  const rsSpec: Record<string, unknown> = { replicas, selector, template };
  if (typeof spec['minReadySeconds'] === 'number') rsSpec['minReadySeconds'] = spec['minReadySeconds'];
  const rs: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: d.metadata.namespace,
      labels: { ...asMap(tmeta['labels']) } as Record<string, string>,
      annotations: rsAnnotations(s, revision, replicas),
      ownerReferences: [{ apiVersion: d.apiVersion, kind: d.kind, name: d.metadata.name, uid: d.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: rsSpec,
  };
  const existing = ctx.store.get(keyString({ group: 'apps', kind: 'ReplicaSet', namespace: d.metadata.namespace ?? '', name }));
  if (existing) return existing; // name taken by an object this Deployment does not own: leave it alone
  const out = ctx.create(rs, DEPLOYMENT_CONTROLLER);
  if (replicas > 0) ctx.events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${name} from 0 to ${replicas}`, DEPLOYMENT_CONTROLLER);
  syncRevisionAnnotation(s, out);
  return out;
}

function scale(s: Sync, rs: KubeObject, to: number): void {
  const from = specReplicas(rs);
  if (from === to) return;
  s.ctx.update(
    s.ctx.keyOf(rs),
    (r) => {
      (r['spec'] as Record<string, unknown>)['replicas'] = to;
      const ann = (r.metadata.annotations ??= {});
      ann[DESIRED] = String(s.replicas);
      ann[MAX_REPLICAS] = String(s.replicas + s.surge);
    },
    DEPLOYMENT_CONTROLLER,
  );
  s.ctx.events.record(s.d, 'Normal', 'ScalingReplicaSet', `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}`, DEPLOYMENT_CONTROLLER);
}

/** NewRSNewReplicas: how far the new ReplicaSet may grow under maxSurge. */
function newRSReplicas(s: Sync, newRS: KubeObject | undefined): number {
  const cur = newRS ? specReplicas(newRS) : 0;
  if (cur >= s.replicas) return s.replicas;
  const all = ownedRS(s).reduce((n, r) => n + specReplicas(r), 0);
  const maxTotal = s.replicas + s.surge;
  if (all >= maxTotal) return cur;
  return cur + Math.min(maxTotal - all, s.replicas - cur);
}

function reconcileOld(s: Sync, newRS: KubeObject, oldRSs: KubeObject[]): boolean {
  const active = oldRSs.filter((r) => specReplicas(r) > 0).sort(byCreation);
  if (active.length === 0) return false;
  const all = () => [newRS, ...oldRSs].map((r) => refresh(s, r)!).filter(Boolean);
  const allPods = all().reduce((n, r) => n + specReplicas(r), 0);
  const minAvailable = s.replicas - s.unavailable;
  const newUnavailable = specReplicas(newRS) - statusOf(newRS, 'availableReplicas');
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  // 1. old pods that are not available anyway go first
  let cleaned = 0;
  for (const r of active) {
    if (cleaned >= maxScaledDown) break;
    const cur = refresh(s, r)!;
    const unhealthy = specReplicas(cur) - statusOf(cur, 'availableReplicas');
    if (unhealthy <= 0) continue;
    const down = Math.min(maxScaledDown - cleaned, unhealthy);
    scale(s, cur, specReplicas(cur) - down);
    cleaned += down;
  }
  // 2. then available ones, keeping minAvailable
  const availableNow = all().reduce((n, r) => n + statusOf(r, 'availableReplicas'), 0);
  let total = availableNow - minAvailable;
  let scaled = 0;
  if (total > 0) {
    for (const r of active) {
      if (scaled >= total) break;
      const cur = refresh(s, r)!;
      const reps = specReplicas(cur);
      if (reps === 0) continue;
      const down = Math.min(reps, total - scaled);
      scale(s, cur, reps - down);
      scaled += down;
    }
  } else total = 0;
  return cleaned + scaled > 0;
}

function cleanup(s: Sync, oldRSs: KubeObject[]): void {
  const limit = num(asMap(s.d['spec'])['revisionHistoryLimit'], 10);
  const idle = oldRSs
    .map((r) => refresh(s, r)!)
    .filter((r) => r && specReplicas(r) === 0 && statusOf(r, 'replicas') === 0)
    .sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
  const excess = idle.length - limit;
  for (let i = 0; i < excess; i++) s.ctx.delete(s.ctx.keyOf(idle[i]!), DEPLOYMENT_CONTROLLER);
}
