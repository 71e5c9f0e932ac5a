import { describe, expect, it } from 'vitest';
import { planPrune } from '../../../src/core/plan/index.js';
import type { ObjectKey } from '../../../src/core/model/kube-object.js';

const k = (kind: string, name: string, namespace = 'shop'): ObjectKey => ({ group: kind === 'Deployment' ? 'apps' : '', kind, namespace, name });
const ns = k('Namespace', 'shop', '');
const deploy = k('Deployment', 'web');
const svc = k('Service', 'web');
const cm = k('ConfigMap', 'web');

describe('planPrune', () => {
  const cases: Array<{
    name: string;
    inventory: ObjectKey[];
    desired: ObjectKey[];
    allowMassPrune?: boolean;
    prune: ObjectKey[];
    blocked: boolean;
    reason?: string;
  }> = [
    { name: 'nothing to prune when everything is still desired', inventory: [deploy, svc], desired: [deploy, svc], prune: [], blocked: false },
    { name: 'an object no longer desired is pruned', inventory: [deploy, svc, cm], desired: [deploy, svc], prune: [cm], blocked: false },
    { name: 'pruning exactly half is allowed', inventory: [deploy, svc, cm, ns], desired: [deploy, ns], prune: [svc, cm], blocked: false },
    {
      name: 'prune of more than half is blocked',
      inventory: [ns, deploy, svc, cm],
      desired: [ns],
      prune: [deploy, svc, cm],
      blocked: true,
      reason: 'prune of 3 of 4 objects blocked: more than half of the app would be deleted; sync with prune to confirm',
    },
    {
      name: 'prune of all objects is blocked',
      inventory: [ns, deploy],
      desired: [],
      prune: [deploy, ns],
      blocked: true,
      reason: 'prune of 2 of 2 objects blocked: every object of the app would be deleted; sync with prune to confirm',
    },
    { name: 'a confirmed mass prune goes ahead', inventory: [ns, deploy], desired: [], allowMassPrune: true, prune: [deploy, ns], blocked: false },
    { name: 'an empty inventory prunes nothing', inventory: [], desired: [], prune: [], blocked: false },
    {
      name: 'namespaces in the prune set are deleted last',
      inventory: [ns, k('Namespace', 'aux', ''), deploy, svc, cm],
      desired: [],
      allowMassPrune: true,
      prune: [deploy, svc, cm, ns, k('Namespace', 'aux', '')],
      blocked: false,
    },
    {
      name: 'desired objects not in the inventory do not count',
      inventory: [deploy, svc],
      desired: [deploy, svc, cm],
      prune: [],
      blocked: false,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const plan = planPrune({ inventory: c.inventory, desired: c.desired, allowMassPrune: c.allowMassPrune ?? false });
      expect(plan.blocked).toBe(c.blocked);
      expect(new Set(plan.prune.map((x) => JSON.stringify(x)))).toEqual(new Set(c.prune.map((x) => JSON.stringify(x))));
      expect(plan.reason).toBe(c.reason);
    });
  }

  it('returns the prune set in delete order', () => {
    const aux = k('Namespace', 'aux', '');
    const plan = planPrune({ inventory: [ns, aux, cm, deploy, svc], desired: [], allowMassPrune: true });
    expect(plan.prune.map((x) => x.kind)).toEqual(['Deployment', 'Service', 'ConfigMap', 'Namespace', 'Namespace']);
  });
});
