import { describe, expect, it } from 'vitest';
import { assessHealth, HEALTH_ORDER, worst, worstOf, type HealthStatus } from '../../../src/core/health/index.js';
import type { KubeObject } from '../../../src/core/model/kube-object.js';

function obj(apiVersion: string, kind: string, body: Record<string, unknown>, meta: Record<string, unknown> = {}): KubeObject {
  return { apiVersion, kind, metadata: { name: 'web', namespace: 'shop', ...meta }, ...body };
}

const deploy = (spec: Record<string, unknown>, status: Record<string, unknown>, generation = 2): KubeObject =>
  obj('apps/v1', 'Deployment', { spec: { replicas: 3, ...spec }, status }, { generation });

const rolledOut = { observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3 };

const pod = (status: Record<string, unknown>, spec: Record<string, unknown> = {}): KubeObject => obj('v1', 'Pod', { spec, status });
const waiting = (reason: string, message = ''): Record<string, unknown> => ({
  phase: 'Pending',
  containerStatuses: [{ name: 'web', ready: false, state: { waiting: { reason, message } } }],
});

const cases: Array<{ name: string; obj: KubeObject | undefined; status: HealthStatus; message?: string }> = [
  { name: 'an absent object is Missing', obj: undefined, status: 'Missing' },
  { name: 'an object being deleted is Progressing', obj: obj('v1', 'ConfigMap', {}, { deletionTimestamp: '2026-01-01T00:00:00Z' }), status: 'Progressing', message: 'Pending deletion' },
  { name: 'a kind without a check is Healthy', obj: obj('v1', 'ConfigMap', { data: {} }), status: 'Healthy' },

  // Deployment
  { name: 'a rolled-out Deployment is Healthy', obj: deploy({}, rolledOut), status: 'Healthy' },
  { name: 'a paused Deployment is Suspended', obj: deploy({ paused: true }, rolledOut), status: 'Suspended', message: 'Deployment is paused' },
  {
    name: 'a Deployment whose spec the controller has not seen is Progressing',
    obj: deploy({}, { ...rolledOut, observedGeneration: 1 }),
    status: 'Progressing',
    message: 'Waiting for rollout to finish: observed deployment generation less than desired generation',
  },
  {
    name: 'a Deployment past its progress deadline is Degraded',
    obj: deploy({}, { ...rolledOut, updatedReplicas: 1, conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] }),
    status: 'Degraded',
    message: 'Deployment "web" exceeded its progress deadline',
  },
  {
    name: 'a Deployment with too few updated replicas is Progressing',
    obj: deploy({}, { ...rolledOut, updatedReplicas: 1 }),
    status: 'Progressing',
    message: 'Waiting for rollout to finish: 1 out of 3 new replicas have been updated...',
  },
  {
    name: 'a Deployment with old replicas terminating is Progressing',
    obj: deploy({}, { ...rolledOut, replicas: 5 }),
    status: 'Progressing',
    message: 'Waiting for rollout to finish: 2 old replicas are pending termination...',
  },
  {
    name: 'a Deployment whose updated replicas are not yet available is Progressing',
    obj: deploy({}, { ...rolledOut, availableReplicas: 2 }),
    status: 'Progressing',
    message: 'Waiting for rollout to finish: 2 of 3 updated replicas are available...',
  },
  { name: 'a just-created Deployment without status is Progressing', obj: deploy({}, {}, 1), status: 'Progressing' },
  { name: 'a Deployment scaled to zero is Healthy', obj: deploy({ replicas: 0 }, { observedGeneration: 2 }), status: 'Healthy' },

  // ReplicaSet
  { name: 'a ReplicaSet with all replicas available is Healthy', obj: obj('apps/v1', 'ReplicaSet', { spec: { replicas: 2 }, status: { observedGeneration: 1, availableReplicas: 2 } }, { generation: 1 }), status: 'Healthy' },
  {
    name: 'a ReplicaSet waiting for replicas is Progressing',
    obj: obj('apps/v1', 'ReplicaSet', { spec: { replicas: 2 }, status: { observedGeneration: 1, availableReplicas: 1 } }, { generation: 1 }),
    status: 'Progressing',
    message: 'Waiting for rollout to finish: 1 out of 2 new replicas are available...',
  },
  {
    name: 'a ReplicaSet that cannot create pods is Degraded',
    obj: obj('apps/v1', 'ReplicaSet', { spec: { replicas: 2 }, status: { observedGeneration: 1, conditions: [{ type: 'ReplicaFailure', status: 'True', message: 'exceeded quota' }] } }, { generation: 1 }),
    status: 'Degraded',
    message: 'exceeded quota',
  },

  // StatefulSet
  {
    name: 'a StatefulSet with pods not ready is Progressing',
    obj: obj('apps/v1', 'StatefulSet', { spec: { replicas: 3 }, status: { observedGeneration: 1, readyReplicas: 1 } }, { generation: 1 }),
    status: 'Progressing',
    message: 'Waiting for 2 pods to be ready...',
  },
  {
    name: 'a StatefulSet mid rolling update is Progressing',
    obj: obj('apps/v1', 'StatefulSet', { spec: { replicas: 2 }, status: { observedGeneration: 1, readyReplicas: 2, updatedReplicas: 1, currentRevision: 'a', updateRevision: 'b' } }, { generation: 1 }),
    status: 'Progressing',
  },
  {
    name: 'a StatefulSet at its update revision is Healthy',
    obj: obj('apps/v1', 'StatefulSet', { spec: { replicas: 2 }, status: { observedGeneration: 1, readyReplicas: 2, currentReplicas: 2, currentRevision: 'b', updateRevision: 'b' } }, { generation: 1 }),
    status: 'Healthy',
  },

  // DaemonSet
  {
    name: 'a DaemonSet with pods not yet updated is Progressing',
    obj: obj('apps/v1', 'DaemonSet', { spec: {}, status: { observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 2, numberAvailable: 2 } }, { generation: 1 }),
    status: 'Progressing',
    message: 'Waiting for daemon set "web" rollout to finish: 2 out of 3 new pods have been updated...',
  },
  {
    name: 'a DaemonSet with every pod available is Healthy',
    obj: obj('apps/v1', 'DaemonSet', { spec: {}, status: { observedGeneration: 1, desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 3 } }, { generation: 1 }),
    status: 'Healthy',
  },

  // Pod
  { name: 'a running, ready Pod is Healthy', obj: pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] }), status: 'Healthy' },
  { name: 'a pending Pod is Progressing', obj: pod({ phase: 'Pending', message: '0/3 nodes are available' }), status: 'Progressing', message: '0/3 nodes are available' },
  { name: 'a running Pod that is not ready yet is Progressing', obj: pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: [{ name: 'web', state: { running: {} } }] }), status: 'Progressing' },
  {
    name: 'a crash-looping Pod is Degraded with the reason',
    obj: pod({ phase: 'Running', containerStatuses: [{ name: 'web', state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container' } }, lastState: { terminated: { exitCode: 1 } } }] }),
    status: 'Degraded',
    message: 'container "web": CrashLoopBackOff: back-off 10s restarting failed container',
  },
  { name: 'a Pod that cannot pull its image is Degraded', obj: pod(waiting('ImagePullBackOff')), status: 'Degraded', message: 'container "web": ImagePullBackOff' },
  { name: 'a Pod with an image pull error is Degraded', obj: pod(waiting('ErrImagePull', 'not found')), status: 'Degraded', message: 'container "web": ErrImagePull: not found' },
  { name: 'a Pod still creating its container is Progressing', obj: pod(waiting('ContainerCreating')), status: 'Progressing' },
  { name: 'a failed Pod is Degraded', obj: pod({ phase: 'Failed', containerStatuses: [{ name: 'web', state: { terminated: { exitCode: 2 } } }] }), status: 'Degraded', message: 'container "web" failed with exit code 2' },
  { name: 'a succeeded Pod is Healthy', obj: pod({ phase: 'Succeeded' }, { restartPolicy: 'Never' }), status: 'Healthy' },
  { name: 'a running hook Pod (restartPolicy Never) is Progressing', obj: pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] }, { restartPolicy: 'Never' }), status: 'Progressing' },
  { name: 'a running Pod not ready after a crash is Degraded', obj: pod({ phase: 'Running', containerStatuses: [{ name: 'web', state: { running: {} }, lastState: { terminated: { exitCode: 137 } } }] }), status: 'Degraded' },

  // Service, Ingress
  { name: 'a ClusterIP Service is Healthy', obj: obj('v1', 'Service', { spec: { type: 'ClusterIP' } }), status: 'Healthy' },
  { name: 'a LoadBalancer Service without an address is Progressing', obj: obj('v1', 'Service', { spec: { type: 'LoadBalancer' }, status: { loadBalancer: {} } }), status: 'Progressing' },
  { name: 'a LoadBalancer Service with an address is Healthy', obj: obj('v1', 'Service', { spec: { type: 'LoadBalancer' }, status: { loadBalancer: { ingress: [{ ip: '10.0.0.1' }] } } }), status: 'Healthy' },
  { name: 'an Ingress without an address is Progressing', obj: obj('networking.k8s.io/v1', 'Ingress', { spec: {} }), status: 'Progressing' },
  { name: 'an Ingress with an address is Healthy', obj: obj('networking.k8s.io/v1', 'Ingress', { spec: {}, status: { loadBalancer: { ingress: [{ hostname: 'lb' }] } } }), status: 'Healthy' },

  // PVC, Job, Namespace
  { name: 'a bound PersistentVolumeClaim is Healthy', obj: obj('v1', 'PersistentVolumeClaim', { status: { phase: 'Bound' } }), status: 'Healthy' },
  { name: 'a pending PersistentVolumeClaim is Progressing', obj: obj('v1', 'PersistentVolumeClaim', { status: { phase: 'Pending' } }), status: 'Progressing' },
  { name: 'a lost PersistentVolumeClaim is Degraded', obj: obj('v1', 'PersistentVolumeClaim', { status: { phase: 'Lost' } }), status: 'Degraded' },
  { name: 'a running Job is Progressing', obj: obj('batch/v1', 'Job', { status: { active: 1 } }), status: 'Progressing' },
  { name: 'a complete Job is Healthy', obj: obj('batch/v1', 'Job', { status: { conditions: [{ type: 'Complete', status: 'True' }] } }), status: 'Healthy' },
  { name: 'a failed Job is Degraded', obj: obj('batch/v1', 'Job', { status: { conditions: [{ type: 'Failed', status: 'True', message: 'BackoffLimitExceeded' }] } }), status: 'Degraded', message: 'BackoffLimitExceeded' },
  { name: 'a suspended Job is Suspended', obj: obj('batch/v1', 'Job', { spec: { suspend: true }, status: {} }), status: 'Suspended' },
  { name: 'an active Namespace is Healthy', obj: obj('v1', 'Namespace', { status: { phase: 'Active' } }, { namespace: undefined }), status: 'Healthy' },
  { name: 'a terminating Namespace is Progressing', obj: obj('v1', 'Namespace', { status: { phase: 'Terminating' } }), status: 'Progressing' },
  { name: 'a paused Rollout is Suspended', obj: obj('tugboat.dev/v1alpha1', 'Rollout', { status: { phase: 'Paused' } }), status: 'Suspended' },
  { name: 'an aborted Rollout is Degraded', obj: obj('tugboat.dev/v1alpha1', 'Rollout', { status: { phase: 'Degraded', message: 'RolloutAborted' } }), status: 'Degraded', message: 'RolloutAborted' },
  { name: 'a Rollout without status yet is Progressing', obj: obj('tugboat.dev/v1alpha1', 'Rollout', {}), status: 'Progressing' },
  { name: 'a fully promoted and available Rollout is Healthy', obj: obj('tugboat.dev/v1alpha1', 'Rollout', { spec: { replicas: 4 }, status: { phase: 'Healthy', availableReplicas: 4, observedGeneration: 1 } }), status: 'Healthy' },
  { name: 'a promoted Rollout that still keeps its old ReplicaSet (scaleDownDelaySeconds) is Healthy', obj: obj('tugboat.dev/v1alpha1', 'Rollout', { spec: { replicas: 4 }, status: { phase: 'Healthy', availableReplicas: 8 } }), status: 'Healthy' },
  { name: 'a Healthy Rollout with fewer available pods than replicas is Progressing', obj: obj('tugboat.dev/v1alpha1', 'Rollout', { spec: { replicas: 4 }, status: { phase: 'Healthy', availableReplicas: 3 } }), status: 'Progressing', message: 'Waiting for rollout to finish: 3 of 4 replicas available' },
  { name: 'a Rollout under way is Progressing with its message', obj: obj('tugboat.dev/v1alpha1', 'Rollout', { spec: { replicas: 4 }, status: { phase: 'Progressing', message: 'step 0: weight 25, scaling' } }), status: 'Progressing', message: 'step 0: weight 25, scaling' },
  { name: 'a paused Rollout waiting for promote is Suspended with its message', obj: obj('tugboat.dev/v1alpha1', 'Rollout', { status: { phase: 'Paused', message: 'paused at step 1: waiting for promote' } }), status: 'Suspended', message: 'paused at step 1: waiting for promote' },
  { name: 'a Rollout aborted by Tugboat (phase Aborted) is Degraded', obj: obj('tugboat.dev/v1alpha1', 'Rollout', { status: { phase: 'Aborted', message: 'new pods fail: CrashLoopBackOff' } }), status: 'Degraded', message: 'new pods fail: CrashLoopBackOff' },
  { name: 'a Rollout whose new spec is not observed yet is Progressing', obj: obj('tugboat.dev/v1alpha1', 'Rollout', { status: { phase: 'Healthy', observedGeneration: 1 } }, { generation: 2 }), status: 'Progressing' },
  { name: 'a Rollout in a phase Tugboat never writes is Unknown', obj: obj('tugboat.dev/v1alpha1', 'Rollout', { status: { phase: 'Exploding' } }), status: 'Unknown' },
  { name: 'a Rollout of another group is not judged as Tugboat\'s', obj: obj('example.com/v1', 'Rollout', { status: { phase: 'Paused' } }), status: 'Healthy' },
  { name: 'a custom kind named Deployment is not judged as one', obj: obj('example.com/v1', 'Deployment', { spec: { paused: true } }), status: 'Healthy' },
];

