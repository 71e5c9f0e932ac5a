import { describe, expect, it } from 'vitest';
import { BAIL, readYamlFast } from '../../../src/core/chart/yaml-fast.js';
import { HELM_YAML, readYaml, readYamlGeneral } from '../../../src/core/chart/yaml-read.js';

/** Texts the fast reader must read itself, each exactly as the general reader (the yaml package) reads it. */
const FAST: Record<string, string> = {
  'nested maps and sequences': 'a:\n  b: 1\n  c:\n    - x\n    - w: 2\n      z: [1, "two", three]\n  d: {}\ne: []\n',
  'sequence at the key indent': 'list:\n- a\n- b\nnext: 3\n',
  'YAML 1.1 words': 'a: yes\nb: No\nc: on\nd: OFF\ne: ~\nf: null\ng: y\nh: True\n',
  'numbers of all kinds': 'a: 0755\nb: 0x1F\nc: 1e3\nd: 1.50\ne: -3\nf: +4\ng: .inf\nh: 1_000\ni: 12345678901234567890\nj: 190:20:30\nk: 0\n',
  'strings that look like something else': 'a: 1.2.3\nb: 100m\nc: :4244\nd: -x\ne: "0755"\nf: \'yes\'\ng: a#b\nh: http://x:80/y\ni: 2024-01-02\n',
  'comments everywhere': '# top\na: 1 # one\n  # indented comment\nb:\n  # inside\n  c: "x" # after a quote\n',
  'literal block scalars': 'a: |\n  line 1\n\n  line 3\n\n\nb: |-\n    kept\n     more\nc: |+\n  keep\n\nd: |\n\n  after a blank\ne: |\nf: 1\n',
  'folded plain scalars': 'description: A long text\n  that goes on\n\n  and a paragraph\nnext: 1\n',
  'quoted keys and escapes': '"a.b/c": 1\n\'d e\': 2\nf: "tab\\there \\"q\\" \\\\ \\/"\ng: \'it\'\'s\'\n',
  'a sequence of maps': '- name: a\n  port: 80\n- name: b\n  ports:\n  - 1\n  - 2\n-\n  nested: true\n- \n',
  'duplicate keys: the last wins': 'a: 1\nb: 2\na: 3\n',
  'a document marker first, another ends the document': '# c\n---\na: 1\n---\nb: 2\n',
  'keys that begin with a digit': '01-x: y\n9to5: z\n',
  'an empty text and only comments': '',
  'only a comment': '# nothing\n',
  'keys named like Object methods': 'constructor: 1\ntoString: 2\nhasOwnProperty: x\n',
};

/** Texts the fast reader leaves to the general reader (what it would get wrong, or errors). */
const GENERAL: Record<string, string> = {
  anchors: 'a: &x 1\nb: *x\n',
  tags: 'a: !!str 1\n',
  folded: 'a: >\n  b\n  c\n',
  'multi-line quoted': 'a: "b\n  c"\n',
  tabs: 'a:\t1\n',
  'bad indentation': 'a:\n  b: 1\n c: 2\n',
  'a mapping value on a sequence line': 'a: - b\n',
  'a value after a quote': 'a: "b" c\n',
  'merge keys': 'a: {x: 1}\nb:\n  <<: {y: 2}\n',
  'an unterminated flow': 'a: [1, 2\n',
  'a proto key': '__proto__: 1\n',
  'a key that reads as a number': '80: http\n0x10: hex\n',
  'a key that is a YAML 1.1 word': 'on: push\n',
  'an explicit indentation indicator': 'a: |2\n   x\n',
  'a block scalar without a final line break': 'a: |\n  x',
  'carriage returns': 'a: 1\r\nb: 2\r\n',
};

describe('the fast YAML reader', () => {
  for (const [name, text] of Object.entries(FAST)) {
    it(`reads ${name} itself, as the general reader does`, () => {
      const fast = readYamlFast(text, HELM_YAML);
      expect(fast).not.toBe(BAIL);
      expect(fast).toStrictEqual(readYamlGeneral(text));
    });
  }

  for (const [name, text] of Object.entries(GENERAL)) {
    it(`leaves ${name} to the general reader`, () => {
      expect(readYamlFast(text, HELM_YAML)).toBe(BAIL);
      let general: unknown;
      try {
        general = readYamlGeneral(text);
      } catch (err) {
        expect(() => readYaml(text)).toThrow((err as Error).message);
        return;
      }
      expect(readYaml(text)).toStrictEqual(general);
    });
  }

  it('keys come in document order, a duplicate keeping its first place', () => {
    expect(Object.keys(readYaml('b: 1\na: 2\nb: 3\n') as object)).toEqual(['b', 'a']);
  });
});
