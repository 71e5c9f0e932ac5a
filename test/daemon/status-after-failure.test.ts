import { afterEach, describe, expect, it } from 'vitest';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap } from '../helpers/manifests.js';
import { inProcessDaemon } from '../helpers/in-process.js';
import { waitFor } from '../helpers/daemon-process.js';
import { appStatus } from '../../src/app/views/app-status.js';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => { while (stops.length) await stops.pop()!(); });

describe('status after a pass that fails outside rendering', () => {
  it('a full disk: the target revision moves to the new commit and the SyncError names it; the retry recovers', async () => {
    const repo = new TempGitRepo();
    repo.write('apps/a/cm.yaml', configMap('a', { n: '0' }));
    repo.commit('c0');
    const d = await inProcessDaemon('  - {name: a, source: src, path: apps/a, namespace: a, syncPolicy: {automated: true}}', repo.dir);
    stops.push(() => repo.cleanup(), () => d.stop());
    await waitFor('first sync', async () => d.state.getApp('a')?.syncedRevision === repo.head());
    const good = repo.head();
    const ctl = d.daemon.app('a');

    // SQLite's answer when the disk is full, for every write of the state store.
    let full = true;
    const diskFull = () => { if (full) throw Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }); };
    for (const m of ['putApp', 'commitSync', 'recordApplied'] as const) {
      const orig = (d.state as any)[m].bind(d.state);
      (d.state as any)[m] = (...args: unknown[]) => { diskFull(); return orig(...args); };
    }
    repo.write('apps/a/cm.yaml', configMap('a', { n: '1' }));
    const next = repo.commit('c1');
    const st = await waitFor('SyncError for the new commit', async () => {
      const s = appStatus(ctl, d.state.getApp('a'));
      return s.conditions.some((c) => c.type === 'SyncError') ? s : undefined;
    });
    expect(st.sync.targetRevision).toBe(next);
    expect(st.sync.revision).toBe(good);
    expect(st.sync.status).toBe('OutOfSync');
    expect(st.conditions.find((c) => c.type === 'SyncError')).toMatchObject({ revision: next, message: expect.stringContaining('disk is full') });

    full = false;
    await waitFor('recovered by the retry', async () => d.state.getApp('a')?.syncedRevision === next, 30_000);
    const after = appStatus(ctl, d.state.getApp('a'));
    expect(after.sync).toMatchObject({ status: 'Synced', revision: next, targetRevision: next });
    expect(after.conditions).toEqual([]);
  });
});
