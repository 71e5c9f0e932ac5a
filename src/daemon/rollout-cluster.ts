/**
 * The rollout state machine's view of a cluster and its hands on it, through the ClusterStore port only
 * (the simulated cluster now, a live one later): what it observes (the Rollout's ReplicaSets, their pods'
 * failures, the Services' selectors) and how its actions are carried out (server-side apply as
 * `tugboat-rollouts`, so Tugboat's own manifests and the rollout's fields never fight over ownership).
 */
import type { ClusterStore } from '../core/ports.js';
import { isPlainObject, type KubeObject } from '../core/model/kube-object.js';
import {
  ROLLOUT_HASH_LABEL, ROLLOUT_MANAGER, type Observed, type ObservedReplicaSet, type RolloutAction, type RolloutSpec, type RolloutStatus,
} from '../core/rollout/index.js';
import { servicesOf } from '../core/rollout/validate.js';

/** The revision annotation on a Rollout's ReplicaSets (which commit a ReplicaSet came from). */
export const ROLLOUT_REVISION_ANNOTATION = 'rollout.tugboat.dev/revision';

/** Waiting reasons that waiting longer will not fix. */
const FAILING = new Set(['CrashLoopBackOff', 'ImagePullBackOff', 'ErrImagePull', 'InvalidImageName', 'CreateContainerConfigError', 'CreateContainerError']);

type Obj = Record<string, unknown>;
const asObj = (v: unknown): Obj => (isPlainObject(v) ? v : {});
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export function podProblem(pod: KubeObject): string | undefined {
  const st = asObj(pod.status);
  for (const c of [...(Array.isArray(st['initContainerStatuses']) ? st['initContainerStatuses'] : []), ...(Array.isArray(st['containerStatuses']) ? st['containerStatuses'] : [])]) {
    const cs = asObj(c);
    const reason = asObj(asObj(cs['state'])['waiting'])['reason'];
    if (typeof reason === 'string' && FAILING.has(reason)) return `pod ${pod.metadata.name}: ${reason}`;
    if (num(cs['restartCount']) > 0 && cs['ready'] !== true) return `pod ${pod.metadata.name}: container ${String(cs['name'])} restarted ${num(cs['restartCount'])} times`;
  }
  return undefined;
}

export async function observeRollout(cluster: ClusterStore, rollout: KubeObject, spec: RolloutSpec): Promise<Observed> {
  const ns = rollout.metadata.namespace ?? '';
  const uid = rollout.metadata.uid;
  const all = await cluster.list({ group: 'apps', kind: 'ReplicaSet', namespace: ns });
  const owned = all.filter((r) => (r.metadata.ownerReferences ?? []).some((o) => o.uid === uid && o.controller === true));
  const replicaSets: ObservedReplicaSet[] = [];
  for (const r of owned) {
    const hash = r.metadata.labels?.[ROLLOUT_HASH_LABEL];
    if (!hash) continue;
    const st = asObj(r.status);
    const rs: ObservedReplicaSet = {
      hash,
      name: r.metadata.name,
      specReplicas: num(asObj(r.spec)['replicas']),
      replicas: num(st['replicas']),
      ready: num(st['readyReplicas']),
      available: num(st['availableReplicas']),
      createdAt: Date.parse(r.metadata.creationTimestamp ?? '') || 0,
    };
    if (rs.specReplicas > 0) {
      const pods = await cluster.list({ group: '', kind: 'Pod', namespace: ns, labelSelector: `${ROLLOUT_HASH_LABEL}=${hash}` });
      for (const p of pods) {
        const problem = podProblem(p);
        if (problem) {
          rs.podProblem = problem;
          break;
        }
      }
    }
    replicaSets.push(rs);
  }
  const services: Observed['services'] = {};
  for (const name of servicesOf(spec)) {
    const svc = await cluster.get({ group: '', kind: 'Service', namespace: ns, name });
    const hash = asObj(asObj(svc?.spec)['selector'])[ROLLOUT_HASH_LABEL];
    services[name] = { exists: svc !== undefined, ...(typeof hash === 'string' ? { hash } : {}) };
  }
  return { replicaSets, services };
}

