/**
 * Server-side apply takes fields another manager owns only where the app's policy says so (issue 13:
 * "forced only where the app's policy says so"), as `kubectl apply --server-side` needs --force-conflicts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { TempGitRepo } from '../helpers/temp-git.js';
import { deployment, configMap } from '../helpers/manifests.js';
import { inProcessDaemon } from '../helpers/in-process.js';
import { waitFor } from '../helpers/daemon-process.js';
import { appStatus } from '../../src/app/views/app-status.js';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => { while (stops.length) await stops.pop()!(); });

const DEPLOY = { group: 'apps', kind: 'Deployment', namespace: 'web', name: 'web' };
const CM = { group: '', kind: 'ConfigMap', namespace: 'web', name: 'settings' };

async function setup(policy: string) {
  const repo = new TempGitRepo();
  repo.write('app/deploy.yaml', deployment('web', { replicas: 2 }));
  repo.write('app/cm.yaml', configMap('settings', { mode: 'a' }));
  repo.commit('initial');
  const d = await inProcessDaemon(`  - {name: web, source: src, path: app, namespace: web, syncPolicy: {automated: true, prune: true, ${policy}}}`, repo.dir);
  stops.push(() => repo.cleanup(), () => d.stop());
  const ctl = d.daemon.app('web');
  await waitFor('first sync', async () => d.state.getApp('web')?.syncedRevision === repo.head());
  // `kubectl scale`: the replicas now belong to the manager kubectl.
  const live = (await d.cluster.get(DEPLOY))!;
  const spec = live.spec as { selector: unknown; template: unknown };
  await d.cluster.apply({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'web' }, spec: { replicas: 5, selector: spec.selector, template: spec.template } }, { fieldManager: 'kubectl', force: true });
  // A commit that changes the same field, and a ConfigMap beside it.
  repo.write('app/deploy.yaml', deployment('web', { replicas: 3 }));
  repo.write('app/cm.yaml', configMap('settings', { mode: 'b' }));
  const next = repo.commit('3 replicas, mode b');
  return { d, ctl, next };
}

const replicas = async (d: Awaited<ReturnType<typeof inProcessDaemon>>) => ((await d.cluster.get(DEPLOY))!.spec as { replicas: number }).replicas;
const mode = async (d: Awaited<ReturnType<typeof inProcessDaemon>>) => ((await d.cluster.get(CM))!.data as { mode: string }).mode;

describe('fields owned by another field manager', () => {
  it('without forceConflicts or selfHeal an automatic sync that would take them fails with a Conflict naming the manager and the field, and applies nothing', async () => {
    const { d, ctl, next } = await setup('selfHeal: false');
    const st = await waitFor('SyncError', async () => {
      const s = appStatus(ctl, d.state.getApp('web'));
      return s.conditions.find((c) => c.type === 'SyncError' && c.revision === next) ? s : undefined;
    });
    const cond = st.conditions.find((c) => c.type === 'SyncError')!;
    expect(cond.message).toMatch(/^Deployment web\/web: Apply failed with 1 conflict: conflict with "kubectl"/);
    expect(cond.message).toContain('.spec.replicas');
    expect(cond.message).toContain('syncPolicy.forceConflicts');
    expect(await replicas(d)).toBe(5);
    // Nothing of the commit was applied: the ConfigMap beside it is unchanged too.
    expect(await mode(d)).toBe('a');
    // A manual sync is the user asking for git's state: it takes the field.
    await d.daemon.sync('web', {});
    expect(await replicas(d)).toBe(3);
    expect(await mode(d)).toBe('b');
    expect(appStatus(ctl, d.state.getApp('web')).conditions).toEqual([]);
  });

  it('with syncPolicy.forceConflicts the automatic sync takes them', async () => {
    const { d, next } = await setup('selfHeal: false, forceConflicts: true');
    await waitFor('synced at the new commit', async () => d.state.getApp('web')?.syncedRevision === next);
    expect(await replicas(d)).toBe(3);
    expect(await mode(d)).toBe('b');
  });

  it('with selfHeal (git wins over changes made in the cluster) the automatic sync takes them', async () => {
    const { d, next } = await setup('selfHeal: true');
    await waitFor('synced at the new commit', async () => d.state.getApp('web')?.syncedRevision === next);
    expect(await replicas(d)).toBe(3);
  });
});
