/**
 * Texts and a tree comparison for the tests of parse trees kept across runs (tree-codec.test.ts):
 * template texts that stress the parser, every template file of the repository's charts and the bench
 * charts, and trees as plain data.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Node, Tree } from '../../../src/core/template/ast.js';
import { writeBenchCharts } from '../../../src/bench/template-charts.js';

export const TRICKY: Record<string, string> = {
  'strings with delimiters': '{{ if .a }}x{{ "}}" }}{{ `{{ end }}` }}{{ \'}\' }}{{ "\\"}}\\\\" }}y{{ end }}z',
  'trim markers': 'a\n  {{- if .a -}}\n  b  \n  {{- else -}}\n c \n {{- end -}}\n  d',
  'comments': '{{ if .a }}{{/* {{ end }} */}}{{- /* x */ -}}kept{{ end }}{{ with .b }}{{/* only */}}{{ end }}',
  'nested and chained': `{{ if .a }}{{ range $i, $v := .l }}{{ with $v }}{{ $i }}{{ . }}{{ else }}none{{ end }}{{ end }}{{ else if .b }}b{{ else }}{{ if .d }}d{{ end }}{{ end }}{{ with .c }}{{ . }}{{ else with .e }}{{ . }}{{ else }}-{{ end }}`,
  'variables in scope': '{{ $x := 1 }}{{ if .a }}{{ $y := $x }}{{ if $y }}{{ $x }}{{ $y }}{{ end }}{{ end }}{{ range $k := .m }}{{ $k }}{{ $x }}{{ end }}',
  'then-part variables seen in else': '{{ if .a }}{{ $h := 1 }}{{ else }}{{ $h }}{{ end }}',
  'break and continue in a range': '{{ range .l }}{{ if . }}{{ break }}{{ end }}{{ if not . }}{{ continue }}{{ end }}{{ end }}',
  'block inside a body': '{{ if .a }}{{ block "b" . }}inner{{ end }}{{ end }}{{ template "b" . }}',
  'defines': '{{ define "x" }}{{ if .a }}{{ .a }}{{ end }}{{ end }}{{- define "empty" }}\n  {{/* c */}}\n{{ end }}{{ define "t" }}text only{{ end }}{{ define "y" }}{{ template "x" . }}{{ end }}',
  'keyword-like words': '{{ if .a }}{{ ifx }}{{ .end }}{{ $else := 1 }}{{ endx }}{{ end }}'.replace('ifx', 'include').replace('endx', 'print "end"'),
  'parenthesized pipelines and lines': '{{ if .a }}\n{{ (printf "%s" (include "x" .)) }}\n{{ template "x" (dict "a" 1) }}\n{{ end }}{{ define "x" }}x{{ end }}',
  'unicode': '{{ if .a }}é{{ .b }}{{ "ü}}" }}\n{{ end }}',
  'numbers and chars': "{{ if .a }}{{ add 1 0x1F 1e3 'x' '\\'' }}{{ end }}",
  'empty bodies': '{{ if .a }}{{ end }}{{ if .b }}  \n {{ else }} {{ end }}{{ define "e" }}{{ end }}',
  'numbers of every kind': '{{ list 0 -0 -0.0 1.5e300 1e-7 0x7fffffffffffffff 18446744073709551615 -9223372036854775808 0o17 0b101 1_000 \'\\u00e9\' 0x1p-2 }}',
  'chains, nil and pipes in arguments': '{{ (dict "a" 1).a }}{{ $x := (list 1).x }}{{ $x = nil }}{{ with $y := .a | default "b" | quote }}{{ $y }}{{ end }}{{ template "t" }}{{ define "t" }}{{ true }}{{ false }}{{ . }}{{ end }}',
};

/** A tree as plain data, every deferred body read (reading `nodes` and `pos` does it). */
export function plain(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(plain);
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'number' && Object.is(v, -0)) return '-0';
  if (v === null || typeof v !== 'object') return v;
  const n = v as Node;
  if (n.kind === 'list') return { kind: 'list', pos: n.pos, nodes: plain(n.nodes) };
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
}

export const plainTrees = (m: ReadonlyMap<string, Tree>) => [...m].map(([k, t]) => [k, t.name, t.parseName, t.text, plain(t.root)]);

/** Every template file of the repository's charts and of the bench charts: [path, text]. */
export function repositoryTemplates(): Array<[string, string]> {
  const root = new URL('../../../', import.meta.url).pathname;
  const files: Array<[string, string]> = [];
  const walk = (dir: string) => {
    for (const f of readdirSync(dir)) {
      const p = join(dir, f);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\/templates\//.test(p)) files.push([p, readFileSync(p, 'utf8')]);
    }
  };
  walk(join(root, 'helm-like-charts'));
  walk(join(root, 'test/fixtures/charts'));
  const bench = mkdtempSync(join(tmpdir(), 'tugboat-trees-'));
  try {
    writeBenchCharts(bench);
    walk(bench);
  } finally {
    rmSync(bench, { recursive: true, force: true });
  }
  return files;
}
