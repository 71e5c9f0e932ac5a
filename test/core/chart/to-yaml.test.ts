import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { compareKeys, toYaml } from '../../../src/core/chart/to-yaml.js';

/** Rendered by the real `helm template` (v4.1.4) with `toYaml`; regenerate with scripts/gen-to-yaml-golden.mjs. */
const golden = JSON.parse(readFileSync(new URL('./golden/to-yaml.json', import.meta.url), 'utf8')) as Array<{ name: string; value: unknown; yaml: string }>;

describe('toYaml writes what Helm writes', () => {
  for (const c of golden) {
    it(c.name, () => {
      expect(toYaml(c.value)).toBe(c.yaml);
    });
  }
});

describe('natural key order', () => {
  it('sorts digits as numbers, non-letters before letters', () => {
    expect(['b', 'a10', 'a9', 'a09', '_u', '9', '10', 'C', ''].sort(compareKeys)).toEqual(['', '_u', '9', '10', 'C', 'a9', 'a09', 'a10', 'b']);
  });

  it('is the order toYaml writes a map\'s keys in', () => {
    const keys = ['b', 'a10', 'é2', 'a9', 'a09', 'é10', '_u', '9', '10', 'C', 'x'];
    const lines = toYaml(Object.fromEntries(keys.map((k) => [k, 1]))).trimEnd().split('\n');
    expect(lines.map((l) => l.slice(0, l.lastIndexOf(':')).replace(/^"(.*)"$/, '$1'))).toEqual([...keys].sort(compareKeys));
    expect([...keys].sort(compareKeys)).toEqual(['_u', '9', '10', 'C', 'a9', 'a09', 'a10', 'b', 'x', 'é2', 'é10']);
  });
});
