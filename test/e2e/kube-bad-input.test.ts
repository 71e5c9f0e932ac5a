/**
 * Bad input with `cluster.type: kube` (the real `tugboat serve`, the sim's Kubernetes API in this test
 * process): an unreachable API server, a context the kubeconfig does not have, refused credentials (401),
 * a custom resource whose CRD is missing, and a kind the credentials may not touch (403). Each is a clear
 * condition on the affected app, nothing of that app is applied, and it recovers once the cause is fixed.
 */
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { stringify } from 'yaml';
import { createSimCluster, type SimCluster } from '../../src/adapters/cluster/sim/index.js';
import { startKubeApi, writeKubeconfig, type KubeApiServer } from '../../src/adapters/kube-api/index.js';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap } from '../helpers/manifests.js';
import { DaemonProcess, waitFor } from '../helpers/daemon-process.js';

const GADGET_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: gadgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: gadgets, singular: gadget, kind: Gadget}
  versions:
    - name: v1
      served: true
      storage: true
      schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
`;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => { while (cleanups.length) await cleanups.pop()!(); });
afterAll(async () => { while (cleanups.length) await cleanups.pop()!(); });

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function setup(opts: { apps: Record<string, Record<string, string>>; context?: string }) {
  const work = mkdtempSync(join(tmpdir(), 'tugboat-kube-bad-'));
  const repo = new TempGitRepo();
  for (const [app, files] of Object.entries(opts.apps)) for (const [f, text] of Object.entries(files)) repo.write(`apps/${app}/${f}`, text);
  repo.commit('initial');
  const sim = await createSimCluster({ dataDir: join(work, 'cluster'), nodes: 1 });
  const token = randomBytes(16).toString('hex');
  const kubeconfig = join(work, 'kubeconfig');
  writeFileSync(join(work, 'tugboat.yaml'), `apiVersion: tugboat.dev/v1alpha1
