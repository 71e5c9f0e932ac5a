#!/usr/bin/env node
// Regenerates test/core/chart/golden/charts/*.yaml with the real Helm (never committed):
//   HELM=/path/to/helm node scripts/gen-chart-goldens.mjs
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CHART_CASES } from '../test/core/chart/chart-cases.mjs';

const helm = process.env.HELM;
if (!helm) throw new Error('set HELM to the helm binary');
const root = fileURLToPath(new URL('..', import.meta.url));
for (const c of CHART_CASES) {
  const out = execFileSync(helm, ['template', c.release, c.chart, ...c.args], { cwd: root, encoding: 'utf8' });
  writeFileSync(new URL(`../test/core/chart/golden/charts/${c.name}.yaml`, import.meta.url), out);
}
console.log(`wrote ${CHART_CASES.length} goldens`);
