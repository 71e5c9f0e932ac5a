import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/core/model/kube-object.js';
import { ClusterError } from '../../../../src/core/ports.js';
import { configMap, deployment, depKey, manualSim, namespace, service, spec, status, type Harness } from './helpers.js';

let h: Harness;
afterEach(async () => h?.cleanup());

const svcKey = { group: '', kind: 'Service', namespace: 'app', name: 'web' };

describe('server-side apply', () => {
  it('removes fields the manager stopped sending, keeps fields others own', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    const cm = configMap('cfg', { a: '1', b: '2' });
    cm.metadata.labels = { x: '1', y: '2' };
    await h.sim.apply(cm);
    // another manager adds a key
    await h.sim.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'app', labels: { owner: 'ops' } }, data: { c: '3' } }, { fieldManager: 'sim-user' });
    // tugboat drops b and label y
    const next = configMap('cfg', { a: '1' });
    next.metadata.labels = { x: '1' };
    const r = await h.sim.apply(next);
    expect(r.outcome).toBe('configured');
    expect(r.object['data']).toEqual({ a: '1', c: '3' });
    expect(r.object.metadata.labels).toEqual({ x: '1', owner: 'ops' });
    const mf = r.object.metadata.managedFields as any[];
    const tug = mf.find((e) => e.manager === 'tugboat');
    expect(tug.operation).toBe('Apply');
    expect(tug.fieldsType).toBe('FieldsV1');
    expect(tug.fieldsV1).toEqual({ 'f:data': { 'f:a': {} }, 'f:metadata': { 'f:labels': { 'f:x': {} } } });
    expect(mf.find((e) => e.manager === 'sim-user').fieldsV1).toEqual({ 'f:data': { 'f:c': {} }, 'f:metadata': { 'f:labels': { 'f:owner': {} } } });
    // dropping all labels removes the now-empty map only if nobody else owns anything in it
    const bare = configMap('cfg', { a: '1' });
    const r2 = await h.sim.apply(bare);
    expect(r2.object.metadata.labels).toEqual({ owner: 'ops' });
  });

  it('keeps server-owned clusterIP and controller-owned status; never takes status from tugboat', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    const first = await h.sim.apply(service('web', { app: 'web' }));
    const ip = spec(first.object).clusterIP;
    expect(ip).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    expect(spec(first.object).type).toBe('ClusterIP');
    expect((first.object.metadata.managedFields as any[])[0].fieldsV1['f:spec']['f:clusterIP']).toBeUndefined();
    // re-apply with an extra field and a (ignored) status
    const again = service('web', { app: 'web' });
    (again['spec'] as any).sessionAffinity = 'ClientIP';
    again['status'] = { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } };
    const r = await h.sim.apply(again);
    expect(spec(r.object).clusterIP).toBe(ip);
    expect(spec(r.object).sessionAffinity).toBe('ClientIP');
    expect(status(r.object).loadBalancer).toBeUndefined();
    // dropping it again falls back to the default
    const r2 = await h.sim.apply(service('web', { app: 'web' }));
    expect(spec(r2.object).sessionAffinity).toBe('None');
    expect(spec(r2.object).clusterIP).toBe(ip);
    expect((await h.sim.get(svcKey))!.metadata.uid).toBe(first.object.metadata.uid);
    // server defaults make no diff: the same apply again is a no-op
    const r3 = await h.sim.apply(service('web', { app: 'web' }));
    expect(r3.outcome).toBe('unchanged');
    expect(r3.object.metadata.resourceVersion).toBe(r2.object.metadata.resourceVersion);
  });

  it('switching a Deployment to Recreate drops the defaulted rollingUpdate', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    const r1 = await h.sim.apply(deployment('web'));
    expect(spec(r1.object).strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } });
    const r2 = await h.sim.apply(deployment('web', { strategy: { type: 'Recreate' } }));
    expect(spec(r2.object).strategy).toEqual({ type: 'Recreate' });
    const r3 = await h.sim.apply(deployment('web'));
    expect(spec(r3.object).strategy.type).toBe('RollingUpdate');
  });

  it('keeps deployment status written by the controller when re-applying', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    await h.sim.apply(deployment('web', { replicas: 2 }));
    await h.sim.advance(5000);
    const d1 = await h.sim.get(depKey('web'));
    expect(status(d1).readyReplicas).toBe(2);
    const withStatus = deployment('web', { replicas: 2 });
    withStatus['status'] = { readyReplicas: 99 };
    const r = await h.sim.apply(withStatus);
    expect(r.outcome).toBe('unchanged');
    expect(status(r.object).readyReplicas).toBe(2);
    expect(r.object.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe('1');
  });

  it('keyed lists: another manager’s container survives, the dropped env var goes', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    const d = deployment('web');
    const c0 = (d['spec'] as any).template.spec.containers[0];
    c0.env = [{ name: 'A', value: '1' }, { name: 'B', value: '2' }];
    await h.sim.apply(d);
    await h.sim.apply(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'app' },
        spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'envoy:1' }] } } },
      },
      { fieldManager: 'injector' },
    );
    const d2 = deployment('web');
    (d2['spec'] as any).template.spec.containers[0].env = [{ name: 'A', value: '1' }];
    const r = await h.sim.apply(d2);
    const containers = spec(r.object).template.spec.containers;
    expect(containers.map((c: any) => c.name)).toEqual(['main', 'sidecar']);
    expect(containers[0].env).toEqual([{ name: 'A', value: '1' }]);
  });

  it('replicas dropped by tugboat but set by another manager are kept; otherwise defaulted', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    await h.sim.apply(deployment('web', { replicas: 3 }));
    expect(spec(await h.sim.get(depKey('web'))).replicas).toBe(3);
    await h.sim.apply(deployment('web'));
    expect(spec(await h.sim.get(depKey('web'))).replicas).toBe(1);
    // an HPA-like manager scales it; tugboat no longer sends replicas
    await h.sim.apply({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'app' }, spec: { replicas: 5 } }, { fieldManager: 'hpa' });
    const r = await h.sim.apply(deployment('web'));
    expect(spec(r.object).replicas).toBe(5);
  });

  it('conflicts: 409 without force, ownership moves with force', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    await h.sim.apply(configMap('cfg', { a: '1' }), { fieldManager: 'sim-user' });
    const err = await h.sim.apply(configMap('cfg', { a: '2' }), { force: false }).catch((e) => e);
    expect(err).toBeInstanceOf(ClusterError);
    expect(err.code).toBe(409);
    expect(err.causes[0].field).toBe('.data.a');
    // same value: shared, no conflict
    expect((await h.sim.apply(configMap('cfg', { a: '1' }), { force: false })).outcome).toBe('configured');
    const r = await h.sim.apply(configMap('cfg', { a: '3' }));
    expect(r.object['data']).toEqual({ a: '3' });
    const mf = r.object.metadata.managedFields as any[];
    expect(mf.map((e) => e.manager)).toEqual(['tugboat']);
  });

  it('generation changes only when something outside metadata/status changes', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    const r1 = await h.sim.apply(deployment('web'));
    expect(r1.object.metadata.generation).toBe(1);
    const labelled: KubeObject = deployment('web');
    labelled.metadata.labels = { a: 'b' };
    const r2 = await h.sim.apply(labelled);
    expect(r2.object.metadata.generation).toBe(1);
    const r3 = await h.sim.apply(deployment('web', { image: 'nginx:1.26' }));
    expect(r3.object.metadata.generation).toBe(2);
  });
});
