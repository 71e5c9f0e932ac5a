import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap } from '../helpers/manifests.js';
import { DaemonProcess, binPath, waitFor } from '../helpers/daemon-process.js';

const TOKEN = 'read-auth-token-for-tests';
const PLAIN = 'hunter2-planted-password';
const B64 = Buffer.from('s3cr3t-from-data').toString('base64');

describe('with a server token, reads need it too and Secret values never leave the API', () => {
  const repo = new TempGitRepo();
  const work = mkdtempSync(join(tmpdir(), 'tugboat-readauth-'));
  let daemon: DaemonProcess;
  const get = (path: string, token?: string) => fetch(daemon.url + path, token ? { headers: { authorization: `Bearer ${token}` } } : {});

  beforeAll(async () => {
    repo.write('app/cm.yaml', configMap('settings'));
    repo.write('app/secret.yaml', `apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\nstringData: {password: ${PLAIN}}\ndata: {other: ${B64}}\n`);
    repo.commit('initial');
    const cfg = join(work, 'tugboat.yaml');
    writeFileSync(cfg, `apiVersion: tugboat.dev/v1alpha1\nkind: Config\ncluster: {dataDir: ./data}\nserver: {token: "\${API_TOKEN}"}\nsources: [{name: s, repo: ${repo.dir}}]\napplications: [{name: web, source: s, path: app, namespace: web, syncPolicy: {automated: true}}]\n`);
    daemon = new DaemonProcess(cfg, { API_TOKEN: TOKEN });
    daemon.bearer = TOKEN;
    await daemon.start();
    await waitFor('synced', async () => (await daemon.json<any>('/api/v1/applications/web')).sync.status === 'Synced');
  });

  afterAll(async () => {
    await daemon?.stop();
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('every API read without the token (or with a wrong one) is 401, whatever the spelling of the path', async () => {
    const paths = [
      '/api/v1/applications', '/api/v1/applications/web', '/api/v1/applications/web/resource-tree',
      '/api/v1/applications/web/history', '/api/v1/applications/web/diff', '/api/v1/sim/resources/secrets?allNamespaces=true',
      '/api/v1/sim/resources/secrets/creds?namespace=web', '/api/v1/sim/events', '/API/v1/applications', '//api//v1/applications', '/api/v1/nothing-here',
    ];
    for (const p of paths) {
      const bare = await get(p);
      expect(bare.status, p).toBe(401);
      expect(await bare.text(), p).not.toContain(PLAIN);
      expect((await get(p, 'wrong-token')).status, p).toBe(401);
    }
    expect((await get('/api/v1/applications', TOKEN)).status).toBe(200);
  });

  it('health, readiness, metrics and the UI page stay open', async () => {
    for (const p of ['/healthz', '/readyz', '/metrics', '/']) expect((await get(p)).status, p).toBe(200);
  });

  it('the sim API shows Secret keys but masks their values, to a client with the token', async () => {
    const list = await daemon.json<any>('/api/v1/sim/resources/secrets?allNamespaces=true');
    const creds = list.items.find((s: any) => s.metadata.name === 'creds');
    const values = { ...creds.data, ...creds.stringData };
    expect(Object.keys(values).sort()).toEqual(['other', 'password']);
    expect(Object.values(values)).toEqual(['***', '***']);
    const one = await daemon.json<any>('/api/v1/sim/resources/secrets/creds?namespace=web');
    const text = JSON.stringify(one) + JSON.stringify(list);
    for (const leak of [PLAIN, Buffer.from(PLAIN).toString('base64'), B64]) expect(text).not.toContain(leak);
  });

  it('the CLI reads with TUGBOAT_TOKEN, and fails without it', () => {
    const run = (args: string[], token: string) => spawnSync(process.execPath, [binPath(), ...args, '--server', daemon.url], { encoding: 'utf8', env: { ...process.env, TUGBOAT_TOKEN: token } });
    const ok = run(['sim', 'get', 'secrets', '-n', 'web', '-o', 'yaml'], TOKEN);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain('creds');
    expect(ok.stdout).not.toContain(PLAIN);
    expect(ok.stdout).not.toContain(B64);
    const refused = run(['status'], '');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('401');
  });
});
