import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { parseSetFlags, SetValuesError, typedValue, type SetMode } from '../../../src/core/chart/set-values.js';
import { coalesceValues, mergeValues } from '../../../src/core/chart/coalesce.js';

/** Rendered by the real `helm template` (v4.1.4); regenerate with scripts/gen-set-values-golden.mjs. */
const golden = JSON.parse(readFileSync(new URL('./golden/set-values.json', import.meta.url), 'utf8')) as {
  chartValues: string;
  files: Record<string, string>;
  cases: Array<{ name: string; args: string[]; values: unknown }>;
};

/** Our side of `helm template` for values: -f files merged in order, --set flags parsed into them, laid over the chart. */
function helmValues(args: string[]): unknown {
  let user: Record<string, unknown> = {};
  const flags: Array<{ mode: SetMode; value: string }> = [];
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i]!;
    const arg = args[i + 1]!;
    if (flag === '-f') user = mergeValues(user, parse(golden.files[arg]!, { version: '1.1' }) as Record<string, unknown>);
    else flags.push({ mode: flag === '--set-string' ? 'string' : flag === '--set-json' ? 'json' : 'typed', value: arg });
  }
  parseSetFlags(flags, user);
  // Helm reads YAML 1.1 (through sigs.k8s.io/yaml): the chart's key `y` is the boolean true, i.e. the key "true".
  return coalesceValues(parse(golden.chartValues, { version: '1.1' }) as Record<string, unknown>, user);
}

describe('values from --set, --set-string, --set-json and -f, as helm template computes them', () => {
  for (const c of golden.cases) {
    it(c.name, () => {
      expect(helmValues(c.args)).toEqual(c.values);
    });
  }
});

describe('--set errors, worded like Helm', () => {
  const cases: Array<[string, RegExp]> = [
    ['a', /key "a" has no value/],
    ['a[-1]=x', /negative -1 index not allowed/],
    ['a[70000]=x', /greater than maximum supported index/],
    ['a=2,a.b=1', /"a" is not a map/],
    ['a[x]=1', /invalid index/],
  ];
  for (const [input, re] of cases) {
    it(`"${input}"`, () => {
      expect(() => parseSetFlags([{ mode: 'typed', value: input }])).toThrow(SetValuesError);
      expect(() => parseSetFlags([{ mode: 'typed', value: input }])).toThrow(re);
    });
  }
  it('bad JSON in --set-json names the value', () => {
    expect(() => parseSetFlags([{ mode: 'json', value: 'a={nope' }])).toThrow(/failed to parse JSON value "\{nope"/);
  });
});

describe('typedValue', () => {
  const table: Array<[string, unknown]> = [
    ['true', true], ['False', false], ['NULL', null], ['0', 0], ['42', 42], ['-7', -7], ['+3', 3],
    ['007', '007'], ['1.5', '1.5'], ['1e3', '1e3'], ['0x1f', '0x1f'], ['9223372036854775807', 9223372036854775807], ['9223372036854775808', '9223372036854775808'], ['', ''], ['yes', 'yes'],
  ];
  for (const [raw, want] of table) it(`${JSON.stringify(raw)} → ${JSON.stringify(want)}`, () => expect(typedValue(raw)).toEqual(want));
});
