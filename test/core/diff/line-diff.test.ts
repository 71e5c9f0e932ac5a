import { describe, expect, it } from 'vitest';
import { seededRandom } from './random.js';
import { diffLines, unifiedLines } from '../../../src/core/diff/index.js';

function apply(edits: ReturnType<typeof diffLines>): { a: string[]; b: string[] } {
  return { a: edits.filter((e) => e.op !== '+').map((e) => e.line), b: edits.filter((e) => e.op !== '-').map((e) => e.line) };
}

describe('line diff', () => {
  const cases: Array<[string, string[], string[], number]> = [
    ['equal inputs have no edits', ['a', 'b'], ['a', 'b'], 0],
    ['insertion into empty', [], ['a', 'b'], 2],
    ['deletion to empty', ['a', 'b'], [], 2],
    ['one changed line is one delete and one insert', ['a', 'b', 'c'], ['a', 'x', 'c'], 2],
    ['Myers paper example has edit distance 5', 'abcabba'.split(''), 'cbabac'.split(''), 5],
  ];
  for (const [name, a, b, d] of cases) {
    it(name, () => {
      const edits = diffLines(a, b);
      expect(apply(edits)).toEqual({ a, b });
      expect(edits.filter((e) => e.op !== ' ').length).toBe(d);
    });
  }

  it('random inputs round-trip', () => {
    const rnd = seededRandom(7);
    for (let t = 0; t < 200; t++) {
      const a = Array.from({ length: rnd(30) }, () => String(rnd(5)));
      const b = Array.from({ length: rnd(30) }, () => String(rnd(5)));
      expect(apply(diffLines(a, b))).toEqual({ a, b });
    }
  });

  it('a large rewrite stays correct', () => {
    const a = Array.from({ length: 5000 }, (_, i) => `a${i}`);
    const b = Array.from({ length: 5000 }, (_, i) => `b${i}`);
    const edits = diffLines(a, b);
    expect(apply(edits)).toEqual({ a, b });
  });

  it('hunks carry GNU-style ranges and three lines of context', () => {
    const a = Array.from({ length: 20 }, (_, i) => `l${i + 1}`);
    const b = [...a];
    b[9] = 'changed';
    const hs = unifiedLines(a.join('\n') + '\n', b.join('\n') + '\n');
    expect(hs).toHaveLength(1);
    expect(hs[0]!.header).toBe('@@ -7,7 +7,7 @@');
    expect(hs[0]!.edits.map((e) => e.op + e.line)).toEqual([' l7', ' l8', ' l9', '-l10', '+changed', ' l11', ' l12', ' l13']);
  });

  it('a diff from nothing starts at line 0', () => {
    expect(unifiedLines('', 'a\nb\n')[0]!.header).toBe('@@ -0,0 +1,2 @@');
  });
});
