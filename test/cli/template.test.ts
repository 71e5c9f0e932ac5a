import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { binPath } from '../helpers/daemon-process.js';
import { CHART_CASES } from '../core/chart/chart-cases.mjs';
import { parseTemplateCall } from '../../src/cli/template-entry.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = (args: string[]) => spawnSync(process.execPath, [binPath(), 'template', ...args], { encoding: 'utf8', cwd: ROOT });

describe('tugboat template prints what helm template prints', () => {
  for (const c of CHART_CASES) {
    it(c.name, () => {
      const r = run([c.release, c.chart, ...c.args]);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe(readFileSync(new URL(`../core/chart/golden/charts/${c.name}.yaml`, import.meta.url), 'utf8'));
    });
  }

  it('--show-only picks one template; a missing one is an input error', () => {
    const r = run(['demo', 'helm-like-charts/hello', '--show-only', 'templates/service.yaml']);
    expect(r.status).toBe(0);
    expect(r.stdout.match(/# Source:/g)).toHaveLength(1);
    expect(r.stdout).toContain('# Source: hello/templates/service.yaml');
    expect(run(['demo', 'helm-like-charts/hello', '-s', 'templates/nope.yaml']).status).toBe(2);
  });

  it('bad input exits 2 with the reason', () => {
    const bad = run(['demo', 'helm-like-charts/hello', '--set', 'a[-1]=x']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('negative -1 index not allowed');
    expect(run(['demo', 'no/such/chart']).status).toBe(2);
  });

  it('flags may come in any order and form (-n ns, --set=k=v, repeated, before the arguments)', () => {
    const a = run(['-n', 'team', 'demo', '--set=replicaCount=4', 'helm-like-charts/hello', '--set', 'service.port=81', '-s', 'templates/service.yaml', '--show-only=templates/deployment.yaml']);
    expect(a.status, a.stderr).toBe(0);
    expect(a.stdout.match(/# Source:/g)).toHaveLength(2);
    expect(a.stdout).toContain('replicas: 4');
    expect(a.stdout).toContain('port: 81');
  });

  it('help, unknown flags and missing arguments get the full CLI\'s usage messages', () => {
    const help = run(['--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: tugboat template \[options\] <release> <chart>/);
    for (const f of ['--namespace <ns>', '--values <file>', '--set-string <k=v>', '--set-json <k=json>', '--api-versions <g/v>', '--kube-version <v>', '--show-only <template>']) expect(help.stdout).toContain(f);
    const unknown = run(['demo', 'helm-like-charts/hello', '--no-such-flag']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("error: unknown option '--no-such-flag'");
    const missing = run(['demo']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("error: missing required argument 'chart'");
  });
});

describe('the fast entry parses exactly the well-formed calls', () => {
  it('maps every flag to the options the command takes, with the same defaults as the full CLI', () => {
    expect(parseTemplateCall(['r', 'c'])).toEqual({
      release: 'r', chart: 'c',
      opts: { namespace: 'default', values: [], set: [], setString: [], setJson: [], apiVersions: [], kubeVersion: undefined, showOnly: [] },
    });
    const call = parseTemplateCall(['-f', 'a.yaml', 'r', '--values=b.yaml', 'c', '-n', 'ns', '--set', 'x=1', '--set-string', 'y=2', '--set-json', 'z={}', '--api-versions', 'g/v1', '--kube-version', '1.30', '-s', 't.yaml', '--set', 'w=3']);
    expect(call).toEqual({
      release: 'r', chart: 'c',
      opts: { namespace: 'ns', values: ['a.yaml', 'b.yaml'], set: ['x=1', 'w=3'], setString: ['y=2'], setJson: ['z={}'], apiVersions: ['g/v1'], kubeVersion: '1.30', showOnly: ['t.yaml'] },
    });
  });

  it('leaves help, unknown flags, missing values and wrong argument counts to the full CLI', () => {
    for (const args of [['--help'], ['r', 'c', '-h'], ['r'], ['r', 'c', 'extra'], ['r', 'c', '--bogus'], ['r', 'c', '--set'], ['r', 'c', '-n', '-x']]) {
      expect(parseTemplateCall(args), args.join(' ')).toBeUndefined();
    }
  });
});
