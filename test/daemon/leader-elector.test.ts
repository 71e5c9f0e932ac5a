/**
 * Leader election over the real Lease served by the sim's Kubernetes API (HTTPS, bearer token), with a
 * short lease so the test is quick: one leader at a time, takeover after a crash, release on a clean stop,
 * and a leader cut off from the API steps down before anyone else may take the Lease.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createSimCluster, type SimCluster } from '../../src/adapters/cluster/sim/index.js';
import { startKubeApi, writeKubeconfig, type KubeApiServer } from '../../src/adapters/kube-api/index.js';
import { loadKubeConfig } from '../../src/adapters/cluster/kube/index.js';
import { KubeLeaseClient } from '../../src/adapters/leader/kube-lease-client.js';
import { LEADER_LEASE, leaseTiming, LeaseConflictError, type LeaseClient } from '../../src/core/leader/lease-decision.js';
import { LeaderElector } from '../../src/daemon/leader-elector.js';
import { silentLogger } from '../../src/core/ports.js';
import { waitFor } from '../helpers/daemon-process.js';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => { while (stops.length) await stops.pop()!(); });

async function cluster(): Promise<{ sim: SimCluster; api: KubeApiServer; client: () => KubeLeaseClient }> {
  const dir = mkdtempSync(join(tmpdir(), 'tugboat-lease-'));
  const sim = await createSimCluster({ dataDir: join(dir, 'sim') });
  const token = randomBytes(16).toString('hex');
  const api = await startKubeApi({ cluster: sim, port: 0, token });
  const kubeconfig = join(dir, 'kubeconfig');
  writeKubeconfig(kubeconfig, api.url, token, api.caCert);
  stops.push(() => rmSync(dir, { recursive: true, force: true }), () => sim.close(), () => api.close());
  const client = () => {
    const c = new KubeLeaseClient(() => loadKubeConfig({ kubeconfig }), LEADER_LEASE.namespace, LEADER_LEASE.name);
    stops.push(() => c.close());
    return c;
  };
  return { sim, api, client };
}

/** Short enough for a quick test, long enough for a loaded machine: lease 3 s, renew deadline 2 s, retry 0.4 s. */
const T = leaseTiming(3_000);

interface Candidate { elector: LeaderElector; events: Array<{ what: 'started' | 'stopped'; at: number }> }

function candidate(name: string, client: LeaseClient, timing = leaseTiming(1_500)): Candidate {
  const events: Candidate['events'] = [];
  const elector = new LeaderElector({ client, identity: name, timing, logger: silentLogger });
  elector.start({ onStarted: () => events.push({ what: 'started', at: Date.now() }), onStopped: () => events.push({ what: 'stopped', at: Date.now() }) });
  stops.push(() => elector.stop({ release: false }));
  return { elector, events };
}

describe('leader election over a Lease on the Kubernetes API', () => {
  it('exactly one of two candidates leads; the Lease names it; the namespace is created', async () => {
    const { sim, client } = await cluster();
    const a = candidate('a', client(), leaseTiming(3_000));
    const b = candidate('b', client(), leaseTiming(3_000));
    await waitFor('a leader', async () => a.elector.isLeader || b.elector.isLeader);
    await new Promise((r) => setTimeout(r, 1_000));
    expect([a.elector.isLeader, b.elector.isLeader].filter(Boolean)).toHaveLength(1);
    const leader = a.elector.isLeader ? 'a' : 'b';
    const lease = await sim.get({ group: 'coordination.k8s.io', kind: 'Lease', namespace: 'tugboat-system', name: 'tugboat-leader' });
    expect((lease!['spec'] as { holderIdentity: string }).holderIdentity).toBe(leader);
    expect(await sim.get({ group: '', kind: 'Namespace', namespace: '', name: 'tugboat-system' })).toBeDefined();
  });

  it('after the leader crashes (no release) the other takes over once the lease has run out, not before', async () => {
    const { client } = await cluster();
    const a = candidate('a', client(), T);
    await waitFor('a leads', async () => a.elector.isLeader);
    const b = candidate('b', client(), T);
    await new Promise((r) => setTimeout(r, 3_000));
    expect(b.elector.isLeader).toBe(false);
    expect(b.elector.holder).toBe('a');
    const crashedAt = Date.now();
    await a.elector.stop({ release: false });
    await waitFor('b leads', async () => b.elector.isLeader, 20_000);
    const took = Date.now() - crashedAt;
    // a's last renewal was at most one retry period before the crash; b waits a full lease from when it saw it
    expect(took).toBeGreaterThanOrEqual(3_000 - 400 - 500);
    expect(took).toBeLessThan(20_000);
  });

  it('a clean stop releases the Lease: the standby takes over without waiting it out', async () => {
    const { client } = await cluster();
    const a = candidate('a', client(), leaseTiming(15_000));
    await waitFor('a leads', async () => a.elector.isLeader);
    const b = candidate('b', client(), leaseTiming(15_000));
    await new Promise((r) => setTimeout(r, 500));
    const stoppedAt = Date.now();
    await a.elector.stop();
    expect(a.events.map((e) => e.what)).toEqual(['started', 'stopped']);
    await waitFor('b leads', async () => b.elector.isLeader, 8_000);
    expect(Date.now() - stoppedAt).toBeLessThan(8_000);
  });

  it('a leader cut off from the API steps down before the other may take the Lease', async () => {
    const { client } = await cluster();
    let cut = false;
    const real = client();
    const flaky: LeaseClient = {
      get: () => (cut ? Promise.reject(new Error('connection refused')) : real.get()),
      create: (s) => (cut ? Promise.reject(new Error('connection refused')) : real.create(s)),
      update: (s, rv) => (cut ? Promise.reject(new Error('connection refused')) : real.update(s, rv)),
    };
    const a = candidate('a', flaky, T);
    await waitFor('a leads', async () => a.elector.isLeader);
    const b = candidate('b', client(), T);
    await new Promise((r) => setTimeout(r, 1_000));
    cut = true;
    await waitFor('b leads', async () => b.elector.isLeader, 20_000);
    const aStopped = a.events.find((e) => e.what === 'stopped');
    const bStarted = b.events.find((e) => e.what === 'started');
    expect(aStopped, 'a stepped down').toBeDefined();
    expect(aStopped!.at).toBeLessThan(bStarted!.at);
    expect(a.elector.isLeader).toBe(false);
  });

  it('a write at a stale resourceVersion is a conflict (someone else won)', async () => {
    const { client } = await cluster();
    const c = client();
    const created = await c.create({ holderIdentity: 'x', leaseDurationSeconds: 15 });
    await expect(c.create({ holderIdentity: 'y' })).rejects.toBeInstanceOf(LeaseConflictError);
    await c.update({ holderIdentity: 'x', leaseDurationSeconds: 15, renewTime: '2026-01-01T00:00:00.000000Z' }, created.resourceVersion);
    await expect(c.update({ holderIdentity: 'y' }, created.resourceVersion)).rejects.toBeInstanceOf(LeaseConflictError);
    expect((await c.get())!.spec.holderIdentity).toBe('x');
  });
});
