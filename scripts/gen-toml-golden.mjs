#!/usr/bin/env node
// Regenerates test/core/chart/golden/to-toml.json with the real Helm (never committed):
//   HELM=/path/to/helm node scripts/gen-toml-golden.mjs
// Each case is `toToml` of one value of values.yaml (read by Helm: YAML 1.1, numbers float64).
// (`toToml nil` makes Helm fail: error calling toToml: reflect: call of reflect.Value.Type on zero Value.)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const helm = process.env.HELM;
if (!helm) throw new Error('set HELM to the helm binary');
const values = `
flat: {b: 1, a: "x", c: true, d: 1.5, e: 2.0, f: null, g: "quote\\"and\\\\back\\nnl\\ttab é"}
nested: {z: 1, a: {q: 2, b: {c: 3, list: [1, 2]}}, m: "s", emptyMap: {}, emptyList: []}
arrays: {nums: [1, 2, 3], strs: ["a", "b"], mixed: [1, "a"], tables: [{a: 1, b: {c: 2}}, {a: 3}], nestedArr: [[1, 2], ["x"]]}
keys: {"with space": 1, "dotted.key": 2, "ünï": 3, "": 4, "a-b_c": 5, "1": 6, "a\\"b": 7, "tab\\tk": 8, y: 9}
floats: {big: 1e21, small: 1e-7, neg: -0.5, int: 100, huge: 12345678901234567890, a: 1000000, b: 123456, c: 0.0001, d: 0.00001, i: 0.0, j: -0.0, k: 1234567.5, l: 100000, m: 12345678, n: 0.1, o: 1.5e300, p: 5e-324}
strings: {ctl: "a\\u0001b\\u007fc", q: "it's", uni: "\\u2028x", cr: "a\\rb", ff: "\\f\\b"}
inline: {m: [1, {b: 2, a: 1}], lm: [{a: 1}, 2], el: [[{a: {z: 1}}]]}
nilInArray: {ln: [1, null]}
nilInTable: {a: [{x: null, q: 1}], b: {c: null}}
deep: {a: {b: {c: {d: {e: 1}}}, t: [{u: [{v: 1}]}]}}
top: [1, 2]
`;
const cases = ['flat', 'nested', 'arrays', 'keys', 'floats', 'strings', 'inline', 'nilInArray', 'nilInTable', 'deep', 'top'];
const dir = mkdtempSync(join(tmpdir(), 'toml-'));
mkdirSync(join(dir, 'templates'));
writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: toml\nversion: 0.1.0\n');
writeFileSync(join(dir, 'values.yaml'), values);
writeFileSync(join(dir, 'templates/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: t\ndata:\n' +
  cases.map((c) => `  ${c}: {{ toToml .Values.${c} | b64enc | quote }}\n`).join('') +
  '  all: {{ toToml .Values | b64enc | quote }}\n  string: {{ toToml "x" | b64enc | quote }}\n');
const doc = parse(execFileSync(helm, ['template', 'r', dir], { encoding: 'utf8' }));
const out = { values, cases: [...cases, 'all', 'string'].map((name) => ({ name, toml: Buffer.from(doc.data[name], 'base64').toString('utf8') })) };
writeFileSync(new URL('../test/core/chart/golden/to-toml.json', import.meta.url), JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${out.cases.length} cases`);
