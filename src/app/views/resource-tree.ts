import { keyOf, splitApiVersion, type KubeObject } from '../../core/model/kube-object.js';
import { assessHealth } from '../../core/health/index.js';
import type { Daemon } from '../../daemon/daemon.js';

export interface TreeNode {
  group: string;
  version: string;
  kind: string;
  namespace: string;
  name: string;
  uid?: string;
  parent?: { group: string; kind: string; namespace: string; name: string };
  health: { status: string; message: string };
  images?: string[];
  /** Workloads and ReplicaSets: desired (spec) and ready replicas. */
  replicas?: { desired: number; ready: number };
}

/** Container images of a Pod or of a workload's pod template. */
export function imagesOf(obj: KubeObject): string[] | undefined {
  const spec = obj.kind === 'Pod' ? obj.spec : (obj.spec as { template?: { spec?: unknown } } | undefined)?.template?.spec;
  const s = spec as { containers?: Array<{ image?: string }>; initContainers?: Array<{ image?: string }> } | undefined;
  if (!s || !Array.isArray(s.containers)) return undefined;
  const imgs = [...(s.initContainers ?? []), ...s.containers].map((c) => c.image).filter((i): i is string => typeof i === 'string');
  return imgs.length > 0 ? [...new Set(imgs)] : undefined;
}

export interface TreeEvent {
  type: string;
  reason: string;
  message: string;
  count: number;
  lastTimestamp?: string;
  involvedObject: { kind: string; namespace: string; name: string };
}

/** Events about the tree's objects, newest last, when the cluster store keeps events (the simulated one does). */
function eventsFor(daemon: Daemon, nodes: TreeNode[]): TreeEvent[] {
  const source = daemon.cluster as unknown as { events?: (ns?: string) => KubeObject[] };
  if (typeof source.events !== 'function') return [];
  const wanted = new Set(nodes.map((n) => `${n.kind}/${n.namespace}/${n.name}`));
  const out: TreeEvent[] = [];
  for (const ns of new Set(nodes.map((n) => n.namespace).filter(Boolean))) {
    for (const e of source.events(ns) as Array<KubeObject & Record<string, any>>) {
      const io = e.involvedObject ?? {};
      if (!wanted.has(`${io.kind}/${io.namespace ?? ''}/${io.name}`)) continue;
      out.push({ type: e.type ?? 'Normal', reason: e.reason ?? '', message: e.message ?? '', count: e.count ?? 1, lastTimestamp: e.lastTimestamp, involvedObject: { kind: io.kind, namespace: io.namespace ?? '', name: io.name } });
    }
  }
  return out.slice(-200);
}

/** The app's objects plus the children the cluster made for them (ReplicaSets, Pods), and their events. */
export async function buildTree(daemon: Daemon, app: string): Promise<{ nodes: TreeNode[]; events: TreeEvent[] }> {
  const entries = await daemon.liveTree(app);
  const nodes: TreeNode[] = entries.map(({ object, parent }) => {
    const k = keyOf(object);
    const images = imagesOf(object);
    const node: TreeNode = {
      group: k.group,
      version: splitApiVersion(object.apiVersion).version,
      kind: k.kind,
      namespace: k.namespace,
      name: k.name,
      uid: object.metadata.uid,
      health: assessHealth(object),
      ...(images ? { images } : {}),
      ...replicasOf(object),
    };
    if (parent) {
      const [group, kind, namespace, name] = parent.split('/');
      node.parent = { group: group!, kind: kind!, namespace: namespace!, name: name! };
    }
    return node;
  });
  nodes.push(...await endpointsOf(daemon, nodes));
  return { nodes, events: eventsFor(daemon, nodes) };
}

/**
 * A Service's Endpoints (same namespace and name) as its child: Kubernetes links them by name, not by
 * owner reference, and they are what tells a user whether the Service reaches any pod.
 */
async function endpointsOf(daemon: Daemon, nodes: TreeNode[]): Promise<TreeNode[]> {
  const out: TreeNode[] = [];
  for (const svc of nodes) {
    if (svc.group !== '' || svc.kind !== 'Service') continue;
    const ep = await daemon.cluster.get({ group: '', kind: 'Endpoints', namespace: svc.namespace, name: svc.name });
    if (!ep) continue;
    const subsets = (ep as { subsets?: Array<{ addresses?: unknown[]; notReadyAddresses?: unknown[] }> }).subsets ?? [];
    const ready = subsets.reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
    const notReady = subsets.reduce((n, s) => n + (s.notReadyAddresses?.length ?? 0), 0);
    out.push({
      group: '',
      version: 'v1',
      kind: 'Endpoints',
      namespace: svc.namespace,
      name: svc.name,
      uid: ep.metadata.uid,
      parent: { group: '', kind: 'Service', namespace: svc.namespace, name: svc.name },
      health: ready > 0
        ? { status: 'Healthy', message: `${ready} ready address${ready === 1 ? '' : 'es'}${notReady ? `, ${notReady} not ready` : ''}` }
        : { status: 'Progressing', message: notReady ? `${notReady} address${notReady === 1 ? '' : 'es'}, none ready` : 'no ready addresses' },
    });
  }
  return out;
}

function replicasOf(obj: KubeObject): { replicas?: { desired: number; ready: number } } {
  if (!['Deployment', 'ReplicaSet', 'StatefulSet', 'Rollout'].includes(obj.kind)) return {};
  const spec = obj.spec as { replicas?: number } | undefined;
  const status = obj.status as { readyReplicas?: number } | undefined;
  return { replicas: { desired: spec?.replicas ?? 1, ready: status?.readyReplicas ?? 0 } };
}
