import { afterEach, describe, expect, it } from 'vitest';
import { TempGitRepo } from '../helpers/temp-git.js';
import { deployment } from '../helpers/manifests.js';
import { inProcessDaemon } from '../helpers/in-process.js';
import { waitFor } from '../helpers/daemon-process.js';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => { while (stops.length) await stops.pop()!(); });

describe('app health before its first good render', () => {
  it('stays Unknown (not Healthy) while the app has no resource view, and turns Healthy once its workload is ready', async () => {
    const repo = new TempGitRepo();
    repo.write('app/deploy.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web\n');
    repo.commit('broken first commit');
    const d = await inProcessDaemon('  - {name: web, source: src, path: app, namespace: web, syncPolicy: {automated: true}}', repo.dir);
    stops.push(() => repo.cleanup(), () => d.stop());
    const ctl = d.daemon.app('web');
    await waitFor('render error', async () => (d.state.getApp('web')?.conditions ?? []).some((c) => c.type === 'RenderError'));
    expect(ctl.resources.size).toBe(0);
    // a child event (a Pod of some workload) asks for a health recompute: an empty view must not read as Healthy
    ctl.touch();
    await new Promise((r) => setTimeout(r, 100));
    expect(ctl.health.status).toBe('Unknown');

    repo.write('app/deploy.yaml', deployment('web', { replicas: 2 }));
    repo.commit('fixed');
    await waitFor('healthy', async () => ctl.health.status === 'Healthy');
    expect(ctl.resources.size).toBe(1);
    const live = await d.cluster.get({ group: 'apps', kind: 'Deployment', namespace: 'web', name: 'web' });
    expect((live!.status as { availableReplicas?: number }).availableReplicas).toBe(2);
  });
});
