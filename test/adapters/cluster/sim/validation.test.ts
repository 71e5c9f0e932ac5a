import { afterEach, describe, expect, it } from 'vitest';
import { ClusterError } from '../../../../src/core/ports.js';
import { configMap, deployment, manualSim, namespace, type Harness } from './helpers.js';

let h: Harness;
afterEach(async () => h?.cleanup());

async function applyErr(p: Promise<unknown>): Promise<ClusterError> {
  const e = await p.then(() => undefined, (x) => x);
  expect(e).toBeInstanceOf(ClusterError);
  return e as ClusterError;
}

describe('validation', () => {
  it('rejects a bad DNS name with 422', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    const e = await applyErr(h.sim.apply(configMap('Bad_Name', {})));
    expect(e.code).toBe(422);
    expect(e.reason).toBe('Invalid');
    expect(e.message).toMatch(/^ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    expect(e.causes.map((c) => c.field)).toEqual(['metadata.name']);
    // Services need an RFC 1035 label
    const svc = await applyErr(h.sim.apply({ apiVersion: 'v1', kind: 'Service', metadata: { name: '1web', namespace: 'app' }, spec: { ports: [{ port: 80 }] } }));
    expect(svc.message).toContain('DNS-1035 label');
    const ns = await applyErr(h.sim.apply(namespace('a.b')));
    expect(ns.causes[0]!.field).toBe('metadata.name');
  });

  it('rejects a selector that does not match the template labels', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    const d = deployment('web');
    (d['spec'] as any).selector = { matchLabels: { app: 'other' } };
    const e = await applyErr(h.sim.apply(d));
    expect(e.code).toBe(422);
    expect(e.message).toMatch(/^Deployment\.apps "web" is invalid: spec\.selector: Invalid value: .*selector does not match template labels/);
    expect(e.causes[0]!.field).toBe('spec.selector');
  });

  it('rejects negative replicas and missing image / name, reporting every field', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    const d = deployment('web', { replicas: -1 });
    (d['spec'] as any).template.spec.containers = [{ name: 'a' }, { image: 'x' }];
    const e = await applyErr(h.sim.apply(d));
    expect(e.code).toBe(422);
    expect(e.causes.map((c) => c.field)).toEqual(['spec.replicas', 'spec.template.spec.containers[0].image', 'spec.template.spec.containers[1].name']);
    expect(e.message).toContain('spec.replicas: Invalid value: -1: must be greater than or equal to 0');
    expect(e.message).toContain('spec.template.spec.containers[0].image: Required value');
  });

  it('requires service ports', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    const e = await applyErr(h.sim.apply({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'app' }, spec: { ports: [{ name: 'x' }] } }));
    expect(e.causes[0]!.field).toBe('spec.ports[0].port');
  });

  it('validate() checks a batch without writing', async () => {
    h = await manualSim();
    const bad = deployment('web', { replicas: -2 });
    const res = await h.sim.validate([deployment('ok'), bad, configMap('x_y', {})]);
    expect(res.map((r) => r.key.name)).toEqual(['web', 'x_y']);
    expect(res[0]!.error.code).toBe(422);
    expect(h.sim.stats().objects).toBe(4); // default namespace + 3 nodes
  });

  it('the selector of a Deployment is immutable', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    await h.sim.apply(deployment('web'));
    const e = await applyErr(h.sim.apply(deployment('web', { labels: { app: 'web', v: '2' } })));
    expect(e.message).toContain('field is immutable');
  });
});
