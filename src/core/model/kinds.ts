/**
 * Resource names as kubectl accepts them: plural, singular, short names and kinds, case-insensitive.
 * https://kubernetes.io/docs/reference/kubectl/#resource-types
 */
export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  plural: string;
  singular: string;
  shortNames: string[];
  namespaced: boolean;
}

const TYPES: ResourceType[] = [
  ['', 'v1', 'Pod', 'pods', ['po'], true],
  ['', 'v1', 'Service', 'services', ['svc'], true],
  ['', 'v1', 'Endpoints', 'endpoints', ['ep'], true],
  ['', 'v1', 'Namespace', 'namespaces', ['ns'], false],
  ['', 'v1', 'Node', 'nodes', ['no'], false],
  ['', 'v1', 'ConfigMap', 'configmaps', ['cm'], true],
  ['', 'v1', 'Secret', 'secrets', [], true],
  ['', 'v1', 'Event', 'events', ['ev'], true],
  ['', 'v1', 'ServiceAccount', 'serviceaccounts', ['sa'], true],
  ['', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', ['pvc'], true],
  ['', 'v1', 'PersistentVolume', 'persistentvolumes', ['pv'], false],
  ['', 'v1', 'ResourceQuota', 'resourcequotas', ['quota'], true],
  ['', 'v1', 'LimitRange', 'limitranges', ['limits'], true],
  ['apps', 'v1', 'Deployment', 'deployments', ['deploy'], true],
  ['apps', 'v1', 'ReplicaSet', 'replicasets', ['rs'], true],
  ['apps', 'v1', 'StatefulSet', 'statefulsets', ['sts'], true],
  ['apps', 'v1', 'DaemonSet', 'daemonsets', ['ds'], true],
  ['batch', 'v1', 'Job', 'jobs', [], true],
  ['batch', 'v1', 'CronJob', 'cronjobs', ['cj'], true],
  ['autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', ['hpa'], true],
  ['policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', ['pdb'], true],
  ['networking.k8s.io', 'v1', 'Ingress', 'ingresses', ['ing'], true],
  ['networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', ['netpol'], true],
  ['discovery.k8s.io', 'v1', 'EndpointSlice', 'endpointslices', [], true],
  ['rbac.authorization.k8s.io', 'v1', 'Role', 'roles', [], true],
  ['rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', [], true],
  ['rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', [], false],
  ['rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', [], false],
  ['apiextensions.k8s.io', 'v1', 'CustomResourceDefinition', 'customresourcedefinitions', ['crd', 'crds'], false],
  ['tugboat.dev', 'v1alpha1', 'Rollout', 'rollouts', ['ro'], true],
].map(([group, version, kind, plural, shortNames, namespaced]) => ({
  group: group as string,
  version: version as string,
  kind: kind as string,
  plural: plural as string,
  singular: (kind as string).toLowerCase(),
  shortNames: shortNames as string[],
  namespaced: namespaced as boolean,
}));

/** Resolves "po", "pod", "pods", "Pod", "deployments.apps" to a resource type; undefined when unknown. */
export function resolveResource(name: string): ResourceType | undefined {
  const n = name.toLowerCase();
  const dot = n.indexOf('.');
  const base = dot < 0 ? n : n.slice(0, dot);
  const group = dot < 0 ? undefined : n.slice(dot + 1);
  return TYPES.find((t) =>
    (group === undefined || t.group === group) &&
    (t.plural === base || t.singular === base || t.shortNames.includes(base)));
}

export function resourceTypes(): readonly ResourceType[] {
  return TYPES;
}
