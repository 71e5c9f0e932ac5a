import { describe, expect, it } from 'vitest';
import { type Node, isEmptyTree } from '../../../src/core/template/ast.js';
import { bodyEnd } from '../../../src/core/template/lexer.js';
import { parseTemplates } from '../../../src/core/template/parser.js';
import { TemplateSet, type ParsedTexts } from '../../../src/core/template/index.js';
import { helmFuncs } from '../../../src/core/chart/helm-funcs.js';
import { TRICKY, plainTrees, repositoryTemplates } from './tree-fixtures.js';

const FUNCS = new TemplateSet(helmFuncs({}));
const has = (name: string) => FUNCS.lookupFunc(name) !== undefined;

/** Parsed lazily, a text gives the trees of the eager parse: same nodes, positions, lines, emptiness. */
function expectSameParse(name: string, text: string): void {
  const eager = parseTemplates(name, text, has);
  const lazy = parseTemplates(name, text, has, true);
  // Emptiness (Go's IsEmptyTree) is read before any body is parsed, as TemplateSet reads it.
  expect([...lazy].map(([k, t]) => [k, isEmptyTree(t.root)]), name).toEqual([...eager].map(([k, t]) => [k, isEmptyTree(t.root)]));
  expect(plainTrees(lazy), name).toEqual(plainTrees(eager));
}

describe('a text known to parse, parsed lazily', () => {
  for (const [what, text] of Object.entries(TRICKY)) {
    it(`gives the trees of the eager parse: ${what}`, () => expectSameParse(what, text));
  }

  it('leaves bodies unparsed until they are read', () => {
    const text = '{{ if .a }}{{ .a.b }}{{ end }}';
    const lazy = parseTemplates('t', text, has, true).get('t')!;
    const ifNode = lazy.root.nodes[0] as Node & { list: { hasAction?: boolean } };
    expect(ifNode.kind).toBe('if');
    expect(ifNode.list.hasAction).toBe(true);
    expect(ifNode.list.constructor.name).toBe('LazyList');
  });

  it('gives the trees of the eager parse for every template of the repository charts and the bench charts', () => {
    const files = repositoryTemplates();
    let parsed = 0;
    for (const [p, text] of files) {
      try {
        parseTemplates(p, text, has);
      } catch {
        continue; // fixtures of parse errors are never known to parse
      }
      expectSameParse(p, text);
      parsed++;
    }
    expect(parsed).toBeGreaterThan(300);
  });
});

describe('bodyEnd', () => {
  it('finds the body\'s own {{else}} or {{end}}, past nested ones, strings and comments', () => {
    const text = '{{ if .a }}x{{ if .b }}{{ else }}{{ end }}{{ "{{ end }}" }}{{/* {{ end }} */}}{{- else }}y{{ end }}';
    const from = text.indexOf('}}') + 2;
    expect(bodyEnd(text, from)).toEqual({ at: text.indexOf('{{- else }}'), isElse: true, hasAction: true });
    const plainBody = '{{ define "x" }}only text{{/* c */}}{{ end }}';
    expect(bodyEnd(plainBody, plainBody.indexOf('}}') + 2)).toEqual({ at: plainBody.lastIndexOf('{{'), isElse: false, hasAction: false });
  });

  it('gives up on what it cannot be sure of', () => {
    expect(bodyEnd('{{ if .a }}{{ block "b" . }}{{ end }}{{ end }}', 11)).toBeUndefined();
    expect(bodyEnd('{{ if .a }}no end', 11)).toBeUndefined();
    expect(bodyEnd('{{ if .a }}{{ "open }}', 11)).toBeUndefined();
  });
});

describe('a template set with parsed texts', () => {
  const texts = (): ParsedTexts & { seen: Set<string>; added: string[] } => {
    const seen = new Set<string>();
    const added: string[] = [];
    return { seen, added, has: (t) => seen.has(t), add: (t) => { added.push(t); seen.add(t); } };
  };
  const LIB = '{{- define "lib.name" -}}{{ if .name }}{{ .name | upper }}{{ else }}none{{ end }}{{- end -}}\n{{- define "lib.fail" -}}\n{{ if true }}\n{{ .missing.field }}{{ end }}{{- end -}}\n';
  const MAIN = '{{ range $i, $n := .names }}{{ include "lib.name" (dict "name" $n) }},{{ end }}{{ if .off }}{{ template "lib.fail" . }}{{ end }}';

  it('adds the texts it parses in full, then parses them lazily and renders the same', () => {
    const known = texts();
    const first = new TemplateSet(helmFuncs({}), { parsedTexts: known });
    first.parse('_lib.tpl', LIB).parse('main', MAIN);
    expect(known.added).toEqual([LIB, MAIN]);
    const again = new TemplateSet(helmFuncs({}), { parsedTexts: known });
    again.parse('_lib.tpl', LIB).parse('main', MAIN);
    expect(known.added).toHaveLength(2);
    const data = { names: ['a', '', 'c'], off: false };
    expect(again.execute('main', data)).toBe(first.execute('main', data));
    expect(again.execute('main', data)).toBe('A,none,C,');
    // An error inside a lazily parsed body names the same file, line and column.
    const errOf = (s: TemplateSet) => { try { s.execute('main', { names: [], off: true, missing: null }); return ''; } catch (e) { return (e as Error).message; } };
    expect(errOf(again)).toBe(errOf(first));
    expect(errOf(again)).toMatch(/^template: _lib\.tpl:4:11: executing "lib\.fail" at <\.missing\.field>: nil pointer evaluating interface \{\}\.field$/);
  });

  it('never adds a text that does not parse', () => {
    const known = texts();
    const set = new TemplateSet(helmFuncs({}), { parsedTexts: known });
    expect(() => set.parse('bad', '{{ if .a }}{{ nosuchfunc }}{{ end }}')).toThrow(/function "nosuchfunc" not defined/);
    expect(known.added).toEqual([]);
  });

  it('does not use them for tpl texts (parseDetached)', () => {
    const known = texts();
    const set = new TemplateSet(helmFuncs({}), { parsedTexts: known });
    set.parseDetached('tpl', '{{ if .a }}x{{ end }}');
    expect(known.added).toEqual([]);
  });
});
