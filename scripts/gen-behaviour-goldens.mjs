#!/usr/bin/env node
// Regenerates test/core/chart/golden/behaviours.json (and the packaged fixture chart) with the real
// Helm, which is never committed:
//   HELM=/path/to/helm node scripts/gen-behaviour-goldens.mjs
import { spawnSync, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BEHAVIOUR_CASES, PACKAGED_CHART } from '../test/core/chart/behaviour-cases.mjs';

const helm = process.env.HELM;
if (!helm) throw new Error('set HELM to the helm binary');
const root = fileURLToPath(new URL('..', import.meta.url));

mkdirSync(join(root, dirname(PACKAGED_CHART)), { recursive: true });
execFileSync(helm, ['package', 'test/fixtures/charts/helm-behaviours/dep-version', '-d', dirname(PACKAGED_CHART)], { cwd: root, stdio: 'ignore' });

/** Files under `dir` as relative path → text. */
function listFiles(dir) {
  const out = {};
  const walk = (d) => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

const out = [];
for (const c of BEHAVIOUR_CASES) {
  let dir;
  const args = ['template', 'r', c.chart, '-n', 'ns', ...c.args];
  if (c.outputDir) {
    dir = mkdtempSync(join(tmpdir(), 'behaviour-out-'));
    args.push('--output-dir', dir);
  }
  const r = spawnSync(helm, args, { cwd: root, encoding: 'utf8' });
  const entry = { name: c.name, stdout: dir ? r.stdout.split(dir).join('<out>') : r.stdout, stderr: r.stderr, exit: r.status };
  if (dir) {
    entry.files = listFiles(dir);
    rmSync(dir, { recursive: true, force: true });
  }
  out.push(entry);
}
writeFileSync(join(root, 'test/core/chart/golden/behaviours.json'), JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${out.length} behaviour goldens`);
