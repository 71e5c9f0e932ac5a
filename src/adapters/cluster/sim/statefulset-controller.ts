/**
 * StatefulSet → Pods with stable ordinal names (<name>-0 … <name>-(n-1)), following the documented
 * behaviour of the StatefulSet controller:
 * - OrderedReady (default): pod N+1 is created only when 0..N are Running and Ready; scale-down removes
 *   the highest ordinal first, one at a time, while the others are Running and Ready;
 * - Parallel: all pods are created / deleted at once;
 * - RollingUpdate: from the highest ordinal down to `partition`, one pod at a time, each updated pod
 *   Running and Ready before the next is replaced; pods below the partition keep the current revision;
 *   OnDelete: pods take the new template only when they are deleted;
 * - revisions are ControllerRevision objects <name>-<hash>; pods carry the controller-revision-hash label;
 * - volumeClaimTemplates: each pod gets PersistentVolumeClaims <template>-<name>-<ordinal>, created Bound
 *   (as with a dynamic provisioner) and kept when pods go, unless persistentVolumeClaimRetentionPolicy
 *   says Delete: whenDeleted (with the StatefulSet), whenScaled (with a pod removed by a scale-down).
 */
import type { KubeObject } from '../../../core/model/kube-object.js';
import { isPlainObject, keyString } from '../../../core/model/kube-object.js';
import type { ControllerContext } from './controller-context.js';
import { num } from './deployment-util.js';
import { asArray, asMap, clone } from './json.js';
import { templateHash } from './names.js';
import { recordKilling } from './pod-lifecycle.js';
import { isPodReady } from './pod-status.js';
import { controllerOf, podFromTemplate } from './replicaset-controller.js';

export const STS_CONTROLLER = 'statefulset-controller';
export const REVISION_HASH = 'controller-revision-hash';
const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

export function isRunningAndReady(p: KubeObject): boolean {
  return asMap(p['status'])['phase'] === 'Running' && isPodReady(p);
}

function isTerminated(p: KubeObject): boolean {
  const phase = asMap(p['status'])['phase'];
  return phase === 'Succeeded' || phase === 'Failed';
}

/** ControllerRevisions controlled by `owner`, oldest revision first. */
export function ownedRevisions(ctx: ControllerContext, owner: KubeObject): KubeObject[] {
  return ctx.store
    .ownedBy(owner.metadata.uid!, 'ControllerRevision')
    .filter((r) => controllerOf(r)?.uid === owner.metadata.uid)
    .sort((a, b) => num(a['revision'], 0) - num(b['revision'], 0));
}

/**
 * The ControllerRevision for the owner's current template (created, or renumbered as the newest when the
 * template goes back to an earlier revision).
 */
export function ensureRevision(ctx: ControllerContext, owner: KubeObject, manager: string, hash: string): KubeObject {
  const revisions = ownedRevisions(ctx, owner);
  const name = `${owner.metadata.name}-${hash}`;
  const max = revisions.reduce((m, r) => Math.max(m, num(r['revision'], 0)), 0);
  const existing = revisions.find((r) => r.metadata.name === name);
  const template = asMap(asMap(owner['spec'])['template']);
  if (existing) {
    if (num(existing['revision'], 0) < max) return ctx.update(ctx.keyOf(existing), (r) => void (r['revision'] = max + 1), manager)!;
    return existing;
  }
  const key = keyString({ group: 'apps', kind: 'ControllerRevision', namespace: owner.metadata.namespace ?? '', name });
  const taken = ctx.store.get(key);
  if (taken) return taken;
  return ctx.create(
    {
      apiVersion: 'apps/v1',
      kind: 'ControllerRevision',
      metadata: {
        name,
        namespace: owner.metadata.namespace,
        labels: { ...(asMap(asMap(template['metadata'])['labels']) as Record<string, string>), 'controller.kubernetes.io/hash': hash },
        ownerReferences: [{ apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid!, controller: true, blockOwnerDeletion: true }],
      },
      data: { spec: { template: { ...clone(template), $patch: 'replace' } } },
      revision: max + 1,
    },
    manager,
  );
}

export function revisionTemplate(rev: KubeObject): Record<string, unknown> {
  const t = clone(asMap(asMap(asMap(rev['data'])['spec'])['template']));
  delete t['$patch'];
  return t;
}

/** Deletes old revisions beyond revisionHistoryLimit that no pod and no status names. */
export function pruneRevisions(ctx: ControllerContext, owner: KubeObject, keep: Set<string>, manager: string): void {
  const limit = num(asMap(owner['spec'])['revisionHistoryLimit'], 10);
  const idle = ownedRevisions(ctx, owner).filter((r) => !keep.has(r.metadata.name));
  for (let i = 0; i < idle.length - limit; i++) ctx.delete(ctx.keyOf(idle[i]!), manager);
}

