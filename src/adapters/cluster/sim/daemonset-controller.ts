/**
 * DaemonSet → one pod per eligible node, as the DaemonSet docs describe it:
 * - a node is eligible when the pod's nodeSelector / required node affinity match it and the pod
 *   tolerates its NoSchedule and NoExecute taints (the controller adds the documented default
 *   tolerations: not-ready/unreachable NoExecute, disk/memory/pid-pressure and unschedulable NoSchedule);
 *   a pod keeps running on a node whose NoSchedule taints it does not tolerate (only NoExecute evicts);
 * - each pod is pinned to its node with node affinity on metadata.name and placed by the scheduler;
 * - RollingUpdate replaces old pods node by node, at most maxUnavailable (default 1, percentages round
 *   up) unavailable at a time; with maxSurge the updated pod starts next to the old one on up to maxSurge
 *   nodes at a time and the old one goes once the new one is available; OnDelete only when a pod is deleted.
 */
import type { KubeObject } from '../../../core/model/kube-object.js';
import { isPlainObject, keyString } from '../../../core/model/kube-object.js';
import type { ControllerContext } from './controller-context.js';
import { num } from './deployment-util.js';
import { asArray, asMap, asStringMap, clone } from './json.js';
import { randomSuffix, templateHash } from './names.js';
import {
  nodeMatchesPod, taintsOf, TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE, tolerates, untoleratedTaint, type Toleration,
} from './node-affinity.js';
import { recordKilling } from './pod-lifecycle.js';
import { isPodReady } from './pod-status.js';
import { controllerOf, podFromTemplate } from './replicaset-controller.js';
import { scaledValue } from './rollout-math.js';
import { ensureRevision, pruneRevisions, REVISION_HASH } from './statefulset-controller.js';

export const DS_CONTROLLER = 'daemonset-controller';
const TEMPLATE_GENERATION = 'pod-template-generation';

const DEFAULT_TOLERATIONS: Toleration[] = [
  { key: TAINT_NOT_READY, operator: 'Exists', effect: 'NoExecute' },
  { key: TAINT_UNREACHABLE, operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: TAINT_UNSCHEDULABLE, operator: 'Exists', effect: 'NoSchedule' },
];

function withDefaultTolerations(podSpec: Record<string, unknown>): void {
  const own = asArray(podSpec['tolerations']).filter(isPlainObject) as unknown as Toleration[];
  const out = [...own];
  for (const d of DEFAULT_TOLERATIONS) {
    if (!own.some((t) => t.key === d.key && (t.effect ?? '') === d.effect)) out.push(d);
  }
  podSpec['tolerations'] = out;
}

/** The node a daemon pod is for: where it runs, or the node its affinity pins it to. */
function targetNode(pod: KubeObject): string | undefined {
  const spec = asMap(pod['spec']);
  if (typeof spec['nodeName'] === 'string' && spec['nodeName'] !== '') return spec['nodeName'];
  const terms = asArray(asMap(asMap(asMap(spec['affinity'])['nodeAffinity'])['requiredDuringSchedulingIgnoredDuringExecution'])['nodeSelectorTerms']);
  for (const t of terms) {
    for (const f of asArray(asMap(t)['matchFields'])) {
      const m = asMap(f);
      if (m['key'] === 'metadata.name' && m['operator'] === 'In') {
        const v = asArray(m['values'])[0];
        if (typeof v === 'string') return v;
      }
    }
  }
  return undefined;
}

function pinTo(podSpec: Record<string, unknown>, node: string): void {
  const affinity = (podSpec['affinity'] = clone(asMap(podSpec['affinity'])));
  const nodeAffinity = (affinity['nodeAffinity'] = asMap(affinity['nodeAffinity']));
  nodeAffinity['requiredDuringSchedulingIgnoredDuringExecution'] = {
    nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] }],
  };
}

