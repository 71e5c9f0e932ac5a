import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binPath } from '../helpers/daemon-process.js';
import { CHART_CASES } from '../core/chart/chart-cases.mjs';
import { BEHAVIOUR_CASES } from '../core/chart/behaviour-cases.mjs';
import { parseTemplateCall } from '../../src/cli/template-entry.js';
import { serialize } from 'node:v8';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = (args: string[], cacheHome?: string) =>
  spawnSync(process.execPath, [binPath(), 'template', ...args], { encoding: 'utf8', cwd: ROOT, env: cacheHome ? { ...process.env, TUGBOAT_CACHE_HOME: cacheHome } : process.env });

/**
 * A check run three times with a template cache of its own: the templates are parsed (and noted as
 * seen), parsed again (and their trees kept), then read back from the cache.
 */
function coldThenWarm(check: (runHere: (args: string[]) => ReturnType<typeof run>, pass: 'cold' | 'seen' | 'warm') => void): void {
  const cache = mkdtempSync(join(tmpdir(), 'tugboat-parse-cache-'));
  try {
    check((args) => run(args, cache), 'cold');
    check((args) => run(args, cache), 'seen');
    check((args) => run(args, cache), 'warm');
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
}

describe('tugboat template prints what helm template prints', () => {
  for (const c of CHART_CASES) {
    it(c.name, () => {
      const golden = readFileSync(new URL(`../core/chart/golden/charts/${c.name}.yaml`, import.meta.url), 'utf8');
      coldThenWarm((runHere, pass) => {
        const r = runHere([c.release, c.chart, ...c.args]);
        expect(r.status, `${pass}: ${r.stderr}`).toBe(0);
        expect(r.stdout, pass).toBe(golden);
      });
    });
  }

  it('--show-only picks one template; a missing one is an input error', () => {
    const r = run(['demo', 'helm-like-charts/hello', '--show-only', 'templates/service.yaml']);
    expect(r.status).toBe(0);
    expect(r.stdout.match(/# Source:/g)).toHaveLength(1);
    expect(r.stdout).toContain('# Source: hello/templates/service.yaml');
    const missing = run(['demo', 'helm-like-charts/hello', '-s', 'templates/nope.yaml']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe('Error: could not find template templates/nope.yaml in chart\n');
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
      opts: {
        namespace: 'default', values: [], set: [], setString: [], setJson: [], setFile: [], setLiteral: [], apiVersions: [], kubeVersion: undefined, showOnly: [],
        includeCrds: false, skipCrds: false, skipTests: false, noHooks: false, isUpgrade: false, outputDir: undefined,
      },
    });
    const call = parseTemplateCall(['-f', 'a.yaml', 'r', '--values=b.yaml', 'c', '-n', 'ns', '--set', 'x=1', '--set-string', 'y=2', '--set-json', 'z={}', '--api-versions', 'g/v1', '-a', 'h/v2', '--kube-version', '1.30', '-s', 't.yaml', '--set', 'w=3',
      '--set-file', 'f=p.txt', '--set-literal', 'l=a,b', '--include-crds', '--skip-crds', '--skip-tests', '--no-hooks', '--is-upgrade', '--output-dir', 'out']);
    expect(call).toEqual({
      release: 'r', chart: 'c',
      opts: {
        namespace: 'ns', values: ['a.yaml', 'b.yaml'], set: ['x=1', 'w=3'], setString: ['y=2'], setJson: ['z={}'], setFile: ['f=p.txt'], setLiteral: ['l=a,b'], apiVersions: ['g/v1', 'h/v2'], kubeVersion: '1.30', showOnly: ['t.yaml'],
        includeCrds: true, skipCrds: true, skipTests: true, noHooks: true, isUpgrade: true, outputDir: 'out',
      },
    });
  });

  it('leaves help, unknown flags, missing values and wrong argument counts to the full CLI', () => {
    for (const args of [['--help'], ['r', 'c', '-h'], ['r'], ['r', 'c', 'extra'], ['r', 'c', '--bogus'], ['r', 'c', '--set'], ['r', 'c', '-n', '-x'], ['r', 'c', '--no-hooks=yes']]) {
      expect(parseTemplateCall(args), args.join(' ')).toBeUndefined();
    }
  });
});

interface BehaviourGolden { name: string; stdout: string; stderr: string; exit: number; files?: Record<string, string> }
const BEHAVIOUR_GOLDENS = new Map((JSON.parse(readFileSync(new URL('../core/chart/golden/behaviours.json', import.meta.url), 'utf8')) as BehaviourGolden[]).map((g) => [g.name, g]));

function listFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('tugboat template behaves as helm template, byte for byte (stdout, stderr, exit code)', () => {
  for (const c of BEHAVIOUR_CASES) {
    it(`${c.name}: ${c.why}`, () => {
      const golden = BEHAVIOUR_GOLDENS.get(c.name);
      expect(golden, 'golden missing: run scripts/gen-behaviour-goldens.mjs').toBeDefined();
      coldThenWarm((runHere, pass) => {
        const dir = c.outputDir ? mkdtempSync(join(tmpdir(), 'tugboat-out-')) : undefined;
        try {
          const r = runHere(['r', c.chart, '-n', 'ns', ...c.args, ...(dir ? ['--output-dir', dir] : [])]);
          expect(dir ? r.stdout.split(dir).join('<out>') : r.stdout, pass).toBe(golden!.stdout);
          const upTo = (t: string) => (c.stderrUpTo ? t.slice(0, t.indexOf(c.stderrUpTo) + c.stderrUpTo.length) : t);
          if (c.stderrUpTo) expect(golden!.stderr).toContain(c.stderrUpTo);
          expect(upTo(r.stderr), pass).toBe(upTo(golden!.stderr));
          expect(r.status, pass).toBe(golden!.exit);
          if (dir) expect(listFiles(dir)).toEqual(golden!.files);
        } finally {
          if (dir) rmSync(dir, { recursive: true, force: true });
        }
      });
    });
  }

  it('--output-dir appends hooks to files an earlier run left, as Helm does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tugboat-out-'));
    try {
      const chart = 'test/fixtures/charts/helm-behaviours/hook-order';
      expect(run(['r', chart, '--output-dir', dir]).status).toBe(0);
      expect(run(['r', chart, '--output-dir', dir]).status).toBe(0);
      const hooks = readFileSync(join(dir, 'hook-order/templates/hooks.yaml'), 'utf8');
      expect(hooks.match(/name: p-early/g)).toHaveLength(2);
      const plain = readFileSync(join(dir, 'hook-order/templates/plain.yaml'), 'utf8');
      expect(plain.match(/name: plain/g)).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the template cache (adapters/template-cache.ts)', () => {
  it('keeps the parse trees of the template files that parsed, reads them back, and never keeps a broken one', () => {
    const cache = mkdtempSync(join(tmpdir(), 'tugboat-parse-cache-'));
    const chart = mkdtempSync(join(tmpdir(), 'tugboat-chart-'));
    try {
      writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 1.0.0\n');
      mkdirSync(join(chart, 'templates'));
      writeFileSync(join(chart, 'templates', 'cm.yaml'), 'kind: ConfigMap\n{{- if .Values.enabled }}\ndata: {a: "{{ .Values.secretish }}"}\n{{- end }}\n');
      writeFileSync(join(chart, 'values.yaml'), 'enabled: true\nsecretish: hunter2\n');
      // What an earlier build kept instead: removed when this one first keeps trees.
      writeFileSync(join(cache, 'template-parse.v1'), 'tugboat template parse cache: an earlier build\n');
      mkdirSync(join(cache, 'trees-earlierbuild'));
      const first = run(['r', chart], cache);
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toContain('hunter2');
      const treesDir = readdirSync(cache).find((e) => e.startsWith('trees-'))!;
      expect(readdirSync(cache).filter((e) => e.startsWith('trees-') || e === 'template-parse.v1')).toEqual([treesDir]);
      const packs = () => readdirSync(join(cache, treesDir)).filter((e) => e.startsWith('pack-'));
      const indexLines = () => readFileSync(join(cache, treesDir, 'index'), 'utf8').split('\n').filter(Boolean);
      // The first run notes the text as seen; the second keeps its trees: one pack of the run's trees,
      // and the index that says where each text's trees are in it.
      expect(packs()).toEqual([]);
      expect(indexLines()).toEqual([expect.stringMatching(/^\S+ -$/)]);
      expect(run(['r', chart], cache).stdout).toBe(first.stdout);
      expect(readdirSync(join(cache, treesDir)).sort()).toEqual(['index', ...packs()].sort());
      expect(packs()).toHaveLength(1);
      expect(indexLines()).toHaveLength(1);
      const pack = () => join(cache, treesDir, packs()[0]!);
      const treeEntry = pack();
      // The template's trees are in it (its text by position only); the values are not.
      expect(readFileSync(treeEntry, 'utf8')).toContain('["Values","secretish"]');
      expect(readFileSync(treeEntry, 'utf8')).not.toContain('kind: ConfigMap');
      expect(readFileSync(treeEntry, 'utf8')).not.toContain('hunter2');
      expect(run(['r', chart], cache).stdout).toBe(first.stdout);
      // The chart's YAML as read: Chart.yaml and values.yaml; a -f file is not kept.
      const yamlDir = readdirSync(cache).find((e) => e.startsWith('yaml-'))!;
      expect(readdirSync(join(cache, yamlDir))).toHaveLength(2);
      // Readable by the user alone: a chart's values may hold default passwords.
      expect(statSync(join(cache, yamlDir)).mode & 0o777).toBe(0o700);
      expect(statSync(join(cache, treesDir)).mode & 0o777).toBe(0o700);
      for (const f of [treeEntry, join(cache, treesDir, 'index'), ...readdirSync(join(cache, yamlDir)).map((e) => join(cache, yamlDir, e))]) {
        expect(statSync(f).mode & 0o777, f).toBe(0o600);
      }
      writeFileSync(join(chart, 'more.yaml'), 'secretish: from-f\n');
      expect(run(['r', chart, '-f', join(chart, 'more.yaml')], cache).stdout).toContain('from-f');
      expect(readdirSync(join(cache, yamlDir))).toHaveLength(2);
      // They are what later runs read: entries changed behind their back show in the output.
      // Plain values are kept as JSON after a J; others in V8's serialization (both are read).
      const entries = readdirSync(join(cache, yamlDir)).map((e) => readFileSync(join(cache, yamlDir, e)));
      expect(entries.map((e) => e.toString('utf8', 0, 1))).toEqual(['J', 'J']);
      const valuesEntry = readdirSync(join(cache, yamlDir)).find((e) => JSON.parse(readFileSync(join(cache, yamlDir, e), 'utf8').slice(1)).secretish === 'hunter2')!;
      writeFileSync(join(cache, yamlDir, valuesEntry), 'J' + JSON.stringify({ enabled: true, secretish: 'from-the-cache' }));
      expect(run(['r', chart], cache).stdout).toContain('from-the-cache');
      writeFileSync(join(cache, yamlDir, valuesEntry), serialize({ enabled: true, secretish: 'from-v8' }));
      expect(run(['r', chart], cache).stdout).toContain('from-v8');
      writeFileSync(join(cache, yamlDir, valuesEntry), 'J{"enabled": tru');
      expect(run(['r', chart], cache).stdout).toBe(first.stdout);
      writeFileSync(join(cache, yamlDir, valuesEntry), 'not V8 data');
      expect(run(['r', chart], cache).stdout).toBe(first.stdout);
      const kept = readFileSync(treeEntry, 'utf8');
      writeFileSync(treeEntry, kept.replace('["Values","secretish"]', '["Values","enabled"]  '));
      expect(run(['r', chart], cache).stdout).toContain('data: {a: "true"}');
      // An entry that does not decode, or is cut short, is parsed again (and kept anew, in a pack of its own).
      writeFileSync(treeEntry, 'not trees');
      expect(run(['r', chart], cache).stdout).toBe(first.stdout);
      expect(packs()).toHaveLength(1);
      expect(pack()).not.toBe(treeEntry);
      writeFileSync(pack(), kept.slice(0, kept.length - 20));
      expect(run(['r', chart], cache).stdout).toBe(first.stdout);
      expect(readFileSync(pack(), 'utf8')).toBe(kept);
      expect(indexLines()).toHaveLength(1);
      // A broken template: the same error with a cache as without, and never kept.
      writeFileSync(join(chart, 'templates', 'bad.yaml'), '{{ if .Values.enabled }}{{ nosuch }}{{ end }}\n');
      for (let i = 0; i < 2; i++) {
        const bad = run(['r', chart], cache);
        expect(bad.status).toBe(1);
        expect(bad.stderr).toMatch(/^Error: parse error at \(c\/templates\/bad\.yaml:1\): function "nosuch" not defined\n/);
      }
      expect(indexLines()).toHaveLength(1);
      rmSync(join(chart, 'templates', 'bad.yaml'));
      // Turned off, or in a folder that cannot be written: the render is the same, and says nothing of it.
      const off = run(['r', chart], 'off');
      expect([off.status, off.stdout, off.stderr]).toEqual([0, first.stdout, '']);
      const blocked = join(chart, 'values.yaml', 'sub');
      const unwritable = run(['r', chart], blocked);
      expect([unwritable.status, unwritable.stdout, unwritable.stderr]).toEqual([0, first.stdout, '']);
    } finally {
      rmSync(cache, { recursive: true, force: true });
      rmSync(chart, { recursive: true, force: true });
    }
  });
});

describe('the entry under its earlier name', () => {
  it('bin/tugboat.js runs what bin/tugboat.cjs runs (scripts call it by that name)', () => {
    const viaJs = spawnSync(process.execPath, [join(ROOT, 'bin/tugboat.js'), 'template', 'demo', 'helm-like-charts/hello'], { encoding: 'utf8', cwd: ROOT });
    expect(viaJs.status, viaJs.stderr).toBe(0);
    expect(viaJs.stdout).toBe(run(['demo', 'helm-like-charts/hello']).stdout);
    const bad = spawnSync(process.execPath, [join(ROOT, 'bin/tugboat.js'), 'template', 'demo', 'no/such/chart'], { encoding: 'utf8', cwd: ROOT });
    expect(bad.status).toBe(2);
  });
});
