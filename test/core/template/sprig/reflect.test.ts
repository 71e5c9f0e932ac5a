import { describe, expect, it } from 'vitest';
import { goFloat } from '../../../../src/core/template/index.js';
import { type Case, run } from './run.js';

const cases: Case[] = [
  ['{{ kindOf "a" }}', 'string'],
  ['{{ kindOf 1 }}', 'int'],
  ['{{ kindOf 1.5 }}', 'float64'],
  ['{{ kindOf .f }}', 'float64', { f: goFloat(2) }],
  ['{{ kindOf (add 1 1) }}', 'int64'],
  ['{{ kindOf (list) }}', 'slice'],
  ['{{ kindOf (dict) }}', 'map'],
  ['{{ kindOf true }}', 'bool'],
  ['{{ kindOf nil }}', 'invalid'],
  ['{{ kindIs "map" (dict) }}', 'true'],
  ['{{ kindIs "int" (add 1 1) }}', 'false'],
  ['{{ kindIs "slice" .l }}', 'true', { l: [] }],
  ['{{ typeOf 1 }}', 'int'],
  ['{{ typeOf 1.0 }}', 'float64'],
  ['{{ typeOf "s" }}', 'string'],
  ['{{ typeOf nil }}', '<nil>'],
  ['{{ typeOf (list) }}', '[]interface {}'],
  ['{{ typeIs "string" "x" }}', 'true'],
  ['{{ typeIs "int" "x" }}', 'false'],
  ['{{ typeIsLike "string" "x" }}', 'true'],
  ['{{ deepEqual (list 1 (dict "a" "b")) (list 1 (dict "a" "b")) }}', 'true'],
  ['{{ deepEqual (list 1) (list 2) }}', 'false'],
  ['{{ deepEqual 1 1.0 }}', 'false'],
  ['{{ deepEqual (add 1 1) 2 }}', 'false'],
  ['{{ deepEqual nil nil }}', 'true'],
  ['{{ deepEqual "a" "a" }}', 'true'],
];

describe('sprig reflect', () => {
  it.each(cases)('%s', (text, expected, data) => {
    expect(run(text, data)).toBe(expected);
  });
});
