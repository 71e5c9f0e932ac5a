import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TempGitRepo } from '../helpers/temp-git.js';
import { deployment } from '../helpers/manifests.js';
import { DaemonProcess, binPath, waitFor } from '../helpers/daemon-process.js';

/**
 * Plain Deployments: syncPolicy.rollbackOnFailure takes a Deployment that misses its progress deadline back
 * to the last healthy entry (cause auto-rollback, revision quarantined); `tugboat rollback --git-revert`
 * commits the revert to the local source so git and the cluster agree again.
 */
function withDeadline(yaml: string, seconds: number): string {
  return yaml.replace('spec:\n  replicas:', `spec:\n  progressDeadlineSeconds: ${seconds}\n  replicas:`);
}

describe('Deployment rollback on failure, and rollback --git-revert', () => {
  const repo = new TempGitRepo();
  const work = mkdtempSync(join(tmpdir(), 'tugboat-drb-'));
  let daemon: DaemonProcess;
  const shas: Record<string, string> = {};
  const app = () => daemon.json<any>('/api/v1/applications/dep');
  const image = async () => (await daemon.json<any>('/api/v1/sim/resources/deployments/web?namespace=dep')).spec.template.spec.containers[0].image;
  const history = async () => (await daemon.json<any>('/api/v1/applications/dep/history')).items as any[];
  const cli = (args: string[]) => spawnSync(process.execPath, [binPath(), ...args, '--server', daemon.url], { encoding: 'utf8', env: { ...process.env, TUGBOAT_TOKEN: '' } });
  const commit = (img: string, msg: string) => {
    repo.write('app/deploy.yaml', withDeadline(deployment('web', { image: img, replicas: 2 }), 2));
    return (shas[msg] = repo.commit(msg));
  };

  beforeAll(async () => {
    commit('web:1', 'v1');
    const cfg = join(work, 'tugboat.yaml');
    writeFileSync(cfg, `apiVersion: tugboat.dev/v1alpha1
kind: Config
cluster:
  dataDir: ./data
  images: [{match: "*:crash", behaviour: crashLoop, startupSeconds: 0.2}, {match: "*", startupSeconds: 0.3}]
sources: [{name: s, repo: ${repo.dir}}]
applications: [{name: dep, source: s, path: app, namespace: dep, syncPolicy: {automated: true, prune: true, selfHeal: true, rollbackOnFailure: true}}]
`);
    daemon = new DaemonProcess(cfg, { TUGBOAT_TOKEN: '' });
    await daemon.start();
    await waitFor('v1 healthy', async () => (await app()).health.status === 'Healthy');
  });

  afterAll(async () => {
    await daemon?.stop();
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('a Deployment that misses its progress deadline is rolled back to the last healthy entry and its revision quarantined', async () => {
    commit('web:2', 'v2');
    const live = () => daemon.json<any>('/api/v1/sim/resources/deployments/web?namespace=dep');
    await waitFor('v2 rolled out', async () => {
      const d = await live();
      return d.spec.template.spec.containers[0].image === 'web:2' && d.status.observedGeneration === d.metadata.generation && d.status.updatedReplicas === 2 && d.status.availableReplicas === 2 && d.status.replicas === 2;
    });
    await waitFor('v2 healthy', async () => (await app()).health.status === 'Healthy');
    commit('web:crash', 'bad');
    await waitFor('bad applied', async () => (await image()) === 'web:crash');
    const entry = await waitFor('auto-rollback', async () => (await history()).find((h) => h.cause === 'auto-rollback'), 30_000);
    expect(entry).toMatchObject({ revision: shas.v2 });
    expect(await image()).toBe('web:2');
    const a = await app();
    expect(a.sync).toMatchObject({ revision: shas.v2, targetRevision: shas.bad });
    expect(a.conditions.find((c: any) => c.type === 'RevisionQuarantined').message).toContain(shas.bad!.slice(0, 12));
    expect(await (await fetch(daemon.url + '/metrics')).text()).toMatch(/tugboat_rollbacks_total\{app="dep",cause="auto-rollback"\} 1/);
    await waitFor('healthy again', async () => (await app()).health.status === 'Healthy');
    await new Promise((r) => setTimeout(r, 1000));
    expect(await image()).toBe('web:2');
  });

  it('rollback --git-revert commits the revert of the commits since that entry, and git and the cluster agree again', async () => {
    commit('web:3', 'v3');
    await waitFor('v3 healthy', async () => (await image()) === 'web:3' && (await app()).health.status === 'Healthy');
    const v2 = (await history()).find((h) => h.revision === shas.v2 && h.cause === 'auto');
    const r = cli(['rollback', 'dep', '--to', String(v2.id), '--git-revert']);
    expect(r.status, r.stderr).toBe(0);
    const head = repo.head();
    expect(repo.git('log', '-1', '--format=%s')).toBe(`Revert 2 commits to app since ${shas.v2!.slice(0, 12)}`);
    expect(repo.git('rev-parse', 'HEAD~1')).toBe(shas.v3);
    expect(repo.git('show', 'HEAD:app/deploy.yaml')).toContain('image: web:2');
    await waitFor('synced to the revert', async () => {
      const a = await app();
      return a.sync.status === 'Synced' && a.sync.revision === head;
    });
    expect(await image()).toBe('web:2');
    expect((await history()).at(-1)).toMatchObject({ revision: head, cause: 'git-revert' });
    expect((await app()).conditions.map((c: any) => c.type)).not.toContain('RevisionQuarantined');
    const m = await (await fetch(daemon.url + "/metrics")).text();
    expect(m, m.split("\n").filter((l) => l.startsWith("tugboat_rollbacks")).join("\n")).toMatch(/tugboat_rollbacks_total\{app="dep",cause="git-revert"\} 1/);
  });
});
