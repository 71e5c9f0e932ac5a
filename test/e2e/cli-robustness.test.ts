import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap } from '../helpers/manifests.js';
import { DaemonProcess, binPath, waitFor } from '../helpers/daemon-process.js';

const CHART = fileURLToPath(new URL('../fixtures/charts/files-demo', import.meta.url));
const PKG = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version: string };

/** Runs `tugboat ARGS` whose reader goes away before the command writes (as `| head -1` does after its line). */
function withClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [binPath(), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TUGBOAT_TOKEN: '' } });
    child.stdout!.destroy();
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('CLI and API robustness', () => {
  const repo = new TempGitRepo();
  const work = mkdtempSync(join(tmpdir(), 'tugboat-robust-'));
  let daemon: DaemonProcess;
  const cli = (...args: string[]) => spawnSync(process.execPath, [binPath(), ...args], { encoding: 'utf8', env: { ...process.env, TUGBOAT_TOKEN: '' } });
  const post = (path: string, body: string) => fetch(daemon.url + path, { method: 'POST', body, headers: { 'content-type': 'application/json' } });

  beforeAll(async () => {
    repo.write('web/cm.yaml', configMap('settings', { a: '1' }));
    repo.write('web/secret.yaml', 'apiVersion: v1\nkind: Secret\nmetadata: {name: creds}\nstringData: {password: not-shown}\n');
    repo.write('manual/cm.yaml', configMap('manual', { n: '1' }));
    repo.commit('initial');
    const cfg = join(work, 'tugboat.yaml');
    writeFileSync(cfg, `apiVersion: tugboat.dev/v1alpha1\nkind: Config\ncluster: {dataDir: ./data, nodes: 1}\nsources: [{name: s, repo: ${repo.dir}}]\napplications:\n` +
      `  - {name: web, source: s, path: web, namespace: web, syncPolicy: {automated: true}}\n` +
      `  - {name: manual, source: s, path: manual, namespace: manual}\n`);
    daemon = new DaemonProcess(cfg, { TUGBOAT_TOKEN: '' });
    await daemon.start();
    await waitFor('web synced', async () => (await daemon.json<any>('/api/v1/applications/web')).sync.status === 'Synced');
    const r = cli('sync', 'manual', '--server', daemon.url);
    expect(r.status, r.stderr).toBe(0);
  });

  afterAll(async () => {
    await daemon?.stop();
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('a reader that stops early (`tugboat status | head -1`) ends every command quietly with status 0, no EPIPE stack', async () => {
    const runs = [
      ['status', '--server', daemon.url],
      ['status', 'web', '--server', daemon.url],
      ['status', '-o', 'json', '--server', daemon.url],
      ['sim', 'get', 'pods', '-A', '-o', 'yaml', '--server', daemon.url],
      ['sim', 'get', 'configmaps', '-A', '--server', daemon.url],
      ['history', 'web', '--server', daemon.url],
      ['version'],
      ['template', 'demo', CHART],
    ];
    for (const args of runs) {
      const r = await withClosedStdout(args);
      expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: '' });
    }
  });

  it('a malformed label selector is a 400 naming the selector and the problem; `tugboat sim get -l` exits 2 with it', async () => {
    for (const [selector, why] of [['app in (web', 'unbalanced parentheses'], ['a=b=c', 'cannot parse "a=b=c"'], ['tier in ()', 'needs at least one value']] as const) {
      const res = await fetch(`${daemon.url}/api/v1/sim/resources/configmaps?allNamespaces=true&labelSelector=${encodeURIComponent(selector)}`);
      expect(res.status).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('BadRequest');
      expect(body.error.message).toContain(`"${selector}"`);
      expect(body.error.message).toContain(why);
      const r = cli('sim', 'get', 'configmaps', '-A', '-l', selector, '--server', daemon.url);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`invalid label selector "${selector}"`);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    // A well-formed one still filters.
    const ok = cli('sim', 'get', 'configmaps', '-n', 'web', '-l', 'nope in (x)', '-o', 'json', '--server', daemon.url);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).items).toEqual([]);
  });

  it('`tugboat sync APP --dry-run` on a Synced app says it is Synced and nothing would change', async () => {
    const r = cli('sync', 'web', '--dry-run', '--server', daemon.url);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('web: Synced, nothing would change (dry run)');
    expect(r.stdout).not.toMatch(/outOfSync/i);
    const json = JSON.parse(cli('sync', 'web', '--dry-run', '-o', 'json', '--server', daemon.url).stdout);
    expect(json.result).toMatchObject({ kind: 'unchanged', reason: 'DryRun', changes: 0 });
  });

  it('resources[].version is v1 for a ConfigMap and a Secret (core group)', async () => {
    const s = await daemon.json<{ resources: Array<{ group: string; version: string; kind: string }> }>('/api/v1/applications/web');
    const byKind = Object.fromEntries(s.resources.map((r) => [r.kind, r]));
    expect(byKind.ConfigMap).toMatchObject({ group: '', version: 'v1' });
    expect(byKind.Secret).toMatchObject({ group: '', version: 'v1' });
  });

  it('a JSON body that is not an object (an array, a string, null) to POST …/sync is a 400 and runs nothing', async () => {
    // `manual` has no auto-sync: the new commit is applied only by a sync.
    repo.write('manual/cm.yaml', configMap('manual', { n: '2' }));
    const head = repo.commit('manual n=2');
    await waitFor('new head seen', async () => (await daemon.json<any>('/api/v1/applications/manual')).sync.targetRevision === head);
    const live = async () => (await daemon.json<any>('/api/v1/sim/resources/configmaps/manual?namespace=manual')).data.n;
    for (const body of ['[]', '[{"revision": "main"}]', '"sync"', '42', 'null']) {
      const res = await post('/api/v1/applications/manual/sync', body);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/must be a JSON object/);
      const rb = await post('/api/v1/applications/manual/rollback', body);
      expect({ body, status: rb.status }).toEqual({ body, status: 400 });
    }
    expect(await live()).toBe('1');
    expect((await daemon.json<any>('/api/v1/applications/manual')).sync.revision).not.toBe(head);
    // A dry run of the pending commit says what a sync would do, and does not do it.
    const dry = cli('sync', 'manual', '--dry-run', '--server', daemon.url);
    expect(dry.stdout.split('\n')[0]).toBe('manual: OutOfSync, 1 would change (dry run)');
    expect(await live()).toBe('1');
    // An object body (and an empty one) does sync.
    expect((await post('/api/v1/applications/manual/sync', '{}')).status).toBe(200);
    expect(await live()).toBe('2');
  });

  it('the start banner suggests commands that reach the port the daemon listens on', () => {
    const port = new URL(daemon.url).port;
    expect(port).not.toBe('8080');
    const suggested = daemon.stdout.split('\n').filter((l) => l.includes('tugboat status'));
    expect(suggested.length).toBeGreaterThan(0);
    for (const l of suggested) expect(l).toContain(`--server ${daemon.url}`);
  });

  it('`tugboat version` and `tugboat --version` print the package version', () => {
    const v = cli('version');
    expect(v.status, v.stderr).toBe(0);
    expect(v.stdout).toBe(`tugboat ${PKG.version} (Node.js ${process.version}, charts rendered as Helm v4.1.4)\n`);
    const j = cli('version', '-o', 'json');
    expect(JSON.parse(j.stdout)).toEqual({ version: PKG.version, node: process.version, helmCompatible: 'v4.1.4' });
    const flag = cli('--version');
    expect(flag.status, flag.stderr).toBe(0);
    expect(flag.stdout).toBe(`${PKG.version}\n`);
  });
});
