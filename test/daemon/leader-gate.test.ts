/**
 * The write gate of a leader: cluster writes pass only while the elector leads within its renew deadline,
 * judged on every write (a manual clock past the deadline closes it before any timer ran).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { LeaderElector } from '../../src/daemon/leader-elector.js';
import { LeaderGate, LeaderGatedCluster } from '../../src/daemon/leader-gate.js';
import { leaseTiming, LeaseConflictError, type LeaseClient, type LeaseRecord, type LeaseSpec } from '../../src/core/leader/lease-decision.js';
import { ClusterError, silentLogger, type ClusterStore } from '../../src/core/ports.js';
import { waitFor } from '../helpers/daemon-process.js';

/** One Lease in memory with the API server's optimistic concurrency. */
class MemoryLease implements LeaseClient {
  private rec: LeaseRecord | undefined;
  private rv = 0;
  async get() { return this.rec && structuredClone(this.rec); }
  async create(spec: LeaseSpec) {
    if (this.rec) throw new LeaseConflictError('exists');
    this.rec = { spec, resourceVersion: String(++this.rv) };
    return structuredClone(this.rec);
  }
  async update(spec: LeaseSpec, resourceVersion: string) {
    if (this.rec?.resourceVersion !== resourceVersion) throw new LeaseConflictError('conflict');
    this.rec = { spec, resourceVersion: String(++this.rv) };
    return structuredClone(this.rec);
  }
}

const stops: Array<() => Promise<void>> = [];
afterEach(async () => { while (stops.length) await stops.pop()!(); });

describe('LeaderGate', () => {
  it('closes the moment the renew deadline passes by the clock, before the elector\'s timer runs', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const clock = { now: () => now };
    const elector = new LeaderElector({ client: new MemoryLease(), identity: 'me', timing: leaseTiming(15_000), logger: silentLogger, clock });
    const stopped: number[] = [];
    const gate = new LeaderGate(() => `the leader is ${elector.holder}`, () => elector.leadingNow());
    elector.start({ onStarted: () => gate.setOpen(true), onStopped: () => { stopped.push(now); gate.setOpen(false); } });
    stops.push(() => elector.stop({ release: false }));
    await waitFor('leading', async () => elector.isLeader);
    const writes: string[] = [];
    const inner = { apply: async (o: { metadata: { name: string } }) => { writes.push(o.metadata.name); return { outcome: 'created', object: o }; }, delete: async () => true } as unknown as ClusterStore;
    const cluster = new LeaderGatedCluster(inner, gate);
    const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'x' } });
    await cluster.apply(cm('before'));
    now += 9_999;
    await cluster.apply(cm('just-in-time'));
    now += 1;
    await expect(cluster.apply(cm('late'))).rejects.toMatchObject({ code: 503, reason: 'NotLeader' });
    await expect(cluster.delete({ group: '', kind: 'ConfigMap', namespace: 'x', name: 'before' })).rejects.toBeInstanceOf(ClusterError);
    // a dry run is not a write
    await cluster.apply(cm('dry'), { dryRun: true });
    expect(writes).toEqual(['before', 'just-in-time', 'dry']);
    expect(elector.isLeader).toBe(false);
    expect(stopped).toHaveLength(1);
  });

  it('refuses with a message naming the leader while this replica is a standby', () => {
    const gate = new LeaderGate(() => 'the leader is host_1_abcd');
    expect(() => gate.check('apply ConfigMap "a"')).toThrow('cannot apply ConfigMap "a": this replica is not the leader (the leader is host_1_abcd)');
    gate.setOpen(true);
    expect(() => gate.check('x')).not.toThrow();
  });
});
