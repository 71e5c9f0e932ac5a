/** The sim's v1 Node objects, made from the `nodes` option (a count or a list). */
import { keyString, type KubeObject } from '../../../core/model/kube-object.js';
import type { EventRecorder } from './events.js';
import { cascadeDelete } from './garbage-collector.js';
import { asArray, asMap, clone, deepEqual } from './json.js';
import type { ObjectStore } from './object-store.js';
import { isoSeconds } from './time.js';
import { TAINT_NOT_READY, TAINT_UNREACHABLE, type Taint } from './node-affinity.js';

export interface NodeSpec {
  name: string;
  cpu?: string;
  memory?: string;
  labels?: Record<string, string>;
  /** Most pods the node runs (status.capacity.pods). Default: 110, as a kubelet's default. */
  pods?: number;
  /** Node taints (spec.taints), e.g. {key: 'dedicated', value: 'gpu', effect: 'NoSchedule'}. */
  taints?: Taint[];
}

export const SIM_NODE_LABEL = 'sim.tugboat.dev/node';

export function nodeSpecs(nodes: number | NodeSpec[] | undefined): NodeSpec[] {
  if (Array.isArray(nodes)) return nodes;
  const n = nodes ?? 3;
  return Array.from({ length: n }, (_, i) => ({ name: `sim-node-${i + 1}` }));
}

export function nodeObject(spec: NodeSpec, index: number, createdMs: number): KubeObject {
  const cpu = spec.cpu ?? '4';
  const memory = spec.memory ?? '16Gi';
  const capacity = { cpu, memory, pods: String(spec.pods ?? 110), 'ephemeral-storage': '100Gi' };
  const ts = isoSeconds(createdMs);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: spec.name,
      labels: {
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/os': 'linux',
        'kubernetes.io/hostname': spec.name,
        [SIM_NODE_LABEL]: 'true',
        ...(spec.labels ?? {}),
      },
    },
    spec: {
      podCIDR: `10.244.${index}.0/24`,
      podCIDRs: [`10.244.${index}.0/24`],
      ...(spec.taints?.length ? { taints: userTaints(spec.taints, ts) } : {}),
    },
    status: {
      capacity,
      allocatable: { ...capacity },
      conditions: [
        { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', lastHeartbeatTime: ts, lastTransitionTime: ts },
        { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', lastHeartbeatTime: ts, lastTransitionTime: ts },
        { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available', lastHeartbeatTime: ts, lastTransitionTime: ts },
        { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: ts, lastTransitionTime: ts },
      ],
      addresses: [
        { type: 'InternalIP', address: `10.0.0.${index + 10}` },
        { type: 'Hostname', address: spec.name },
      ],
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: 'linux',
        osImage: 'Tugboat Sim',
        kernelVersion: 'sim',
        containerRuntimeVersion: 'containerd://sim',
        kubeletVersion: 'v1.31.0-sim',
        kubeProxyVersion: 'v1.31.0-sim',
      },
    },
  };
}

function userTaints(taints: Taint[], ts: string): Taint[] {
  return taints.map((t) => {
    const out: Taint = { key: t.key, effect: t.effect };
    if (t.value !== undefined && t.value !== '') out.value = t.value;
    if (t.effect === 'NoExecute') out.timeAdded = t.timeAdded ?? ts;
    return out;
  });
}

/** Taints the node lifecycle controller owns (not-ready / unreachable), kept across config changes. */
function isLifecycleTaint(t: unknown): boolean {
  const k = asMap(t)['key'];
  return k === TAINT_UNREACHABLE || k === TAINT_NOT_READY;
}

function configuredTaints(node: KubeObject): Array<{ key: unknown; value: unknown; effect: unknown }> {
  return asArray(asMap(node['spec'])['taints'])
    .filter((t) => !isLifecycleTaint(t))
    .map((t) => ({ key: asMap(t)['key'], value: asMap(t)['value'] ?? '', effect: asMap(t)['effect'] }));
}

/**
 * Makes the stored Nodes match the configuration: missing ones are created, changed labels/capacity
 * updated, sim nodes no longer configured deleted (their pods are then replaced elsewhere).
 */
