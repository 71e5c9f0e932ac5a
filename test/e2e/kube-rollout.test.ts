/**
 * One blue/green rollout pass with `cluster.type: kube`: the real `tugboat serve` drives a Rollout
 * (tugboat.dev/v1alpha1) through the sim's Kubernetes API hosted in this test process — preview first,
 * the switch after autoPromotionSeconds, the old ReplicaSet scaled down, then a crashing image aborted
 * automatically — with the active Service's Endpoints never empty.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createSimCluster, type SimCluster } from '../../src/adapters/cluster/sim/index.js';
import { startKubeApi, writeKubeconfig, type KubeApiServer } from '../../src/adapters/kube-api/index.js';
import { TempGitRepo } from '../helpers/temp-git.js';
import { rollout, serviceFor } from '../helpers/manifests.js';
import { DaemonProcess, runTugboat, waitFor } from '../helpers/daemon-process.js';

const BG = '    blueGreen: {activeService: web, previewService: web-preview, autoPromotionSeconds: 2, scaleDownDelaySeconds: 2, abortScaleDownDelaySeconds: 1}';

describe('blue/green rollout with cluster.type kube against a Kubernetes API', () => {
  const repo = new TempGitRepo();
  const work = mkdtempSync(join(tmpdir(), 'tugboat-kube-bg-'));
  let sim: SimCluster;
  let api: KubeApiServer;
  let daemon: DaemonProcess;
  const shas: Record<string, string> = {};
  // the active Service's ready endpoints, sampled straight from the cluster the API serves
  const samples: Array<{ at: number; pods: string[] }> = [];
  let sampling = true;
  let sampler: Promise<void> | undefined;

  const app = () => daemon.json<any>('/api/v1/applications/bg');
  const ro = async () => (await app()).rollouts?.find((r: any) => r.name === 'web');
  const replicaSets = () => sim.list({ group: 'apps', kind: 'ReplicaSet', namespace: 'bg' }) as Promise<any[]>;
  const rsOf = async (image: string) => (await replicaSets()).find((r) => r.spec.template.spec.containers[0].image === image);
  const selectorHash = async (svc: string) => ((await sim.get({ group: '', kind: 'Service', namespace: 'bg', name: svc })) as any)?.spec.selector['rollouts-pod-template-hash'];
  const commitImage = (image: string, msg: string) => {
    repo.write('app/rollout.yaml', rollout('web', BG, { image, replicas: 3 }));
    return (shas[msg] = repo.commit(msg));
  };

  beforeAll(async () => {
    sim = await createSimCluster({
      dataDir: join(work, 'cluster'),
      nodes: 2,
      images: [{ match: '*:crash', behaviour: 'crashLoop', startupSeconds: 0.3 }, { match: '*', startupSeconds: 0.4 }],
    });
    const token = randomBytes(16).toString('hex');
    api = await startKubeApi({ cluster: sim, port: 0, token });
    writeKubeconfig(join(work, 'kubeconfig'), api.url, token, api.caCert);
    repo.write('app/services.yaml', serviceFor('web', 'web') + '---\n' + serviceFor('web-preview', 'web'));
    commitImage('web:1', 'v1');
    const cfg = join(work, 'tugboat.yaml');
    writeFileSync(cfg, `apiVersion: tugboat.dev/v1alpha1
kind: Config
cluster: {type: kube, kubeconfig: ./kubeconfig, context: tugboat-sim, dataDir: ./data}
sources: [{name: s, repo: ${repo.dir}}]
applications: [{name: bg, source: s, path: app, namespace: bg, syncPolicy: {automated: true, prune: true, selfHeal: true}}]
`);
    daemon = new DaemonProcess(cfg, { TUGBOAT_TOKEN: '' });
    await daemon.start();
    await waitFor('v1 healthy', async () => (await ro())?.phase === 'Healthy' && (await app()).health.status === 'Healthy');
    sampler = (async () => {
      while (sampling) {
        const ep = (await sim.get({ group: '', kind: 'Endpoints', namespace: 'bg', name: 'web' })) as any;
        const pods = (ep?.subsets ?? []).flatMap((s: any) => (s.addresses ?? []).map((a: any) => a.targetRef?.name ?? '?'));
        samples.push({ at: Date.now(), pods });
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
  });

  afterAll(async () => {
    sampling = false;
    await sampler;
    await daemon?.stop();
    await api?.close();
    await sim?.close();
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('v2 comes up behind the preview Service, active switches after autoPromotionSeconds, the old ReplicaSet goes after scaleDownDelaySeconds', async () => {
    const v1 = await rsOf('web:1');
    expect(v1).toBeTruthy();
    commitImage('web:2', 'v2');
    const v2 = await waitFor('v2 ReplicaSet', () => rsOf('web:2'));
    const hash2 = v2.metadata.labels['rollouts-pod-template-hash'];
    await waitFor('preview on v2', async () => (await selectorHash('web-preview')) === hash2);
    expect(await selectorHash('web')).toBe(v1.metadata.labels['rollouts-pod-template-hash']);
    const readyAt = await waitFor('v2 fully ready', async () => (await rsOf('web:2'))?.status?.availableReplicas === 3 && Date.now(), 20_000, 20);
    const switchedAt = await waitFor('active on v2', async () => (await selectorHash('web')) === hash2 && Date.now(), 20_000, 20);
    expect(switchedAt - readyAt).toBeGreaterThanOrEqual(1500);
    const goneAt = await waitFor('v1 scaled to 0', async () => (await rsOf('web:1')).spec.replicas === 0 && Date.now(), 20_000, 20);
    expect(goneAt - switchedAt).toBeGreaterThanOrEqual(1500);
    expect(await ro()).toMatchObject({ strategy: 'blueGreen', phase: 'Healthy', stableRevision: shas.v2, weight: 100 });
    await waitFor('app healthy and synced', async () => {
      const a = await app();
      return a.health.status === 'Healthy' && a.sync.status === 'Synced';
    });
    // the Rollout's status written through the API's status subresource
    const live = (await sim.get({ group: 'tugboat.dev', kind: 'Rollout', namespace: 'bg', name: 'web' })) as any;
    expect(live.status).toMatchObject({ phase: 'Healthy', weight: 100, stableRS: hash2, blueGreen: { activeSelector: hash2 } });
    const diff = await daemon.json<any>('/api/v1/applications/bg/diff?format=json');
    expect(diff.summary).toMatchObject({ create: 0, update: 0, delete: 0 });
  });

  it('a crashing image is aborted automatically: traffic stays on v2, the revision is quarantined', async () => {
    const since = Date.now();
    const stable = (await rsOf('web:2')).metadata.name;
    commitImage('web:crash', 'bad');
    await waitFor('aborted', async () => (await ro())?.phase === 'Aborted', 30_000);
    const a = await app();
    expect(a.conditions.map((c: any) => c.type)).toEqual(expect.arrayContaining(['RolloutAborted', 'RevisionQuarantined']));
    expect((await daemon.json<any>('/api/v1/applications/bg/history')).items.at(-1)).toMatchObject({ cause: 'auto-rollback', revision: shas.v2 });
    await waitFor('crash ReplicaSet scaled down', async () => (await rsOf('web:crash'))?.spec.replicas === 0, 20_000);
    const served = new Set(samples.filter((s) => s.at >= since).flatMap((s) => s.pods.map((p) => p.slice(0, p.lastIndexOf('-')))));
    expect([...served]).toEqual([stable]);
    const status = await runTugboat(['status', 'bg', '--server', daemon.url], { TUGBOAT_TOKEN: '' });
    expect(status.stdout).toMatch(/web\s+blueGreen\s+Aborted/);
  });

  it('the active Service never had an empty set of ready endpoints', () => {
    expect(samples.length).toBeGreaterThan(50);
    const first = samples.findIndex((s) => s.pods.length > 0);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(samples.slice(first).filter((s) => s.pods.length === 0)).toEqual([]);
  });
});
