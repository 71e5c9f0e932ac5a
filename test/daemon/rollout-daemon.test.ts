import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TempGitRepo } from '../helpers/temp-git.js';
import { rollout, serviceFor } from '../helpers/manifests.js';
import { inProcessDaemon } from '../helpers/in-process.js';
import { waitFor } from '../helpers/daemon-process.js';

describe('rollouts in the daemon (in process)', () => {
  const repo = new TempGitRepo();
  let d: Awaited<ReturnType<typeof inProcessDaemon>>;
  const BG = '    blueGreen: {activeService: web, previewService: web-preview, autoPromotionSeconds: 1, scaleDownDelaySeconds: 1, abortScaleDownDelaySeconds: 1}';

  beforeAll(async () => {
    repo.write('app/rollout.yaml', rollout('web', BG, { image: 'web:1' }));
    repo.write('app/svc.yaml', serviceFor('web', 'web') + '---\n' + serviceFor('web-preview', 'web'));
    repo.commit('v1');
    d = await inProcessDaemon(`  - {name: web, source: src, path: app, namespace: web, syncPolicy: {automated: true, prune: true, selfHeal: true}}`, repo.dir);
  });
  afterAll(async () => {
    await d?.stop();
    repo.cleanup();
  });

  const status = () => {
    const ctl = d.daemon.app('web');
    return { health: ctl.health, rollouts: ctl.rollouts.views(), rec: d.state.getApp('web') };
  };

  it('deploys the first template and turns Healthy', async () => {
    await waitFor('healthy', async () => status().rollouts[0]?.phase === 'Healthy' && status().health.status === 'Healthy', 20_000);
    const svc = await d.cluster.get({ group: '', kind: 'Service', namespace: 'web', name: 'web' });
    expect((svc!.spec as any).selector['rollouts-pod-template-hash']).toBeTruthy();
    const rs = await d.cluster.list({ group: 'apps', kind: 'ReplicaSet', namespace: 'web' });
    expect(rs.map((r) => r.metadata.name)).toHaveLength(1);
    const diff = await d.daemon.app('web').resources;
    expect([...diff.values()].every((r) => r.status === 'Synced')).toBe(true);
  });
});
