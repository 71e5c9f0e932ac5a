import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/core/model/kube-object.js';
import { deployment, manualSim, namespace, service, type Harness } from './helpers.js';

let h: Harness;
afterEach(async () => h?.cleanup());

async function slices(svc = 'web'): Promise<KubeObject[]> {
  return h.sim.list({ group: 'discovery.k8s.io', kind: 'EndpointSlice', namespace: 'app', labelSelector: `kubernetes.io/service-name=${svc}` });
}

describe('EndpointSlice', () => {
  it('follows the Service’s pods in step with Endpoints, and goes with the Service', async () => {
    h = await manualSim({ images: [{ match: 'slow:*', startupSeconds: 30 }] });
    await h.sim.apply(namespace('app'));
    await h.sim.apply(deployment('web', { replicas: 2 }));
    await h.sim.apply(deployment('slow', { replicas: 1, image: 'slow:1', labels: { app: 'web', tier: 'slow' } }));
    await h.sim.apply(service('web', { app: 'web' }));
    await h.sim.advance(2000);

    const list = await slices();
    expect(list).toHaveLength(1);
    const slice = list[0] as any;
    expect(slice.apiVersion).toBe('discovery.k8s.io/v1');
    expect(slice.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
    expect(slice.metadata.labels['kubernetes.io/service-name']).toBe('web');
    expect(slice.metadata.ownerReferences[0]).toMatchObject({ kind: 'Service', name: 'web', controller: true });
    expect(slice.addressType).toBe('IPv4');
    expect(slice.ports).toEqual([{ name: 'http', port: 80, protocol: 'TCP' }]);
    expect(slice.endpoints).toHaveLength(3);
    const ready = slice.endpoints.filter((e: any) => e.conditions.ready);
    const notReady = slice.endpoints.filter((e: any) => !e.conditions.ready);
    expect(ready).toHaveLength(2);
    expect(notReady).toHaveLength(1);
    expect(notReady[0].conditions).toEqual({ ready: false, serving: false, terminating: false });
    expect(ready[0].conditions).toEqual({ ready: true, serving: true, terminating: false });
    expect(ready[0].addresses[0]).toMatch(/^10\.244\./);
    expect(ready[0].nodeName).toMatch(/^sim-node-/);
    expect(ready[0].targetRef).toMatchObject({ kind: 'Pod', namespace: 'app' });

    // same addresses as the Endpoints object
    const ep = (await h.sim.get({ group: '', kind: 'Endpoints', namespace: 'app', name: 'web' })) as any;
    const epIps = ep.subsets[0].addresses.map((a: any) => a.ip).sort();
    expect(ready.map((e: any) => e.addresses[0]).sort()).toEqual(epIps);

    await h.sim.advance(30_000);
    const after = (await slices())[0] as any;
    expect(after.metadata.name).toBe(slice.metadata.name);
    expect(after.endpoints.every((e: any) => e.conditions.ready)).toBe(true);

    // scaling to zero leaves an empty slice
    await h.sim.apply(deployment('web', { replicas: 0 }));
    await h.sim.apply(deployment('slow', { replicas: 0, image: 'slow:1', labels: { app: 'web', tier: 'slow' } }));
    await h.sim.advance(60_000);
    expect(((await slices())[0] as any).endpoints).toEqual([]);

    await h.sim.delete({ group: '', kind: 'Service', namespace: 'app', name: 'web' });
    expect(await slices()).toHaveLength(0);
  });
});
