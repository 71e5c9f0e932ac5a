import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap, rollout, serviceFor } from '../helpers/manifests.js';
import { DaemonProcess, binPath, waitFor } from '../helpers/daemon-process.js';

/**
 * tugboat_commit_to_healthy_seconds (SPEC §5): observed once per commit that changed the app, when its
 * Rollout is fully promoted and healthy (not while it waits at a pause), and never for an app the
 * commit left alone.
 */
const CANARY = '    canary: {stableService: web-stable, canaryService: web-canary, maxSurge: 1, maxUnavailable: 0, steps: [{setWeight: 50}, {pause: {}}]}';

describe('tugboat_commit_to_healthy_seconds', () => {
  const repo = new TempGitRepo();
  const work = mkdtempSync(join(tmpdir(), 'tugboat-c2h-'));
  let daemon: DaemonProcess;
  const metric = async (app: string, what: 'count' | 'sum') => {
    const text = await (await fetch(daemon.url + '/metrics')).text();
    const m = new RegExp(`^tugboat_commit_to_healthy_seconds_${what}\\{app="${app}"\\} ([0-9.e+-]+)$`, 'm').exec(text);
    return m ? Number(m[1]) : 0;
  };
  const ro = async () => (await daemon.json<any>('/api/v1/applications/ro')).rollouts.find((r: any) => r.name === 'web');
  const appOf = (name: string) => daemon.json<any>(`/api/v1/applications/${name}`);
  const healthyAt = (name: string, sha: string) => waitFor(`${name} healthy at ${sha.slice(0, 7)}`, async () => {
    const a = await appOf(name);
    return a.sync.revision === sha && a.health.status === 'Healthy';
  }, 30_000);

  beforeAll(async () => {
    repo.write('ro/services.yaml', serviceFor('web-stable', 'web') + '---\n' + serviceFor('web-canary', 'web'));
    repo.write('ro/rollout.yaml', rollout('web', CANARY, { image: 'web:1', replicas: 2 }));
    repo.write('other/cm.yaml', configMap('other', { v: '1' }));
    repo.commit('v1');
    const cfg = join(work, 'tugboat.yaml');
    writeFileSync(cfg, `apiVersion: tugboat.dev/v1alpha1
kind: Config
cluster:
  dataDir: ./data
  images: [{match: "*", startupSeconds: 0.2}]
sources: [{name: s, repo: ${repo.dir}}]
applications:
  - {name: ro, source: s, path: ro, namespace: ro, syncPolicy: {automated: true, prune: true, selfHeal: true}}
  - {name: other, source: s, path: other, namespace: other, syncPolicy: {automated: true, prune: true, selfHeal: true}}
`);
    daemon = new DaemonProcess(cfg, { TUGBOAT_TOKEN: '' });
    await daemon.start();
    await healthyAt('ro', repo.head());
    await healthyAt('other', repo.head());
  });

  afterAll(async () => {
    await daemon?.stop();
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('a commit to the Rollout is observed once it is fully promoted, not at its pause, and not for the other app', async () => {
    const before = { ro: await metric('ro', 'count'), roSum: await metric('ro', 'sum'), other: await metric('other', 'count') };
    repo.write('ro/rollout.yaml', rollout('web', CANARY, { image: 'web:2', replicas: 2 }));
    const sha = repo.commit('web 2');
    await waitFor('paused', async () => (await ro())?.phase === 'Paused', 20_000);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await appOf('ro')).health.status).toBe('Suspended');
    expect(await metric('ro', 'count')).toBe(before.ro);
    const r = spawnSync(process.execPath, [binPath(), 'promote', 'ro', 'web', '--server', daemon.url], { encoding: 'utf8', env: { ...process.env, TUGBOAT_TOKEN: '' } });
    expect(r.status, r.stderr).toBe(0);
    await healthyAt('ro', sha);
    await waitFor('observed', async () => (await metric('ro', 'count')) === before.ro + 1, 10_000);
    // From the commit's time (whole seconds) through the pause of at least 1.5 s.
    expect((await metric('ro', 'sum')) - before.roSum).toBeGreaterThanOrEqual(0.5);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await metric('ro', 'count')).toBe(before.ro + 1);
    expect(await metric('other', 'count')).toBe(before.other);
  });

  it('a commit to the other app is observed for it alone', async () => {
    const before = { ro: await metric('ro', 'count'), other: await metric('other', 'count') };
    repo.write('other/cm.yaml', configMap('other', { v: '2' }));
    const sha = repo.commit('other 2');
    await healthyAt('other', sha);
    await waitFor('observed', async () => (await metric('other', 'count')) === before.other + 1, 10_000);
    await healthyAt('ro', sha);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await metric('ro', 'count')).toBe(before.ro);
  });
});
