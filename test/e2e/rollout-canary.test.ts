import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TempGitRepo } from '../helpers/temp-git.js';
import { rollout, serviceFor } from '../helpers/manifests.js';
import { DaemonProcess, binPath, waitFor } from '../helpers/daemon-process.js';
import { EndpointsSampler } from '../helpers/endpoints-sampler.js';

/**
 * Canary on the simulated cluster with a real git repository and the real binary: replica ratios follow
 * the steps, an open pause holds (also across kill -9 and a restart), `tugboat promote` moves on and a
 * timed pause continues by itself. The stable Service's Endpoints are sampled throughout.
 */
const CANARY = `    canary:
      stableService: web-stable
      canaryService: web-canary
      maxSurge: 1
      maxUnavailable: 0
      abortScaleDownDelaySeconds: 1
      steps: [{setWeight: 25}, {pause: {}}, {setWeight: 50}, {pause: {duration: 2s}}]`;

describe('canary rollouts end to end', () => {
  const repo = new TempGitRepo();
  const work = mkdtempSync(join(tmpdir(), 'tugboat-canary-'));
  const cfg = join(work, 'tugboat.yaml');
  let daemon: DaemonProcess;
  let sampler: EndpointsSampler;
  const app = () => daemon.json<any>('/api/v1/applications/cn');
  const ro = async () => (await app()).rollouts.find((r: any) => r.name === 'web');
  const replicaSets = async () => (await daemon.json<any>('/api/v1/sim/resources/replicasets?namespace=cn')).items as any[];
  const counts = async () => {
    const out: Record<string, number> = {};
    for (const r of await replicaSets()) out[r.spec.template.spec.containers[0].image] = r.spec.replicas;
    return out;
  };
  const ready = async (image: string) => (await replicaSets()).find((r) => r.spec.template.spec.containers[0].image === image)?.status?.availableReplicas ?? 0;
  const cli = (args: string[]) => spawnSync(process.execPath, [binPath(), ...args, '--server', daemon.url], { encoding: 'utf8', env: { ...process.env, TUGBOAT_TOKEN: '' } });
  const startDaemon = async () => {
    daemon = new DaemonProcess(cfg, { TUGBOAT_TOKEN: '' });
    await daemon.start();
    await waitFor('ready', async () => (await fetch(daemon.url + '/readyz')).status === 200);
  };

  beforeAll(async () => {
    repo.write('app/services.yaml', serviceFor('web-stable', 'web') + '---\n' + serviceFor('web-canary', 'web'));
    repo.write('app/rollout.yaml', rollout('web', CANARY, { image: 'web:1', replicas: 4 }));
    repo.commit('v1');
    writeFileSync(cfg, `apiVersion: tugboat.dev/v1alpha1
kind: Config
cluster:
  dataDir: ./data
  images: [{match: "*", startupSeconds: 0.4}]
sources: [{name: s, repo: ${repo.dir}}]
applications: [{name: cn, source: s, path: app, namespace: cn, syncPolicy: {automated: true, prune: true, selfHeal: true}}]
`);
    await startDaemon();
    await waitFor('v1 healthy', async () => (await ro())?.phase === 'Healthy' && (await ready('web:1')) === 4);
    sampler = new EndpointsSampler(() => daemon.url, 'cn', 'web-stable');
    sampler.start();
  });

  afterAll(async () => {
    await sampler?.stop();
    await daemon?.stop();
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('weight 25 of 4 replicas is 1 canary and 3 stable pods, and an open pause holds there', async () => {
    repo.write('app/rollout.yaml', rollout('web', CANARY, { image: 'web:2', replicas: 4 }));
    repo.commit('v2');
    await waitFor('paused at step 1', async () => {
      const r = await ro();
      return r?.phase === 'Paused' && r.currentStep === 1;
    }, 20_000);
    expect(await counts()).toEqual({ 'web:1': 3, 'web:2': 1 });
    expect((await ro()).weight).toBe(25);
    await new Promise((r) => setTimeout(r, 3000));
    expect((await ro())).toMatchObject({ phase: 'Paused', currentStep: 1 });
    expect(await counts()).toEqual({ 'web:1': 3, 'web:2': 1 });
    const status = cli(['status', 'cn']);
    expect(status.stdout).toMatch(/web\s+canary\s+Paused\s+1\s+25/);
    const a = await app();
    expect(status.stdout).toContain(`Serving:     ${a.rollouts[0].stableRevision.slice(0, 7)}, not the branch head ${a.sync.targetRevision.slice(0, 7)}: rollout web is Paused at step 1, weight 25`);
    expect((await app()).health.status).toBe('Suspended');
  });

  it('still paused at the same step after kill -9 and a restart, with no extra ReplicaSet', async () => {
    await daemon.kill9();
    await startDaemon();
    await new Promise((r) => setTimeout(r, 2000));
    expect((await ro())).toMatchObject({ phase: 'Paused', currentStep: 1, weight: 25 });
    expect(await counts()).toEqual({ 'web:1': 3, 'web:2': 1 });
  });

  it('promote moves to the next step; the timed pause then continues by itself to full promotion', async () => {
    const r = cli(['promote', 'cn', 'web']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('promoted cn/web');
    await waitFor('timed pause at step 3', async () => (await ro())?.currentStep === 3, 20_000);
    expect(await counts()).toEqual({ 'web:1': 2, 'web:2': 2 });
    expect((await ro()).weight).toBe(50);
    const pausedAt = Date.now();
    await waitFor('fully promoted', async () => (await ro())?.phase === 'Healthy', 20_000);
    expect(Date.now() - pausedAt).toBeGreaterThanOrEqual(1500);
    expect(await counts()).toEqual({ 'web:1': 0, 'web:2': 4 });
    const hash2 = (await replicaSets()).find((x) => x.spec.template.spec.containers[0].image === 'web:2').metadata.labels['rollouts-pod-template-hash'];
    const svc = await daemon.json<any>('/api/v1/sim/resources/services/web-stable?namespace=cn');
    expect(svc.spec.selector).toEqual({ app: 'web', 'rollouts-pod-template-hash': hash2 });
    const children = (await daemon.json<any>('/api/v1/applications/cn/resource-tree')).nodes.filter((n: any) => n.kind === 'ReplicaSet' && n.parent?.kind === 'Rollout');
    expect(children.length).toBe(2);
  });

  it('promote --full skips every remaining step', async () => {
    repo.write('app/rollout.yaml', rollout('web', CANARY, { image: 'web:3', replicas: 4 }));
    repo.commit('v3');
    await waitFor('paused at step 1', async () => (await ro())?.phase === 'Paused' && (await ro())?.currentStep === 1, 20_000);
    const r = cli(['promote', 'cn', 'web', '--full']);
    expect(r.status, r.stderr).toBe(0);
    await waitFor('fully promoted', async () => (await ro())?.phase === 'Healthy', 20_000);
    expect(await counts()).toMatchObject({ 'web:2': 0, 'web:3': 4 });
  });

  it('a newer commit during a paused canary supersedes it: the old canary goes at once, stable keeps serving, no orphaned ReplicaSet', async () => {
    repo.write('app/rollout.yaml', rollout('web', CANARY, { image: 'web:3a', replicas: 4 }));
    repo.commit('v3a');
    await waitFor('3a paused at step 1', async () => (await ro())?.phase === 'Paused' && (await counts())['web:3a'] === 1, 20_000);
    const before = (await replicaSets()).length;
    repo.write('app/rollout.yaml', rollout('web', CANARY, { image: 'web:3b', replicas: 4 }));
    const sha = repo.commit('v3b');
    await waitFor('3b paused at step 1', async () => {
      const r = await ro();
      return r?.phase === 'Paused' && r.currentStep === 1 && r.previewRevision === sha;
    }, 20_000);
    expect(await counts()).toMatchObject({ 'web:3': 3, 'web:3a': 0, 'web:3b': 1 });
    expect((await replicaSets()).length).toBe(before + 1);
    const stableHash = (await replicaSets()).find((x) => x.spec.template.spec.containers[0].image === 'web:3').metadata.labels['rollouts-pod-template-hash'];
    expect((await daemon.json<any>('/api/v1/sim/resources/services/web-stable?namespace=cn')).spec.selector['rollouts-pod-template-hash']).toBe(stableHash);
  });

  it('tugboat abort sends all traffic back to stable', async () => {
    repo.write('app/rollout.yaml', rollout('web', CANARY, { image: 'web:4', replicas: 4 }));
    repo.commit('v4');
    await waitFor('paused at step 1', async () => (await ro())?.phase === 'Paused', 20_000);
    const r = cli(['abort', 'cn', 'web']);
    expect(r.status, r.stderr).toBe(0);
    expect((await ro()).phase).toBe('Aborted');
    await waitFor('stable back to 4', async () => (await counts())['web:3'] === 4 && (await counts())['web:4'] === 0, 20_000);
    expect((await app()).conditions.map((c: any) => c.type)).toContain('RolloutAborted');
  });

  it('the stable Service never had an empty set of ready endpoints', () => {
    expect(sampler.samples.length).toBeGreaterThan(100);
    expect(sampler.empty()).toEqual([]);
  });
});
