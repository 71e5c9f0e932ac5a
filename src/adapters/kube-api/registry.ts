/**
 * Which resources the sim's Kubernetes API serves: the built-in kinds Tugboat knows (core/model/kinds.ts)
 * plus Leases, plus one resource per served version of every CustomResourceDefinition in the store, so a
 * custom resource works as soon as its CRD is stored.
 */
import { resourceTypes } from '../../core/model/kinds.js';
import { isPlainObject, type KubeObject } from '../../core/model/kube-object.js';
import { STATUS_SUBRESOURCE, type SimCluster } from '../cluster/sim/index.js';

export interface ApiResource {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
  categories: string[];
  status: boolean;
  /** JSON paths of the scale subresource (Deployment-like kinds and CRDs that declare one). */
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
}

/** What `kubectl get all` lists (the API server's "all" category). */
const ALL = new Set(['pods', 'services', 'deployments', 'replicasets', 'statefulsets', 'daemonsets', 'jobs', 'cronjobs', 'horizontalpodautoscalers']);
const SCALABLE = new Set(['apps/Deployment', 'apps/ReplicaSet', 'apps/StatefulSet']);
const DEFAULT_SCALE = { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.spec.selector' };

const BUILT_IN: ApiResource[] = [
  ...resourceTypes().map((t) => ({
    group: t.group,
    version: t.version,
    kind: t.kind,
    plural: t.plural,
    singular: t.singular,
    shortNames: t.shortNames,
    namespaced: t.namespaced,
    categories: ALL.has(t.plural) ? ['all'] : [],
    status: STATUS_SUBRESOURCE.has(`${t.group}/${t.kind}`) || t.kind === 'Rollout',
    ...(SCALABLE.has(`${t.group}/${t.kind}`) ? { scale: DEFAULT_SCALE } : {}),
  })),
  { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease', plural: 'leases', singular: 'lease', shortNames: [], namespaced: true, categories: [], status: false },
];

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v ? v : undefined;
}

/** The resources one CRD defines (one per served version). Malformed CRDs define none. */
export function resourcesOfCrd(crd: KubeObject): ApiResource[] {
  const spec = isPlainObject(crd['spec']) ? crd['spec'] : {};
  const names = isPlainObject(spec['names']) ? spec['names'] : {};
  const group = str(spec['group']);
  const kind = str(names['kind']);
  const plural = str(names['plural']);
  if (!group || !kind || !plural) return [];
  const out: ApiResource[] = [];
  for (const v of Array.isArray(spec['versions']) ? spec['versions'] : []) {
    if (!isPlainObject(v) || !str(v['name']) || v['served'] === false) continue;
    const sub = isPlainObject(v['subresources']) ? v['subresources'] : {};
    const scale = isPlainObject(sub['scale']) ? sub['scale'] : undefined;
    out.push({
      group,
      version: v['name'] as string,
      kind,
      plural,
      singular: str(names['singular']) ?? kind.toLowerCase(),
      shortNames: Array.isArray(names['shortNames']) ? names['shortNames'].filter((s): s is string => typeof s === 'string') : [],
      namespaced: spec['scope'] !== 'Cluster',
      categories: Array.isArray(names['categories']) ? names['categories'].filter((s): s is string => typeof s === 'string') : [],
      status: sub['status'] !== undefined,
      ...(scale
        ? { scale: { specReplicasPath: str(scale['specReplicasPath']) ?? '.spec.replicas', statusReplicasPath: str(scale['statusReplicasPath']) ?? '.status.replicas', ...(str(scale['labelSelectorPath']) ? { labelSelectorPath: scale['labelSelectorPath'] as string } : {}) } }
        : {}),
    });
  }
  return out;
}

export class ResourceRegistry {
  constructor(private readonly cluster: SimCluster) {}

  async all(): Promise<ApiResource[]> {
    const crds = await this.cluster.list({ group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' });
    const out = [...BUILT_IN];
    for (const crd of crds) {
      for (const r of resourcesOfCrd(crd)) {
        if (!out.some((b) => b.group === r.group && b.version === r.version && b.plural === r.plural)) out.push(r);
      }
    }
    return out;
  }

  async find(group: string, version: string, plural: string): Promise<ApiResource | undefined> {
    return (await this.all()).find((r) => r.group === group && r.version === version && r.plural === plural);
  }

  /** Group → versions, in a stable order (core first, then by name). */
  async groups(): Promise<Map<string, string[]>> {
    const m = new Map<string, string[]>();
    for (const r of await this.all()) {
      const vs = m.get(r.group) ?? [];
      if (!vs.includes(r.version)) vs.push(r.version);
      m.set(r.group, vs);
    }
    return new Map([...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
  }
}

export function verbsOf(_r: ApiResource): string[] {
  return ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
}

export function qualified(r: ApiResource): string {
  return r.group ? `${r.plural}.${r.group}` : r.plural;
}
