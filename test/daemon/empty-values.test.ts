import { afterEach, describe, expect, it } from 'vitest';
import { TempGitRepo } from '../helpers/temp-git.js';
import { deployment } from '../helpers/manifests.js';
import { inProcessDaemon } from '../helpers/in-process.js';
import { waitFor } from '../helpers/daemon-process.js';
import { appStatus } from '../../src/app/views/app-status.js';
import { appDiff } from '../../src/app/views/app-diff.js';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => { while (stops.length) await stops.pop()!(); });

const cm = (extra: string, data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n${extra}data:\n${data}`;

describe('commits whose only change is an empty map or an empty string', () => {
  it('are Synced at the commit, the diff agrees, and the cluster keeps an empty-string key', async () => {
    const repo = new TempGitRepo();
    repo.write('app/cm.yaml', cm('', '  f: g\n'));
    repo.write('app/deploy.yaml', deployment('web'));
    repo.commit('c0');
    const d = await inProcessDaemon('  - {name: a, source: src, path: app, namespace: a, syncPolicy: {automated: true}}', repo.dir);
    stops.push(() => repo.cleanup(), () => d.stop());
    await waitFor('first sync', async () => d.state.getApp('a')?.syncedRevision === repo.head());
    const ctl = d.daemon.app('a');

    const syncedAt = async (sha: string, what: string) => {
      await waitFor(`${what} Synced`, async () => {
        const s = appStatus(ctl, d.state.getApp('a'));
        return s.sync.status === 'Synced' && s.sync.revision === sha && s.sync.targetRevision === sha;
      }, 10_000);
      expect(appStatus(ctl, d.state.getApp('a')).conditions).toEqual([]);
      const diff = JSON.parse(await appDiff(d.daemon, 'a', { format: 'json' }));
      expect(diff.summary, what).toMatchObject({ create: 0, update: 0, delete: 0 });
    };

    repo.write('app/deploy.yaml', deployment('web').replace('      labels: {app: web}\n    spec:', '      labels: {app: web}\n      annotations: {}\n    spec:'));
    await syncedAt(repo.commit('annotations: {}'), 'annotations: {}');

    repo.write('app/deploy.yaml', deployment('web').replace('      labels: {app: web}\n    spec:', '      labels: {app: web}\n      annotations: {}\n    spec:').replace('          ports:', '          resources: {}\n          ports:'));
    await syncedAt(repo.commit('resources: {}'), 'resources: {}');

    repo.write('app/cm.yaml', cm('  annotations: {}\n', '  f: g\n  e: ""\n'));
    await syncedAt(repo.commit('e: ""'), 'data e: ""');
    const live = await d.cluster.get({ group: '', kind: 'ConfigMap', namespace: 'a', name: 'cfg' });
    expect(live?.data).toEqual({ f: 'g', e: '' });

    // And back: dropping the empty-string key is a change too.
    repo.write('app/cm.yaml', cm('', '  f: g\n'));
    await syncedAt(repo.commit('no e'), 'data without e');
    expect((await d.cluster.get({ group: '', kind: 'ConfigMap', namespace: 'a', name: 'cfg' }))?.data).toEqual({ f: 'g' });
  });
});
