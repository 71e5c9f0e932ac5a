import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/core/model/kube-object.js';
import { ClusterError } from '../../../../src/core/ports.js';
import { formatAmount } from '../../../../src/adapters/cluster/sim/quota.js';
import { deployment, manualSim, namespace, status, type Harness } from './helpers.js';

let h: Harness;
afterEach(async () => h?.cleanup());

function quota(hard: Record<string, string>, name = 'compute', ns = 'app'): KubeObject {
  return { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name, namespace: ns }, spec: { hard } };
}

function pod(name: string, resources?: Record<string, unknown>, ns = 'app'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: ns },
    spec: { containers: [{ name: 'main', image: 'nginx:1.25', ...(resources ? { resources } : {}) }] },
  };
}

const rqKey = (name = 'compute', ns = 'app') => ({ group: '', kind: 'ResourceQuota', namespace: ns, name });

async function setup(): Promise<void> {
  h = await manualSim();
  await h.sim.apply(namespace('app'));
}

describe('ResourceQuota', () => {
  it('a 3-replica Deployment under pods: 2 stops at 2 pods with FailedCreate; raising the quota lets the third in', async () => {
    await setup();
    await h.sim.apply(quota({ pods: '2' }));
    await h.sim.apply(deployment('web', { replicas: 3 }));
    await h.sim.settle();
    expect(await h.sim.list({ kind: 'Pod', namespace: 'app' })).toHaveLength(2);
    const [rs] = await h.sim.list({ group: 'apps', kind: 'ReplicaSet', namespace: 'app' });
    expect(status(rs).replicas).toBe(2);
    const failed = h.sim.events('app').filter((e) => e['reason'] === 'FailedCreate');
    expect(failed.length).toBeGreaterThanOrEqual(1);
    for (const ev of failed) {
      expect(ev['type']).toBe('Warning');
      expect((ev['involvedObject'] as any).kind).toBe('ReplicaSet');
      expect(ev['message']).toMatch(
        new RegExp(`^Error creating: pods "${rs!.metadata.name}-[a-z0-9]{5}" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2$`),
      );
    }
    expect(status(await h.sim.get(rqKey()))).toEqual({ hard: { pods: '2' }, used: { pods: '2' } });

    // retried later: still refused
    await h.sim.advance(30_000);
    expect(await h.sim.list({ kind: 'Pod', namespace: 'app' })).toHaveLength(2);

    await h.sim.apply(quota({ pods: '3' }));
    await h.sim.settle();
    expect(await h.sim.list({ kind: 'Pod', namespace: 'app' })).toHaveLength(3);
    expect(status(await h.sim.get(rqKey()))).toEqual({ hard: { pods: '3' }, used: { pods: '3' } });
  });

  it('refuses a directly applied pod with the API server wording (403 Forbidden), cpu alias and limits included', async () => {
    await setup();
    await h.sim.apply(quota({ 'requests.cpu': '1', 'limits.memory': '1Gi' }));
    await h.sim.apply(pod('a', { requests: { cpu: '500m' }, limits: { memory: '512Mi' } }));
    await h.sim.apply(pod('b', { requests: { cpu: '500m' }, limits: { memory: '256Mi' } }));
    let err: unknown;
    try {
      await h.sim.apply(pod('web-abc12', { requests: { cpu: '500m' }, limits: { memory: '256Mi' } }));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ClusterError);
    expect((err as ClusterError).code).toBe(403);
    expect((err as ClusterError).reason).toBe('Forbidden');
    expect((err as ClusterError).message).toBe(
      'pods "web-abc12" is forbidden: exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=1, limited: requests.cpu=1',
    );
    await expect(h.sim.apply(pod('c'))).rejects.toThrow('pods "c" is forbidden: failed quota: compute: must specify limits.memory,requests.cpu');
    await h.sim.settle();
    expect(status(await h.sim.get(rqKey()))).toEqual({
      hard: { 'requests.cpu': '1', 'limits.memory': '1Gi' },
      used: { 'requests.cpu': '1', 'limits.memory': '768Mi' },
    });
    // deleting a pod frees its share
    await h.sim.delete({ group: '', kind: 'Pod', namespace: 'app', name: 'a' });
    await h.sim.settle();
    expect(status(await h.sim.get(rqKey())).used).toEqual({ 'requests.cpu': '500m', 'limits.memory': '256Mi' });
    await h.sim.apply(pod('web-abc12', { requests: { cpu: '500m' }, limits: { memory: '256Mi' } }));

    await h.sim.apply(quota({ cpu: '1' }, 'alias'));
    await expect(h.sim.apply(pod('d', { requests: { cpu: '100m' }, limits: { memory: '1Mi' } }))).rejects.toThrow(
      'exceeded quota: alias, requested: cpu=100m, used: cpu=1, limited: cpu=1',
    );
  });

  it('a Job under a cpu quota runs its pods one after another and records FailedCreate', async () => {
    await setup();
    await h.sim.apply(quota({ 'requests.cpu': '500m' }));
    const job: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'batch', namespace: 'app' },
      spec: {
        completions: 2,
        parallelism: 2,
        template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'batch:1', resources: { requests: { cpu: '500m' } } }] } },
      },
    };
    await h.sim.apply(job);
    await h.sim.settle();
    const jobKey = { group: 'batch', kind: 'Job', namespace: 'app', name: 'batch' };
    expect(status(await h.sim.get(jobKey)).active).toBe(1);
    const ev = h.sim.events('app').find((e) => e['reason'] === 'FailedCreate');
    expect((ev!['involvedObject'] as any).kind).toBe('Job');
    expect(ev!['message']).toMatch(/^Error creating: pods "batch-[a-z0-9]{5}" is forbidden: exceeded quota: compute, requested: requests.cpu=500m, used: requests.cpu=500m, limited: requests.cpu=500m$/);
    await h.sim.advance(60_000);
    expect(status(await h.sim.get(jobKey)).succeeded).toBe(2);
    expect(status(await h.sim.get(rqKey())).used).toEqual({ 'requests.cpu': '0' });
  });

  it('formats amounts like quantities', () => {
    expect(formatAmount('requests.cpu', 1500)).toBe('1500m');
    expect(formatAmount('cpu', 2000)).toBe('2');
    expect(formatAmount('limits.memory', 2 ** 30)).toBe('1Gi');
    expect(formatAmount('requests.memory', 0)).toBe('0');
    expect(formatAmount('pods', 4)).toBe('4');
  });
});