function ordinalOf(sts: KubeObject, pod: KubeObject): number | undefined {
  const prefix = `${sts.metadata.name}-`;
  const n = pod.metadata.name;
  if (!n.startsWith(prefix)) return undefined;
  const rest = n.slice(prefix.length);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : undefined;
}

export function syncStatefulSet(ctx: ControllerContext, key: string): void {
  const sts = ctx.store.get(key);
  if (!sts || !sts.metadata.uid) return;
  const name = sts.metadata.name;
  const spec = asMap(sts['spec']);
  const replicas = num(spec['replicas'], 1);
  const monotonic = spec['podManagementPolicy'] !== 'Parallel';
  const strategy = asMap(spec['updateStrategy']);
  const onDelete = strategy['type'] === 'OnDelete';
  const partition = onDelete ? 0 : Math.max(0, num(asMap(strategy['rollingUpdate'])['partition'], 0));

  const updateRev = ensureRevision(ctx, sts, STS_CONTROLLER, templateHash(spec['template']));
  const revisions = ownedRevisions(ctx, sts);
  const prevStatus = asMap(sts['status']);
  const currentRev = revisions.find((r) => r.metadata.name === prevStatus['currentRevision']) ?? updateRev;
  const revisionFor = (ord: number) => (!onDelete && ord < partition ? currentRev : updateRev);

  const owned = () => ctx.store.ownedBy(sts.metadata.uid!, 'Pod').filter((p) => controllerOf(p)?.uid === sts.metadata.uid);
  const byOrd = new Map<number, KubeObject>();
  const condemned: Array<{ ord: number; pod: KubeObject }> = [];
  for (const p of owned()) {
    const ord = ordinalOf(sts, p);
    if (ord === undefined) continue;
    if (ord < replicas) byOrd.set(ord, p);
    else condemned.push({ ord, pod: p });
  }
  condemned.sort((a, b) => b.ord - a.ord);

  const remove = (pod: KubeObject) => {
    recordKilling(ctx, pod);
    ctx.delete(ctx.keyOf(pod), STS_CONTROLLER);
    ctx.events.record(sts, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${name} successful`, STS_CONTROLLER);
  };

  let waiting = false;
  for (let ord = 0; ord < replicas && !waiting; ord++) {
    let pod = byOrd.get(ord);
    if (pod && isTerminated(pod)) {
      // a failed or completed pod is replaced under the same name
      remove(pod);
      byOrd.delete(ord);
      pod = undefined;
    }
    if (!pod) {
      const rev = revisionFor(ord);
      const podName = `${name}-${ord}`;
      const fresh = podFromTemplate(sts, revisionTemplate(rev), podName);
      fresh.metadata.labels = { ...(fresh.metadata.labels ?? {}), [REVISION_HASH]: rev.metadata.name, [POD_NAME_LABEL]: podName, [POD_INDEX_LABEL]: String(ord) };
      const pspec = fresh['spec'] as Record<string, unknown>;
      pspec['hostname'] = podName;
      if (typeof spec['serviceName'] === 'string' && spec['serviceName'] !== '') pspec['subdomain'] = spec['serviceName'];
      ensureClaims(ctx, sts, podName, pspec);
      if (ctx.store.get(keyString({ group: '', kind: 'Pod', namespace: sts.metadata.namespace ?? '', name: podName }))) {
        waiting = true; // the name is held by a pod this StatefulSet does not control
        continue;
      }
      byOrd.set(ord, ctx.create(fresh, STS_CONTROLLER));
      ctx.events.record(sts, 'Normal', 'SuccessfulCreate', `create Pod ${podName} in StatefulSet ${name} successful`, STS_CONTROLLER);
      if (monotonic) waiting = true;
      continue;
    }
    if (monotonic && !isRunningAndReady(pod)) waiting = true;
  }

  if (!waiting && condemned.length > 0) {
    const scaleDown = (pod: KubeObject) => {
      remove(pod);
      if (asMap(spec['persistentVolumeClaimRetentionPolicy'])['whenScaled'] !== 'Delete') return;
      for (const t of asArray(spec['volumeClaimTemplates'])) {
        const tname = asMap(asMap(t)['metadata'])['name'];
        if (typeof tname === 'string') ctx.delete(keyString({ group: '', kind: 'PersistentVolumeClaim', namespace: sts.metadata.namespace ?? '', name: `${tname}-${pod.metadata.name}` }), STS_CONTROLLER);
      }
    };
    if (!monotonic) for (const c of condemned) scaleDown(c.pod);
    else {
      const target = condemned[0]!;
      const others = [...byOrd.values(), ...condemned.slice(1).map((c) => c.pod)];
      if (others.every(isRunningAndReady)) scaleDown(target.pod);
    }
    waiting = true;
  }

  if (!waiting && !onDelete) {
    // rolling update: highest ordinal first, down to the partition, one pod at a time
    for (let ord = replicas - 1; ord >= partition; ord--) {
      const pod = byOrd.get(ord);
      if (!pod) break;
      if (pod.metadata.labels?.[REVISION_HASH] !== updateRev.metadata.name) {
        if ([...byOrd.values()].every(isRunningAndReady)) remove(pod);
        break;
      }
      if (!isRunningAndReady(pod)) break;
    }
  }

  syncStatus(ctx, key, sts, currentRev, updateRev, owned(), onDelete);
}

/** Creates the pod's missing claims from volumeClaimTemplates and mounts them as its volumes. */
function ensureClaims(ctx: ControllerContext, sts: KubeObject, podName: string, podSpec: Record<string, unknown>): void {
  const spec = asMap(sts['spec']);
  const templates = asArray(spec['volumeClaimTemplates']).filter(isPlainObject);
  if (templates.length === 0) return;
  const ns = sts.metadata.namespace ?? '';
  const deleteWithSet = asMap(spec['persistentVolumeClaimRetentionPolicy'])['whenDeleted'] === 'Delete';
  const volumes = asArray(podSpec['volumes']).filter(isPlainObject);
  for (const t of templates) {
    const tname = String(asMap(t['metadata'])['name'] ?? '');
    if (!tname) continue;
    const claimName = `${tname}-${podName}`;
    const key = keyString({ group: '', kind: 'PersistentVolumeClaim', namespace: ns, name: claimName });
    if (!ctx.store.get(key)) {
      const cspec: Record<string, unknown> = { volumeMode: 'Filesystem', ...clone(asMap(t['spec'])) };
      const storage = asMap(asMap(cspec['resources'])['requests'])['storage'];
      const metadata: KubeObject['metadata'] = {
        name: claimName,
        namespace: ns,
        labels: { ...(asMap(asMap(spec['selector'])['matchLabels']) as Record<string, string>), ...(asMap(asMap(t['metadata'])['labels']) as Record<string, string>) },
      };
      if (deleteWithSet) {
        metadata.ownerReferences = [{ apiVersion: sts.apiVersion, kind: sts.kind, name: sts.metadata.name, uid: sts.metadata.uid!, controller: false, blockOwnerDeletion: true }];
      }
      const status: Record<string, unknown> = { phase: 'Bound', accessModes: cspec['accessModes'] ?? ['ReadWriteOnce'] };
      if (storage !== undefined) status['capacity'] = { storage };
      ctx.create({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata, spec: cspec, status }, STS_CONTROLLER);
      ctx.events.record(sts, 'Normal', 'SuccessfulCreate', `create Claim ${claimName} Pod ${podName} in StatefulSet ${sts.metadata.name} success`, STS_CONTROLLER);
    }
    const vol = { name: tname, persistentVolumeClaim: { claimName } };
    const i = volumes.findIndex((v) => v['name'] === tname);
    if (i >= 0) volumes[i] = vol;
    else volumes.push(vol);
  }
  podSpec['volumes'] = volumes;
}

function syncStatus(ctx: ControllerContext, key: string, sts: KubeObject, currentRev: KubeObject, updateRev: KubeObject, pods: KubeObject[], onDelete: boolean): void {
  const now = ctx.now();
  const minReadyMs = num(asMap(sts['spec'])['minReadySeconds'], 0) * 1000;
  let ready = 0;
  let available = 0;
  let current = 0;
  let updated = 0;
  let nextAvailable: number | undefined;
  for (const p of pods) {
    const rev = p.metadata.labels?.[REVISION_HASH];
    if (rev === currentRev.metadata.name) current++;
    if (rev === updateRev.metadata.name) updated++;
    if (!isRunningAndReady(p)) continue;
    ready++;
    const readyAt = ctx.store.record(ctx.keyOf(p))?.internal?.['readyAt'] ?? 0;
    if (readyAt + minReadyMs <= now) available++;
    else nextAvailable = Math.min(nextAvailable ?? Infinity, readyAt + minReadyMs);
  }
  if (nextAvailable !== undefined) ctx.wakeAt('statefulset', key, nextAvailable);
  let currentRevision = currentRev.metadata.name;
  // the rolling update is complete: every pod is updated and ready
  if (!onDelete && updated === pods.length && ready === pods.length) {
    currentRevision = updateRev.metadata.name;
    current = updated;
  }
  const status: Record<string, unknown> = {
    observedGeneration: sts.metadata.generation ?? 1,
    replicas: pods.length,
    readyReplicas: ready,
    currentReplicas: current,
    updatedReplicas: updated,
    currentRevision,
    updateRevision: updateRev.metadata.name,
    collisionCount: 0,
    availableReplicas: available,
  };
  ctx.update(key, (d) => void (d['status'] = status), STS_CONTROLLER);
  const keep = new Set<string>([currentRevision, updateRev.metadata.name]);
  for (const p of pods) {
    const rev = p.metadata.labels?.[REVISION_HASH];
    if (rev) keep.add(rev);
  }
  pruneRevisions(ctx, sts, keep, STS_CONTROLLER);
}
