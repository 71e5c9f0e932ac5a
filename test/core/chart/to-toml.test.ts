import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toToml } from '../../../src/core/chart/to-toml.js';
import { parseValues } from '../../../src/core/chart/chart-tree.js';

const golden = JSON.parse(readFileSync(new URL('./golden/to-toml.json', import.meta.url), 'utf8')) as { values: string; cases: Array<{ name: string; toml: string }> };
const values = parseValues(golden.values);
const input: Record<string, unknown> = { ...values, all: values, string: 'x' };

describe('toToml equals Helm v4 (goldens from the real Helm)', () => {
  for (const c of golden.cases) {
    it(c.name, () => expect(toToml(input[c.name])).toBe(c.toml));
  }
  it('of nil fails as it does in Helm', () => {
    expect(() => toToml(undefined)).toThrow('reflect: call of reflect.Value.Type on zero Value');
  });
});