describe('assessHealth', () => {
  for (const c of cases) {
    it(c.name, () => {
      const h = assessHealth(c.obj);
      expect(h.status).toBe(c.status);
      if (c.message !== undefined) expect(h.message).toBe(c.message);
    });
  }
});

describe('worst', () => {
  it('follows Argo CD order: Healthy < Suspended < Progressing < Missing < Degraded < Unknown', () => {
    expect(HEALTH_ORDER).toEqual(['Healthy', 'Suspended', 'Progressing', 'Missing', 'Degraded', 'Unknown']);
    for (let i = 0; i < HEALTH_ORDER.length; i++) {
      for (let j = 0; j < HEALTH_ORDER.length; j++) {
        expect(worst(HEALTH_ORDER[i]!, HEALTH_ORDER[j]!)).toBe(HEALTH_ORDER[Math.max(i, j)]);
      }
    }
  });

  it('Degraded is worse than Progressing, Progressing worse than Healthy, Missing worse than Progressing', () => {
    expect(worst('Progressing', 'Degraded')).toBe('Degraded');
    expect(worst('Healthy', 'Progressing')).toBe('Progressing');
    expect(worst('Missing', 'Progressing')).toBe('Missing');
  });

  it('worstOf keeps the message of the first worst and is Healthy for nothing', () => {
    expect(worstOf([])).toEqual({ status: 'Healthy', message: '' });
    expect(
      worstOf([
        { status: 'Progressing', message: 'a' },
        { status: 'Degraded', message: 'b' },
        { status: 'Degraded', message: 'c' },
      ]),
    ).toEqual({ status: 'Degraded', message: 'b' });
  });
});
