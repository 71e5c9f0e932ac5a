/**
 * Health after a pass starts from what the pass holds (the objects the cluster returned from its applies,
 * and anything the watch delivered meanwhile): an object this pass applied is not read back from the
 * cluster for its health, and the health outcome is the same as a read-back would give.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { keyString, type ObjectKey } from '../../src/core/model/kube-object.js';
import type { ClusterStore } from '../../src/core/ports.js';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap, deployment } from '../helpers/manifests.js';
import { inProcessDaemon } from '../helpers/in-process.js';
import { waitFor } from '../helpers/daemon-process.js';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => { while (stops.length) await stops.pop()!(); });

const DEPLOY = 'apps/Deployment/web/web';

/** The sim as the daemon sees it, logging every apply and get by key, in order. */
function countingStore(calls: string[]) {
  return (sim: ClusterStore): ClusterStore => new Proxy(sim, {
    get(target, prop) {
      if (prop === 'get') return (k: ObjectKey) => { calls.push(`get ${keyString(k)}`); return target.get(k); };
      if (prop === 'apply') return (o: Parameters<ClusterStore['apply']>[0], opts: Parameters<ClusterStore['apply']>[1]) => {
        calls.push(`apply ${keyString({ group: o.apiVersion.includes('/') ? o.apiVersion.split('/')[0]! : '', kind: o.kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name })}`);
        return target.apply(o, opts);
      };
      const v = Reflect.get(target, prop) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** Reads of `key` after its last apply in `calls`. */
function readsAfterApply(calls: readonly string[], key: string): number {
  const at = calls.lastIndexOf(`apply ${key}`);
  expect(at).toBeGreaterThanOrEqual(0);
  return calls.slice(at + 1).filter((c) => c === `get ${key}`).length;
}

describe('health after a pass', () => {
  it('starts from the applied objects: what the pass applied is not read back, and health ends as the cluster says', async () => {
    const repo = new TempGitRepo();
    repo.write('app/deploy.yaml', deployment('web', { replicas: 2 }));
    repo.write('app/cm.yaml', configMap('settings'));
    repo.commit('web');
    const calls: string[] = [];
    const d = await inProcessDaemon('  - {name: web, source: src, path: app, namespace: web, syncPolicy: {automated: true}}', repo.dir, { wrapCluster: countingStore(calls) });
    stops.push(() => repo.cleanup(), () => d.stop());
    const ctl = d.daemon.app('web');
    // The first pass (daemon.start waits for it) applied the Deployment and judged its health without a read.
    expect(readsAfterApply(calls, DEPLOY)).toBe(0);
    expect(ctl.resources.get(DEPLOY)?.health.status).toBeDefined();
    await waitFor('healthy', async () => ctl.health.status === 'Healthy');
    const live = await d.cluster.get({ group: 'apps', kind: 'Deployment', namespace: 'web', name: 'web' });
    expect((live!.status as { availableReplicas?: number }).availableReplicas).toBe(2);

    // A change to the Deployment: applied again, again not read back, and Healthy once its new Pods are ready.
    calls.length = 0;
    repo.write('app/deploy.yaml', deployment('web', { replicas: 3, image: 'nginx:1.27' }));
    repo.commit('three replicas');
    await waitFor('the new revision applied', async () => calls.includes(`apply ${DEPLOY}`) && !ctl.busy);
    expect(readsAfterApply(calls, DEPLOY)).toBe(0);
    await waitFor('healthy with three', async () => ctl.health.status === 'Healthy' && ((await d.cluster.get({ group: 'apps', kind: 'Deployment', namespace: 'web', name: 'web' }))!.status as { availableReplicas?: number }).availableReplicas === 3);
    expect(ctl.resources.get(DEPLOY)?.health.status).toBe('Healthy');
  });
});
