#!/usr/bin/env node
// Regenerates test/core/chart/golden/set-values.json with the real Helm (never committed):
//   HELM=/path/to/helm node scripts/gen-set-values-golden.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const helm = process.env.HELM;
if (!helm) throw new Error('set HELM to the helm binary');
const chart = mkdtempSync(join(tmpdir(), 'setchart-'));
mkdirSync(join(chart, 'templates'));
writeFileSync(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: setchart\nversion: 0.1.0\n');
const chartValues = 'base: {keep: 1, list: [a, b], nested: {x: 1, y: 2}}\nreplicas: 3\n';
writeFileSync(join(chart, 'values.yaml'), chartValues);
writeFileSync(join(chart, 'templates/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: v\ndata:\n  values: {{ .Values | toJson | quote }}\n');
const files = {
  'one.yaml': 'base: {nested: {y: 20, z: 30}, list: [c]}\nfromFile: true\n',
  'two.yaml': 'base: {nested: {z: 31}}\nfromFile: null\nextra: [1, 2]\n',
};
for (const [n, t] of Object.entries(files)) writeFileSync(join(chart, n), t);

const cases = [
  ['scalars are typed', ['--set', 'a=1,b=true,c=null,d=1.5,e=012,f=,r=TRUE,q=-5,o=0x10,p=1e3']],
  ['signs and zeros', ['--set', 'a=+5,b=-0,c=00,d=9223372036854775808,e= 5,f=0,g=-']],
  ['nested keys', ['--set', 'g.h=x,g.i.j=y']],
  ['list indexes leave nulls in gaps', ['--set', 'i[0]=p,i[2]=q']],
  ['maps inside lists', ['--set', 'a[1].b=x,a[0]=y']],
  ['lists inside lists', ['--set', 'a[0][1]=x']],
  ['list literals', ['--set', 'j={x,y},k={}']],
  ['escapes', ['--set', 'k=a\\,b,l\\.m=n,a\\=b=c,m={x\\,y,z}']],
  ['equals in values', ['--set', 'a=x=y']],
  ['trailing comma', ['--set', 'a=b,']],
  ['later flags merge', ['--set', 'a.b.c=1', '--set', 'a.b.d=2']],
  ['later keys win', ['--set', 'a.b=1,a=2']],
  ['null deletes a chart default', ['--set', 'base.keep=null']],
  ['a set list replaces the chart list', ['--set', 'base.list[1]=z']],
  ['a scalar replaces a chart map', ['--set', 'base=5']],
  ['null spellings', ['--set', 'a=nil,b=Null,c=NULL,x=~']],
  ['set-string keeps strings', ['--set-string', 'a=1,b=true,c=null,d={x,y}']],
  ['set-json reads JSON', ['--set-json', 'a=[1,{"b":2}],c="s",d={"e":{"f":null}}']],
  ['files merge in order', ['-f', 'one.yaml', '-f', 'two.yaml']],
  ['set applies over files', ['-f', 'one.yaml', '--set', 'base.list[1]=d,base.nested.z=0']],
  ['mixed flags in order', ['--set', 'a=1', '--set-string', 'a=2', '--set', 'b=3', '--set-json', 'b=4.5']],
];
const out = { chartValues, files, cases: [] };
for (const [name, args] of cases) {
  const text = execFileSync(helm, ['template', 'r', '.', ...args], { cwd: chart, encoding: 'utf8' });
  out.cases.push({ name, args, values: JSON.parse(parse(text).data.values) });
}
writeFileSync(new URL('../test/core/chart/golden/set-values.json', import.meta.url), JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${out.cases.length} cases`);
