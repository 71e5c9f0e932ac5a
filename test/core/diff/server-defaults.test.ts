/**
 * Right after a sync against a real API server, the diff is empty: the live objects below are what an API
 * server returns for the manifests beside them (defaulted fields, assigned fields, canonical quantities).
 */
import { describe, expect, it } from 'vitest';
import { diffObject } from '../../../src/core/diff/index.js';
import { alignLive } from '../../../src/core/diff/align-live.js';
import { fillServerDefaults } from '../../../src/core/model/server-defaults.js';
import type { KubeObject } from '../../../src/core/model/kube-object.js';

const meta = (name: string, extra: Record<string, unknown> = {}) => ({ name, namespace: 'shop', ...extra });
const SERVER_META = { uid: 'b6d1c6f0-1', resourceVersion: '812', generation: 1, creationTimestamp: '2026-01-01T00:00:00Z', managedFields: [{ manager: 'tugboat', operation: 'Apply' }] };

const deployment = (container: Record<string, unknown>, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('web'),
  spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, ...spec, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.25', ...container }] } } },
});

const liveDeployment = (container: Record<string, unknown>, extraPod: Record<string, unknown> = {}, extraSpec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: meta('web', { ...SERVER_META, annotations: { 'deployment.kubernetes.io/revision': '1' } }),
  spec: {
    replicas: 2, revisionHistoryLimit: 10, progressDeadlineSeconds: 600,
    selector: { matchLabels: { app: 'web' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
    ...extraSpec,
    template: {
      metadata: { creationTimestamp: null, labels: { app: 'web' } },
      spec: {
        containers: [{
          name: 'web', image: 'nginx:1.25', imagePullPolicy: 'IfNotPresent', resources: {},
          terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', ...container,
        }],
        restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30,
        ...extraPod,
      },
    },
  },
  status: { observedGeneration: 1, replicas: 2, readyReplicas: 2 },
});

const unchanged = (desired: KubeObject, live: KubeObject, lastApplied?: KubeObject) =>
  diffObject({ desired, live, ...(lastApplied ? { lastApplied } : {}) });

describe('diff against what a real API server returns', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['cpu 1000m stored as 1', { resources: { limits: { cpu: '1000m' } } }, { resources: { limits: { cpu: '1' } } }],
    ['cpu 0.5 (a YAML number) stored as 500m', { resources: { requests: { cpu: 0.5 } } }, { resources: { requests: { cpu: '500m' } } }],
    ['cpu 1 (a YAML number) stored as "1"', { resources: { requests: { cpu: 1 } } }, { resources: { requests: { cpu: '1' } } }],
    ['memory 1024Mi stored as 1Gi', { resources: { limits: { memory: '1024Mi' } } }, { resources: { limits: { memory: '1Gi' } } }],
    ['memory 1e3 as 1k', { resources: { limits: { memory: '1e3' } } }, { resources: { limits: { memory: '1k' } } }],
    ['probe port "8080" as 8080, probe defaults', { livenessProbe: { httpGet: { path: '/', port: '8080' } } },
      { livenessProbe: { httpGet: { path: '/', port: 8080, scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 } }],
    ['container port protocol', { ports: [{ containerPort: 80 }] }, { ports: [{ containerPort: 80, protocol: 'TCP' }] }],
    ['fieldRef apiVersion', { env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }] }, { env: [{ name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } }] }],
  ])('a Deployment with %s: unchanged', (_what, desiredC, liveC) => {
    expect(unchanged(deployment(desiredC), liveDeployment(liveC)).action).toBe('unchanged');
    // and still unchanged with the last applied manifest on record (the state right after a sync)
    expect(unchanged(deployment(desiredC), liveDeployment(liveC), deployment(desiredC)).action).toBe('unchanged');
  });

  it('a quantity of another value is still a difference, shown as written', () => {
    const r = unchanged(deployment({ resources: { limits: { cpu: '1500m' } } }), liveDeployment({ resources: { limits: { cpu: '1' } } }));
    expect(r.action).toBe('update');
    expect(r.patch).toEqual([{ op: 'replace', path: '/spec/template/spec/containers/0/resources/limits/cpu', value: '1500m' }]);
  });

  it('a field removed from git whose live value is the server default is not a removal; any other value is', () => {
    const last = deployment({ imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' }, { revisionHistoryLimit: 10, strategy: { type: 'RollingUpdate' } });
    expect(unchanged(deployment({}), liveDeployment({}), last).action).toBe('unchanged');
    const custom = deployment({}, { revisionHistoryLimit: 3 });
    const r = unchanged(deployment({}), liveDeployment({}, {}, { revisionHistoryLimit: 3 }), custom);
    expect(r.action).toBe('update');
    expect(r.fields).toEqual([{ path: '/spec/revisionHistoryLimit', origin: 'removed' }]);
  });

  it('imagePullPolicy: Always is the default for :latest and untagged images, not for pinned ones', () => {
    const last = deployment({ image: 'nginx', imagePullPolicy: 'Always' });
    expect(unchanged(deployment({ image: 'nginx' }), liveDeployment({ image: 'nginx', imagePullPolicy: 'Always' }), last).action).toBe('unchanged');
    const pinned = deployment({ imagePullPolicy: 'Always' });
    expect(unchanged(deployment({}), liveDeployment({ imagePullPolicy: 'Always' }), pinned).action).toBe('update');
  });

  const service = (ports: unknown[], spec: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: meta('web'), spec: { selector: { app: 'web' }, ports, ...spec } });
  const liveService = (ports: unknown[], spec: Record<string, unknown> = {}): KubeObject => ({
    apiVersion: 'v1', kind: 'Service', metadata: meta('web', SERVER_META),
    spec: {
      selector: { app: 'web' }, ports, type: 'ClusterIP', clusterIP: '10.96.0.12', clusterIPs: ['10.96.0.12'], sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', ...spec,
    },
    status: { loadBalancer: {} },
  });

  it.each<[string, unknown[], unknown[], Record<string, unknown>?, Record<string, unknown>?]>([
    ['protocol and targetPort defaulted', [{ port: 80 }], [{ port: 80, protocol: 'TCP', targetPort: 80 }]],
    ['targetPort "8080" as 8080', [{ port: 80, targetPort: '8080' }], [{ port: 80, protocol: 'TCP', targetPort: 8080 }]],
    ['a named targetPort kept', [{ name: 'http', port: 80, targetPort: 'http' }], [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }]],
    ['NodePort: nodePort assigned, externalTrafficPolicy defaulted', [{ port: 80 }], [{ port: 80, protocol: 'TCP', targetPort: 80, nodePort: 31234 }], { type: 'NodePort' }, { type: 'NodePort', externalTrafficPolicy: 'Cluster' }],
  ])('a Service with %s: unchanged', (_w, dp, lp, ds = {}, ls = {}) => {
    expect(unchanged(service(dp, ds), liveService(lp, ls), service(dp, ds)).action).toBe('unchanged');
  });

  it('a Service whose targetPort was dropped from git, now defaulted to its port, is unchanged; a different targetPort is not', () => {
    expect(unchanged(service([{ port: 80 }]), liveService([{ port: 80, protocol: 'TCP', targetPort: 80 }]), service([{ port: 80, targetPort: 80 }])).action).toBe('unchanged');
    const r = unchanged(service([{ port: 80 }]), liveService([{ port: 80, protocol: 'TCP', targetPort: 8080 }]), service([{ port: 80, targetPort: 8080 }]));
    expect(r.fields).toEqual([{ path: '/spec/ports/0/targetPort', origin: 'removed' }]);
  });

  it('a PersistentVolumeClaim and a ResourceQuota with canonical quantities and assigned fields are unchanged', () => {
    const pvc: KubeObject = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: meta('data'), spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1024Mi' } } } };
    const livePvc: KubeObject = { ...pvc, metadata: meta('data', SERVER_META), spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'standard', volumeMode: 'Filesystem', volumeName: 'pvc-1' }, status: { phase: 'Bound' } };
    expect(unchanged(pvc, livePvc, pvc).action).toBe('unchanged');
    const quota: KubeObject = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: meta('q'), spec: { hard: { 'requests.cpu': 2, 'limits.memory': '2048Mi', pods: '10' } } };
    const liveQuota: KubeObject = { ...quota, metadata: meta('q', SERVER_META), spec: { hard: { 'requests.cpu': '2', 'limits.memory': '2Gi', pods: '10' } } };
    expect(unchanged(quota, liveQuota, quota).action).toBe('unchanged');
  });

  it('a Job and a CronJob with their defaults and the server-generated selector are unchanged', () => {
    const pod = { spec: { restartPolicy: 'Never', containers: [{ name: 'run', image: 'busybox:1.36' }] } };
    const job: KubeObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: meta('once'), spec: { template: pod } };
    const liveJob: KubeObject = {
      ...job, metadata: meta('once', SERVER_META),
      spec: {
        parallelism: 1, completions: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed',
        selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'x' } },
        template: { metadata: { labels: { 'batch.kubernetes.io/controller-uid': 'x', 'job-name': 'once' } }, spec: { ...pod.spec, containers: [{ name: 'run', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', resources: {} }], dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30 } },
      },
    };
    expect(unchanged(job, liveJob, job).action).toBe('unchanged');
    const cron: KubeObject = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta('nightly'), spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: pod } } } };
    const liveCron: KubeObject = { ...cron, metadata: meta('nightly', SERVER_META), spec: { schedule: '0 3 * * *', concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1, jobTemplate: { metadata: { creationTimestamp: null }, spec: { template: liveJob.spec && (liveJob.spec as any).template } } } };
    expect(unchanged(cron, liveCron, cron).action).toBe('unchanged');
  });

  it('custom resources are compared as they are (the API server does not default them)', () => {
    const ro: KubeObject = { apiVersion: 'tugboat.dev/v1alpha1', kind: 'Rollout', metadata: meta('r'), spec: { replicas: 1, template: { spec: { containers: [{ name: 'c', image: 'x:1', resources: { limits: { cpu: '1000m' } } }] } } } };
    const live = structuredClone(ro) as any;
    live.spec.template.spec.containers[0].resources.limits.cpu = '1';
    expect(alignLive(ro, live)).toBe(live);
  });

  it('aligning shares the live object when nothing needs it and never changes its input', () => {
    const live = liveDeployment({});
    const copy = structuredClone(live);
    // nothing to align when the last applied manifest set no field desired leaves out
    expect(alignLive(deployment({}), live)).toBe(live);
    expect(alignLive(deployment({}), live, deployment({}))).toBe(live);
    const out = alignLive(deployment({}), live, deployment({ imagePullPolicy: 'IfNotPresent' }, { revisionHistoryLimit: 10 }));
    expect(out).not.toBe(live);
    expect((out.spec as any).revisionHistoryLimit).toBeUndefined();
    expect((out.spec as any).template.spec.containers[0].imagePullPolicy).toBeUndefined();
    expect(live).toEqual(copy);
    const svc = liveService([{ port: 80, protocol: 'TCP', targetPort: 80 }]);
    const full = service([{ port: 80, protocol: 'TCP', targetPort: 80 }], { clusterIP: '10.96.0.12', clusterIPs: ['10.96.0.12'], type: 'ClusterIP', sessionAffinity: 'None', internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' });
    expect(alignLive(full, svc)).toBe(svc);
  });

  it('fillServerDefaults writes what the table says an API server writes', () => {
    const o = deployment({ resources: { limits: { cpu: '1000m', memory: '1024Mi' }, requests: { cpu: 0.25 } }, ports: [{ containerPort: 80 }] });
    fillServerDefaults(o);
    const c = (o.spec as any).template.spec.containers[0];
    expect(c).toMatchObject({ imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', ports: [{ containerPort: 80, protocol: 'TCP' }], resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '250m' } } });
    expect((o.spec as any).template.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', securityContext: {}, terminationGracePeriodSeconds: 30 });
    expect(o.spec).toMatchObject({ revisionHistoryLimit: 10, progressDeadlineSeconds: 600 });
  });
});
