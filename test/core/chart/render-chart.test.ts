import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { formatManifests, renderChart } from '../../../src/core/chart/render-chart.js';
import type { SetMode } from '../../../src/core/chart/set-values.js';
import { CHART_CASES } from './chart-cases.mjs';
import { readChartDir } from '../../../src/adapters/chart-dir.js';
import { decodeTrees, encodeTrees, type ParsedTrees } from '../../../src/core/template/index.js';
import type { ParsedYaml } from '../../../src/core/chart/chart-tree.js';
import { deserialize, serialize } from 'node:v8';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

const chartFiles = readChartDir;

/** Documents as parsed YAML with the `# Source:` line that precedes each, in order. */
function documents(text: string): Array<{ source: string; doc: unknown }> {
  return text.split(/^---\n/m).filter((d) => d.trim()).map((d) => ({
    source: /^# Source: (.*)$/m.exec(d)?.[1] ?? '',
    doc: parseAllDocuments(d)[0]!.toJS(),
  }));
}

function render(c: (typeof CHART_CASES)[number], parsedTrees?: ParsedTrees, parsedYaml?: ParsedYaml): string {
  const valueFiles: string[] = [];
  const setFlags: Array<{ mode: SetMode; value: string }> = [];
  const apiVersions: string[] = [];
  let namespace = 'default';
  let kubeVersion: string | undefined;
  for (let i = 0; i < c.args.length; i += 2) {
    const [flag, arg] = [c.args[i]!, c.args[i + 1]!];
    if (flag === '-f') valueFiles.push(readFileSync(join(ROOT, arg), 'utf8'));
    else if (flag === '-n') namespace = arg;
    else if (flag === '--api-versions') apiVersions.push(arg);
    else if (flag === '--kube-version') kubeVersion = arg;
    else setFlags.push({ mode: flag === '--set-string' ? 'string' : flag === '--set-json' ? 'json' : 'typed', value: arg });
  }
  return formatManifests(renderChart(chartFiles(join(ROOT, c.chart)), { releaseName: c.release, namespace, valueFiles, setFlags, apiVersions, kubeVersion, parsedTrees, parsedYaml }));
}

describe('charts render as helm template renders them (goldens from the real Helm v4)', () => {
  for (const c of CHART_CASES) {
    it(`${c.name}: helm template ${c.release} ${c.chart} ${c.args.join(' ')}`, () => {
      const golden = readFileSync(new URL(`./golden/charts/${c.name}.yaml`, import.meta.url), 'utf8');
      const ours = render(c);
      expect(documents(ours)).toEqual(documents(golden));
      expect(ours).toBe(golden);
    });
  }
});

describe('charts render the same from what an earlier render parsed and read (trees and YAML kept), as the CLI does on later runs', () => {
  for (const c of CHART_CASES) {
    it(c.name, () => {
      const kept = new Map<string, string>();
      const parsedTrees: ParsedTrees = {
        get: (name, text) => (kept.has(`${name}\0${text}`) ? decodeTrees(kept.get(`${name}\0${text}`)!, text) : undefined),
        add: (name, text, trees) => void kept.set(`${name}\0${text}`, encodeTrees(trees)),
      };
      const yaml = new Map<string, Buffer>();
      const parsedYaml: ParsedYaml = { get: (t) => (yaml.has(t) ? deserialize(yaml.get(t)!) : undefined), set: (t, v) => void yaml.set(t, serialize(v)) };
      const first = render(c, parsedTrees, parsedYaml);
      expect(kept.size).toBeGreaterThan(0);
      expect(yaml.size).toBeGreaterThan(0);
      let asked = 0;
      const again = render(
        c,
        { get: (name, text) => (asked++, parsedTrees.get(name, text)), add: () => { throw new Error('parsed again'); } },
        { get: parsedYaml.get, set: () => { throw new Error('read again'); } },
      );
      expect(asked).toBe(kept.size);
      expect(again).toBe(first);
      expect(again).toBe(readFileSync(new URL(`./golden/charts/${c.name}.yaml`, import.meta.url), 'utf8'));
    });
  }
});
