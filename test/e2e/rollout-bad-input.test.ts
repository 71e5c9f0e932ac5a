import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap, rollout, serviceFor } from '../helpers/manifests.js';
import { DaemonProcess, waitFor } from '../helpers/daemon-process.js';

/** A bad Rollout in a commit is a clear SyncError naming the field, and nothing of that commit is applied. */
const BG = '    blueGreen: {activeService: web, previewService: web-preview}';

describe('bad Rollouts change nothing', () => {
  const repo = new TempGitRepo();
  const work = mkdtempSync(join(tmpdir(), 'tugboat-robad-'));
  let daemon: DaemonProcess;
  const app = () => daemon.json<any>('/api/v1/applications/ro');
  const live = () => daemon.json<any>('/api/v1/sim/resources/rollouts/web?namespace=ro');
  const cm = () => daemon.json<any>('/api/v1/sim/resources/configmaps/settings?namespace=ro');

  beforeAll(async () => {
    repo.write('app/services.yaml', serviceFor('web', 'web') + '---\n' + serviceFor('web-preview', 'web'));
    repo.write('app/rollout.yaml', rollout('web', BG, { image: 'web:1', replicas: 2 }));
    repo.write('app/cm.yaml', configMap('settings', { version: '1' }));
    repo.commit('v1');
    const cfg = join(work, 'tugboat.yaml');
    writeFileSync(cfg, `apiVersion: tugboat.dev/v1alpha1\nkind: Config\ncluster: {dataDir: ./data, images: [{match: "*", startupSeconds: 0.2}]}\nsources: [{name: s, repo: ${repo.dir}}]\napplications: [{name: ro, source: s, path: app, namespace: ro, syncPolicy: {automated: true, prune: true, selfHeal: true}}]\n`);
    daemon = new DaemonProcess(cfg, { TUGBOAT_TOKEN: '' });
    await daemon.start();
    await waitFor('v1 healthy', async () => (await app()).rollouts[0]?.phase === 'Healthy');
  });

  afterAll(async () => {
    await daemon?.stop();
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  const cases: Array<[string, string, string]> = [
    ['an unknown field', rollout('web', '    blueGreen: {activeService: web, autoPromote: true}', { image: 'web:2', replicas: 2 }), 'spec.strategy.blueGreen.autoPromote: unknown field'],
    ['a missing activeService', rollout('web', '    blueGreen: {previewService: web-preview}', { image: 'web:2', replicas: 2 }), 'spec.strategy.blueGreen.activeService: Required value'],
    ['a Service that does not exist', rollout('web', '    blueGreen: {activeService: web, previewService: web-nope}', { image: 'web:2', replicas: 2 }), 'previewService: Not found: Service "web-nope" does not exist'],
    ['a selector that does not match its template', rollout('web', BG, { image: 'web:2', replicas: 2 }).replace('matchLabels: {app: web}', 'matchLabels: {app: other}'), '`selector` does not match template `labels`'],
    ['a weight out of 0–100', rollout('web', '    canary: {steps: [{setWeight: 150}]}', { image: 'web:2', replicas: 2 }), 'spec.strategy.canary.steps[0].setWeight: Invalid value: 150: must be an integer from 0 to 100'],
  ];

  for (const [what, manifest, message] of cases) {
    it(`${what}: a SyncError naming it, and the commit's other changes are not applied either`, async () => {
      repo.write('app/rollout.yaml', manifest);
      repo.write('app/cm.yaml', configMap('settings', { version: what }));
      const sha = repo.commit(what);
      const err = await waitFor('sync error', async () => {
        const a = await app();
        return a.sync.targetRevision === sha && a.conditions.find((c: any) => c.type === 'SyncError' && c.revision === sha);
      });
      expect(err.message).toContain(message);
      expect(err.message).toContain('Rollout.tugboat.dev "web" is invalid');
      expect((await live()).spec.template.spec.containers[0].image).toBe('web:1');
      expect((await cm()).data.version).toBe('1');
      expect((await app()).rollouts[0]).toMatchObject({ phase: 'Healthy' });
    });
  }

  it('a promote body of the wrong type is a 400', async () => {
    const res = await fetch(`${daemon.url}/api/v1/applications/ro/rollouts/web/promote`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"full":"yes"}' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toBe('full must be a boolean');
  });
});
