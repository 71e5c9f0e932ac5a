import { describe, expect, it } from 'vitest';
import { goFloat, withGoMethods } from '../../../../src/core/template/index.js';
import { type Case, run } from './run.js';

const cases: Case[] = [
  ['{{ default "foo" "" }}', 'foo'],
  ['{{ default "foo" "bar" }}', 'bar'],
  ['{{ default "foo" 0 }}', 'foo'],
  ['{{ default "foo" 0.0 }}', 'foo'],
  ['{{ default "foo" false }}', 'foo'],
  ['{{ default "foo" true }}', 'true'],
  ['{{ default "foo" nil }}', 'foo'],
  ['{{ default "foo" (list) }}', 'foo'],
  ['{{ default "foo" (dict) }}', 'foo'],
  ['{{ default "foo" (list 0) }}', '[0]'],
  ['{{ default "foo" }}', 'foo'],
  ['{{ default "foo" .missing }}', 'foo'],
  ['{{ .v | default "foo" }}', 'foo', { v: goFloat(0) }],
  ['{{ .v | default 3 }}', '1.5', { v: 1.5 }],
  ['{{ .missing.deeper | default "d" }}', 'd'],
  ['{{ default 1 "" | typeOf }}', 'int'],
  ['{{ default }}', 'ERR:template: t:1:3: executing "t" at <default>: wrong number of args for default: want at least 1 got 0'],
  ['{{ empty "" }}', 'true'],
  ['{{ empty 0 }}', 'true'],
  ['{{ empty 1 }}', 'false'],
  ['{{ empty .f }}', 'true', { f: goFloat(0) }],
  ['{{ empty nil }}', 'true'],
  ['{{ empty (list) }}', 'true'],
  ['{{ empty (dict "a" 1) }}', 'false'],
  ['{{ empty false }}', 'true'],
  ['{{ empty " " }}', 'false'],
  ['{{ empty .missing }}', 'true'],
  ['{{ coalesce 0 "" "x" "y" }}', 'x'],
  ['{{ coalesce 0 "" }}', '<no value>'],
  ['{{ coalesce .a .b "c" }}', 'B', { b: 'B' }],
  ['{{ all 1 "a" true }}', 'true'],
  ['{{ all 1 "" true }}', 'false'],
  ['{{ all }}', 'true'],
  ['{{ any 0 "" "x" }}', 'true'],
  ['{{ any 0 "" }}', 'false'],
  ['{{ ternary "yes" "no" true }}', 'yes'],
  ['{{ ternary "yes" "no" false }}', 'no'],
  ['{{ true | ternary "yes" "no" }}', 'yes'],
  ['{{ ternary "yes" "no" 1 }}', 'ERR:template: t:1:22: executing "t" at <1>: expected bool; found 1'],
  ['{{ ternary "yes" "no" .s }}', 'ERR:template: t:1:22: executing "t" at <.s>: wrong type for value; expected bool; got string', { s: 'x' }],
  ['{{ $d := dict "a" (list 1 2) }}{{ $c := deepCopy $d }}{{ $_ := set $c "b" 1 }}{{ $d }} {{ $c }}', 'map[a:[1 2]] map[a:[1 2] b:1]'],
  ['{{ deepCopy 1 }}', '1'],
  ['{{ mustDeepCopy (list 1 (dict "x" "y")) }}', '[1 map[x:y]]'],
];

describe('sprig defaults', () => {
  it.each(cases)('%s', (text, expected, data) => {
    expect(run(text, data)).toBe(expected);
  });

  it('deepCopy copies nested maps', () => {
    const data = { m: { a: { b: 1 } } };
    run('{{ $c := deepCopy .m }}{{ $_ := set $c.a "b" 2 }}', data);
    expect(data.m.a.b).toBe(1);
  });
});

describe('deepCopy keeps Go types', () => {
  it('copies a named map with its type and methods', () => {
    const values = withGoMethods({ a: { b: 1 } }, { AsMap: { fn() { return 'M'; }, params: [] } }, 'chartutil.Values');
    expect(run('{{ $c := deepCopy .v }}{{ typeOf $c }} {{ $c.AsMap }} {{ $c.a.b }}', { v: values })).toBe('chartutil.Values M 1');
    expect(run('{{ typeOf (deepCopy (splitList "," "a")) }}')).toBe('[]string');
  });
});
