import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/core/model/kube-object.js';
import { assessHealth } from '../../../../src/core/health/assess.js';
import { manualSim, namespace, service, status, type Harness } from './helpers.js';

let h: Harness;
afterEach(async () => h?.cleanup());

const ingress: KubeObject = {
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'web', namespace: 'app' },
  spec: { rules: [{ host: 'web.local', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] },
};

describe('load balancer addresses (as MetalLB and an ingress controller give them in kind)', () => {
  it('a LoadBalancer Service and an Ingress get an address and turn Healthy; a ClusterIP Service gets none', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    const lb = service('lb', { app: 'web' });
    (lb.spec as Record<string, unknown>).type = 'LoadBalancer';
    await h.sim.apply(lb);
    await h.sim.apply(service('web', { app: 'web' }));
    await h.sim.apply(ingress);
    await h.sim.advance(100);
    const got = async (kind: string, group: string, name: string) => (await h.sim.get({ group, kind, namespace: 'app', name }))!;
    const lbIp = status(await got('Service', '', 'lb')).loadBalancer?.ingress?.[0]?.ip;
    const ingIp = status(await got('Ingress', 'networking.k8s.io', 'web')).loadBalancer?.ingress?.[0]?.ip;
    expect(lbIp).toMatch(/^172\.18\.255\.\d+$/);
    expect(ingIp).toMatch(/^172\.18\.255\.\d+$/);
    expect(status(await got('Service', '', 'web')).loadBalancer?.ingress).toBeUndefined();
    expect(assessHealth(await got('Service', '', 'lb')).status).toBe('Healthy');
    expect(assessHealth(await got('Ingress', 'networking.k8s.io', 'web')).status).toBe('Healthy');
    // stable: a later pass leaves the address as it is
    await h.sim.advance(5000);
    expect(status(await got('Ingress', 'networking.k8s.io', 'web')).loadBalancer.ingress[0].ip).toBe(ingIp);
  });
});
