import { describe, expect, it } from 'vitest';
import { seededRandom } from './random.js';
import { projectLive, semanticEqual } from '../../../src/core/diff/index.js';
import { equalsProjected } from '../../../src/core/diff/normalize.js';
import type { KubeObject } from '../../../src/core/model/kube-object.js';
import { asLive, deployment } from './fixtures.js';

/** Random small edits at random places, to check the allocation-free fast path against the projection. */
function mutate(o: any, rnd: (n: number) => number): void {
  const c = o.spec.template.spec.containers;
  const web = c.find((x: any) => x.name === 'web');
  const edits = [
    () => (o.spec.replicas = rnd(4)),
    () => (o.spec.replicas = String(rnd(4))),
    () => (web.image = `web:${rnd(3)}`),
    () => web.env.push({ name: `E${rnd(3)}`, value: 'x' }),
    () => web.env.pop(),
    () => c.push({ name: 'sidecar', image: 's' }),
    () => c.unshift({ name: 'first', image: 'f' }),
    () => (web.ports[0].containerPort = 80 + rnd(2)),
    () => web.ports.push({ containerPort: 9090 }),
    () => (o.metadata.labels[`l${rnd(3)}`] = ''),
    () => (o.metadata.labels.app = rnd(2) ? 'web' : 'other'),
    () => (o.metadata.annotations = { note: String(rnd(2)) }),
    () => (o.spec.template.spec.volumes = rnd(2) ? [] : [{ name: 'v', emptyDir: {} }]),
    () => delete o.spec.selector,
    () => (o.spec.paused = rnd(2) === 1),
    () => (web.args = rnd(2) ? ['a'] : []),
  ];
  const n = 1 + rnd(3);
  for (let i = 0; i < n; i++) edits[rnd(edits.length)]!();
}

describe('projection fast path', () => {
  it('agrees with semanticEqual(desired, projectLive(...)) on random edits', () => {
    const rnd = seededRandom(42);
    let equal = 0;
    for (let t = 0; t < 1000; t++) {
      const desired = deployment() as any;
      if (rnd(2)) mutate(desired, rnd);
      const last = rnd(3) === 0 ? undefined : (structuredClone(deployment()) as any);
      if (last && rnd(2)) mutate(last, rnd);
      const live = asLive(deployment(), rnd(2) ? (o) => mutate(o, rnd) : undefined) as any;
      const slow = semanticEqual(desired, projectLive(desired as KubeObject, live, last));
      const fast = equalsProjected(desired, live, last);
      if (fast !== slow) expect({ fast, slow, desired, live, last }).toEqual({ fast: slow, slow, desired, live, last });
      if (slow) equal++;
    }
    // both outcomes are exercised
    expect(equal).toBeGreaterThan(50);
    expect(equal).toBeLessThan(950);
  });
});
