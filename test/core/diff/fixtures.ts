import type { KubeObject } from '../../../src/core/model/kube-object.js';

/** A Deployment as a manifest would write it. */
export function deployment(over: { name?: string; replicas?: number; image?: string; env?: Array<{ name: string; value: string }> } = {}): KubeObject {
  const name = over.name ?? 'web';
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop', labels: { app: name } },
    spec: {
      replicas: over.replicas ?? 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: {
          containers: [
            {
              name: 'web',
              image: over.image ?? 'web:1.0',
              ports: [{ containerPort: 8080 }],
              env: over.env ?? [{ name: 'MODE', value: 'prod' }],
            },
          ],
        },
      },
    },
  };
}

/** What the API server would return for a desired object: server fields and defaults filled in. */
export function asLive(desired: KubeObject, mutate?: (o: any) => void): KubeObject {
  const o: any = structuredClone(desired);
  o.metadata.uid = '6f1c9a2e-0000-4000-8000-000000000001';
  o.metadata.resourceVersion = '12345';
  o.metadata.generation = 3;
  o.metadata.creationTimestamp = '2026-01-01T00:00:00Z';
  o.metadata.managedFields = [{ manager: 'tugboat', operation: 'Apply', fieldsV1: { 'f:spec': {} } }];
  o.metadata.annotations = {
    ...(o.metadata.annotations ?? {}),
    'deployment.kubernetes.io/revision': '3',
    'kubectl.kubernetes.io/last-applied-configuration': '{"secret":"x"}',
  };
  if (o.kind === 'Deployment') {
    o.spec.progressDeadlineSeconds = 600;
    o.spec.revisionHistoryLimit = 10;
    o.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } };
    const pod = o.spec.template.spec;
    pod.restartPolicy = 'Always';
    pod.dnsPolicy = 'ClusterFirst';
    pod.terminationGracePeriodSeconds = 30;
    pod.schedulerName = 'default-scheduler';
    pod.securityContext = {};
    for (const c of pod.containers) {
      c.imagePullPolicy = 'IfNotPresent';
      c.terminationMessagePath = '/dev/termination-log';
      c.resources = {};
      for (const p of c.ports ?? []) p.protocol = 'TCP';
    }
    o.status = { observedGeneration: 3, replicas: 2, readyReplicas: 2, updatedReplicas: 2, availableReplicas: 2 };
  }
  mutate?.(o);
  return o as KubeObject;
}
