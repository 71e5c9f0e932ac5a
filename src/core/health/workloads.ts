/**
 * Workload health, following Argo CD's gitops-engine (pkg/health/health_deployment.go, health_replicaset.go,
 * health_statefulset.go, health_daemonset.go), which in turn borrows kubectl's `rollout status` logic and
 * messages (k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go).
 */
import type { KubeObject } from '../model/kube-object.js';
import type { Health } from './status.js';
import { condition, num, obj, str } from './fields.js';

/** spec.replicas defaults to 1 on the API server. */
function specReplicas(spec: Record<string, unknown>): number {
  return num(spec.replicas, 1);
}

export function deploymentHealth(o: KubeObject): Health {
  const spec = obj(o.spec);
  const status = obj(o.status);
  if (spec.paused === true) return { status: 'Suspended', message: 'Deployment is paused' };
  const generation = num(o.metadata.generation);
  const observed = num(status.observedGeneration);
  if (generation > observed) {
    return {
      status: 'Progressing',
      message: 'Waiting for rollout to finish: observed deployment generation less than desired generation',
    };
  }
  const progressing = condition(status, 'Progressing');
  if (progressing && progressing.reason === 'ProgressDeadlineExceeded') {
    return { status: 'Degraded', message: `Deployment "${o.metadata.name}" exceeded its progress deadline` };
  }
  const replicas = specReplicas(spec);
  const updated = num(status.updatedReplicas);
  const current = num(status.replicas);
  const available = num(status.availableReplicas);
  if (updated < replicas) {
    return {
      status: 'Progressing',
      message: `Waiting for rollout to finish: ${updated} out of ${replicas} new replicas have been updated...`,
    };
  }
  if (current > updated) {
    return {
      status: 'Progressing',
      message: `Waiting for rollout to finish: ${current - updated} old replicas are pending termination...`,
    };
  }
  if (available < updated) {
    return {
      status: 'Progressing',
      message: `Waiting for rollout to finish: ${available} of ${updated} updated replicas are available...`,
    };
  }
  return { status: 'Healthy', message: '' };
}

export function replicaSetHealth(o: KubeObject): Health {
  const spec = obj(o.spec);
  const status = obj(o.status);
  if (num(o.metadata.generation) > num(status.observedGeneration)) {
    return {
      status: 'Progressing',
      message: 'Waiting for rollout to finish: observed replica set generation less than desired generation',
    };
  }
  const failure = condition(status, 'ReplicaFailure');
  if (failure && failure.status === 'True') return { status: 'Degraded', message: str(failure.message) };
  const replicas = specReplicas(spec);
  const available = num(status.availableReplicas);
  if (available < replicas) {
    return {
      status: 'Progressing',
      message: `Waiting for rollout to finish: ${available} out of ${replicas} new replicas are available...`,
    };
  }
  return { status: 'Healthy', message: '' };
}

export function statefulSetHealth(o: KubeObject): Health {
  const spec = obj(o.spec);
  const status = obj(o.status);
  const observed = num(status.observedGeneration);
  if (observed === 0 || num(o.metadata.generation) > observed) {
    return { status: 'Progressing', message: 'Waiting for statefulset spec update to be observed...' };
  }
  const replicas = specReplicas(spec);
  const ready = num(status.readyReplicas);
  if (ready < replicas) {
    return { status: 'Progressing', message: `Waiting for ${replicas - ready} pods to be ready...` };
  }
  const strategy = obj(spec.updateStrategy);
  const type = str(strategy.type) || 'RollingUpdate';
  const updated = num(status.updatedReplicas);
  if (type === 'RollingUpdate' && strategy.rollingUpdate !== undefined) {
    const partition = obj(strategy.rollingUpdate).partition;
    if (typeof partition === 'number') {
      const want = replicas - partition;
      if (updated < want) {
        return {
          status: 'Progressing',
          message: `Waiting for partitioned roll out to finish: ${updated} out of ${want} new pods have been updated...`,
        };
      }
    }
    return { status: 'Healthy', message: `partitioned roll out complete: ${updated} new pods have been updated...` };
  }
  if (type === 'OnDelete') return { status: 'Healthy', message: `statefulset has ${ready} ready pods` };
  const updateRevision = str(status.updateRevision);
  const currentRevision = str(status.currentRevision);
  if (updateRevision !== currentRevision) {
    return {
      status: 'Progressing',
      message: `waiting for statefulset rolling update to complete ${updated} pods at revision ${updateRevision}...`,
    };
  }
  return {
    status: 'Healthy',
    message: `statefulset rolling update complete ${num(status.currentReplicas)} pods at revision ${currentRevision}...`,
  };
}

export function daemonSetHealth(o: KubeObject): Health {
  const spec = obj(o.spec);
  const status = obj(o.status);
  const name = o.metadata.name;
  if (num(o.metadata.generation) > num(status.observedGeneration)) {
    return {
      status: 'Progressing',
      message: 'Waiting for rollout to finish: observed daemon set generation less than desired generation',
    };
  }
  const desired = num(status.desiredNumberScheduled);
  const updated = num(status.updatedNumberScheduled);
  const available = num(status.numberAvailable);
  if (str(obj(spec.updateStrategy).type) === 'OnDelete') {
    return { status: 'Healthy', message: `daemon set ${updated} out of ${desired} new pods have been updated` };
  }
  if (updated < desired) {
    return {
      status: 'Progressing',
      message: `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...`,
    };
  }
  if (available < desired) {
    return {
      status: 'Progressing',
      message: `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...`,
    };
  }
  return { status: 'Healthy', message: '' };
}
