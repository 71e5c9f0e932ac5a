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
 * Blue/green on the simulated cluster with a real git repository, the real binary, its API and CLI:
 * the switch, an automatic abort of a crashing image with quarantine, a git revert and a manual rollback.
 * The active Service's Endpoints are sampled throughout and must never be empty.
 */
const BG = '    blueGreen: {activeService: web, previewService: web-preview, autoPromotionSeconds: 2, scaleDownDelaySeconds: 2, abortScaleDownDelaySeconds: 1}';

describe('blue/green rollouts end to end', () => {
  const repo = new TempGitRepo();
  const work = mkdtempSync(join(tmpdir(), 'tugboat-bg-'));
  let daemon: DaemonProcess;
  let sampler: EndpointsSampler;
  const shas: Record<string, string> = {};
  const app = () => daemon.json<any>('/api/v1/applications/bg');
  const ro = async () => (await app()).rollouts.find((r: any) => r.name === 'web');
  const get = (path: string) => daemon.json<any>(`/api/v1/sim/resources/${path}`);
  const replicaSets = async () => (await get('replicasets?namespace=bg')).items as any[];
  const rsOf = async (image: string) => (await replicaSets()).find((r) => r.spec.template.spec.containers[0].image === image);
  const selectorHash = async (svc: string) => (await get(`services/${svc}?namespace=bg`)).spec.selector['rollouts-pod-template-hash'];
  const cli = (args: string[]) => spawnSync(process.execPath, [binPath(), ...args, '--server', daemon.url], { encoding: 'utf8', env: { ...process.env, TUGBOAT_TOKEN: '' } });
  const commitImage = (image: string, msg: string) => {
    repo.write('app/rollout.yaml', rollout('web', BG, { image, replicas: 3 }));
    return (shas[msg] = repo.commit(msg));
  };

  beforeAll(async () => {
    repo.write('app/services.yaml', serviceFor('web', 'web') + '---\n' + serviceFor('web-preview', 'web'));
    commitImage('web:1', 'v1');
    const cfg = join(work, 'tugboat.yaml');
    writeFileSync(cfg, `apiVersion: tugboat.dev/v1alpha1
kind: Config
cluster:
  dataDir: ./data
  images:
    - {match: "*:crash", behaviour: crashLoop, startupSeconds: 0.3}
    - {match: "*", startupSeconds: 0.4}
sources: [{name: s, repo: ${repo.dir}}]
applications: [{name: bg, source: s, path: app, namespace: bg, syncPolicy: {automated: true, prune: true, selfHeal: true}}]
`);
    daemon = new DaemonProcess(cfg, { TUGBOAT_TOKEN: '' });
    await daemon.start();
    await waitFor('v1 healthy', async () => (await ro())?.phase === 'Healthy' && (await app()).health.status === 'Healthy');
    sampler = new EndpointsSampler(() => daemon.url, 'bg', 'web');
    sampler.start();
  });

  afterAll(async () => {
    await sampler?.stop();
    await daemon?.stop();
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('a new image comes up behind the preview service; active switches only once it is fully ready and autoPromotionSeconds passed; the old ReplicaSet goes after scaleDownDelaySeconds', async () => {
    const v1 = await rsOf('web:1');
    commitImage('web:2', 'v2');
    const v2 = await waitFor('v2 ReplicaSet', () => rsOf('web:2'));
    const hash2 = v2.metadata.labels['rollouts-pod-template-hash'];
    await waitFor('preview on v2', async () => (await selectorHash('web-preview')) === hash2);
    expect(await selectorHash('web')).toBe(v1.metadata.labels['rollouts-pod-template-hash']);
    const readyAt = await waitFor('v2 fully ready', async () => {
      const r = await rsOf('web:2');
      return r?.status?.availableReplicas === 3 && Date.now();
    }, 20_000, 20);
    expect(await selectorHash('web')).not.toBe(hash2);
    expect((await ro()).previewRevision).toBe(shas.v2);
    const switchedAt = await waitFor('active on v2', async () => (await selectorHash('web')) === hash2 && Date.now(), 20_000, 20);
    expect(switchedAt - readyAt).toBeGreaterThanOrEqual(1700);
    expect((await rsOf('web:1')).spec.replicas).toBe(3); // still there during scaleDownDelaySeconds
    const goneAt = await waitFor('v1 scaled to 0', async () => (await rsOf('web:1')).spec.replicas === 0 && Date.now(), 20_000, 20);
    expect(goneAt - switchedAt).toBeGreaterThanOrEqual(1700);
    const r = await ro();
    expect(r).toMatchObject({ strategy: 'blueGreen', phase: 'Healthy', stableRevision: shas.v2, weight: 100 });
    await waitFor('app healthy and synced', async () => (await app()).health.status === 'Healthy' && (await app()).sync.status === 'Synced');
    const m = await (await fetch(daemon.url + '/metrics')).text();
    expect(m).toMatch(/tugboat_rollout_info\{app="bg",rollout="web",strategy="blueGreen",phase="Healthy"\} 1/);
    expect(m).toMatch(/tugboat_rollout_weight\{app="bg",rollout="web"\} 100/);
    expect(m).toMatch(/tugboat_commit_to_healthy_seconds_count\{app="bg"\} [1-9]/);
    // Tugboat's selector label on the Services is not drift.
    const diff = await daemon.json<any>('/api/v1/applications/bg/diff?format=json');
    expect(diff.summary).toMatchObject({ create: 0, update: 0, delete: 0 });
  });

  it('a crashing image is aborted automatically: traffic never leaves the stable version, the revision is quarantined and not retried', async () => {
    const since = Date.now();
    const stable = (await rsOf('web:2')).metadata.name;
    commitImage('web:crash', 'bad');
    await waitFor('aborted', async () => (await ro())?.phase === 'Aborted', 20_000);
    const a = await app();
    expect(a.conditions.map((c: any) => c.type)).toEqual(expect.arrayContaining(['RolloutAborted', 'RevisionQuarantined']));
    expect(a.conditions.find((c: any) => c.type === 'RolloutAborted').message).toContain(shas.bad!.slice(0, 12));
    await waitFor('app Degraded (its Rollout is)', async () => (await app()).health.status === 'Degraded', 10_000);
    const h = (await daemon.json<any>('/api/v1/applications/bg/history')).items;
    expect(h.at(-1)).toMatchObject({ cause: 'auto-rollback', revision: shas.v2 });
    expect(await (await fetch(daemon.url + '/metrics')).text()).toMatch(/tugboat_rollbacks_total\{app="bg",cause="auto-rollback"\} 1/);
    await waitFor('crash ReplicaSet scaled down', async () => (await rsOf('web:crash')).spec.replicas === 0, 20_000);
    const count = (await replicaSets()).length;
    await new Promise((r) => setTimeout(r, 2500));
    expect((await ro()).phase).toBe('Aborted');
    expect((await rsOf('web:crash')).spec.replicas).toBe(0);
    expect((await replicaSets()).length).toBe(count);
    expect([...sampler.servedBy(since)]).toEqual([stable]);
    const status = cli(['status', 'bg']);
    expect(status.stdout).toMatch(/ROLLOUT\s+STRATEGY\s+PHASE/);
    expect(status.stdout).toMatch(/web\s+blueGreen\s+Aborted/);
    // The cluster runs something other than the branch head, and the status says so and why.
    expect(status.stdout).toContain(`Serving:     ${shas.v2!.slice(0, 7)}, not the branch head ${shas.bad!.slice(0, 7)}: rollout web was aborted (RolloutAborted)`);
  });

  it('the next fixing commit deploys normally and clears the abort', async () => {
    commitImage('web:3', 'fix');
    await waitFor('v3 healthy', async () => {
      const r = await ro();
      return r?.phase === 'Healthy' && r.stableRevision === shas.fix;
    }, 30_000);
    const a = await app();
    expect(a.conditions.map((c: any) => c.type)).not.toContain('RolloutAborted');
    expect(a.conditions.map((c: any) => c.type)).not.toContain('RevisionQuarantined');
  });

  it('git revert of a bad commit restores the previous version; the quarantined revision is not applied again', async () => {
    commitImage('web:crash', 'bad2');
    await waitFor('aborted again', async () => (await ro())?.phase === 'Aborted', 20_000);
    repo.git('revert', '--no-edit', 'HEAD');
    const revert = repo.head();
    await waitFor('revert synced', async () => (await app()).sync.revision === revert && (await ro())?.phase === 'Healthy', 20_000);
    const v3 = await rsOf('web:3');
    expect(await selectorHash('web')).toBe(v3.metadata.labels['rollouts-pod-template-hash']);
    const h = (await daemon.json<any>('/api/v1/applications/bg/history')).items;
    expect(h.at(-1)).toMatchObject({ cause: 'git-revert', revision: revert });
    await waitFor('crash ReplicaSet scaled down', async () => (await rsOf('web:crash')).spec.replicas === 0, 20_000);
  });

  it('tugboat rollback restores an earlier version and auto-sync does not undo it', async () => {
    const entry = (await daemon.json<any>('/api/v1/applications/bg/history')).items.find((e: any) => e.revision === shas.v2 && e.cause === 'auto');
    const r = cli(['rollback', 'bg', '--to', String(entry.id)]);
    expect(r.status, r.stderr).toBe(0);
    const hash2 = (await rsOf('web:2')).metadata.labels['rollouts-pod-template-hash'];
    await waitFor('active back on v2', async () => (await selectorHash('web')) === hash2 && (await ro())?.phase === 'Healthy', 20_000);
    const a = await app();
    expect(a.conditions.find((c: any) => c.type === 'RevisionQuarantined')).toBeTruthy();
    expect(a.sync.revision).toBe(shas.v2);
    expect(cli(['status', 'bg']).stdout).toContain(`Serving:     ${shas.v2!.slice(0, 7)}, not the branch head ${a.sync.targetRevision.slice(0, 7)}: the head is quarantined after a rollback (RevisionQuarantined)`);
    await daemon.json('/api/v1/applications/bg/sync', { method: 'POST', body: '{"dryRun":true}', headers: { 'content-type': 'application/json' } });
    await new Promise((res) => setTimeout(res, 1500));
    expect(await selectorHash('web')).toBe(hash2);
    expect((await ro()).stableRevision).toBe(shas.v2);
  });

  it('promote/abort of an unknown rollout and a rollback to an unknown id are 404s; promote of a settled one is a 409', async () => {
    for (const path of ['rollouts/nope/promote', 'rollouts/nope/abort', 'rollback']) {
      const res = await fetch(`${daemon.url}/api/v1/applications/bg/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: path === 'rollback' ? '{"id":999}' : '{}' });
      expect(res.status, path).toBe(404);
      expect((await res.json()).error.message).toMatch(/not found/);
    }
    expect(cli(['promote', 'bg', 'nope']).status).toBe(2);
    const settled = await fetch(`${daemon.url}/api/v1/applications/bg/rollouts/web/promote`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(settled.status).toBe(409);
  });

  it('the active Service never had an empty set of ready endpoints', () => {
    expect(sampler.samples.length).toBeGreaterThan(100);
    expect(sampler.empty()).toEqual([]);
  });
});
