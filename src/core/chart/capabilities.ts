import { withGoMethods } from '../template/index.js';

/** What `helm template` (v4.1.4) reports without a cluster: Kubernetes v1.35.0 and these API versions. */
export const DEFAULT_KUBE_VERSION = 'v1.35.0';
export const HELM_VERSION = 'v4.1.4';
export const DEFAULT_API_VERSIONS: readonly string[] = [
  'v1', 'admissionregistration.k8s.io/v1', 'admissionregistration.k8s.io/v1alpha1', 'admissionregistration.k8s.io/v1beta1',
  'internal.apiserver.k8s.io/v1alpha1', 'apps/v1', 'apps/v1beta1', 'apps/v1beta2', 'authentication.k8s.io/v1',
  'authentication.k8s.io/v1alpha1', 'authentication.k8s.io/v1beta1', 'authorization.k8s.io/v1', 'authorization.k8s.io/v1beta1',
  'autoscaling/v1', 'autoscaling/v2', 'autoscaling/v2beta1', 'autoscaling/v2beta2', 'batch/v1', 'batch/v1beta1',
  'certificates.k8s.io/v1', 'certificates.k8s.io/v1beta1', 'certificates.k8s.io/v1alpha1', 'coordination.k8s.io/v1alpha2',
  'coordination.k8s.io/v1beta1', 'coordination.k8s.io/v1', 'discovery.k8s.io/v1', 'discovery.k8s.io/v1beta1', 'events.k8s.io/v1',
  'events.k8s.io/v1beta1', 'extensions/v1beta1', 'flowcontrol.apiserver.k8s.io/v1', 'flowcontrol.apiserver.k8s.io/v1beta1',
  'flowcontrol.apiserver.k8s.io/v1beta2', 'flowcontrol.apiserver.k8s.io/v1beta3', 'networking.k8s.io/v1', 'networking.k8s.io/v1beta1',
  'node.k8s.io/v1', 'node.k8s.io/v1alpha1', 'node.k8s.io/v1beta1', 'policy/v1', 'policy/v1beta1', 'rbac.authorization.k8s.io/v1',
  'rbac.authorization.k8s.io/v1beta1', 'rbac.authorization.k8s.io/v1alpha1', 'resource.k8s.io/v1', 'resource.k8s.io/v1beta2',
  'resource.k8s.io/v1beta1', 'resource.k8s.io/v1alpha3', 'scheduling.k8s.io/v1alpha1', 'scheduling.k8s.io/v1beta1', 'scheduling.k8s.io/v1',
  'storage.k8s.io/v1beta1', 'storage.k8s.io/v1', 'storage.k8s.io/v1alpha1', 'storagemigration.k8s.io/v1beta1',
  'apiextensions.k8s.io/v1beta1', 'apiextensions.k8s.io/v1',
];

/** `.Capabilities` for a Kubernetes version (`1.28.3` or `v1.28.3`) and extra API versions (`--api-versions`). */
export function capabilities(kubeVersion: string | undefined, extraApiVersions: readonly string[] = []): Record<string, unknown> {
  const raw = kubeVersion ?? DEFAULT_KUBE_VERSION;
  const version = raw.startsWith('v') ? raw : `v${raw}`;
  const [, major = '1', minor = '35'] = /^v?(\d+)\.(\d+)/.exec(version) ?? [];
  const list = [...DEFAULT_API_VERSIONS, ...extraApiVersions];
  const set = new Set(list);
  return {
    KubeVersion: { Version: version, GitVersion: version, Major: major, Minor: minor },
    APIVersions: withGoMethods([...list], { Has: { fn: (v: unknown) => set.has(String(v)), params: ['string'] } }, 'common.VersionSet'),
    HelmVersion: { Version: HELM_VERSION },
  };
}
