import { describe, expect, it } from 'vitest';
import { applyOrder, sortForApply, sortForDelete } from '../../../src/core/plan/index.js';
import type { KubeObject, ObjectKey } from '../../../src/core/model/kube-object.js';

const k = (kind: string, name = 'x', namespace = 'ns', group = ''): ObjectKey => ({ group, kind, namespace, name });
const names = (ks: ObjectKey[]): string[] => ks.map((x) => `${x.kind}/${x.namespace}/${x.name}`);

describe('apply order', () => {
  it('Namespaces first, then CRDs, then Helm install order, unknown kinds, webhooks last', () => {
    const input = [
      k('ValidatingWebhookConfiguration', 'v', ''),
      k('Deployment'),
      k('Widget', 'w', 'ns', 'example.com'),
      k('MutatingWebhookConfiguration', 'm', ''),
      k('Service'),
      k('CustomResourceDefinition', 'widgets.example.com', ''),
      k('ConfigMap'),
      k('Ingress'),
      k('ServiceAccount'),
      k('Namespace', 'ns', ''),
      k('APIService', 'v1.example.com', ''),
      k('Secret'),
      k('ClusterRole', 'r', ''),
      k('Job'),
    ];
    expect(names(sortForApply(input))).toEqual([
      'Namespace//ns',
      'CustomResourceDefinition//widgets.example.com',
      'ServiceAccount/ns/x',
      'Secret/ns/x',
      'ConfigMap/ns/x',
      'ClusterRole//r',
      'Service/ns/x',
      'Deployment/ns/x',
      'Job/ns/x',
      'Ingress/ns/x',
      'APIService//v1.example.com',
      'Widget/ns/w',
      'MutatingWebhookConfiguration//m',
      'ValidatingWebhookConfiguration//v',
    ]);
  });

  it('ties are broken by namespace, then name', () => {
    const input = [k('ConfigMap', 'b', 'y'), k('ConfigMap', 'a', 'y'), k('ConfigMap', 'z', 'x')];
    expect(names(sortForApply(input))).toEqual(['ConfigMap/x/z', 'ConfigMap/y/a', 'ConfigMap/y/b']);
  });

  it('unknown kinds are ordered among themselves by kind name', () => {
    expect(names(sortForApply([k('Zebra'), k('Apple'), k('Mango')]))).toEqual(['Apple/ns/x', 'Mango/ns/x', 'Zebra/ns/x']);
  });

  it('delete order is the reverse of apply order', () => {
    const input = [k('Deployment'), k('Namespace', 'ns', ''), k('ValidatingWebhookConfiguration', 'v', ''), k('ConfigMap')];
    expect(sortForDelete(input)).toEqual([...sortForApply(input)].reverse());
    expect(sortForDelete(input).at(-1)!.kind).toBe('Namespace');
  });

  it('is a total order: antisymmetric and zero only for equal keys', () => {
    const keys = [k('Pod', 'a'), k('Pod', 'b'), k('Pod', 'a', 'other'), k('Pod', 'a', 'ns', 'x.io'), k('Namespace', 'a', '')];
    for (const a of keys) {
      for (const b of keys) {
        expect(Math.sign(applyOrder(a, b)) + Math.sign(applyOrder(b, a))).toBe(0);
        if (a !== b) expect(applyOrder(a, b)).not.toBe(0);
      }
    }
  });

  it('sorts KubeObjects and keyed records as well as keys, without mutating the input', () => {
    const objs: KubeObject[] = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
    ];
    expect(sortForApply(objs).map((o) => o.kind)).toEqual(['Namespace', 'Deployment']);
    expect(objs[0]!.kind).toBe('Deployment');
    const keyed = [{ key: k('Service') }, { key: k('Secret') }];
    expect(sortForApply(keyed).map((x) => x.key.kind)).toEqual(['Secret', 'Service']);
  });
});
