import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap, deployment } from '../helpers/manifests.js';
import { binPath } from '../helpers/daemon-process.js';

describe('tugboat diff --base --head: a pull-request preview without a cluster', () => {
  const repo = new TempGitRepo();
  const work = mkdtempSync(join(tmpdir(), 'tugboat-prdiff-'));
  const cfg = join(work, 'tugboat.yaml');
  repo.write('apps/one/deploy.yaml', deployment('web', { image: 'web:1' }));
  repo.write('apps/one/old.yaml', configMap('old'));
  repo.write('apps/two/cm.yaml', configMap('two'));
  const base = repo.commit('base');
  repo.write('apps/one/deploy.yaml', deployment('web', { image: 'web:2' }));
  repo.remove('apps/one/old.yaml');
  repo.write('apps/one/new.yaml', configMap('new'));
  const head = repo.commit('head');
  repo.write('apps/two/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: two\n');
  const broken = repo.commit('broken');
  writeFileSync(cfg, `apiVersion: tugboat.dev/v1alpha1\nkind: Config\nsources: [{name: s, repo: ${repo.dir}}]\napplications:\n  - {name: one, source: s, path: apps/one, namespace: one}\n  - {name: two, source: s, path: apps/two, namespace: two}\n`);
  const run = (...args: string[]) => spawnSync(process.execPath, [binPath(), 'diff', '--config', cfg, ...args], { encoding: 'utf8' });
  afterAll(() => {
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('reports create, update and delete for the apps whose files changed, and exits 1', () => {
    const r = run('--base', base, '--head', head, '-o', 'json');
    expect(r.status, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ create: 1, update: 1, delete: 1 });
    expect(report.resources.map((x: any) => `${x.app}:${x.action}:${x.key.kind}/${x.key.name}`).sort()).toEqual([
      'one:create:ConfigMap/new', 'one:delete:ConfigMap/old', 'one:update:Deployment/web',
    ]);
    const update = report.resources.find((x: any) => x.action === 'update');
    expect(update.fields).toEqual([{ path: '/spec/template/spec/containers/0/image', origin: 'git' }]);
    expect(update.patch).toEqual([{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'web:2' }]);
  });

  it('renders markdown for a pull-request comment and plain text', () => {
    const md = run('--base', base, '--head', head, '-o', 'markdown');
    expect(md.status).toBe(1);
    expect(md.stdout).toContain('<details>');
    expect(md.stdout).toContain('web:2');
    const text = run('--base', base, '--head', head);
    expect(text.stdout).toMatch(/^-\s+image: web:1$/m);
    expect(text.stdout).toMatch(/^\+\s+image: web:2$/m);
  });

  it('no differences exit 0; --app limits the report; --repo reads another checkout', () => {
    expect(run('--base', base, '--head', head, '--app', 'two').status).toBe(0);
    const clone = join(work, 'clone');
    execFileSync('git', ['clone', '-q', repo.dir, clone]);
    const r = run('--base', base, '--head', head, '--repo', clone, '-o', 'json');
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).summary.update).toBe(1);
  });

  it('a head that does not render is reported with file and line and exits 2', () => {
    const r = run('--base', head, '--head', broken, '-o', 'json');
    expect(r.status).toBe(2);
    const report = JSON.parse(r.stdout);
    expect(report.errors[0].app).toBe('two');
    expect(report.errors[0].message).toMatch(/^apps\/two\/cm\.yaml:\d+: invalid YAML/);
    expect(run('--base', 'nope', '--head', head).status).toBe(2);
  });
});
