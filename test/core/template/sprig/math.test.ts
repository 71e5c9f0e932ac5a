import { describe, expect, it } from 'vitest';
import { goFloat } from '../../../../src/core/template/index.js';
import { type Case, run } from './run.js';

const cases: Case[] = [
  ['{{ add 1 2 }}', '3'],
  ['{{ add 1 2.5 }}', '3'],
  ['{{ add "3" 4 }}', '7'],
  ['{{ add }}', '0'],
  ['{{ add 1 2 | typeOf }}', 'int64'],
  ['{{ add .a .b }}', '3', { a: goFloat(1), b: goFloat(2) }],
  ['{{ add 9223372036854775807 1 }}', '-9223372036854775808'],
  ['{{ add1 4 }}', '5'],
  ['{{ add1 "x" }}', '1'],
  ['{{ sub 5 7 }}', '-2'],
  ['{{ mul 2 3 4 }}', '24'],
  ['{{ mul 2 }}', '2'],
  ['{{ div 7 2 }}', '3'],
  ['{{ div -7 2 }}', '-3'],
  ['{{ div 7 0 }}', 'ERR:template: t:1:3: executing "t" at <div 7 0>: error calling div: runtime error: integer divide by zero'],
  ['{{ mod 7 3 }}', '1'],
  ['{{ mod -7 3 }}', '-1'],
  ['{{ max 1 5 3 }}', '5'],
  ['{{ max -1 }}', '-1'],
  ['{{ biggest 1 9 }}', '9'],
  ['{{ min 4 2 9 }}', '2'],
  ['{{ min 2.9 2.1 }}', '2'],
  ['{{ max 1 2 | typeOf }}', 'int64'],
  ['{{ maxf 1 2.5 0.5 }}', '2.5'],
  ['{{ minf 1 2.5 0.5 }}', '0.5'],
  ['{{ maxf 1 2 | typeOf }}', 'float64'],
  ['{{ floor 1.7 }}', '1'],
  ['{{ floor -1.2 }}', '-2'],
  ['{{ ceil 1.2 }}', '2'],
  ['{{ ceil "1.2" }}', '2'],
  ['{{ floor 2 | typeOf }}', 'float64'],
  ['{{ round 123.555555 3 }}', '123.556'],
  ['{{ round 2.5 0 }}', '3'],
  ['{{ round 2.4 0 }}', '2'],
  ['{{ round -2.5 0 }}', '-3'],
  ['{{ round 123.5555 3 0.6 }}', '123.555'],
  ['{{ round 1 }}', 'ERR:template: t:1:3: executing "t" at <round>: wrong number of args for round: want at least 2 got 1'],
  ['{{ addf 1.5 2 2 }}', '5.5'],
  ['{{ addf 0.1 0.2 }}', '0.3'],
  ['{{ add1f 1.1 }}', '2.1'],
  ['{{ subf 1 0.9 }}', '0.1'],
  ['{{ mulf 1.1 3 }}', '3.3'],
  ['{{ divf 10 4 }}', '2.5'],
  ['{{ divf 1 3 }}', '0.3333333333333333'],
  ['{{ divf 2 3 }}', '0.6666666666666667'],
  ['{{ addf 1 2 | typeOf }}', 'float64'],
  ['{{ eq (add 1 2) 3 }}', 'true'],
  ['{{ index (list "a" "b" "c") (sub 3 1) }}', 'c'],
];

describe('sprig math', () => {
  it.each(cases)('%s', (text, expected, data) => {
    expect(run(text, data)).toBe(expected);
  });
});
