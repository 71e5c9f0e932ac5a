import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap, deployment } from '../helpers/manifests.js';
import { DaemonProcess, waitFor } from '../helpers/daemon-process.js';

describe('a broken commit changes nothing, says why, counts, and the next good commit recovers', () => {
  const repo = new TempGitRepo();
  const work = mkdtempSync(join(tmpdir(), 'tugboat-bad-'));
  let daemon: DaemonProcess;
  let good = '';

  const app = () => daemon.json<any>('/api/v1/applications/web');
  const liveImages = async () => {
    const t = await daemon.json<{ nodes: any[] }>('/api/v1/applications/web/resource-tree');
    return t.nodes.filter((n) => n.kind === 'Deployment').map((n) => n.images?.[0]);
  };
  const errorCount = async () => {
    const m = await (await fetch(daemon.url + '/metrics')).text();
    const hit = /tugboat_reconcile_total\{app="web",result="error"\} (\d+)/.exec(m);
    return hit ? Number(hit[1]) : 0;
  };
  const expectRecovered = async (image: string) => {
    repo.write('apps/web/deployment.yaml', deployment('web', { image }));
    good = repo.commit(`good: ${image}`);
    const a = await waitFor('recovered', async () => {
      const s = await app();
      return s.sync.revision === good && s.sync.status === 'Synced' ? s : undefined;
    });
    expect(a.conditions.filter((c: any) => c.type === 'RenderError')).toEqual([]);
    expect(await liveImages()).toEqual([image]);
  };
  const expectRenderError = async (sha: string, pattern: RegExp, errorsBefore: number) => {
    const a = await waitFor('RenderError', async () => {
      const s = await app();
      return s.conditions.some((c: any) => c.type === 'RenderError' && c.revision === sha) ? s : undefined;
    });
    const cond = a.conditions.find((c: any) => c.type === 'RenderError');
    expect(cond.message).toMatch(pattern);
    expect(a.sync.revision).toBe(good);
    expect(a.sync.targetRevision).toBe(sha);
    expect(a.sync.status).toBe('Unknown');
    expect(await liveImages()).toEqual([lastImage]);
    expect(await errorCount()).toBeGreaterThan(errorsBefore);
  };
  let lastImage = 'nginx:1.0';

  beforeAll(async () => {
    repo.write('apps/web/deployment.yaml', deployment('web', { image: lastImage }));
    repo.write('apps/web/config.yaml', configMap('web-config'));
    good = repo.commit('initial');
    const cfg = join(work, 'tugboat.yaml');
    writeFileSync(cfg, `apiVersion: tugboat.dev/v1alpha1
kind: Config
cluster: {dataDir: ./data}
sources: [{name: apps, repo: ${repo.dir}}]
applications:
  - {name: web, source: apps, path: apps/web, namespace: web, syncPolicy: {automated: true, prune: true}}
`);
    daemon = new DaemonProcess(cfg);
    await daemon.start();
    await waitFor('initial sync', async () => (await app()).sync.status === 'Synced');
  });

  afterAll(async () => {
    await daemon?.stop();
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('invalid YAML names the file and line', async () => {
    const before = await errorCount();
    repo.write('apps/web/deployment.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: [1\n');
    const sha = repo.commit('broken yaml');
    await expectRenderError(sha, /^apps\/web\/deployment\.yaml:\d+: invalid YAML/m, before);
    lastImage = 'nginx:1.1';
    await expectRecovered(lastImage);
  });

  it('a manifest without kind names the file and line', async () => {
    const before = await errorCount();
    repo.write('apps/web/extra.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fine}\n---\napiVersion: v1\nmetadata:\n  name: nokind\n');
    const sha = repo.commit('no kind');
    await expectRenderError(sha, /apps\/web\/extra\.yaml:5: object is missing kind/, before);
    repo.remove('apps/web/extra.yaml');
    lastImage = 'nginx:1.2';
    await expectRecovered(lastImage);
  });

  it('two objects with the same key name both places', async () => {
    const before = await errorCount();
    repo.write('apps/web/dup.yaml', configMap('web-config', { other: 'x' }));
    const sha = repo.commit('duplicate');
    await expectRenderError(sha, /apps\/web\/dup\.yaml:1: duplicate resource ConfigMap web\/web-config: also defined at apps\/web\/config\.yaml:1/, before);
    repo.remove('apps/web/dup.yaml');
    lastImage = 'nginx:1.3';
    await expectRecovered(lastImage);
  });
});
