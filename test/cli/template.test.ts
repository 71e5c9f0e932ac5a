import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { binPath } from '../helpers/daemon-process.js';
import { CHART_CASES } from '../core/chart/chart-cases.mjs';

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
});
