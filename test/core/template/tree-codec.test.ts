import { describe, expect, it } from 'vitest';
import { type Node, isEmptyTree } from '../../../src/core/template/ast.js';
import { parseTemplates } from '../../../src/core/template/parser.js';
import { TemplateSet, decodeTrees, encodeTrees, type ParsedTrees } from '../../../src/core/template/index.js';
import { helmFuncs } from '../../../src/core/chart/helm-funcs.js';
import { TRICKY, plainTrees, repositoryTemplates } from './tree-fixtures.js';

const FUNCS = new TemplateSet(helmFuncs({}));
const has = (name: string) => FUNCS.lookupFunc(name) !== undefined;

/** Read back, a text's trees are the parse's: same nodes, positions, lines, emptiness. */
function expectRoundTrip(name: string, text: string): void {
  const parsed = parseTemplates(name, text, has);
  const decoded = decodeTrees(encodeTrees(parsed), text);
  // Emptiness (Go's IsEmptyTree) is read before any list is, as TemplateSet reads it.
  expect([...decoded].map(([k, t]) => [k, isEmptyTree(t.root)]), name).toEqual([...parsed].map(([k, t]) => [k, isEmptyTree(t.root)]));
  expect(plainTrees(decoded), name).toEqual(plainTrees(parsed));
}

describe('parse trees encoded and read back (tree-codec.ts)', () => {
  for (const [what, text] of Object.entries(TRICKY)) {
    it(`give the parse's trees: ${what}`, () => expectRoundTrip(what, text));
  }

  it("give the parse's trees for every template of the repository charts and the bench charts", () => {
    let checked = 0;
    for (const [p, text] of repositoryTemplates()) {
      try {
        parseTemplates(p, text, has);
      } catch {
        continue; // fixtures of parse errors are never kept
      }
      expectRoundTrip(p, text);
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
  });

  it('make a list into nodes only when it is first read', () => {
    const text = '{{ if .a }}{{ .a.b }}{{ else }}x{{ end }}';
    const tree = decodeTrees(encodeTrees(parseTemplates('t', text, has)), text).get('t')!;
    expect(tree.root.constructor.name).toBe('EncodedList');
    const ifNode = tree.root.nodes[0] as Node & { list: { hasAction: boolean; pos: number }; elseList: { hasAction: boolean } };
    expect(ifNode.kind).toBe('if');
    expect(ifNode.list.constructor.name).toBe('EncodedList');
    expect([ifNode.list.hasAction, ifNode.list.pos, ifNode.elseList.hasAction]).toEqual([true, text.indexOf('{{ .a.b'), true]);
  });

  it('refuse what they did not write, or what was cut short', () => {
    const encoded = encodeTrees(parseTemplates('t', '{{ if .a }}x{{ end }}', has));
    expect(() => decodeTrees('not trees', '')).toThrow(/not an encoding/);
    expect(() => decodeTrees(encoded.slice(0, -3), '')).toThrow(/cut short/);
    expect(() => decodeTrees(encoded.replace(/^3 /, '0 '), '')).toThrow(/not an encoding/);
    // Damaged inside, at the right length: a clear error when the list is read.
    const lists = encoded.slice(encoded.lastIndexOf('\n') + 1);
    const damaged = encoded.slice(0, encoded.lastIndexOf('\n') + 1) + '#'.repeat(lists.length);
    const tree = decodeTrees(damaged, '').get('t')!;
    expect(() => tree.root.nodes).toThrow(/template cache is damaged/);
  });

  it('read a list only when it is first read: the other templates of the text, and branches not taken, stay unread', () => {
    const text = '{{ define "a" }}{{ if .x }}A{{ else }}{{ .damaged }}{{ end }}{{ end }}{{ define "b" }}{{ range .y }}B{{ end }}{{ end }}';
    const encoded = encodeTrees(parseTemplates('lib', text, has));
    const lists = encoded.slice(encoded.lastIndexOf('\n') + 1);
    // damage b's root list and a's else branch, at the same length
    const heads = JSON.parse(encoded.split('\n')[1]!) as unknown[][];
    const b = heads.find((h) => h[0] === 'b')!;
    let damaged = lists;
    const damage = (at: number, length: number) => (damaged = damaged.slice(0, at) + '#'.repeat(length) + damaged.slice(at + length));
    damage(b[2] as number, b[3] as number);
    const ifOfA = (JSON.parse(lists.slice(...((h) => [h[2] as number, (h[2] as number) + (h[3] as number)])(heads.find((h) => h[0] === 'a')!))) as unknown[][])[0]!;
    damage(ifOfA[8] as number, ifOfA[9] as number);
    const trees = decodeTrees(encoded.slice(0, encoded.length - lists.length) + damaged, text);
    expect(() => trees.get('b')!.root.nodes).toThrow(/template cache is damaged/);
    const a = trees.get('a')!.root.nodes;
    expect(a.map((n) => n.kind)).toEqual(['if']);
    const ifNode = a[0]!;
    if (ifNode.kind !== 'if') throw new Error('not an if');
    expect(ifNode.list.nodes).toEqual([{ kind: 'text', pos: text.indexOf('A'), text: 'A' }]);
    expect(() => ifNode.elseList!.nodes).toThrow(/template cache is damaged/);
  });
});

describe('a template set with kept trees (TemplateSetOptions.parsedTrees)', () => {
  it('takes a text’s trees from them, adds what it parses in full, and renders the same', () => {
    const kept = new Map<string, string>();
    const added: string[] = [];
    const parsedTrees: ParsedTrees = {
      get: (name, text) => {
        const e = kept.get(`${name}\0${text}`);
        return e === undefined ? undefined : decodeTrees(e, text);
      },
      add: (name, text, trees) => {
        added.push(name);
        kept.set(`${name}\0${text}`, encodeTrees(trees));
      },
    };
    const lib = '{{ define "x" }}[{{ . }}]{{ end }}';
    const main = '{{ range .l }}{{ if . }}{{ template "x" . }}{{ else }}-{{ end }}{{ end }}';
    const render = () => {
      const set = new TemplateSet(helmFuncs({}), { parsedTrees });
      set.parse('lib', lib);
      set.parse('main', main);
      return set.execute('main', { l: [1, 0, 'a'] });
    };
    expect(render()).toBe('[1]-[a]');
    expect(added).toEqual(['lib', 'main']);
    expect(render()).toBe('[1]-[a]');
    expect(added).toEqual(['lib', 'main']);
    // A broken text is never added: its error is the parse's every time.
    const set = new TemplateSet(helmFuncs({}), { parsedTrees });
    expect(() => set.parse('bad', '{{ if }}')).toThrow(/missing value for if/);
    expect(added).toEqual(['lib', 'main']);
  });
});
