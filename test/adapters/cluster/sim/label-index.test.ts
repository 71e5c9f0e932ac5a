import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { LabelIndex } from '../../../../src/adapters/cluster/sim/label-index.js';
import { ObjectStore } from '../../../../src/adapters/cluster/sim/object-store.js';
import { Persistence } from '../../../../src/adapters/cluster/sim/persistence.js';
import { ManualClock } from '../../../../src/adapters/cluster/sim/clock.js';
import type { KubeObject } from '../../../../src/core/model/kube-object.js';
import { manualSim, namespace, T0, tempDir, type Harness } from './helpers.js';

function pod(name: string, labels: Record<string, string> | undefined, ns = 'app'): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, ...(labels ? { labels } : {}) }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
}

const names = (objs: KubeObject[]) => objs.map((o) => o.metadata.name).sort();

describe('LabelIndex', () => {
  it('answers from the smallest pair set and forgets removed labels', () => {
    const ix = new LabelIndex();
    ix.add('a', 'ns', { app: 'web', tier: 'fe' });
    ix.add('b', 'ns', { app: 'web', tier: 'be' });
    ix.add('c', 'other', { app: 'web', tier: 'fe' });
    expect([...ix.candidates('ns', { app: 'web' })!].sort()).toEqual(['a', 'b']);
    expect([...ix.candidates('ns', { app: 'web', tier: 'fe' })!]).toEqual(['a']);
    expect([...ix.candidates('ns', { app: 'nope' })!]).toEqual([]);
    expect(ix.candidates('ns', {})).toBeUndefined();
    ix.remove('a', 'ns', { app: 'web', tier: 'fe' });
    expect([...ix.candidates('ns', { app: 'web', tier: 'fe' })!]).toEqual([]);
    ix.remove('b', 'ns', { app: 'web', tier: 'be' });
    ix.remove('c', 'other', { app: 'web', tier: 'fe' });
    // nothing left behind: empty sets are dropped
    expect(ix.size).toBe(0);
  });
});

describe('ObjectStore.podsMatching', () => {
  let dir: string | undefined;
  let persistence: Persistence | undefined;
  afterEach(() => {
    persistence?.close();
    persistence = undefined;
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function open(): ObjectStore {
    persistence?.close();
    dir ??= tempDir();
    persistence = new Persistence(dir);
    const store = new ObjectStore(persistence, new ManualClock(T0));
    store.load();
    return store;
  }

  it('stays consistent through relabels, deletes and a reload', async () => {
    let store = open();
    const key = (n: string, ns = 'app') => `/Pod/${ns}/${n}`;
    store.commit(pod('p1', { app: 'web', tier: 'fe' }), 'test');
    store.commit(pod('p2', { app: 'web' }), 'test');
    store.commit(pod('p3', { app: 'db' }), 'test');
    store.commit(pod('p4', { app: 'web' }, 'other'), 'test');
    store.commit(pod('p5', undefined), 'test');
    // not a pod: never returned
    store.commit({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'app', labels: { app: 'web' } } }, 'test');
    expect(names(store.podsMatching('app', { app: 'web' }))).toEqual(['p1', 'p2']);
    expect(names(store.podsMatching('app', { app: 'web', tier: 'fe' }))).toEqual(['p1']);
    expect(names(store.podsMatching('other', { app: 'web' }))).toEqual(['p4']);
    expect(store.podsMatching('app', {})).toEqual([]);

    // relabel: leaves its old pair, joins the new one
    store.commit(pod('p2', { app: 'db' }), 'test');
    expect(names(store.podsMatching('app', { app: 'web' }))).toEqual(['p1']);
    expect(names(store.podsMatching('app', { app: 'db' }))).toEqual(['p2', 'p3']);
    // labels removed altogether
    store.commit(pod('p1', undefined), 'test');
    expect(store.podsMatching('app', { app: 'web' })).toEqual([]);
    // delete
    store.remove(key('p3'), 'test');
    expect(names(store.podsMatching('app', { app: 'db' }))).toEqual(['p2']);
    // a pod re-created under the same name after its delete
    store.commit(pod('p3', { app: 'db' }), 'test');
    expect(names(store.podsMatching('app', { app: 'db' }))).toEqual(['p2', 'p3']);

    // the index is rebuilt from the database on load
    await persistence!.barrier();
    store = open();
    expect(names(store.podsMatching('app', { app: 'db' }))).toEqual(['p2', 'p3']);
    expect(names(store.podsMatching('other', { app: 'web' }))).toEqual(['p4']);
    expect(store.podsMatching('app', { app: 'web' })).toEqual([]);
  });

  it('matches a selector value that is not a string as its string form, like the label selector does', () => {
    const store = open();
    store.commit(pod('p1', { port: '8080' }), 'test');
    expect(names(store.podsMatching('app', { port: 8080 }))).toEqual(['p1']);
  });
});

describe('Endpoints through the pod label index', () => {
  let h: Harness;
  afterEach(async () => h?.cleanup());

  it('follow pods that are relabelled into and out of a Service, and deleted', async () => {
    h = await manualSim();
    await h.sim.apply(namespace('app'));
    await h.sim.apply({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'app' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
    for (const n of ['a', 'b']) await h.sim.apply(pod(n, { app: n === 'a' ? 'web' : 'other' }), { fieldManager: 'test' });
    await h.sim.advance(5000);
    const targets = async () => {
      const ep = (await h.sim.get({ group: '', kind: 'Endpoints', namespace: 'app', name: 'web' })) as { subsets?: Array<{ addresses?: Array<{ targetRef: { name: string } }>; notReadyAddresses?: Array<{ targetRef: { name: string } }> }> } | undefined;
      return (ep?.subsets ?? []).flatMap((s) => [...(s.addresses ?? []), ...(s.notReadyAddresses ?? [])]).map((a) => a.targetRef.name).sort();
    };
    expect(await targets()).toEqual(['a']);
    await h.sim.apply(pod('b', { app: 'web' }), { fieldManager: 'test' });
    await h.sim.advance(1000);
    expect(await targets()).toEqual(['a', 'b']);
    await h.sim.apply(pod('a', { app: 'gone' }), { fieldManager: 'test' });
    await h.sim.advance(1000);
    expect(await targets()).toEqual(['b']);
    await h.sim.delete({ group: '', kind: 'Pod', namespace: 'app', name: 'b' });
    await h.sim.advance(1000);
    expect(await targets()).toEqual([]);
  });
});