/** The ReplicaSet of the spec's template, as Tugboat creates it: `<rollout>-<hash>`, labelled with the hash. */
function newReplicaSet(rollout: KubeObject, spec: RolloutSpec, replicas: number): KubeObject {
  const hash = spec.templateHash;
  const template = structuredClone(spec.template);
  const tmeta = asObj(template['metadata']);
  template['metadata'] = { ...tmeta, labels: { ...asObj(tmeta['labels']), [ROLLOUT_HASH_LABEL]: hash } };
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${spec.name}-${hash}`,
      namespace: rollout.metadata.namespace,
      labels: { ...(asObj(tmeta['labels']) as Record<string, string>), [ROLLOUT_HASH_LABEL]: hash },
      annotations: { [ROLLOUT_REVISION_ANNOTATION]: spec.revision },
      ownerReferences: [{ apiVersion: rollout.apiVersion, kind: rollout.kind, name: rollout.metadata.name, uid: rollout.metadata.uid!, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      replicas,
      ...(spec.minReadySeconds > 0 ? { minReadySeconds: spec.minReadySeconds } : {}),
      selector: { matchLabels: { ...spec.selector, [ROLLOUT_HASH_LABEL]: hash } },
      template,
    },
  };
}

/** What Tugboat applied of an existing ReplicaSet (its full intent), with a new replica count. */
function rescaled(live: KubeObject, replicas: number): KubeObject {
  const spec = asObj(live.spec);
  const m = live.metadata;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: m.name, namespace: m.namespace, ...(m.labels ? { labels: m.labels } : {}), ...(m.annotations ? { annotations: m.annotations } : {}), ...(m.ownerReferences ? { ownerReferences: m.ownerReferences } : {}) },
    spec: { ...(spec['minReadySeconds'] !== undefined ? { minReadySeconds: spec['minReadySeconds'] } : {}), replicas, selector: spec['selector'], template: spec['template'] },
  };
}

export async function executeAction(cluster: ClusterStore, rollout: KubeObject, spec: RolloutSpec, a: RolloutAction): Promise<void> {
  const ns = rollout.metadata.namespace ?? '';
  const opts = { fieldManager: ROLLOUT_MANAGER, force: true };
  switch (a.type) {
    case 'scaleReplicaSet': {
      const live = await cluster.get({ group: 'apps', kind: 'ReplicaSet', namespace: ns, name: `${spec.name}-${a.hash}` });
      if (live) await cluster.apply(rescaled(live, a.replicas), opts);
      else if (a.hash === spec.templateHash) await cluster.apply(newReplicaSet(rollout, spec, a.replicas), opts);
      return;
    }
    case 'pointService':
      await cluster.apply({ apiVersion: 'v1', kind: 'Service', metadata: { name: a.service, namespace: ns }, spec: { selector: { [ROLLOUT_HASH_LABEL]: a.hash } } }, opts);
      return;
    case 'deleteReplicaSet':
      await cluster.delete({ group: 'apps', kind: 'ReplicaSet', namespace: ns, name: `${spec.name}-${a.hash}` }, { manager: ROLLOUT_MANAGER });
      return;
  }
}

/** Writes the Rollout's status through the status subresource (only when it changed). */
export async function writeStatus(cluster: ClusterStore, rollout: KubeObject, status: RolloutStatus): Promise<void> {
  const next = { ...status, observedGeneration: rollout.metadata.generation ?? 1 };
  if (JSON.stringify(rollout.status) === JSON.stringify(next)) return;
  await cluster.applyStatus({ apiVersion: rollout.apiVersion, kind: rollout.kind, metadata: { name: rollout.metadata.name, namespace: rollout.metadata.namespace }, status: next }, { fieldManager: ROLLOUT_MANAGER, force: true });
}
