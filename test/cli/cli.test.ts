import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap, deployment } from '../helpers/manifests.js';
import { binPath } from '../helpers/daemon-process.js';

const run = (args: string[]) => spawnSync(process.execPath, [binPath(), ...args], { encoding: 'utf8', env: { ...process.env, TUGBOAT_TOKEN: '' } });

describe('tugboat CLI', () => {
  const repo = new TempGitRepo();
  const work = mkdtempSync(join(tmpdir(), 'tugboat-cli-'));
  const cfg = join(work, 'tugboat.yaml');
  repo.write('app/deploy.yaml', deployment('web', { image: 'nginx:1' }));
  repo.write('app/cm.yaml', configMap('settings'));
  const first = repo.commit('one');
  repo.write('app/deploy.yaml', deployment('web', { image: 'nginx:2' }));
  repo.write('app/ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata: {name: extra}\n');
  repo.commit('two');
  writeFileSync(cfg, `apiVersion: tugboat.dev/v1alpha1\nkind: Config\ncluster: {dataDir: ./data}\nsources: [{name: s, repo: ${repo.dir}}]\napplications: [{name: web, source: s, path: app, namespace: web}]\n`);
  afterAll(() => {
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('every command has --help and exits 0 with it', () => {
    for (const cmd of [[], ['serve'], ['render'], ['template'], ['status'], ['sync'], ['history'], ['rollback'], ['diff'], ['sim'], ['sim', 'get']]) {
      const r = run([...cmd, '--help']);
      expect(r.status, cmd.join(' ')).toBe(0);
      expect(r.stdout).toContain('Usage: tugboat');
    }
  });

  it('a usage error exits 2', () => {
    expect(run(['no-such-command']).status).toBe(2);
    expect(run(['sync']).status).toBe(2);
    expect(run(['status', '-o', 'xml']).status).toBe(2);
  });

  it('serve --leader-elect with the simulated cluster is a usage error naming cluster.type kube', () => {
    expect(run(['serve', '--help']).stdout).toContain('--leader-elect');
    const r = run(['serve', '--leader-elect', '--config', cfg, '--port', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--leader-elect needs cluster.type: kube/);
  });

  it('render prints the desired objects in apply order at the branch head or a given revision', () => {
    const head = run(['render', 'web', '--config', cfg]);
    expect(head.status, head.stderr).toBe(0);
    const docs = parseAllDocuments(head.stdout).map((d) => d.toJS());
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['Namespace/extra', 'ConfigMap/settings', 'Deployment/web']);
    expect(docs[2].metadata.namespace).toBe('web');
    expect(docs[2].spec.template.spec.containers[0].image).toBe('nginx:2');
    const old = run(['render', 'web', '--config', cfg, '--revision', first]);
    expect(old.status).toBe(0);
    expect(old.stdout).toContain('image: nginx:1');
    expect(old.stdout).not.toContain('kind: Namespace');
  });

  it('render of an unknown app or revision is an input error', () => {
    expect(run(['render', 'nope', '--config', cfg]).status).toBe(2);
    const r = run(['render', 'web', '--config', cfg, '--revision', 'deadbeef']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('revision "deadbeef" not found');
  });

  it('talking to a daemon that is not running fails with exit 1', () => {
    const r = run(['status', '--server', 'http://127.0.0.1:9']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('cannot reach the daemon');
  });
});
