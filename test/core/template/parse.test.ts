import { describe, expect, it } from 'vitest';
import { TemplateParseError, TemplateSet } from '../../../src/core/template/index.js';
import { render, renderErr } from './helpers.js';

describe('trim markers', () => {
  const table: [string, string, string][] = [
    ['both sides', 'a  {{- 1 -}}  b', 'a1b'],
    ['newlines before', 'a\n\n  {{- 1 }}\n', 'a1\n'],
    ['newlines after', '{{ 1 -}}\n\n  b', '1b'],
    ['tabs', '{{ 3 }}\t{{- 4 }}', '34'],
    ['CRLF', 'a\r\n{{- 1 }}', 'a1'],
    ['no space after dash is a negative number', 'a {{-1}}', 'a -1'],
    ['right marker after number', '{{1 -}}  x', '1x'],
    ['several spaces before right marker', '{{ 1   -}}  x', '1x'],
    ['comment with trim', 'a {{- /* c */ -}} b', 'ab'],
    ['comment without trim', 'a {{/* c */}} b', 'a  b'],
    ['multi-line comment', 'a{{/* line1\nline2 */}}b', 'ab'],
    ['trim only up to previous action', '{{ 1 }} {{- 2 }}', '12'],
  ];
  it.each(table)('%s', (_n, text, expected) => {
    expect(render(text)).toBe(expected);
  });
});

describe('literals', () => {
  const table: [string, string, string][] = [
    ['escapes in strings', '{{ "a\\tb\\n\\"q\\"" }}', 'a\tb\n"q"'],
    ['hex, octal and unicode escapes', '{{ "\\u00e9\\x41\\101\\U0001F600" }}', 'éAA😀'],
    ['raw strings are verbatim', '{{ `raw\\n` }}', 'raw\\n'],
    ['raw strings may span lines', '{{ `a\nb` }}', 'a\nb'],
    ['char constants are ints', "{{ 'a' }} {{ '\\n' }} {{ '\\x41' }}", '97 10 65'],
    ['booleans and nil args', '{{ true }} {{ false }} {{ print nil }}', 'true false <nil>'],
    ['floats', '{{ 1.5 }} {{ 1e-3 }} {{ 2E2 }} {{ 0x1p4 }}', '1.5 0.001 200 16'],
    ['signed numbers', '{{ +3 }} {{ -0.5 }}', '3 -0.5'],
    ['actions may span lines', '{{ print\n 1\n 2 }}', '1 2'],
  ];
  it.each(table)('%s', (_n, text, expected) => {
    expect(render(text)).toBe(expected);
  });
});

describe('parse errors (template: NAME:LINE: msg)', () => {
  const table: [string, string, string][] = [
    ['undefined function', '{{ foo }}', 'template: t:1: function "foo" not defined'],
    ['unexpected EOF', 'a\n{{ if .x }}\nb', 'template: t:3: unexpected EOF'],
    ['stray end', '{{ end }}', 'template: t:1: unexpected {{end}}'],
    ['stray else', 'x\n{{ else }}', 'template: t:2: unexpected {{else}}'],
    ['unclosed action', '{{ .x ', 'template: t:1: unclosed action'],
    ['unterminated string', '{{ "abc }}', 'template: t:1: unterminated quoted string'],
    ['unterminated raw string', '{{ `abc }}', 'template: t:1: unterminated raw quoted string'],
    ['unclosed comment', '{{/* abc }}', 'template: t:1: unclosed comment'],
    ['comment not closing the action', '{{/* a */ 1 }}', 'template: t:1: comment ends before closing delimiter'],
    ['missing if condition', '{{ if }}{{ end }}', 'template: t:1: missing value for if'],
    ['empty action', '{{ }}', 'template: t:1: missing value for command'],
    ['undefined variable', '{{ $u }}', 'template: t:1: undefined variable "$u"'],
    ['variable out of scope', '{{ if true }}{{ $y := 1 }}{{ end }}{{ $y }}', 'template: t:1: undefined variable "$y"'],
    ['break outside range', '{{ break }}', 'template: t:1: {{break}} outside {{range}}'],
    ['continue in range else', '{{ range . }}{{ else }}{{ continue }}{{ end }}', 'template: t:1: {{continue}} outside {{range}}'],
    ['too many range variables', '{{ range $a, $b, $c := . }}{{ end }}', 'template: t:1: too many declarations in range'],
    ['literal in later pipeline stage', '{{ "a" | 1 }}', 'template: t:1: non executable command in pipeline stage 2'],
    ['field on literal', '{{ "a".x }}', 'template: t:1: unexpected . after term "\\"a\\""'],
    ['double else', '{{ if 1 }}{{ else }}{{ else }}{{ end }}', 'template: t:1: expected end; found {{else}}'],
    ['else if in range', '{{ range . }}{{ else if 1 }}{{ end }}', 'template: t:1: unexpected <if> in input'],
    ['unexpected right paren', '{{ 1) }}', 'template: t:1: unexpected right paren'],
    ['unclosed left paren', '{{ (1 }}', 'template: t:1: unclosed left paren'],
    ['bad character', '{{ .a# }}', "template: t:1: bad character U+0023 '#'"],
    ['bad number', '{{ 3k }}', 'template: t:1: bad number syntax: "3k"'],
    ['define without name', '{{ define }}{{ end }}', 'template: t:1: unexpected "}}" in define clause'],
    ['duplicate define in one text', '{{ define "a" }}1{{ end }}{{ define "a" }}2{{ end }}', 'template: t:1: template: multiple definition of template "a"'],
    ['missing end in define', '{{ define "a" }}x', 'template: t:1: unexpected EOF'],
    ['bad escape', '{{ "\\q" }}', 'template: t:1: invalid syntax'],
    ['malformed char constant', "{{ 'ab' }}", "template: t:1: malformed character constant: 'ab'"],
    ['unexpected token in operand', '{{ .a := 1 }}', 'template: t:1: unexpected ":=" in operand'],
  ];
  it.each(table)('%s', (_n, text, expected) => {
    expect(renderErr(text)).toBe(expected);
  });

  it('throws TemplateParseError', () => {
    const t = new TemplateSet();
    expect(() => t.parse('t', '{{ end }}')).toThrow(TemplateParseError);
  });

  it('reports the file name given to parse', () => {
    expect(() => new TemplateSet().parse('chart/templates/a.yaml', 'x\ny\n{{ nope }}')).toThrow(
      'template: chart/templates/a.yaml:3: function "nope" not defined',
    );
  });

  it('lets user functions named break/continue be called as functions', () => {
    expect(render('{{ break }}', {}, { break: () => 'b' })).toBe('b');
  });
});