export function reconcileNodes(store: ObjectStore, events: EventRecorder, specs: NodeSpec[], nowMs: number): void {
  const wanted = new Set(specs.map((s) => s.name));
  specs.forEach((spec, i) => {
    const key = keyString({ group: '', kind: 'Node', namespace: '', name: spec.name });
    const existing = store.get(key);
    const desired = nodeObject(spec, i, nowMs);
    const want = asMap(desired['status']);
    if (!existing) {
      store.commit(desired, 'node-controller');
    } else if (
      !deepEqual(existing.metadata.labels, desired.metadata.labels) ||
      !deepEqual(asMap(existing['status'])['capacity'], want['capacity']) ||
      !deepEqual(configuredTaints(existing), configuredTaints(desired))
    ) {
      const next = clone(existing);
      next.metadata.labels = desired.metadata.labels;
      const kept = asArray(asMap(existing['spec'])['taints']).filter(isLifecycleTaint);
      const taints = [...asArray(asMap(desired['spec'])['taints']), ...kept];
      const nspec = (next['spec'] = { ...asMap(next['spec']) });
      if (taints.length) nspec['taints'] = taints;
      else delete nspec['taints'];
      next['status'] = { ...asMap(existing['status']), capacity: want['capacity'], allocatable: want['allocatable'] };
      store.commit(next, 'node-controller');
    }
  });
  for (const n of store.objectsOfKind('', 'Node')) {
    if (!wanted.has(n.metadata.name) && n.metadata.labels?.[SIM_NODE_LABEL] === 'true') {
      cascadeDelete(store, events, keyString({ group: '', kind: 'Node', namespace: '', name: n.metadata.name }), 'node-controller');
    }
  }
}

const NODE_CONTROLLER = 'node-controller';

/**
 * The node stops (failNode) or resumes (recoverNode) posting status: like the node lifecycle controller,
 * its conditions become Unknown and it gets the unreachable NoSchedule + NoExecute taints; recovery puts
 * the kubelet's conditions back and removes the taints. Returns false when the node is unknown.
 */
export function setNodeReachable(store: ObjectStore, events: EventRecorder, name: string, reachable: boolean, nowMs: number): boolean {
  const key = keyString({ group: '', kind: 'Node', namespace: '', name });
  const node = store.get(key);
  if (!node) return false;
  const ts = isoSeconds(nowMs);
  const next = clone(node);
  const spec = (next['spec'] = asMap(next['spec']));
  const status = (next['status'] = asMap(next['status']));
  const others = asArray(spec['taints']).filter((t) => !isLifecycleTaint(t));
  const fresh = nodeObject({ name }, 0, nowMs);
  const healthy = new Map(asArray(asMap(fresh['status'])['conditions']).map((c) => [asMap(c)['type'], asMap(c)]));
  const wasReady = asArray(status['conditions']).some((c) => asMap(c)['type'] === 'Ready' && asMap(c)['status'] === 'True');
  if (reachable === wasReady) return true;
  if (reachable) {
    if (others.length) spec['taints'] = others;
    else delete spec['taints'];
    status['conditions'] = asArray(status['conditions']).map((c) => {
      const h = healthy.get(asMap(c)['type']);
      return h ? { ...h, lastHeartbeatTime: ts, lastTransitionTime: ts } : c;
    });
  } else {
    spec['taints'] = [
      ...others,
      { key: TAINT_UNREACHABLE, effect: 'NoSchedule', timeAdded: ts },
      { key: TAINT_UNREACHABLE, effect: 'NoExecute', timeAdded: ts },
    ];
    status['conditions'] = asArray(status['conditions']).map((c) => ({
      ...asMap(c),
      status: 'Unknown',
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
      lastTransitionTime: ts,
    }));
  }
  const stored = store.commit(next, NODE_CONTROLLER).object;
  const reason = reachable ? 'NodeReady' : 'NodeNotReady';
  events.record(stored, 'Normal', reason, `Node ${name} status is now: ${reason}`, NODE_CONTROLLER);
  return true;
}
