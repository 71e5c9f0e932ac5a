import { describe, expect, it } from 'vitest';
import { goFloat } from '../../../../src/core/template/index.js';
import { type Case, run } from './run.js';

const cases: Case[] = [
  // toString
  ['{{ toString 1 }}', '1'],
  ['{{ toString 2.5 }}', '2.5'],
  ['{{ toString .f }}', '1e+06', { f: goFloat(1e6) }],
  ['{{ toString .f }}', '3', { f: goFloat(3) }],
  ['{{ toString nil }}', '<nil>'],
  ['{{ toString true }}', 'true'],
  ['{{ toString (list 1 "a") }}', '[1 a]'],
  ['{{ toString (dict "a" 1) }}', 'map[a:1]'],
  ['{{ toString .b }}', 'hi', { b: new TextEncoder().encode('hi') }],
  ['{{ typeOf (toString 1) }}', 'string'],
  // toStrings
  ['{{ toStrings (list 1 "a" nil 2.5) }}', '[1 a 2.5]'],
  ['{{ toStrings "x" }}', '[x]'],
  ['{{ typeOf (toStrings (list 1)) }}', '[]string'],
  // atoi
  ['{{ atoi "42" }}', '42'],
  ['{{ atoi "-7" }}', '-7'],
  ['{{ atoi "4.2" }}', '0'],
  ['{{ atoi "0x10" }}', '0'],
  ['{{ atoi " 1" }}', '0'],
  ['{{ typeOf (atoi "1") }}', 'int'],
  // int / int64 (spf13/cast)
  ['{{ int "12" }}', '12'],
  ['{{ int "1.5" }}', '0'],
  ['{{ int "1.00" }}', '1'],
  ['{{ int "0x1F" }}', '31'],
  ['{{ int "010" }}', '8'],
  ['{{ int "08" }}', '0'],
  ['{{ int "abc" }}', '0'],
  ['{{ int "1_000" }}', '1000'],
  ['{{ int "1__0" }}', '0'],
  ['{{ int "0b101" }}', '5'],
  ['{{ int "0o17" }}', '15'],
  ['{{ int "-0x10" }}', '-16'],
  ['{{ int "+7" }}', '7'],
  ['{{ int "" }}', '0'],
  ['{{ int " 1" }}', '0'],
  ['{{ int 1.9 }}', '1'],
  ['{{ int -1.9 }}', '-1'],
  ['{{ int true }}', '1'],
  ['{{ int nil }}', '0'],
  ['{{ int .f }}', '3', { f: goFloat(3) }],
  ['{{ typeOf (int "3") }}', 'int'],
  ['{{ int64 "3" | typeOf }}', 'int64'],
  ['{{ int64 2.7 }}', '2'],
  ['{{ int64 "-9223372036854775808" }}', '-9223372036854775808'],
  ['{{ int64 "9223372036854775808" }}', '0'],
  ['{{ int (list) }}', '0'],
  // float64
  ['{{ float64 "1.5" }}', '1.5'],
  ['{{ float64 3 }}', '3'],
  ['{{ float64 "1e6" }}', '1e+06'],
  ['{{ float64 "x" }}', '0'],
  ['{{ typeOf (float64 1) }}', 'float64'],
  ['{{ float64 true }}', '1'],
  // toDecimal (octal string to int64)
  ['{{ toDecimal "0777" }}', '511'],
  ['{{ toDecimal 777 }}', '511'],
  ['{{ toDecimal "8" }}', '0'],
  ['{{ typeOf (toDecimal "1") }}', 'int64'],
];

describe('sprig conversion', () => {
  it.each(cases)('%s', (text, expected, data) => {
    expect(run(text, data)).toBe(expected);
  });
});

describe('sprig duration', () => {
  const d: Case[] = [
    ['{{ duration "95" }}', '1m35s'],
    ['{{ duration "3600" }}', '1h0m0s'],
    ['{{ duration "3661" }}', '1h1m1s'],
    ['{{ duration "0" }}', '0s'],
    ['{{ duration "-5" }}', '-5s'],
    ['{{ duration "x" }}', '0s'],
    ['{{ duration 95 }}', '0s'],
    ['{{ duration (int64 95) }}', '1m35s'],
    ['{{ duration (add 30 30) }}', '1m0s'],
    ['{{ durationRound "2h10m5s" }}', '2h'],
    ['{{ durationRound "90s" }}', '1m'],
    ['{{ durationRound "-3d" }}', '0s'],
    ['{{ durationRound "49h" }}', '2d'],
    ['{{ durationRound "1.5h" }}', '1h'],
    ['{{ durationRound "900h" }}', '1m'],
    ['{{ durationRound "9000h" }}', '1y'],
    ['{{ durationRound "1s" }}', '0s'],
    ['{{ durationRound (int64 "5000000000") }}', '5s'],
    ['{{ durationRound 5 }}', '0s'],
  ];
  it.each(d)('%s', (text, expected) => {
    expect(run(text)).toBe(expected);
  });
});
