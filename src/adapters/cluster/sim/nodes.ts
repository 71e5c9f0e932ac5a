/** The sim's v1 Node objects, made from the `nodes` option (a count or a list). */
import { keyString, type KubeObject } from '../../../core/model/kube-object.js';
import type { EventRecorder } from './events.js';
import { cascadeDelete } from './garbage-collector.js';
import { asMap, clone, deepEqual } from './json.js';
import type { ObjectStore } from './object-store.js';
import { isoSeconds } from './time.js';

export interface NodeSpec {
  name: string;
  cpu?: string;
  memory?: string;
  labels?: Record<string, string>;
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
  const capacity = { cpu, memory, pods: '110', 'ephemeral-storage': '100Gi' };
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
    spec: { podCIDR: `10.244.${index}.0/24`, podCIDRs: [`10.244.${index}.0/24`] },
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
    } else if (!deepEqual(existing.metadata.labels, desired.metadata.labels) || !deepEqual(asMap(existing['status'])['capacity'], want['capacity'])) {
      const next = clone(existing);
      next.metadata.labels = desired.metadata.labels;
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
