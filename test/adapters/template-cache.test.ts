import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { templateCache } from '../../src/adapters/template-cache.js';

describe('the template cache keeps YAML values exactly (adapters/template-cache.ts)', () => {
  it('as JSON when JSON holds them, else in V8\'s serialization; a later run reads back the same values', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tugboat-yaml-cache-'));
    try {
      const values: Array<[string, unknown]> = [
        ['plain: 1', { plain: 1, list: ['a', true, null, 2.5], nested: JSON.parse('{"__proto__": "x", "10": "ten", "b": []}') }],
        ['nan: .nan', { nan: Number.NaN, inf: Number.POSITIVE_INFINITY, ninf: Number.NEGATIVE_INFINITY }],
        ['zero: -0', { zero: -0 }],
        ['big', { big: 2n ** 70n }],
        ['top-level string', 'just text'],
      ];
      const write = templateCache(dir);
      for (const [text, value] of values) write.parsedYaml.set(text, value);
      write.save();
      const folder = readdirSync(dir).find((e) => e.startsWith('yaml-'))!;
      const kinds = readdirSync(join(dir, folder)).map((e) => readFileSync(join(dir, folder, e))[0]!).sort((a, b) => a - b);
      // 'J' (0x4a) for the plain ones, 0xff (V8's version tag) for NaN, infinities, −0 and a BigInt
      expect(kinds).toEqual([0x4a, 0x4a, 0xff, 0xff, 0xff]);
      const read = templateCache(dir);
      for (const [text, value] of values) {
        const got = read.parsedYaml.get(text);
        expect(got).toEqual(value);
        if (text === 'zero: -0') expect(Object.is((got as { zero: number }).zero, -0)).toBe(true);
        if (text === 'plain: 1') expect(Object.keys((got as { nested: object }).nested)).toEqual(['10', '__proto__', 'b']);
      }
      // each read is a fresh copy
      expect(read.parsedYaml.get('plain: 1')).not.toBe(read.parsedYaml.get('plain: 1'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
