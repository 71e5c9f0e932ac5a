import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderChart } from '../../../../src/core/chart/render-chart.js';
import { goJsonMarshal } from '../../../../src/core/template/sprig/index.js';
import { GoFloat } from '../../../../src/core/template/values.js';

const golden = JSON.parse(readFileSync(new URL('./golden/json.json', import.meta.url), 'utf8')) as { values: unknown; cases: Array<{ name: string; expr: string; output: string }> };

describe('toJson, toPrettyJson, toRawJson equal Helm v4 (goldens from the real Helm)', () => {
  const files = new Map([
    ['Chart.yaml', 'apiVersion: v2\nname: json\nversion: 0.1.0\n'],
    ['values.yaml', JSON.stringify(golden.values)],
    ['templates/cm.yaml', golden.cases.map((c) => `${c.name}: {{ ${c.expr} | b64enc }}\n`).join('')],
  ]);
  const rendered = renderChart(files, { releaseName: 'r', namespace: 'd' })[0]!.content;
  const got = new Map(rendered.split('\n').map((l) => [l.slice(0, l.indexOf(':')), Buffer.from(l.slice(l.indexOf(':') + 2), 'base64').toString('utf8')]));
  for (const c of golden.cases) {
    it(`${c.name}: ${c.expr}`, () => expect(got.get(c.name)).toBe(c.output));
  }
});

describe('goJsonMarshal', () => {
  it('sorts keys, prints Go floats and refuses NaN and infinities', () => {
    expect(goJsonMarshal({ b: new GoFloat(1e21), a: [new GoFloat(1e-7), 2n, -0] })).toBe('{"a":[1e-7,2,-0],"b":1e+21}');
    expect(() => goJsonMarshal({ x: new GoFloat(Number.NaN) })).toThrow('json: unsupported value: NaN');
    expect(() => goJsonMarshal(new GoFloat(-Infinity))).toThrow('json: unsupported value: -Inf');
  });
  it('uses a value\'s own JSON form (time values) and base64 for bytes', () => {
    expect(goJsonMarshal({ t: { toJSON: () => '2024-01-02T03:04:05Z' }, b: new Uint8Array([104, 105]) })).toBe('{"b":"aGk=","t":"2024-01-02T03:04:05Z"}');
  });
});
