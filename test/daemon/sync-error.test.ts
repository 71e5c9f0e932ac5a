import { afterEach, describe, expect, it } from 'vitest';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap, deployment } from '../helpers/manifests.js';
import { inProcessDaemon } from '../helpers/in-process.js';
import { waitFor } from '../helpers/daemon-process.js';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => { while (stops.length) await stops.pop()!(); });

describe('objects the API server would refuse', () => {
  it('show as SyncError naming the field, and nothing of that sync is applied; the next good commit recovers', async () => {
    const repo = new TempGitRepo();
    repo.write('app/deploy.yaml', deployment('web'));
    repo.write('app/cm.yaml', configMap('settings', { color: 'blue' }));
    repo.commit('good');
    const d = await inProcessDaemon('  - {name: web, source: src, path: app, namespace: web, syncPolicy: {automated: true}}', repo.dir);
    stops.push(() => repo.cleanup(), () => d.stop());
    await waitFor('synced', async () => d.state.getApp('web')?.syncedRevision === repo.head());
    const good = repo.head();

    // A valid ConfigMap change together with a Deployment whose selector does not match its pod labels.
    repo.write('app/cm.yaml', configMap('settings', { color: 'red' }));
    repo.write('app/deploy.yaml', deployment('web').replace('matchLabels: {app: web}', 'matchLabels: {app: other}'));
    const bad = repo.commit('bad selector');
    const rec = await waitFor('SyncError', async () => {
      const r = d.state.getApp('web');
      return r?.conditions.some((c) => c.type === 'SyncError' && c.revision === bad) ? r : undefined;
    });
    expect(rec.conditions.find((c) => c.type === 'SyncError')!.message).toMatch(/Deployment\.apps "web" is invalid: .*spec\.selector/);
    expect(rec.operation).toMatchObject({ phase: 'Failed', revision: bad });
    expect(rec.syncedRevision).toBe(good);
    const cm = await d.cluster.get({ group: '', kind: 'ConfigMap', namespace: 'web', name: 'settings' });
    expect((cm!.data as Record<string, string>).color).toBe('blue');
    expect(await d.metrics.metrics()).toMatch(/tugboat_reconcile_total\{app="web",result="error"\} [1-9]/);
    expect(await d.metrics.metrics()).toMatch(/tugboat_sync_total\{app="web",phase="Failed"\} [1-9]/);

    repo.write('app/deploy.yaml', deployment('web'));
    const fixed = repo.commit('fix');
    await waitFor('recovered', async () => d.state.getApp('web')?.syncedRevision === fixed);
    expect(d.state.getApp('web')!.conditions.some((c) => c.type === 'SyncError')).toBe(false);
    const cm2 = await d.cluster.get({ group: '', kind: 'ConfigMap', namespace: 'web', name: 'settings' });
    expect((cm2!.data as Record<string, string>).color).toBe('red');
  });
});
