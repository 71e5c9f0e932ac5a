#!/usr/bin/env node
// Regenerates test/core/chart/golden/errors.json: what the real Helm prints for broken charts.
//   HELM=/path/to/helm node scripts/gen-error-golden.mjs
// Each case is one template (templates/t.yaml) of a chart named "errs" with values `a: 1`; the
// expected text is Helm's message without its "Error: " prefix and "Use --debug" trailer.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const helm = process.env.HELM;
if (!helm) throw new Error('set HELM to the helm binary');
const cases = {
  'unclosed action': 'x: {{ .Values.a',
  'unknown function': 'x: {{ nosuchfn 1 }}',
  'unexpected end': 'a: 1\n{{ if .Values.a }}\nb: 2\n',
  'stray end': 'a: 1\n{{ end }}\n',
  'undefined variable': 'x: {{ $nope }}',
  'pipe without a command': 'x: {{ | .Values.a }}',
  'bad number': 'x: {{ 0x1G }}',
  'unclosed comment': 'x: {{/* open',
  'nil pointer': 'x: 1\ny: {{ .Values.b.c }}',
  'field of a number': 'x: {{ .Values.a.b }}',
  'field of an int variable': 'x: {{ $x := 1 }}{{ $x.y }}',
  'required': 'x: {{ required "image.tag is required" .Values.image }}',
  'required with an empty string': 'x: {{ required "name is required" "" }}',
  'fail': 'x: {{ fail "boom here" }}',
  'fail inside include': '{{ define "f" }}{{ fail "deep" }}{{ end }}x: {{ include "f" . }}',
  'required inside include': '{{ define "inner" }}{{ required "need it" .Values.zz }}{{ end }}x: {{ include "inner" . }}',
  'fail inside tpl': 'x: {{ tpl "{{ fail \\"intpl\\" }}" . }}',
  'include of a missing template': 'x: {{ include "nope" . }}',
  'template of a missing template': 'x: {{ template "nope" . }}',
  'nil pointer inside include': '{{ define "inner" }}{{ .Values.q.r }}{{ end }}x: {{ include "inner" . }}',
  'two includes deep': '{{ define "inner" }}{{ include "in2" . }}{{ end }}{{ define "in2" }}{{ .Values.a.b.c }}{{ end }}x: {{ include "inner" . | nindent 2 }}',
  'index error': 'x: {{ index .Values.a 3 }}',
  'index error inside include': '{{ define "inner" }}{{ index .Values.a 3 }}{{ end }}x: {{ include "inner" . }}',
  'len of an int': 'x: {{ len 3 }}',
  'wrong number of args': 'x: {{ default }}',
  'wrong argument type': 'x: {{ .Values.a | upper }}',
  'nil pointer inside tpl': 'x: {{ tpl "{{ .Values.zz.q }}" . }}',
  'tpl inside include': '{{ define "inner" }}{{ tpl "{{ .Values.zz.q }}" . }}{{ end }}x: {{ include "inner" . }}',
};
const out = [];
for (const [name, template] of Object.entries(cases)) {
  const dir = mkdtempSync(join(tmpdir(), 'errs-'));
  mkdirSync(join(dir, 'templates'));
  writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: errs\nversion: 0.1.0\n');
  writeFileSync(join(dir, 'values.yaml'), 'a: 1\n');
  writeFileSync(join(dir, 'templates/t.yaml'), template);
  const r = spawnSync(helm, ['template', 'r', dir], { encoding: 'utf8' });
  if (r.status === 0) throw new Error(`case "${name}" rendered without error`);
  const message = r.stderr.replace(/^Error: /, '').replace(/\n+Use --debug flag to render out invalid YAML\n*$/, '').replace(/\n+$/, '');
  out.push({ name, template, message });
}
writeFileSync(new URL('../test/core/chart/golden/errors.json', import.meta.url), JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${out.length} cases`);