export function syncDaemonSet(ctx: ControllerContext, key: string): void {
  const ds = ctx.store.get(key);
  if (!ds || !ds.metadata.uid) return;
  const spec = asMap(ds['spec']);
  const template = asMap(spec['template']);
  const hash = templateHash(spec['template']);
  ensureRevision(ctx, ds, DS_CONTROLLER, hash);
  const generation = ds.metadata.generation ?? 1;
  const strategy = asMap(spec['updateStrategy']);
  const onDelete = strategy['type'] === 'OnDelete';
  const minReadyMs = num(spec['minReadySeconds'], 0) * 1000;
  const now = ctx.now();

  // what a new pod looks like (less its node pin), for the eligibility checks
  const probe = podFromTemplate(ds, template, 'probe');
  withDefaultTolerations(probe['spec'] as Record<string, unknown>);
  const tolerations = asArray(asMap(probe['spec'])['tolerations']) as Toleration[];

  const owned = () => ctx.store.ownedBy(ds.metadata.uid!, 'Pod').filter((p) => controllerOf(p)?.uid === ds.metadata.uid);
  const byNode = new Map<string, KubeObject[]>();
  for (const p of owned()) {
    const n = targetNode(p) ?? '';
    byNode.set(n, [...(byNode.get(n) ?? []), p]);
  }
  const nodes = ctx.store.objectsOfKind('', 'Node').sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  const nodeNames = new Set(nodes.map((n) => n.metadata.name));

  const remove = (pod: KubeObject) => {
    recordKilling(ctx, pod);
    ctx.delete(ctx.keyOf(pod), DS_CONTROLLER);
    ctx.events.record(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`, DS_CONTROLLER);
  };
  const create = (node: string) => {
    let name: string;
    do name = `${ds.metadata.name}-${randomSuffix()}`;
    while (ctx.store.get(keyString({ group: '', kind: 'Pod', namespace: ds.metadata.namespace ?? '', name })));
    const pod = podFromTemplate(ds, template, name, `${ds.metadata.name}-`);
    pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [REVISION_HASH]: hash, [TEMPLATE_GENERATION]: String(generation) };
    const pspec = pod['spec'] as Record<string, unknown>;
    pinTo(pspec, node);
    withDefaultTolerations(pspec);
    ctx.create(pod, DS_CONTROLLER);
    ctx.events.record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${name}`, DS_CONTROLLER);
  };

  const available = (p: KubeObject) => {
    if (!isPodReady(p)) return false;
    const readyAt = ctx.store.record(ctx.keyOf(p))?.internal?.['readyAt'] ?? 0;
    if (readyAt + minReadyMs <= now) return true;
    ctx.wakeAt('daemonset', key, readyAt + minReadyMs);
    return false;
  };

  const ru = asMap(strategy['rollingUpdate']);
  const isNew = (p: KubeObject) => p.metadata.labels?.[REVISION_HASH] === hash;
  interface NodeState {
    name: string;
    shouldRun: boolean;
    /** The pod that counts for the node: the updated one when there is one. */
    pod?: KubeObject;
    /** An old pod still running next to the updated one (maxSurge). */
    old?: KubeObject;
  }
  const states: NodeState[] = [];
  let desired = 0;
  for (const node of nodes) {
    const view = { name: node.metadata.name, labels: asStringMap(node.metadata.labels) };
    const taints = taintsOf(node);
    if (nodeMatchesPod(probe, view) && !untoleratedTaint(taints, tolerations, ['NoSchedule', 'NoExecute'])) desired++;
  }
  const surge = onDelete ? 0 : scaledValue(ru['maxSurge'], desired, true, '0');
  for (const node of nodes) {
    const view = { name: node.metadata.name, labels: asStringMap(node.metadata.labels) };
    const taints = taintsOf(node);
    const fits = nodeMatchesPod(probe, view);
    const shouldRun = fits && !untoleratedTaint(taints, tolerations, ['NoSchedule', 'NoExecute']);
    const shouldContinue = fits && !taints.some((t) => t.effect === 'NoExecute' && !tolerations.some((x) => tolerates(x, t)));
    let pods = (byNode.get(view.name) ?? []).slice().sort((a, b) => (ctx.store.record(ctx.keyOf(a))?.createdMs ?? 0) - (ctx.store.record(ctx.keyOf(b))?.createdMs ?? 0));
    if (!shouldContinue) {
      for (const p of pods) remove(p);
      pods = [];
    } else {
      for (const p of pods.filter((x) => asMap(x['status'])['phase'] === 'Failed')) remove(p);
      pods = pods.filter((x) => asMap(x['status'])['phase'] !== 'Failed');
      // one pod per node; while surging, one updated pod next to one old pod
      const keep = surge > 0 ? [pods.find(isNew), pods.find((p) => !isNew(p))].filter((p): p is KubeObject => p !== undefined) : pods.slice(0, 1);
      for (const extra of pods.filter((p) => !keep.includes(p))) remove(extra);
      pods = keep;
      if (shouldRun && pods.length === 0) create(view.name);
    }
    const fresh = pods.find(isNew);
    const stale = pods.find((p) => !isNew(p));
    const st: NodeState = { name: view.name, shouldRun };
    if (fresh ?? stale) st.pod = (fresh ?? stale)!;
    if (fresh && stale) st.old = stale;
    states.push(st);
  }
  // pods for nodes that are gone
  for (const [n, pods] of byNode) if (!nodeNames.has(n)) for (const p of pods) if (ctx.store.get(ctx.keyOf(p))) remove(p);

  if (!onDelete && surge > 0) {
    // maxSurge: the updated pod starts next to the old one, which goes once the new one is available
    let surging = states.filter((s) => s.old).length;
    for (const s of states) {
      if (s.old && s.pod && available(s.pod)) {
        remove(s.old);
        surging--;
      }
    }
    for (const s of states) {
      if (!s.shouldRun || !s.pod || s.old || isNew(s.pod)) continue;
      if (!available(s.pod)) remove(s.pod); // an old pod that is not available anyway is replaced at once
      else if (surging < surge) {
        create(s.name);
        surging++;
      }
    }
  } else if (!onDelete) {
    const maxUnavailable = Math.max(1, scaledValue(ru['maxUnavailable'], desired, true, '1'));
    let unavailable = states.filter((s) => s.shouldRun && (!s.pod || !available(s.pod))).length;
    const old = states.filter((s) => s.shouldRun && s.pod && !isNew(s.pod));
    // old pods that are not available anyway go first, then available ones within maxUnavailable
    for (const s of old.filter((x) => !available(x.pod!))) remove(s.pod!);
    for (const s of old.filter((x) => available(x.pod!))) {
      if (unavailable >= maxUnavailable) break;
      remove(s.pod!);
      unavailable++;
    }
  }

  // status, from what is there now
  const current = new Map<string, KubeObject>();
  for (const p of owned()) {
    const n = targetNode(p);
    if (n && (!current.has(n) || (isNew(p) && !isNew(current.get(n)!)))) current.set(n, p);
  }
  let desiredNumberScheduled = 0;
  let currentNumberScheduled = 0;
  let numberMisscheduled = 0;
  let numberReady = 0;
  let numberAvailable = 0;
  let updatedNumberScheduled = 0;
  for (const s of states) {
    const pod = current.get(s.name);
    if (!s.shouldRun) {
      if (pod && asMap(pod['spec'])['nodeName']) numberMisscheduled++;
      continue;
    }
    desiredNumberScheduled++;
    if (!pod) continue;
    currentNumberScheduled++;
    if (isPodReady(pod)) numberReady++;
    if (available(pod)) numberAvailable++;
    if (pod.metadata.labels?.[REVISION_HASH] === hash) updatedNumberScheduled++;
  }
  const status: Record<string, unknown> = {
    currentNumberScheduled,
    numberMisscheduled,
    desiredNumberScheduled,
    numberReady,
    observedGeneration: generation,
    updatedNumberScheduled,
    numberAvailable,
    numberUnavailable: desiredNumberScheduled - numberAvailable,
  };
  ctx.update(key, (d) => void (d['status'] = status), DS_CONTROLLER);
  pruneRevisions(ctx, ds, new Set([`${ds.metadata.name}-${hash}`]), DS_CONTROLLER);
}
