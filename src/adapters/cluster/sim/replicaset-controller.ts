/**
 * ReplicaSet → Pods: keeps spec.replicas pods (named <rs>-<5 random>, controller ownerReference,
 * template labels), replaces deleted ones, deletes the least valuable pods first when scaling down,
 * and reports status (replicas, readyReplicas, availableReplicas honouring minReadySeconds).
 */
import type { KubeObject } from '../../../core/model/kube-object.js';
import { isPlainObject, keyString } from '../../../core/model/kube-object.js';
import { QUOTA_RETRY_MS, type ControllerContext } from './controller-context.js';
import { ClusterError } from '../../../core/ports.js';
import { asArray, asMap, clone } from './json.js';
import { fromLabelSelector, matches } from './label-selector.js';
import { randomSuffix } from './names.js';
import { isPodReady, qosClass } from './pod-status.js';
import { recordKilling } from './pod-lifecycle.js';

export const RS_CONTROLLER = 'replicaset-controller';

export function controllerOf(obj: KubeObject): { uid: string; kind: string; name: string } | undefined {
  const ref = (obj.metadata.ownerReferences ?? []).find((r) => r && r.controller === true);
  return ref ? { uid: ref.uid, kind: ref.kind, name: ref.name } : undefined;
}

function podRank(ctx: ControllerContext, p: KubeObject): number[] {
  const st = asMap(p['status']);
  const assigned = typeof asMap(p['spec'])['nodeName'] === 'string' ? 1 : 0;
  const phase = st['phase'] === 'Running' ? 2 : st['phase'] === 'Pending' ? 0 : 1;
  const ready = isPodReady(p) ? 1 : 0;
  const rec = ctx.store.record(ctx.keyOf(p));
  const readyAt = rec?.internal?.['readyAt'] ?? 0;
  const restarts = asArray(st['containerStatuses']).reduce<number>((n, c) => n + (isPlainObject(c) ? Number(c['restartCount'] ?? 0) : 0), 0);
  // lower sorts first = deleted first
  return [assigned, phase, ready, ready ? -readyAt : 0, -restarts, -(rec?.createdMs ?? 0)];
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

export function newPodFor(rs: KubeObject, name: string): KubeObject {
  return podFromTemplate(rs, asMap(rs['spec'] && (rs['spec'] as Record<string, unknown>)['template']), name, `${rs.metadata.name}-`);
}

/** A pod made from a pod template, controlled by `owner` (generateName only for generated names). */
export function podFromTemplate(owner: KubeObject, template: Record<string, unknown>, name: string, generateName?: string): KubeObject {
  const rs = owner;
  const tmeta = asMap(template['metadata']);
  const spec = clone(asMap(template['spec']));
  if (spec['restartPolicy'] === undefined) spec['restartPolicy'] = 'Always';
  if (spec['schedulerName'] === undefined) spec['schedulerName'] = 'default-scheduler';
  if (spec['terminationGracePeriodSeconds'] === undefined) spec['terminationGracePeriodSeconds'] = 30;
  if (spec['dnsPolicy'] === undefined) spec['dnsPolicy'] = 'ClusterFirst';
  const metadata: KubeObject['metadata'] = {
    name,
    ...(generateName !== undefined ? { generateName } : {}),
    namespace: rs.metadata.namespace,
    ownerReferences: [{ apiVersion: rs.apiVersion, kind: rs.kind, name: rs.metadata.name, uid: rs.metadata.uid!, controller: true, blockOwnerDeletion: true }],
  };
  if (isPlainObject(tmeta['labels'])) metadata.labels = clone(tmeta['labels'] as Record<string, string>);
  if (isPlainObject(tmeta['annotations'])) metadata.annotations = clone(tmeta['annotations'] as Record<string, string>);
  const pod: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata, spec };
  pod['status'] = { phase: 'Pending', qosClass: qosClass(pod) };
  return pod;
}

export function syncReplicaSet(ctx: ControllerContext, key: string): void {
  const rs = ctx.store.get(key);
  if (!rs || !rs.metadata.uid) return;
  const ns = rs.metadata.namespace ?? '';
  const spec = asMap(rs['spec']);
  const desired = typeof spec['replicas'] === 'number' ? spec['replicas'] : 1;
  const pods = ctx.store.ownedBy(rs.metadata.uid, 'Pod').filter((p) => controllerOf(p)?.uid === rs.metadata.uid);
  const now = ctx.now();

  if (pods.length < desired) {
    for (let i = pods.length; i < desired; i++) {
      let name: string;
      do name = `${rs.metadata.name}-${randomSuffix()}`;
      while (ctx.store.get(keyString({ group: '', kind: 'Pod', namespace: ns, name })));
      let created: KubeObject;
      try {
        created = ctx.create(newPodFor(rs, name), RS_CONTROLLER);
      } catch (e) {
        if (!(e instanceof ClusterError) || e.code !== 403) throw e;
        ctx.wakeAt('replicaset', key, now + QUOTA_RETRY_MS);
        break;
      }
      pods.push(created);
      ctx.events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${name}`, RS_CONTROLLER);
    }
  } else if (pods.length > desired) {
    const ranked = pods.map((p) => ({ p, r: podRank(ctx, p) })).sort((a, b) => compareRank(a.r, b.r));
    const victims = ranked.slice(0, pods.length - desired).map((x) => x.p);
    for (const v of victims) {
      recordKilling(ctx, v);
      ctx.delete(ctx.keyOf(v), RS_CONTROLLER);
      ctx.events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${v.metadata.name}`, RS_CONTROLLER);
    }
    const gone = new Set(victims);
    pods.splice(0, pods.length, ...pods.filter((p) => !gone.has(p)));
  }

  const minReadyMs = (typeof spec['minReadySeconds'] === 'number' ? spec['minReadySeconds'] : 0) * 1000;
  const sel = fromLabelSelector(spec['selector']);
  let ready = 0;
  let available = 0;
  let labelled = 0;
  let nextAvailable: number | undefined;
  for (const p of pods) {
    if (matches(sel, p.metadata.labels)) labelled++;
    if (!isPodReady(p)) continue;
    ready++;
    const readyAt = ctx.store.record(ctx.keyOf(p))?.internal?.['readyAt'] ?? 0;
    if (readyAt + minReadyMs <= now) available++;
    else nextAvailable = Math.min(nextAvailable ?? Infinity, readyAt + minReadyMs);
  }
  if (nextAvailable !== undefined) ctx.wakeAt('replicaset', key, nextAvailable);
  const status: Record<string, unknown> = {
    replicas: pods.length,
    fullyLabeledReplicas: labelled,
    readyReplicas: ready,
    availableReplicas: available,
    observedGeneration: rs.metadata.generation ?? 1,
  };
  ctx.update(key, (d) => void (d['status'] = status), RS_CONTROLLER);
}
