/**
 * Changes made with the real kubectl through the sim's Kubernetes API are drift Tugboat sees: reported
 * with origin `drift` without selfHeal, undone with it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/index.js';
import { silentLogger } from '../../src/core/ports.js';
import { startRuntime, type Runtime } from '../../src/runtime.js';
import { syncStatusOf } from '../../src/app/views/app-status.js';
import { appDiff } from '../../src/app/views/app-diff.js';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap, deployment } from '../helpers/manifests.js';
import { waitFor } from '../helpers/daemon-process.js';
import { hasKubectl, KUBECTL } from '../adapters/kube-api/harness.js';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => { while (stops.length) await stops.pop()!(); });

const DEPLOY = { group: 'apps', kind: 'Deployment', namespace: 'web', name: 'web' };

async function setup(selfHeal: boolean) {
  const repo = new TempGitRepo();
  repo.write('app/deploy.yaml', deployment('web', { replicas: 2 }));
  repo.write('app/cm.yaml', configMap('settings', { colour: 'blue' }));
  repo.commit('initial');
  const work = mkdtempSync(join(tmpdir(), 'tugboat-kube-drift-'));
  const config = parseConfig(`apiVersion: tugboat.dev/v1alpha1
kind: Config
cluster: {dataDir: ${join(work, 'data')}, nodes: 2, apiPort: 0}
sources: [{name: src, repo: ${repo.dir}}]
applications:
  - {name: web, source: src, path: app, namespace: web, syncPolicy: {automated: true, prune: true, selfHeal: ${selfHeal}}}
`, join(work, 'tugboat.yaml'), {});
  const rt: Runtime = await startRuntime(config, { port: 0, logger: silentLogger });
  stops.push(() => rmSync(work, { recursive: true, force: true }), () => repo.cleanup(), () => rt.stop());
  const ctl = rt.daemon.app('web');
  const status = () => syncStatusOf(ctl, rt.daemon.state.getApp('web'));
  await waitFor('synced', async () => status() === 'Synced');
  const kubectl = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(KUBECTL, args, { env: { PATH: process.env.PATH ?? '/usr/bin', HOME: work, KUBECONFIG: rt.kubeApi!.kubeconfig, ...env } }, (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }));
    });
  return { rt, ctl, status, kubectl, work };
}

describe.skipIf(!hasKubectl)('kubectl drift against the sim Kubernetes API', () => {
  it('kubectl scale without selfHeal shows OutOfSync with origin drift, and the cluster keeps it', async () => {
    const { rt, ctl, status, kubectl } = await setup(false);
    const r = await kubectl(['scale', 'deploy', 'web', '-n', 'web', '--replicas', '5']);
    expect(r.code, r.stderr).toBe(0);
    await waitFor('OutOfSync', async () => status() === 'OutOfSync');
    expect(ctl.resources.get('apps/Deployment/web/web')!.status).toBe('OutOfSync');
    const report = JSON.parse(await appDiff(rt.daemon, 'web', { format: 'json' }));
    expect(report.resources.find((x: any) => x.action === 'update').fields).toEqual([{ path: '/spec/replicas', origin: 'drift' }]);
    expect(((await rt.cluster.get(DEPLOY))!.spec as { replicas: number }).replicas).toBe(5);
  });

  it('kubectl scale and kubectl edit with selfHeal are undone', async () => {
    const { rt, kubectl, work } = await setup(true);
    expect((await kubectl(['scale', 'deploy', 'web', '-n', 'web', '--replicas', '5'])).code).toBe(0);
    await waitFor('replicas healed', async () => ((await rt.cluster.get(DEPLOY))!.spec as { replicas: number }).replicas === 2);
    const editor = join(work, 'editor.sh');
    writeFileSync(editor, '#!/bin/sh\nsed -i "s/colour: blue/colour: red/" "$1"\n');
    chmodSync(editor, 0o755);
    const r = await kubectl(['edit', 'configmap', 'settings', '-n', 'web'], { KUBE_EDITOR: editor });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('configmap/settings edited');
    await waitFor('configmap healed', async () => {
      const cm = await rt.cluster.get({ group: '', kind: 'ConfigMap', namespace: 'web', name: 'settings' });
      return (cm?.['data'] as Record<string, string>).colour === 'blue';
    });
    expect(rt.daemon.state.history('web')).toHaveLength(1);
  });
});
