/** Deployment status: replica counts and the Available / Progressing conditions (with the progress deadline). */
import type { KubeObject } from '../../../core/model/kube-object.js';
import { isPlainObject } from '../../../core/model/kube-object.js';
import { DEPLOYMENT_CONTROLLER, isComplete, num, ownedRS, refresh, specReplicas, statusOf, type Sync } from './deployment-util.js';
import { asMap, clone, deepEqual } from './json.js';
import { isoSeconds, parseIso } from './time.js';

interface Condition {
  type: string;
  status: string;
  reason: string;
  message: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
}

function setCondition(conds: Condition[], c: Omit<Condition, 'lastTransitionTime'>, nowIso: string, touch: boolean): Condition[] {
  const prev = conds.find((x) => x.type === c.type);
  const keep = prev && prev.status === c.status && prev.reason === c.reason && prev.message === c.message && !touch;
  const next: Condition = keep
    ? prev
    : {
        ...c,
        lastUpdateTime: nowIso,
        lastTransitionTime: prev && prev.status === c.status ? prev.lastTransitionTime : nowIso,
      };
  return [...conds.filter((x) => x.type !== c.type), next].sort((a, b) => (a.type === 'Available' ? -1 : b.type === 'Available' ? 1 : 0));
}

export function syncStatus(s: Sync, newRS: KubeObject | undefined, scaledThisSync: boolean, created = false, reused = false): void {
  const { ctx } = s;
  const d = ctx.store.get(s.key);
  if (!d) return;
  const now = ctx.now();
  const nowIso = isoSeconds(now);
  const all = ownedRS(s);
  const prev = asMap(d['status']);
  const replicas = all.reduce((n, r) => n + statusOf(r, 'replicas'), 0);
  const updated = newRS ? statusOf(refresh(s, newRS) ?? newRS, 'replicas') : 0;
  const ready = all.reduce((n, r) => n + statusOf(r, 'readyReplicas'), 0);
  const available = all.reduce((n, r) => n + statusOf(r, 'availableReplicas'), 0);
  const totalSpec = all.reduce((n, r) => n + specReplicas(r), 0);
  const unavailable = Math.max(0, totalSpec - available);
  let conds = (Array.isArray(prev['conditions']) ? (clone(prev['conditions']) as Condition[]) : []).filter(isPlainObject);

  const minAvailable = s.replicas - s.unavailable;
  conds = setCondition(
    conds,
    available >= minAvailable
      ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.', lastUpdateTime: nowIso }
      : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.', lastUpdateTime: nowIso },
    nowIso,
    false,
  );

  const rsName = newRS?.metadata.name ?? '';
  const complete = isComplete(s, newRS);
  const progressed =
    scaledThisSync ||
    updated > num(prev['updatedReplicas'], 0) ||
    ready > num(prev['readyReplicas'], 0) ||
    available > num(prev['availableReplicas'], 0) ||
    replicas - updated < num(prev['replicas'], 0) - num(prev['updatedReplicas'], 0);
  const prog = conds.find((c) => c.type === 'Progressing');
  const pds = num(asMap(d['spec'])['progressDeadlineSeconds'], 600);
  const generationChanged = num(prev['observedGeneration'], 0) !== (d.metadata.generation ?? 1);
  if (complete) {
    conds = setCondition(conds, { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${rsName}" has successfully progressed.`, lastUpdateTime: nowIso }, nowIso, false);
  } else if (progressed || generationChanged || !prog) {
    const reason = created ? 'NewReplicaSetCreated' : reused ? 'FoundNewReplicaSet' : 'ReplicaSetUpdated';
    const message =
      reason === 'NewReplicaSetCreated' ? `Created new replica set "${rsName}"` : reason === 'FoundNewReplicaSet' ? `Found new replica set "${rsName}"` : `ReplicaSet "${rsName}" is progressing.`;
    conds = setCondition(conds, { type: 'Progressing', status: 'True', reason, message, lastUpdateTime: nowIso }, nowIso, true);
  } else if (prog && prog.reason !== 'ProgressDeadlineExceeded') {
    const last = parseIso(prog.lastUpdateTime) ?? now;
    const deadline = last + pds * 1000;
    if (now >= deadline) {
      conds = setCondition(conds, { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${rsName}" has timed out progressing.`, lastUpdateTime: nowIso }, nowIso, false);
    } else if (prog.reason !== 'NewReplicaSetAvailable') {
      ctx.wakeAt('deployment', s.key, deadline);
    }
  }
  const p = conds.find((c) => c.type === 'Progressing');
  if (!complete && p && p.status === 'True' && p.reason !== 'NewReplicaSetAvailable') {
    ctx.wakeAt('deployment', s.key, (parseIso(p.lastUpdateTime) ?? now) + pds * 1000);
  }

  const status: Record<string, unknown> = {
    observedGeneration: d.metadata.generation ?? 1,
    replicas,
    updatedReplicas: updated,
    readyReplicas: ready,
    availableReplicas: available,
    unavailableReplicas: unavailable,
    conditions: conds,
  };
  if (typeof prev['collisionCount'] === 'number') status['collisionCount'] = prev['collisionCount'];
  if (!deepEqual(prev, status)) ctx.update(s.key, (x) => void (x['status'] = status), DEPLOYMENT_CONTROLLER);
}
