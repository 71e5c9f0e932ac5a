#!/usr/bin/env node
// Regenerates test/core/template/sprig/golden/json.json with the real Helm (never committed):
//   HELM=/path/to/helm node scripts/gen-json-golden.mjs
// Each case is a template expression; Helm's output is recorded base64-wrapped so whitespace survives.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const helm = process.env.HELM;
if (!helm) throw new Error('set HELM to the helm binary');
const values = {
  m: { zeta: 1, alpha: { c: [3, 2.5, 'x'], b: null, a: true }, Mid: 'v', '10': 'ten', '9': 'nine' },
  floats: [0, 1, 1.5, -2.25, 1000000, 12345678901, 1e21, 1e-7, 0.000001, 123456789.125],
  strings: ['<b>&amp;</b>', 'tab\there', 'line\nbreak', 'quote"back\\slash', 'uni é ✓ 😀', 'sep\u2028x\u2029y', 'ctl\u0001\u001f', 'bs\bff\f'],
  empty: { list: [], map: {}, str: '' },
};
const cases = {
  map: 'toJson .Values.m',
  floats: 'toJson .Values.floats',
  strings: 'toJson .Values.strings',
  empty: 'toJson .Values.empty',
  nil: 'toJson .Values.missing',
  ints: 'toJson (list 1 (int 2) (int64 3) (add 1 2) (float64 4) (div 7 2))',
  dict: 'toJson (dict "b" 1 "a" (list "x" (dict "d" 2 "c" 3)))',
  string: 'toJson "plain <x>"',
  bool: 'toJson true',
  prettyMap: 'toPrettyJson .Values.m',
  prettyEmpty: 'toPrettyJson .Values.empty',
  prettyList: 'toPrettyJson (list 1 (list) (dict) (list 2 3))',
  prettyScalar: 'toPrettyJson "a&b"',
  rawStrings: 'toRawJson .Values.strings',
  rawMap: 'toRawJson .Values.m',
  mustToJson: 'mustToJson .Values.empty',
  mustToPrettyJson: 'mustToPrettyJson (dict "z" 1 "y" (dict))',
  mustToRawJson: 'mustToRawJson (dict "html" "<&>")',
  roundTrip: 'toJson (fromJson "{\\"b\\":1,\\"a\\":[1.5,2]}")',
  yamlThenJson: 'toJson (fromYaml "b: 1\\na: {z: 2, y: [true, null]}")',
};
const dir = mkdtempSync(join(tmpdir(), 'json-'));
mkdirSync(join(dir, 'templates'));
writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: json\nversion: 0.1.0\n');
writeFileSync(join(dir, 'values.yaml'), JSON.stringify(values));
writeFileSync(join(dir, 'templates/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: j\ndata:\n' + Object.entries(cases).map(([k, e]) => `  ${k}: {{ ${e} | b64enc | quote }}\n`).join(''));
const doc = parse(execFileSync(helm, ['template', 'r', dir], { encoding: 'utf8' }));
const out = { values, cases: Object.entries(cases).map(([name, expr]) => ({ name, expr, output: Buffer.from(doc.data[name], 'base64').toString('utf8') })) };
writeFileSync(new URL('../test/core/template/sprig/golden/json.json', import.meta.url), JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${out.cases.length} cases`);