kind: Config
cluster: {type: kube, kubeconfig: ./kubeconfig, context: ${opts.context ?? 'tugboat-sim'}, dataDir: ./data}
reconcile: {resyncInterval: 2s}
sources: [{name: s, repo: ${repo.dir}}]
applications:
${Object.keys(opts.apps).map((a) => `  - {name: ${a}, source: s, path: apps/${a}, namespace: ${a}, syncPolicy: {automated: true, prune: true, selfHeal: true}}`).join('\n')}
`);
  const daemon = new DaemonProcess(join(work, 'tugboat.yaml'), { TUGBOAT_TOKEN: '' });
  const ctx: { work: string; repo: TempGitRepo; sim: SimCluster; token: string; kubeconfig: string; daemon: DaemonProcess; api?: KubeApiServer } = { work, repo, sim, token, kubeconfig, daemon };
  cleanups.push(async () => {
    await daemon.stop();
    await ctx.api?.close();
    await sim.close();
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });
  return ctx;
}

const status = (daemon: DaemonProcess, app: string) => daemon.json<any>(`/api/v1/applications/${app}`);
const syncError = (daemon: DaemonProcess, app: string, pattern: RegExp) => waitFor(`${app}: SyncError ${pattern}`, async () => {
  const a = await status(daemon, app);
  const c = a.conditions.find((x: any) => x.type === 'SyncError');
  return c && pattern.test(c.message) ? { app: a, message: c.message as string } : undefined;
}, 45_000);
const synced = (daemon: DaemonProcess, app: string) => waitFor(`${app} Synced without SyncError`, async () => {
  const a = await status(daemon, app);
  return a.sync.status === 'Synced' && !a.conditions.some((c: any) => c.type === 'SyncError') ? a : undefined;
}, 60_000);
const configMaps = async (sim: SimCluster, ns: string) => (await sim.list({ kind: 'ConfigMap', namespace: ns })).map((o) => o.metadata.name).filter((n) => n !== 'kube-root-ca.crt').sort();

describe('cluster.type kube: bad input gives a clear condition, applies nothing, and recovers', () => {
  it('an unreachable API server: SyncError naming the server; applied once it answers', async () => {
    const ctx = await setup({ apps: { web: { 'a.yaml': configMap('a') } } });
    const port = await freePort();
    writeKubeconfig(ctx.kubeconfig, `https://127.0.0.1:${port}`, ctx.token, 'not a certificate');
    await ctx.daemon.start();
    const { message } = await syncError(ctx.daemon, 'web', /unreachable/);
    expect(message).toContain(`https://127.0.0.1:${port}`);
    expect(message).toMatch(/ECONNREFUSED/);
    expect((await status(ctx.daemon, 'web')).sync.status).not.toBe('Synced');
    // the server comes up on that address (with its own certificate, as a re-issued kubeconfig says)
    ctx.api = await startKubeApi({ cluster: ctx.sim, port, token: ctx.token });
    writeKubeconfig(ctx.kubeconfig, ctx.api.url, ctx.token, ctx.api.caCert);
    await synced(ctx.daemon, 'web');
    expect(await configMaps(ctx.sim, 'web')).toEqual(['a']);
  });

  it('a context the kubeconfig does not have: SyncError naming it; applied once the kubeconfig has it', async () => {
    const ctx = await setup({ apps: { web: { 'a.yaml': configMap('a') } }, context: 'staging' });
    ctx.api = await startKubeApi({ cluster: ctx.sim, port: 0, token: ctx.token });
    writeKubeconfig(ctx.kubeconfig, ctx.api.url, ctx.token, ctx.api.caCert);
    await ctx.daemon.start();
    const { message } = await syncError(ctx.daemon, 'web', /staging/);
    expect(message).toMatch(/context/i);
    expect(await configMaps(ctx.sim, 'web')).toEqual([]);
    const ca = Buffer.from(ctx.api.caCert).toString('base64');
    writeFileSync(ctx.kubeconfig, stringify({
      apiVersion: 'v1', kind: 'Config', 'current-context': 'tugboat-sim',
      clusters: [{ name: 'sim', cluster: { server: ctx.api.url, 'certificate-authority-data': ca } }],
      users: [{ name: 'me', user: { token: ctx.token } }],
      contexts: [{ name: 'tugboat-sim', context: { cluster: 'sim', user: 'me' } }, { name: 'staging', context: { cluster: 'sim', user: 'me' } }],
    }), { mode: 0o600 });
    await synced(ctx.daemon, 'web');
    expect(await configMaps(ctx.sim, 'web')).toEqual(['a']);
  });

  it('credentials the API server refuses (401): SyncError naming the request; applied once the kubeconfig has the right token', async () => {
    const ctx = await setup({ apps: { web: { 'a.yaml': configMap('a') } } });
    ctx.api = await startKubeApi({ cluster: ctx.sim, port: 0, token: ctx.token });
    writeKubeconfig(ctx.kubeconfig, ctx.api.url, 'a-revoked-token', ctx.api.caCert);
    await ctx.daemon.start();
    const { message } = await syncError(ctx.daemon, 'web', /Unauthorized/);
    // The first request with `type: kube` reads the apps' state from the cluster: it names that request.
    expect(message).toMatch(/cannot list secrets in namespace "tugboat-system": Unauthorized/);
    expect(message).not.toContain('a-revoked-token');
    expect(await configMaps(ctx.sim, 'web')).toEqual([]);
    writeKubeconfig(ctx.kubeconfig, ctx.api.url, ctx.token, ctx.api.caCert);
    await synced(ctx.daemon, 'web');
    expect(await configMaps(ctx.sim, 'web')).toEqual(['a']);
  });

  it('a custom resource without its CRD, and a kind the credentials may not write (403): only those apps fail, with nothing applied; both recover', async () => {
    const ctx = await setup({
      apps: {
        widgets: { 'cm.yaml': configMap('widgets-settings'), 'gadget.yaml': 'apiVersion: example.com/v1\nkind: Gadget\nmetadata: {name: g1}\nspec: {size: 2}\n' },
        vault: { 'cm.yaml': configMap('vault-settings'), 'secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\nstringData: {password: hunter2}\n' },
        plain: { 'cm.yaml': configMap('plain-settings') },
      },
    });
    ctx.api = await startKubeApi({ cluster: ctx.sim, port: 0, token: ctx.token, forbid: [{ resource: 'secrets', namespace: 'vault', verbs: ['create', 'update', 'patch', 'delete'] }] });
    writeKubeconfig(ctx.kubeconfig, ctx.api.url, ctx.token, ctx.api.caCert);
    await ctx.daemon.start();

    const plain = await synced(ctx.daemon, 'plain');
    expect(plain.health.status).toBe('Healthy');
    expect(await configMaps(ctx.sim, 'plain')).toEqual(['plain-settings']);

    const crd = await syncError(ctx.daemon, 'widgets', /Gadget/);
    expect(crd.message).toMatch(/no matches for kind "Gadget" in version "example.com\/v1"/);
    expect(crd.message).toMatch(/CustomResourceDefinition/);
    expect(await configMaps(ctx.sim, 'widgets')).toEqual([]);

    const forbidden = await syncError(ctx.daemon, 'vault', /forbidden/);
    // the verb and the resource are named
    expect(forbidden.message).toMatch(/cannot patch resource "secrets"/);
    expect(forbidden.message).toContain('secrets "creds"');
    expect(forbidden.message).not.toContain('hunter2');
    expect(await configMaps(ctx.sim, 'vault')).toEqual([]);
    expect(await ctx.sim.get({ group: '', kind: 'Secret', namespace: 'vault', name: 'creds' })).toBeUndefined();

    // fix both causes: the CRD is installed, the refusal lifted
    await ctx.sim.apply((await import('yaml')).parse(GADGET_CRD), { fieldManager: 'admin' });
    ctx.api.forbid.splice(0);
    await synced(ctx.daemon, 'widgets');
    await synced(ctx.daemon, 'vault');
    expect(await configMaps(ctx.sim, 'widgets')).toEqual(['widgets-settings']);
    expect((await ctx.sim.get({ group: 'example.com', kind: 'Gadget', namespace: 'widgets', name: 'g1' }))?.['spec']).toEqual({ size: 2 });
    expect(await configMaps(ctx.sim, 'vault')).toEqual(['vault-settings']);
    expect(await ctx.sim.get({ group: '', kind: 'Secret', namespace: 'vault', name: 'creds' })).toBeDefined();
    expect((await status(ctx.daemon, 'plain')).sync.status).toBe('Synced');
  });
});
