import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap, deployment, service } from '../helpers/manifests.js';
import { binPath } from '../helpers/daemon-process.js';
import { expectGolden } from '../helpers/golden.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const GOLDEN = join(HERE, 'golden');
const SCHEMA = join(HERE, '../../schemas/diff-report.schema.json');

function golden(name: string, actual: string): void {
  expectGolden(GOLDEN, name, actual, { createMissing: true });
}

// Fixed identities and dates make the commit SHAs (and so the goldens) the same on every run.
process.env.GIT_AUTHOR_DATE = process.env.GIT_COMMITTER_DATE = '2026-01-02T03:04:05Z';

function chart(replicas: number, greeting: string): Record<string, string> {
  return {
    'apps/hello/Chart.yaml': 'apiVersion: v2\nname: hello\nversion: 0.1.0\n',
    'apps/hello/values.yaml': `replicaCount: ${replicas}\ngreeting: ${greeting}\n`,
    'apps/hello/templates/deploy.yaml': [
      'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: {{ .Release.Name }}-web', 'spec:',
      '  replicas: {{ .Values.replicaCount }}', '  selector: {matchLabels: {app: hello}}', '  template:',
      '    metadata: {labels: {app: hello}}', '    spec:', '      containers:', '        - name: web', '          image: hello:1',
      '          env: [{name: GREETING, value: {{ .Values.greeting | quote }}}]', '',
    ].join('\n'),
    'apps/hello/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: {{ .Release.Name }}-config}\ndata: {greeting: {{ .Values.greeting | quote }}}\n',
  };
}

function secret(password: string): string {
  return `apiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData: {password: ${password}}\n`;
}

