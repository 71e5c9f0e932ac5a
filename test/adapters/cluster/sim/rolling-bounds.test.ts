import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/core/model/kube-object.js';
import { deployment, manualSim, namespace, spec, status, type Harness } from './helpers.js';

let h: Harness;
afterEach(async () => h?.cleanup());

const ready = (p: KubeObject) => status(p).conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True');

/**
 * Kubernetes' documented bounds for a RollingUpdate: with maxSurge 25% (rounded up) and maxUnavailable
 * 25% (rounded down), a 10-replica Deployment never has more than 13 pods nor fewer than 8 available.
 * https://kubernetes.io/docs/concepts/workloads/controllers/deployment/#rolling-update-deployment
 */
describe('RollingUpdate bounds', () => {
  const table = [
    { replicas: 10, surge: '25%', unavailable: '25%', maxPods: 13, minReady: 8 },
    { replicas: 10, surge: 2, unavailable: 0, maxPods: 12, minReady: 10 },
    { replicas: 5, surge: '10%', unavailable: '10%', maxPods: 6, minReady: 5 },
    { replicas: 4, surge: 0, unavailable: '50%', maxPods: 4, minReady: 2 },
  ];
  for (const t of table) {
    it(`${t.replicas} replicas, maxSurge ${t.surge}, maxUnavailable ${t.unavailable}: at most ${t.maxPods} pods, at least ${t.minReady} ready`, async () => {
      h = await manualSim({});
      await h.sim.apply(namespace('app'));
      const strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: t.surge, maxUnavailable: t.unavailable } };
      const d1 = deployment('web', { replicas: t.replicas });
      (d1 as any).spec.strategy = strategy;
      await h.sim.apply(d1);
      await h.sim.advance(3000);
      const pods = async () => (await h.sim.list({ kind: 'Pod', namespace: 'app' })).filter((p) => !p.metadata.deletionTimestamp);
      expect((await pods()).filter(ready)).toHaveLength(t.replicas);
      // Every change is observed through the watch, so no intermediate state between controller steps is missed.
      const live = new Map<string, boolean>((await pods()).map((p) => [p.metadata.name, Boolean(ready(p))]));
      let maxPods = live.size;
      let minReady = [...live.values()].filter(Boolean).length;
      const stop = h.sim.watch((ev) => {
        if (ev.object.kind !== 'Pod') return;
        if (ev.type === 'DELETED') live.delete(ev.object.metadata.name);
        else live.set(ev.object.metadata.name, Boolean(ready(ev.object)));
        maxPods = Math.max(maxPods, live.size);
        minReady = Math.min(minReady, [...live.values()].filter(Boolean).length);
      });
      const d2 = deployment('web', { replicas: t.replicas, image: 'nginx:1.26' });
      (d2 as any).spec.strategy = strategy;
      await h.sim.apply(d2);
      for (let i = 0; i < 60; i++) {
        const ps = await pods();
        if (ps.length === t.replicas && ps.every((p) => spec(p).containers[0].image === 'nginx:1.26' && ready(p))) break;
        await h.sim.advance(250);
      }
      stop();
      const final = await pods();
      expect(final.every((p) => spec(p).containers[0].image === 'nginx:1.26' && ready(p))).toBe(true);
      expect(maxPods).toBeLessThanOrEqual(t.maxPods);
      expect(minReady).toBeGreaterThanOrEqual(t.minReady);
    });
  }
});
