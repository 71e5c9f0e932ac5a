#!/usr/bin/env node
// Regenerates test/core/chart/golden/to-yaml.json with the real Helm (never committed):
//   HELM=/path/to/helm node scripts/gen-to-yaml-golden.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const helm = process.env.HELM;
if (!helm) throw new Error('set HELM to the helm binary');
const long = 'a very long string that goes on and on and on and on and on and on and on and on and on and on and on beyond eighty characters';
const cases = {
  scalars: { s1: 'true', s2: '123', s3: '', s4: 'hello world', s5: 'a: b', s6: '- x', s9: '  leading', s10: 'trailing  ', s11: 'null', s12: '~', s13: 'yes', s14: '1.5', s15: '0x10', s16: '#comment', s17: "it's", s18: 'say "hi"', s19: 'tab\there', s20: 'unicode é ✓', s22: '*star', s23: '@at', s25: 'y', s26: 'on', s27: '2024-01-01', s28: '1e3', s29: 'a #b', s30: 'a#b', s31: 'x:', s32: 'x:y', s33: '-', s34: '-x', s35: '?', s36: 'a, b', s37: '[x]', s38: '{x}', s39: '!tag', s40: '%p', s41: '`b', s42: '|', s43: '>', s44: "'q'", s45: '"q"', s46: '.5', s47: '+1', s48: '0777', s49: '1_000', s50: '<<', s51: '.inf', s52: 'NaN', s53: '12:30', s54: 'Off', s55: 'N', s56: 'nil', s57: '0b101', s58: '2001-12-14t21:59:43.10-05:00', s59: '=' },
  multiline: { clip: 'line1\nline2\n', strip: 'line1\nline2', keep: 'line1\n\nline3\n\n', inner: 'key: value\nmore', lead: '\nstarts with newline', spaced: ' leading space\nsecond', trailsp: 'a \nb' },
  numbers: { n1: 1, n2: 1.5, n3: 1000000, n4: 12345678901, n5: -0.25, n6: 1e-7, n7: 0, n8: 1234567.5, n9: 1e21, n10: 0.0001, n11: 100000000000000000000 },
  structures: { b1: true, b2: false, z: null, e1: {}, e2: [], l1: ['a', 'b', { c: 'd', e: [1, 2] }], nested: { list: [[1, 2], [3]], deep: { x: { y: 'z' } }, emptyInList: [{}, []] }, listOfMaps: [{ a: 1, b: { c: 2 } }, { d: [3] }] },
  keys: { b: 1, a: 2, C: 3, '10': 'x', '9': 'y2', a10: 1, a9: 2, a09: 3, 'A b': 4, '_u': 5, '-d': 6, 'x.y': 7, true: 8, '': 9, 'é': 10 },
  long: { top: long, nested: { deeper: { key: long } }, inList: [long], quoted: `'${long}'`, withColon: `${long}: x`, noSpaces: 'x'.repeat(120) },
  list: ['a', 'b', { c: 'd' }],
  scalar: 'plain',
  int: 3,
};
const chart = mkdtempSync(join(tmpdir(), 'toyaml-'));
mkdirSync(join(chart, 'templates'));
writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: toyaml\nversion: 0.1.0\n');
writeFileSync(join(chart, 'values.yaml'), JSON.stringify({ cases }));
writeFileSync(join(chart, 'templates/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\ndata:\n' + Object.keys(cases).map((k) => `  ${k}: {{ toYaml .Values.cases.${k} | b64enc | quote }}\n`).join(''));
const doc = parse(execFileSync(helm, ['template', 'r', '.'], { cwd: chart, encoding: 'utf8' }));
const out = Object.keys(cases).map((k) => ({ name: k, value: cases[k], yaml: Buffer.from(doc.data[k], 'base64').toString('utf8') }));
writeFileSync(new URL('../test/core/chart/golden/to-yaml.json', import.meta.url), JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${out.length} cases`);
