/**
 * Apply order: the order in which objects are created or updated so that what an object depends on
 * exists before it (Namespaces before what lives in them, CRDs before their custom resources, ServiceAccounts
 * and ConfigMaps before the Pods that mount them, admission webhooks last so they cannot block the rest).
 *
 * Kind order follows Helm's install order (helm.sh/helm/v3/pkg/releaseutil/kind_sorter.go, InstallOrder),
 * with Namespace and CustomResourceDefinition pulled to the front, and the admission webhook kinds moved
 * behind every kind Helm does not know. Like Helm, the rank is decided by kind alone (not API group).
 * Delete order is the exact reverse.
 */
import type { ObjectKey } from '../model/kube-object.js';

/** Kinds applied before everything else, in this order. */
const FIRST_KINDS = ['Namespace', 'CustomResourceDefinition'];

/** Helm's InstallOrder (v3). Namespace and CustomResourceDefinition appear here too but FIRST_KINDS wins. */
export const HELM_INSTALL_ORDER: readonly string[] = [
  'Namespace',
  'NetworkPolicy',
  'ResourceQuota',
  'LimitRange',
  'PodSecurityPolicy',
  'PodDisruptionBudget',
  'ServiceAccount',
  'Secret',
  'SecretList',
  'ConfigMap',
  'StorageClass',
  'PersistentVolume',
  'PersistentVolumeClaim',
  'CustomResourceDefinition',
  'ClusterRole',
  'ClusterRoleList',
  'ClusterRoleBinding',
  'ClusterRoleBindingList',
  'Role',
  'RoleList',
  'RoleBinding',
  'RoleBindingList',
  'Service',
  'DaemonSet',
  'Pod',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'HorizontalPodAutoscaler',
  'StatefulSet',
  'Job',
  'CronJob',
  'IngressClass',
  'Ingress',
  'APIService',
];

/** Kinds applied after everything else (an admission webhook applied early could reject the rest). */
const LAST_KINDS = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

const RANK = new Map<string, number>();
for (const k of FIRST_KINDS) RANK.set(k, RANK.size);
for (const k of HELM_INSTALL_ORDER) if (!RANK.has(k)) RANK.set(k, RANK.size);
/** Rank shared by all kinds not listed above; they are ordered among themselves by kind name. */
const UNKNOWN_RANK = RANK.size;
LAST_KINDS.forEach((k, i) => RANK.set(k, UNKNOWN_RANK + 1 + i));

/** Position of a kind in apply order; every unknown kind shares one rank just before the webhooks. */
export function kindRank(kind: string): number {
  return RANK.get(kind) ?? UNKNOWN_RANK;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Comparator for apply order: kind rank, then (for kinds sharing a rank, i.e. unknown kinds) kind name,
 * then API group, then namespace, then name. Total and deterministic.
 */
export function applyOrder(a: ObjectKey, b: ObjectKey): number {
  return (
    kindRank(a.kind) - kindRank(b.kind) ||
    cmp(a.kind, b.kind) ||
    cmp(a.group, b.group) ||
    cmp(a.namespace, b.namespace) ||
    cmp(a.name, b.name)
  );
}

/** Comparator for delete order: the reverse of apply order. */
export function deleteOrder(a: ObjectKey, b: ObjectKey): number {
  return applyOrder(b, a);
}

/** Anything that is an ObjectKey or carries one as `key` (a ResourceChange, a report entry). */
type Keyed = ObjectKey | { key: ObjectKey };

function keyFrom(x: Keyed | { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } }): ObjectKey {
  if ('metadata' in x && 'apiVersion' in x) {
    const slash = x.apiVersion.indexOf('/');
    return {
      group: slash < 0 ? '' : x.apiVersion.slice(0, slash),
      kind: x.kind,
      namespace: x.metadata.namespace ?? '',
      name: x.metadata.name,
    };
  }
  if ('key' in x) return x.key;
  return x;
}

type Sortable = Keyed | { apiVersion: string; kind: string; metadata: { name: string; namespace?: string } };

/** Returns a new array in apply order. Accepts ObjectKeys, KubeObjects or anything with a `key`. */
export function sortForApply<T extends Sortable>(objs: readonly T[]): T[] {
  return [...objs].sort((a, b) => applyOrder(keyFrom(a), keyFrom(b)));
}

/** Returns a new array in delete order (reverse apply order: webhooks first, Namespaces last). */
export function sortForDelete<T extends Sortable>(objs: readonly T[]): T[] {
  return [...objs].sort((a, b) => deleteOrder(keyFrom(a), keyFrom(b)));
}
