/**
 * The kubelet side of a pod: schedule it (scheduler.ts), give it an IP, then move its status along
 * the image's timeline (pod-status.ts), recording the events a kubelet would.
 */
import type { KubeObject } from '../../../core/model/kube-object.js';
import { isPlainObject } from '../../../core/model/kube-object.js';
import type { ControllerContext } from './controller-context.js';
import { asArray, asMap, deepEqual } from './json.js';
import { podTimeline } from './pod-status.js';
import type { Scheduler } from './scheduler.js';
import { isoSeconds, parseIso } from './time.js';
import { TAINT_NOT_READY, TAINT_UNREACHABLE, tolerates, tolerationsOf, type Taint } from './node-affinity.js';

export const SCHEDULER = 'default-scheduler';
export const KUBELET = 'kubelet';

export function syncPod(ctx: ControllerContext, scheduler: Scheduler, key: string): void {
  const pod = ctx.store.get(key);
  if (!pod) return;
  const rec = ctx.store.record(key)!;
  const now = ctx.now();
  const spec = asMap(pod['spec']);
  let nodeName = typeof spec['nodeName'] === 'string' && spec['nodeName'] !== '' ? spec['nodeName'] : undefined;

  if (nodeName && !scheduler.nodeExists(nodeName)) {
    // its node is gone: the pod goes with it (its ReplicaSet makes a new one elsewhere)
    ctx.events.record(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`, 'taint-eviction-controller');
    ctx.delete(key, 'node-lifecycle-controller');
    return;
  }

  if (nodeName) {
    const node = scheduler.node(nodeName)!;
    const evictAt = noExecuteEvictionAt(ctx, pod, node.taints);
    if (evictAt !== undefined && evictAt <= now) {
      ctx.events.record(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`, 'taint-eviction-controller');
      // the DisruptionTarget condition goes on before the deletion (watchers see it on the deleted pod)
      ctx.update(
        key,
        (d) => {
          const st = (d['status'] = { ...asMap(d['status']) });
          const conds = asArray(st['conditions']).filter((c) => !(isPlainObject(c) && c['type'] === 'DisruptionTarget'));
          st['conditions'] = [
            ...conds,
            { type: 'DisruptionTarget', status: 'True', lastProbeTime: null, lastTransitionTime: isoSeconds(now), reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' },
          ];
        },
        'taint-eviction-controller',
      );
      recordKilling(ctx, pod);
      ctx.delete(key, 'node-lifecycle-controller');
      return;
    }
    if (evictAt !== undefined) ctx.wakeAt('pod', key, evictAt);
    if (!node.ready) {
      // the kubelet is gone: nothing moves on; the node lifecycle controller marks the pod not Ready
      markNotReady(ctx, key, pod, now);
      return;
    }
  }

  if (!nodeName) {
    const placed = scheduler.place(pod);
    if (placed.node === undefined) {
      const reason = placed.reason;
      ctx.update(
        key,
        (d) => {
          const st = asMap(d['status']);
          d['status'] = {
            ...st,
            phase: 'Pending',
            conditions: [{ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: isoSeconds(rec.createdMs), reason: 'Unschedulable', message: reason }],
            qosClass: st['qosClass'] ?? 'BestEffort',
          };
        },
        SCHEDULER,
      );
      ctx.events.record(pod, 'Warning', 'FailedScheduling', reason, SCHEDULER);
      return;
    }
    nodeName = placed.node;
    const podIP = ctx.podIps.allocate();
    const start = now;
    ctx.update(
      key,
      (d) => {
        (d['spec'] as Record<string, unknown>)['nodeName'] = placed.node;
        const st = asMap(d['status']);
        d['status'] = { ...st, hostIP: placed.hostIP, podIP };
      },
      SCHEDULER,
      { ...(rec.internal ?? {}), startMs: start },
      { keepGeneration: true },
    );
    ctx.events.record(pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${placed.node}`, SCHEDULER);
  }

  const cur = ctx.store.get(key)!;
  const curRec = ctx.store.record(key)!;
  const st = asMap(cur['status']);
  const start = curRec.internal?.['startMs'] ?? curRec.createdMs;
  const podIP = typeof st['podIP'] === 'string' ? st['podIP'] : ctx.podIps.allocate();
  const hostIP = typeof st['hostIP'] === 'string' && st['hostIP'] !== '' ? st['hostIP'] : scheduler.hostIP(nodeName);
  const tl = podTimeline(cur, start, now, ctx.catalogue, { nodeName, hostIP, podIP });
  const internal: Record<string, number> = { ...(curRec.internal ?? {}), startMs: start };
  if (tl.readyAt !== undefined) internal['readyAt'] = tl.readyAt;
  else delete internal['readyAt'];
  if (!deepEqual(st, tl.status) || !deepEqual(curRec.internal, internal)) {
    recordContainerEvents(ctx, cur, nodeName, asArray(st['containerStatuses']), asArray(tl.status['containerStatuses']));
    ctx.update(key, (d) => void (d['status'] = tl.status), KUBELET, internal);
  }
  if (tl.nextAt !== undefined) ctx.wakeAt('pod', key, tl.nextAt);
}

/**
 * When the node's NoExecute taints evict this pod: at once for an untolerated one, after the smallest
 * tolerationSeconds of the matching tolerations otherwise, never when one tolerates it for ever. Pods
 * that say nothing about not-ready/unreachable get Kubernetes' default tolerations (nodeEvictionSeconds).
 */
function noExecuteEvictionAt(ctx: ControllerContext, pod: KubeObject, taints: Taint[]): number | undefined {
  const tolerations = tolerationsOf(pod);
  let at: number | undefined;
  for (const taint of taints) {
    if (taint.effect !== 'NoExecute') continue;
    const since = parseIso(taint.timeAdded) ?? ctx.now();
    let matching = tolerations.filter((t) => tolerates(t, taint));
    if (matching.length === 0 && (taint.key === TAINT_UNREACHABLE || taint.key === TAINT_NOT_READY)) {
      matching = [{ key: taint.key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: ctx.nodeEvictionMs / 1000 }];
    }
    let evict: number | undefined;
    if (matching.length === 0) evict = ctx.now();
    else if (matching.every((t) => typeof t.tolerationSeconds === 'number')) {
      evict = since + Math.max(0, Math.min(...matching.map((t) => t.tolerationSeconds!))) * 1000;
    }
    if (evict !== undefined) at = Math.min(at ?? Infinity, evict);
  }
  return at;
}

/** MarkPodsNotReady: the Ready condition goes False (once), with a NodeNotReady event on the pod. */
function markNotReady(ctx: ControllerContext, key: string, pod: KubeObject, now: number): void {
  const conds = asArray(asMap(pod['status'])['conditions']);
  const ready = conds.find((c) => isPlainObject(c) && c['type'] === 'Ready');
  if (isPlainObject(ready) && ready['status'] === 'False') return;
  ctx.update(
    key,
    (d) => {
      const st = (d['status'] = { ...asMap(d['status']) });
      const ts = isoSeconds(now);
      const cur = asArray(st['conditions']).filter(isPlainObject);
      const next = { type: 'Ready', status: 'False', lastProbeTime: null, lastTransitionTime: ts };
      st['conditions'] = cur.some((c) => c['type'] === 'Ready') ? cur.map((c) => (c['type'] === 'Ready' ? next : c)) : [...cur, next];
    },
    'node-lifecycle-controller',
  );
  ctx.events.record(pod, 'Warning', 'NodeNotReady', 'Node is not ready', 'node-controller');
}

function stateReason(cs: Record<string, unknown> | undefined): string {
  if (!cs) return 'none';
  const state = asMap(cs['state']);
  if (state['running']) return 'running';
  const w = asMap(state['waiting']);
  if (typeof w['reason'] === 'string') return w['reason'];
  if (state['terminated']) return 'terminated';
  return 'none';
}

function recordContainerEvents(ctx: ControllerContext, pod: KubeObject, node: string, before: unknown[], after: unknown[]): void {
  const prevByName = new Map<string, Record<string, unknown>>();
  for (const c of before) if (isPlainObject(c) && typeof c['name'] === 'string') prevByName.set(c['name'], c);
  const ref = `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
  for (const c of after) {
    if (!isPlainObject(c)) continue;
    const name = String(c['name']);
    const image = String(c['image']);
    const prev = prevByName.get(name);
    const was = stateReason(prev);
    const is = stateReason(c);
    if (was === is && (prev?.['restartCount'] ?? 0) === c['restartCount']) continue;
    const ev = (type: 'Normal' | 'Warning', reason: string, message: string) => ctx.events.record(pod, type, reason, message, KUBELET, node);
    if (is === 'ImagePullBackOff' && was !== 'ImagePullBackOff') {
      ev('Normal', 'Pulling', `Pulling image "${image}"`);
      ev('Warning', 'Failed', `Failed to pull image "${image}": rpc error: code = NotFound desc = failed to pull and unpack image "${image}": not found`);
      ev('Warning', 'Failed', 'Error: ErrImagePull');
      ev('Normal', 'BackOff', `Back-off pulling image "${image}"`);
      ev('Warning', 'Failed', 'Error: ImagePullBackOff');
    } else if (is === 'running' && (was === 'none' || was === 'ContainerCreating')) {
      ev('Normal', 'Pulled', `Container image "${image}" already present on machine`);
      ev('Normal', 'Created', `Created container: ${name}`);
      ev('Normal', 'Started', `Started container ${name}`);
    } else if (is === 'running' && was === 'CrashLoopBackOff') {
      ev('Normal', 'Pulled', `Container image "${image}" already present on machine`);
      ev('Normal', 'Created', `Created container: ${name}`);
      ev('Normal', 'Started', `Started container ${name}`);
    } else if (is === 'CrashLoopBackOff') {
      if (was === 'none' || was === 'ContainerCreating') {
        ev('Normal', 'Pulled', `Container image "${image}" already present on machine`);
        ev('Normal', 'Created', `Created container: ${name}`);
        ev('Normal', 'Started', `Started container ${name}`);
      }
      ev('Warning', 'BackOff', `Back-off restarting failed container ${name} in pod ${ref}`);
    }
  }
}

/** Records the kubelet's Killing event for a pod being deleted by a controller. */
export function recordKilling(ctx: ControllerContext, pod: KubeObject): void {
  const node = asMap(pod['spec'])['nodeName'];
  for (const c of asArray(asMap(pod['spec'])['containers'])) {
    if (!isPlainObject(c)) continue;
    ctx.events.record(pod, 'Normal', 'Killing', `Stopping container ${String(c['name'])}`, KUBELET, typeof node === 'string' ? node : undefined);
  }
}
