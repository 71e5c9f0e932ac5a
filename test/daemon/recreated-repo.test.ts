import { afterEach, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap } from '../helpers/manifests.js';
import { inProcessDaemon } from '../helpers/in-process.js';
import { waitFor } from '../helpers/daemon-process.js';
import { appStatus } from '../../src/app/views/app-status.js';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => { while (stops.length) await stops.pop()!(); });

describe('a repository re-created with new history', () => {
  it('the new head is applied: the old revision missing from git is not retried forever', async () => {
    const repo = new TempGitRepo();
    repo.write('apps/a/cm.yaml', configMap('cm', { history: 'old' }));
    repo.commit('old history');
    const d = await inProcessDaemon('  - {name: a, source: src, path: apps/a, namespace: a, syncPolicy: {automated: true, prune: true}}', repo.dir);
    stops.push(() => repo.cleanup(), () => d.stop());
    await waitFor('first sync', async () => d.state.getApp('a')?.syncedRevision === repo.head());
    const old = repo.head();

    // Same path, a new repository: none of the old objects exist in it.
    rmSync(repo.dir, { recursive: true, force: true });
    const fresh = new TempGitRepo();
    stops.push(() => fresh.cleanup());
    fresh.write('apps/a/cm.yaml', configMap('cm', { history: 'new' }));
    fresh.write('apps/a/cm2.yaml', configMap('cm2'));
    fresh.commit('new history');
    // Move the new repository to the old path (a rename, as `rm -rf && git clone` ends).
    const { renameSync } = await import('node:fs');
    renameSync(fresh.dir, repo.dir);
    const head = repo.head();
    expect(head).not.toBe(old);

    await waitFor('synced at the new head', async () => d.state.getApp('a')?.syncedRevision === head, 20_000);
    const st = appStatus(d.daemon.app('a'), d.state.getApp('a'));
    expect(st.sync).toMatchObject({ status: 'Synced', revision: head, targetRevision: head });
    expect(st.conditions).toEqual([]);
    expect((await d.cluster.get({ group: '', kind: 'ConfigMap', namespace: 'a', name: 'cm' }))?.data).toEqual({ history: 'new' });
    expect(await d.cluster.get({ group: '', kind: 'ConfigMap', namespace: 'a', name: 'cm2' })).toBeDefined();
  });
});
