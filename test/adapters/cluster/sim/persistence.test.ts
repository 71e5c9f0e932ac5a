import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { createSimCluster, type SimCluster } from '../../../../src/adapters/cluster/sim/index.js';
import type { KubeObject } from '../../../../src/core/model/kube-object.js';
import { deployment, depKey, manualSim, namespace, service, status, tempDir, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

const ready = (p: KubeObject) => status(p).conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True');

describe('sim persistence', () => {
  it('a restart sees the same objects, uids, resourceVersions and events, and controllers continue', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    await h.sim.apply(deployment('web', { replicas: 3 }));
    await h.sim.apply(service('web', { app: 'web' }));
    await h.sim.advance(2000);
    await h.sim.apply(deployment('web', { replicas: 3, image: 'nginx:2' }));
    await h.sim.advance(500); // mid-rollout
    const before = {
      pods: await h.sim.list({ kind: 'Pod', namespace: 'app' }),
      rs: await h.sim.list({ group: 'apps', kind: 'ReplicaSet', namespace: 'app' }),
      dep: await h.sim.get(depKey('web')),
      events: h.sim.events('app'),
      stats: h.sim.stats(),
    };
    expect(before.rs).toHaveLength(2);

    const sim = await h.reopen();
    expect(await sim.list({ kind: 'Pod', namespace: 'app' })).toEqual(before.pods);
    expect(await sim.list({ group: 'apps', kind: 'ReplicaSet', namespace: 'app' })).toEqual(before.rs);
    expect(await sim.get(depKey('web'))).toEqual(before.dep);
    expect(sim.events('app')).toEqual(before.events);
    expect(sim.stats()).toEqual(before.stats);

    await sim.advance(10_000);
    const pods = await sim.list({ kind: 'Pod', namespace: 'app' });
    expect(pods).toHaveLength(3);
    expect(pods.every((p) => (p as any).spec.containers[0].image === 'nginx:2' && ready(p))).toBe(true);
    // pods that survived the restart kept their uid and start time
    const survivor = pods.find((p) => before.pods.some((b) => b.metadata.uid === p.metadata.uid));
    if (survivor) {
      const b = before.pods.find((x) => x.metadata.uid === survivor.metadata.uid)!;
      expect(status(survivor).startTime).toBe(status(b).startTime);
    }
    expect(status(await sim.get(depKey('web')))).toMatchObject({ updatedReplicas: 3, availableReplicas: 3 });
    const ips = pods.map((p) => status(p).podIP);
    expect(new Set(ips).size).toBe(3);
  });

  it('creates the data directory when missing', async () => {
    const root = tempDir();
    const dir = root + '/nested/deeper';
    const sim = await createSimCluster({ dataDir: dir, mode: 'manual' });
    await sim.apply(namespace('x'));
    await sim.close();
    const again = await createSimCluster({ dataDir: dir, mode: 'manual' });
    expect(await again.get({ group: '', kind: 'Namespace', namespace: '', name: 'x' })).toBeDefined();
    await again.close();
    rmSync(root, { recursive: true, force: true });
  });
});

describe('auto mode', () => {
  let sim: SimCluster | undefined;
  afterEach(async () => sim?.close());

  it('runs controllers by itself on real timers', async () => {
    const dir = tempDir();
    sim = await createSimCluster({ dataDir: dir, images: [{ match: 'fast:*', startupSeconds: 0.2 }] });
    await sim.apply(namespace('app'));
    const managers = new Set<string>();
    sim.watch((ev) => ev.manager && managers.add(ev.manager));
    await sim.apply(deployment('web', { replicas: 2, image: 'fast:1' }));
    const deadline = Date.now() + 5000;
    let d: KubeObject | undefined;
    while (Date.now() < deadline) {
      d = await sim.get(depKey('web'));
      if (status(d).availableReplicas === 2) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(status(d).availableReplicas).toBe(2);
    for (const m of ['tugboat', 'deployment-controller', 'replicaset-controller', 'default-scheduler', 'kubelet']) expect(managers).toContain(m);
    await sim.close();
    sim = undefined;
    rmSync(dir, { recursive: true, force: true });
  });
});