describe('tugboat diff --base --head -o markdown: the pull-request comment', () => {
  const repo = new TempGitRepo();
  const work = mkdtempSync(join(tmpdir(), 'tugboat-prgolden-'));
  const cfg = join(work, 'tugboat.yaml');
  // Base: three apps (plain, plain with a Secret, a chart).
  repo.write('apps/web/deploy.yaml', deployment('web', { image: 'web:1' }));
  repo.write('apps/web/svc.yaml', service('web'));
  repo.write('apps/web/old.yaml', configMap('old'));
  repo.write('apps/db/secret.yaml', secret('base-password-7f3a'));
  repo.write('apps/db/cm.yaml', configMap('db-settings', { maxConnections: '100' }));
  for (const [p, c] of Object.entries(chart(2, 'hello'))) repo.write(p, c);
  for (let i = 0; i < 40; i++) repo.write(`apps/big/cm-${String(i).padStart(2, '0')}.yaml`, configMap(`big-${i}`, bigData(i, 'a')));
  const base = repo.commit('Base: web v1, db, hello chart');
  repo.write('apps/web/deploy.yaml', deployment('web', { image: 'web:2', replicas: 3 }));
  repo.remove('apps/web/old.yaml');
  repo.write('apps/web/new.yaml', configMap('new'));
  repo.write('apps/db/secret.yaml', secret('head-password-9c1e'));
  for (const [p, c] of Object.entries(chart(3, 'ahoy'))) repo.write(p, c);
  const head = repo.commit('Roll web to v2 | rotate the db password');
  for (let i = 0; i < 40; i++) repo.write(`apps/big/cm-${String(i).padStart(2, '0')}.yaml`, configMap(`big-${i}`, bigData(i, 'b')));
  const bigHead = repo.commit('Regenerate every big config map');
  writeFileSync(cfg, [
    'apiVersion: tugboat.dev/v1alpha1', 'kind: Config', `sources: [{name: s, repo: ${repo.dir}}]`, 'applications:',
    '  - {name: web, source: s, path: apps/web, namespace: web}',
    '  - {name: db, source: s, path: apps/db, namespace: db}',
    '  - {name: hello, source: s, path: apps/hello, namespace: hello, chart: {releaseName: hello}}',
    '  - {name: big, source: s, path: apps/big, namespace: big}', '',
  ].join('\n'));
  const run = (args: string[], env: Record<string, string> = {}) =>
    spawnSync(process.execPath, [binPath(), 'diff', '--config', cfg, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  afterAll(() => {
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('names base and head with short SHAs and subjects, labels the sides base/head and counts unchanged resources', () => {
    const r = run(['--base', base, '--head', head, '-o', 'markdown']);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toContain(`**base** \`${base.slice(0, 7)}\` Base: web v1, db, hello chart`);
    expect(r.stdout).toContain(`**head** \`${head.slice(0, 7)}\` Roll web to v2 \\| rotate the db password`);
    expect(r.stdout).toContain('--- base: apps/v1 Deployment web/web');
    expect(r.stdout).toContain('+++ head: apps/v1 Deployment web/web');
    expect(r.stdout).not.toMatch(/\blive\b|\bdesired\b/);
    // web: Service unchanged; db: ConfigMap unchanged; the big app's files did not change.
    expect(r.stdout).toContain('| 1 | 4 | 1 | 2 |');
    expect(r.stdout).not.toContain('password-');
    golden('pr-comment.md', r.stdout);
  });

  it('truncates a diff longer than a GitHub comment allows and says so', () => {
    const r = run(['--base', head, '--head', bigHead, '-o', 'markdown']);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout.length).toBeLessThan(65_000);
    expect(r.stdout).toMatch(/> \*\*Truncated:\*\* \d+ of 40 resource diffs left out/);
    expect(r.stdout).toContain('| 0 | 40 | 0 | 0 |');
    golden('pr-comment-truncated.md', r.stdout);
  });

  it('the JSON report validates against schemas/diff-report.schema.json', () => {
    const { Ajv2020 } = createRequire(import.meta.url)('ajv/dist/2020') as { Ajv2020: new (o: object) => { compile(s: object): ((d: unknown) => boolean) & { errors?: unknown } } };
    const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(JSON.parse(readFileSync(SCHEMA, 'utf8')));
    const r = run(['--base', base, '--head', head, '-o', 'json']);
    const report = JSON.parse(r.stdout);
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.summary).toEqual({ create: 1, update: 4, delete: 1, unchanged: 2 });
    expect(report.resources.filter((x: any) => x.action === 'unchanged').map((x: any) => `${x.app}/${x.key.name}`).sort()).toEqual(['db/db-settings', 'web/web']);
    // A report the schema must refuse: the validator is not vacuous.
    expect(validate({ ...report, summary: { ...report.summary, unchanged: -1 } })).toBe(false);
    expect(validate({ ...report, resources: [{ ...report.resources[0], action: 'replace' }] })).toBe(false);
  });

  it('text output: no ANSI colours with --no-color or NO_COLOR, base/head labels and the two commits', () => {
    for (const r of [run(['--base', base, '--head', head, '--no-color']), run(['--base', base, '--head', head], { NO_COLOR: '1' })]) {
      expect(r.status, r.stderr).toBe(1);
      expect(r.stdout).not.toContain('\x1b[');
      expect(r.stdout.split('\n')[0]).toBe(`base ${base.slice(0, 7)} (Base: web v1, db, hello chart) -> head ${head.slice(0, 7)} (Roll web to v2 | rotate the db password)`);
      expect(r.stdout).toContain('+++ head: v1 ConfigMap hello/hello-config');
    }
  });

  it('--config relative to the current directory; a remote source is read from the checkout the config sits in', () => {
    // A CI job: a clone of the repository whose tugboat.yaml names the repository by URL.
    const ci = join(work, 'ci-checkout');
    spawnSync('git', ['clone', '-q', repo.dir, ci]);
    writeFileSync(join(ci, 'tugboat.yaml'), readFileSync(cfg, 'utf8').replace(`repo: ${repo.dir}`, `repo: file://${repo.dir}`));
    const r = spawnSync(process.execPath, [binPath(), 'diff', '--config', 'tugboat.yaml', '--base', base, '--head', head, '-o', 'json'], { cwd: ci, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout).summary).toEqual({ create: 1, update: 4, delete: 1, unchanged: 2 });
    // Read from the checkout: nothing was cloned into the config folder's data dir.
    expect(existsSync(join(ci, '.tugboat', 'sources'))).toBe(false);
  });
});

function bigData(i: number, side: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (let k = 0; k < 60; k++) out[`key${k}`] = `${side}-${i}-${k}-${'x'.repeat(20)}`;
  return out;
}
