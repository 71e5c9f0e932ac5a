import { afterEach, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterError } from '../../../../src/core/ports.js';
import { SqliteStateStore } from '../../../../src/adapters/state/sqlite-state-store.js';
import { configMap, manualSim, namespace, type Harness } from './helpers.js';

let h: Harness;
afterEach(async () => h?.cleanup());

async function refused(p: Promise<unknown>): Promise<ClusterError> {
  const e = await p.then(() => undefined, (x) => x);
  expect(e).toBeInstanceOf(ClusterError);
  return e as ClusterError;
}

const secret = (name: string, body: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'app' }, ...body });
const cmKey = (name: string) => ({ group: '', kind: 'ConfigMap', namespace: 'app', name });
const secretKey = (name: string) => ({ group: '', kind: 'Secret', namespace: 'app', name });

describe('the simulated cluster refuses what a real API server refuses', () => {
  it('a ConfigMap whose data is over 1 MiB: 422 Too long, not stored, and validate() says so before any write', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    const big = configMap('big', { blob: 'x'.repeat(1024 * 1024 + 1) });
    const [problem] = await h.sim.validate([big]);
    expect(problem?.error.message).toBe('ConfigMap "big" is invalid: []: Too long: must have at most 1048576 bytes');
    const e = await refused(h.sim.apply(big));
    expect(e.code).toBe(422);
    expect(await h.sim.get(cmKey('big'))).toBeUndefined();
    // Just under the limit is fine.
    await h.sim.apply(configMap('fits', { blob: 'x'.repeat(1024 * 1024 - 10) }));
    expect(await h.sim.get(cmKey('fits'))).toBeDefined();
  });

  it('any object larger than etcd stores (1.5 MiB) is refused with 413', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    const huge = { ...configMap('huge', {}), metadata: { name: 'huge', namespace: 'app', annotations: { note: 'y'.repeat(1_600_000) } } };
    const e = await refused(h.sim.apply(huge));
    expect(e.code).toBe(413);
    expect(e.message).toContain('ConfigMap "huge" is too large to store');
    expect(await h.sim.get(cmKey('huge'))).toBeUndefined();
  });

  it('Secret data that is not base64 is a 400 naming the byte; binaryData of a ConfigMap too', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    const e = await refused(h.sim.apply(secret('bad', { data: { password: 'hunter2!' } })));
    expect(e.code).toBe(400);
    expect(e.message).toBe('Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 7');
    expect(await h.sim.get(secretKey('bad'))).toBeUndefined();
    const unpadded = await refused(h.sim.apply(secret('bad2', { data: { k: 'YWJj' + 'ZA' } })));
    expect(unpadded.code).toBe(400);
    const bin = await refused(h.sim.apply({ ...configMap('bin', {}), binaryData: { b: 'not base64' } }));
    expect(bin.code).toBe(400);
    await h.sim.apply(secret('good', { data: { k: 'YWJjZA==' } }));
    expect((await h.sim.get(secretKey('good')))?.data).toEqual({ k: 'YWJjZA==' });
  });

  it('stringData is folded into data (base64, winning over data) and never stored', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    await h.sim.apply(secret('s', { data: { a: Buffer.from('old').toString('base64'), b: 'Yg==' }, stringData: { a: 'new', c: 'ünï' } }));
    const live = await h.sim.get(secretKey('s'));
    expect(live?.stringData).toBeUndefined();
    expect(live?.data).toEqual({ a: Buffer.from('new').toString('base64'), b: 'Yg==', c: Buffer.from('ünï').toString('base64') });
    // Survives a restart as stored.
    await h.reopen();
    expect((await h.sim.get(secretKey('s')))?.stringData).toBeUndefined();
    // Applying the same manifest again changes nothing.
    const again = await h.sim.apply(secret('s', { data: { a: Buffer.from('old').toString('base64'), b: 'Yg==' }, stringData: { a: 'new', c: 'ünï' } }));
    expect(again.outcome).toBe('unchanged');
  });

  it('the data dir is created 0700 and its databases 0600', async () => {
    h = await manualSim();
    const dir = join(h.dir, 'fresh', 'data');
    const store = new SqliteStateStore(dir);
    store.close();
    expect(statSync(join(h.dir, 'fresh')).mode & 0o777).toBe(0o700);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'state.db')).mode & 0o777).toBe(0o600);
    expect(statSync(join(h.dir, 'cluster.db')).mode & 0o777).toBe(0o600);
  });
});
