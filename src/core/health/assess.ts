/**
 * Per-kind health assessment, following Argo CD's built-in checks (gitops-engine pkg/health).
 * Kinds without a check are Healthy once they exist; an object that is not there is Missing.
 */
import { splitApiVersion, type KubeObject } from '../model/kube-object.js';
import type { Health } from './status.js';
import { arr, condition, num, obj, str } from './fields.js';
import { daemonSetHealth, deploymentHealth, replicaSetHealth, statefulSetHealth } from './workloads.js';
import { podHealth } from './pod.js';

type Check = (o: KubeObject) => Health;

function loadBalancerHealth(o: KubeObject): Health {
  const ingress = arr(obj(obj(o.status).loadBalancer).ingress);
  return ingress.length > 0
    ? { status: 'Healthy', message: '' }
    : { status: 'Progressing', message: 'Waiting for the load balancer to get an address' };
}

function serviceHealth(o: KubeObject): Health {
  if (str(obj(o.spec).type) === 'LoadBalancer') return loadBalancerHealth(o);
  return { status: 'Healthy', message: '' };
}

/** Argo CD: an Ingress is Healthy once the controller published its address in status.loadBalancer. */
function ingressHealth(o: KubeObject): Health {
  return loadBalancerHealth(o);
}

function pvcHealth(o: KubeObject): Health {
  switch (str(obj(o.status).phase)) {
    case 'Bound':
      return { status: 'Healthy', message: '' };
    case 'Pending':
      return { status: 'Progressing', message: 'Waiting for the claim to be bound' };
    case 'Lost':
      return { status: 'Degraded', message: 'The claim lost its volume' };
    default:
      return { status: 'Unknown', message: '' };
  }
}

function jobHealth(o: KubeObject): Health {
  const status = obj(o.status);
  const failed = condition(status, 'Failed');
  if (failed && failed.status === 'True') return { status: 'Degraded', message: str(failed.message) };
  const complete = condition(status, 'Complete');
  if (complete && complete.status === 'True') return { status: 'Healthy', message: str(complete.message) };
  const suspended = condition(status, 'Suspended');
  if (suspended && suspended.status === 'True') return { status: 'Suspended', message: str(suspended.message) };
  if (obj(o.spec).suspend === true) return { status: 'Suspended', message: 'Job is suspended' };
  return { status: 'Progressing', message: '' };
}

function namespaceHealth(o: KubeObject): Health {
  // status.phase defaults to Active; a Namespace is Terminating while its contents are deleted.
  const phase = str(obj(o.status).phase) || 'Active';
  if (phase === 'Active') return { status: 'Healthy', message: '' };
  if (phase === 'Terminating') return { status: 'Progressing', message: 'Namespace is terminating' };
  return { status: 'Unknown', message: `Namespace phase ${phase}` };
}

/**
 * Tugboat's Rollout (SPEC §7) reports an Argo Rollouts-style `status.phase`; Argo CD's Rollout health check
 * maps it this way (Paused → Suspended). Before the controller has written a phase, it is Progressing; a
 * Healthy phase with fewer available pods than spec.replicas (a pod lost since) is Progressing too.
 */
function rolloutHealth(o: KubeObject): Health {
  const status = obj(o.status);
  const message = str(status.message);
  if (num(o.metadata.generation) > num(status.observedGeneration, num(o.metadata.generation))) {
    return { status: 'Progressing', message: 'Waiting for rollout spec update to be observed' };
  }
  switch (str(status.phase)) {
    case 'Healthy': {
      const want = num(obj(o.spec).replicas, 1);
      const available = num(status.availableReplicas, want);
      if (available < want) return { status: 'Progressing', message: `Waiting for rollout to finish: ${available} of ${want} replicas available` };
      return { status: 'Healthy', message };
    }
    case 'Paused':
      return { status: 'Suspended', message: message || 'Rollout is paused' };
    case 'Degraded':
    case 'Aborted':
      return { status: 'Degraded', message };
    case 'Progressing':
      return { status: 'Progressing', message };
    case '':
      return { status: 'Progressing', message: 'Waiting for rollout status' };
    default:
      return { status: 'Unknown', message: `Rollout phase ${str(status.phase)}` };
  }
}

/** Checks by "group/kind". Group is matched too so that a CRD named like a built-in kind is not misjudged. */
const CHECKS = new Map<string, Check>([
  ['apps/Deployment', deploymentHealth],
  ['extensions/Deployment', deploymentHealth],
  ['apps/ReplicaSet', replicaSetHealth],
  ['extensions/ReplicaSet', replicaSetHealth],
  ['apps/StatefulSet', statefulSetHealth],
  ['apps/DaemonSet', daemonSetHealth],
  ['extensions/DaemonSet', daemonSetHealth],
  ['/Pod', podHealth],
  ['/Service', serviceHealth],
  ['/PersistentVolumeClaim', pvcHealth],
  ['batch/Job', jobHealth],
  ['networking.k8s.io/Ingress', ingressHealth],
  ['extensions/Ingress', ingressHealth],
  ['/Namespace', namespaceHealth],
  ['tugboat.dev/Rollout', rolloutHealth],
]);

export function assessHealth(o: KubeObject | undefined): Health {
  if (o === undefined) return { status: 'Missing', message: '' };
  // gitops-engine: an object being deleted is progressing towards its removal.
  if (o.metadata.deletionTimestamp) return { status: 'Progressing', message: 'Pending deletion' };
  const check = CHECKS.get(`${splitApiVersion(o.apiVersion).group}/${o.kind}`);
  return check ? check(o) : { status: 'Healthy', message: '' };
}

/**
 * Whether a kind's health depends on its live state (status, or fields the server fills). For any other
 * kind an object that exists is Healthy, so callers can skip reading it back after applying it.
 */
export function healthNeedsLiveObject(group: string, kind: string): boolean {
  return CHECKS.has(`${group}/${kind}`);
}
