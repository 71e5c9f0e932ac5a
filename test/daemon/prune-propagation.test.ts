/** syncPolicy.prunePropagationPolicy: what happens to a pruned Deployment's ReplicaSets and Pods. */
import { afterEach, describe, expect, it } from 'vitest';
import { TempGitRepo } from '../helpers/temp-git.js';
import { deployment, configMap } from '../helpers/manifests.js';
import { inProcessDaemon } from '../helpers/in-process.js';
import { waitFor } from '../helpers/daemon-process.js';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => { while (stops.length) await stops.pop()!(); });

async function pruneDeployment(policy: string | undefined) {
  const repo = new TempGitRepo();
  repo.write('app/deploy.yaml', deployment('web', { replicas: 2 }));
  repo.write('app/a.yaml', configMap('a'));
  repo.write('app/b.yaml', configMap('b'));
  repo.commit('initial');
  const extra = policy ? `, prunePropagationPolicy: ${policy}` : '';
  const d = await inProcessDaemon(`  - {name: web, source: src, path: app, namespace: web, syncPolicy: {automated: true, prune: true${extra}}}`, repo.dir);
  stops.push(() => repo.cleanup(), () => d.stop());
  const pods = () => d.cluster.list({ group: '', kind: 'Pod', namespace: 'web' });
  await waitFor('two pods', async () => (await pods()).length === 2);
  repo.remove('app/deploy.yaml');
  const next = repo.commit('remove the Deployment');
  await waitFor('pruned', async () => d.state.getApp('web')?.syncedRevision === next && !(await d.cluster.get({ group: 'apps', kind: 'Deployment', namespace: 'web', name: 'web' })));
  return { d, pods, replicaSets: () => d.cluster.list({ group: 'apps', kind: 'ReplicaSet', namespace: 'web' }) };
}

describe('prune propagation', () => {
  it('by default (background) a pruned Deployment takes its ReplicaSets and Pods with it', async () => {
    const { pods, replicaSets } = await pruneDeployment(undefined);
    await waitFor('children gone', async () => (await pods()).length === 0 && (await replicaSets()).length === 0);
  });

  it('orphan keeps the ReplicaSet (and so its Pods), without the owner reference', async () => {
    const { pods, replicaSets } = await pruneDeployment('orphan');
    await new Promise((r) => setTimeout(r, 300));
    const rs = await replicaSets();
    expect(rs).toHaveLength(1);
    expect(rs[0]!.metadata.ownerReferences ?? []).toEqual([]);
    expect(await pods()).toHaveLength(2);
  });

  it('an unknown policy is a config error naming the choices', async () => {
    await expect(pruneDeployment('sideways')).rejects.toThrow(/prunePropagationPolicy: expected one of background, foreground, orphan/);
  });
});
