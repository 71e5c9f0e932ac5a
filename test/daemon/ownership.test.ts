import { afterEach, describe, expect, it } from 'vitest';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap } from '../helpers/manifests.js';
import { inProcessDaemon } from '../helpers/in-process.js';
import { waitFor } from '../helpers/daemon-process.js';
import { appStatus } from '../../src/app/views/app-status.js';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => { while (stops.length) await stops.pop()!(); });

const APPS = '  - {name: a, source: src, path: apps/a, namespace: a, syncPolicy: {automated: true, prune: true, selfHeal: true}}\n' +
  '  - {name: b, source: src, path: apps/b, namespace: b, syncPolicy: {automated: true, prune: true, selfHeal: true}}';

const inNs = (yaml: string, ns: string) => yaml.replace(/^metadata:\n/m, `metadata:\n  namespace: ${ns}\n`);

describe('an object another app owns is not taken', () => {
  it('app a commits the ConfigMap app b owns: a gets a SyncError naming b, nothing of that commit is applied, no flip-flop', async () => {
    const repo = new TempGitRepo();
    repo.write('apps/a/own.yaml', configMap('own', { v: '1' }));
    repo.write('apps/b/shared.yaml', configMap('shared', { owner: 'b' }));
    repo.commit('two apps');
    const d = await inProcessDaemon(APPS, repo.dir);
    stops.push(() => repo.cleanup(), () => d.stop());
    await waitFor('both synced', async () => d.state.getApp('a')?.syncedRevision === repo.head() && d.state.getApp('b')?.syncedRevision === repo.head());
    const before = repo.head();

    repo.write('apps/a/own.yaml', configMap('own', { v: '2' }));
    repo.write('apps/a/shared.yaml', inNs(configMap('shared', { owner: 'a' }), 'b'));
    const taking = repo.commit('a takes b/shared');
    const rec = await waitFor('SyncError on a', async () => {
      const r = d.state.getApp('a');
      return r?.conditions.some((c) => c.type === 'SyncError' && c.revision === taking) ? r : undefined;
    });
    expect(rec.conditions.find((c) => c.type === 'SyncError')!.message).toBe('ConfigMap b/shared is owned by application "b": not taken (remove it from one of the two apps)');
    expect(rec.operation).toMatchObject({ phase: 'Failed', revision: taking });
    expect(rec.syncedRevision).toBe(before);

    // Resyncs of both apps change nothing: b keeps its object, a applies nothing of the commit.
    await d.daemon.app('a').request({ kind: 'resync' }, { full: true });
    await d.daemon.app('b').request({ kind: 'resync' }, { full: true });
    await d.daemon.app('a').request({ kind: 'resync' }, { full: true });
    const shared = await d.cluster.get({ group: '', kind: 'ConfigMap', namespace: 'b', name: 'shared' });
    expect(shared?.data).toEqual({ owner: 'b' });
    expect(shared?.metadata.annotations?.['tugboat.dev/tracking-id']).toMatch(/^b:/);
    const own = await d.cluster.get({ group: '', kind: 'ConfigMap', namespace: 'a', name: 'own' });
    expect(own?.data).toEqual({ v: '1' });
    expect([...d.state.applied('a').keys()]).toEqual(['/ConfigMap/a/own']);
    expect(appStatus(d.daemon.app('b'), d.state.getApp('b')).sync.status).toBe('Synced');
    expect(appStatus(d.daemon.app('a'), d.state.getApp('a')).sync.status).toBe('OutOfSync');

    // Giving it up in a's git lets a's other change through.
    repo.remove('apps/a/shared.yaml');
    const gaveUp = repo.commit('a gives up');
    await waitFor('a synced again', async () => d.state.getApp('a')?.syncedRevision === gaveUp);
    expect(d.state.getApp('a')!.conditions.some((c) => c.type === 'SyncError')).toBe(false);
    expect((await d.cluster.get({ group: '', kind: 'ConfigMap', namespace: 'a', name: 'own' }))?.data).toEqual({ v: '2' });
  });

  it('a live object carrying another app\'s tracking annotation is not taken either', async () => {
    const repo = new TempGitRepo();
    repo.write('apps/a/own.yaml', configMap('own'));
    repo.commit('a');
    const d = await inProcessDaemon('  - {name: a, source: src, path: apps/a, namespace: a, syncPolicy: {automated: true}}', repo.dir);
    stops.push(() => repo.cleanup(), () => d.stop());
    await waitFor('synced', async () => d.state.getApp('a')?.syncedRevision === repo.head());
    await d.cluster.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'theirs', namespace: 'a', annotations: { 'tugboat.dev/tracking-id': 'other:/ConfigMap:a/theirs' } }, data: { x: 'theirs' } }, { fieldManager: 'tugboat' });
    repo.write('apps/a/theirs.yaml', configMap('theirs', { x: 'mine' }));
    const sha = repo.commit('a takes theirs');
    const rec = await waitFor('SyncError on a', async () => {
      const r = d.state.getApp('a');
      return r?.conditions.some((c) => c.type === 'SyncError' && c.revision === sha) ? r : undefined;
    });
    expect(rec.conditions.find((c) => c.type === 'SyncError')!.message).toContain('ConfigMap a/theirs is owned by application "other"');
    expect((await d.cluster.get({ group: '', kind: 'ConfigMap', namespace: 'a', name: 'theirs' }))?.data).toEqual({ x: 'theirs' });
  });
});
