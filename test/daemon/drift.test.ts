import { afterEach, describe, expect, it } from 'vitest';
import { TempGitRepo } from '../helpers/temp-git.js';
import { deployment, configMap } from '../helpers/manifests.js';
import { inProcessDaemon } from '../helpers/in-process.js';
import { waitFor } from '../helpers/daemon-process.js';
import { syncStatusOf } from '../../src/app/views/app-status.js';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => { while (stops.length) await stops.pop()!(); });

const DEPLOY = { group: 'apps', kind: 'Deployment', namespace: 'web', name: 'web' };

async function setup(selfHeal: boolean) {
  const repo = new TempGitRepo();
  repo.write('app/deploy.yaml', deployment('web', { replicas: 2 }));
  repo.write('app/cm.yaml', configMap('settings'));
  repo.commit('initial');
  const d = await inProcessDaemon(`  - {name: web, source: src, path: app, namespace: web, syncPolicy: {automated: true, prune: true, selfHeal: ${selfHeal}}}`, repo.dir);
  stops.push(() => repo.cleanup(), () => d.stop());
  const ctl = d.daemon.app('web');
  const status = () => syncStatusOf(ctl, d.state.getApp('web'));
  await waitFor('synced', async () => status() === 'Synced');
  return { repo, d, ctl, status };
}

/** Someone edits the cluster behind Tugboat's back, as `kubectl scale`/`kubectl apply` would. */
async function userEdit(d: Awaited<ReturnType<typeof inProcessDaemon>>, replicas: number) {
  const live = (await d.cluster.get(DEPLOY))!;
  const spec = live.spec as { replicas: number; selector: unknown; template: unknown };
  await d.cluster.apply({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'web' }, spec: { replicas, selector: spec.selector, template: spec.template } }, { fieldManager: 'kubectl', force: true });
}

describe('drift', () => {
  it('with selfHeal, a change made in the cluster is undone', async () => {
    const { d } = await setup(true);
    await userEdit(d, 5);
    await waitFor('healed', async () => ((await d.cluster.get(DEPLOY))!.spec as { replicas: number }).replicas === 2);
    expect(d.state.history('web')).toHaveLength(1);
  });

  it('without selfHeal, the app shows OutOfSync with the drifted field and the cluster keeps the change', async () => {
    const { d, ctl, status } = await setup(false);
    await userEdit(d, 5);
    await waitFor('OutOfSync', async () => status() === 'OutOfSync');
    expect(ctl.resources.get('apps/Deployment/web/web')!.status).toBe('OutOfSync');
    expect(ctl.resources.get('/ConfigMap/web/settings')!.status).toBe('Synced');
    await new Promise((r) => setTimeout(r, 300));
    expect(((await d.cluster.get(DEPLOY))!.spec as { replicas: number }).replicas).toBe(5);
    const { appDiff } = await import('../../src/app/views/app-diff.js');
    const report = JSON.parse(await appDiff(d.daemon, 'web', { format: 'json' }));
    expect(report.summary.update).toBe(1);
    expect(report.resources.find((r: any) => r.action === 'update').fields).toEqual([{ path: '/spec/replicas', origin: 'drift' }]);
    // A manual sync corrects it.
    await d.daemon.sync('web', {});
    expect(((await d.cluster.get(DEPLOY))!.spec as { replicas: number }).replicas).toBe(2);
    expect(status()).toBe('Synced');
  });

  it('a deleted object is recreated with selfHeal', async () => {
    const { d } = await setup(true);
    await d.cluster.delete({ group: '', kind: 'ConfigMap', namespace: 'web', name: 'settings' });
    await waitFor('recreated', async () => (await d.cluster.get({ group: '', kind: 'ConfigMap', namespace: 'web', name: 'settings' })) !== undefined);
  });

  it('commits arriving during a pass coalesce and the newest wins', async () => {
    const { repo, d, status } = await setup(true);
    let last = '';
    for (let i = 0; i < 5; i++) {
      repo.write('app/cm.yaml', configMap('settings', { n: String(i) }));
      last = repo.commit(`c${i}`);
    }
    await waitFor('newest applied', async () => d.state.getApp('web')?.syncedRevision === last && status() === 'Synced');
    const live = await d.cluster.get({ group: '', kind: 'ConfigMap', namespace: 'web', name: 'settings' });
    expect((live!.data as Record<string, string>).n).toBe('4');
    expect(d.state.history('web').at(-1)!.revision).toBe(last);
    expect(d.state.history('web').length).toBeLessThanOrEqual(6);
  });

  it('the app namespace is created when missing', async () => {
    const { d } = await setup(true);
    expect(await d.cluster.get({ group: '', kind: 'Namespace', namespace: '', name: 'web' })).toBeDefined();
  });
});
