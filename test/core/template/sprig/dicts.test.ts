import { describe, expect, it } from 'vitest';
import { withGoMethods } from '../../../../src/core/template/index.js';
import { type Case, run } from './run.js';

const cases: Case[] = [
  ['{{ dict "a" 1 "b" "x" }}', 'map[a:1 b:x]'],
  ['{{ dict "a" 1 "b" }}', 'map[a:1 b:]'],
  ['{{ dict }}', 'map[]'],
  ['{{ dict 1 2 true 3 nil 4 }}', 'map[1:2 <nil>:4 true:3]'],
  ['{{ typeOf (dict) }}', 'map[string]interface {}'],
  ['{{ $d := dict "a" 1 }}{{ $_ := set $d "b" 2 }}{{ $d }}', 'map[a:1 b:2]'],
  ['{{ set (dict) "k" "v" }}', 'map[k:v]'],
  ['{{ $d := dict "a" 1 "b" 2 }}{{ $_ := unset $d "a" }}{{ $d }}', 'map[b:2]'],
  ['{{ get (dict "a" 1) "a" }}', '1'],
  ['{{ get (dict "a" 1) "z" | quote }}', '""'],
  ['{{ hasKey (dict "a" nil) "a" }}', 'true'],
  ['{{ hasKey (dict "a" 1) "b" }}', 'false'],
  ['{{ hasKey .m "a" }}', 'ERR:template: t:1:10: executing "t" at <.m>: wrong type for value; expected map[string]interface {}; got interface {}', { m: null }],
  ['{{ hasKey "x" "a" }}', 'ERR:template: t:1:10: executing "t" at <"x">: expected string; found "x"'.replace('expected string; found "x"', 'can\'t handle "x" for arg of type map[string]interface {}')],
  ['{{ pluck "a" (dict "a" 1) (dict "b" 2) (dict "a" 3) }}', '[1 3]'],
  ['{{ keys (dict "b" 1 "a" 2) (dict "c" 3) }}', '[a b c]'],
  ['{{ keys (dict "b" 1 "a" 2) | sortAlpha }}', '[a b]'],
  ['{{ typeOf (keys (dict)) }}', '[]string'],
  ['{{ values (dict "b" 1 "a" 2) }}', '[2 1]'],
  ['{{ pick (dict "a" 1 "b" 2 "c" 3) "a" "c" "z" }}', 'map[a:1 c:3]'],
  ['{{ omit (dict "a" 1 "b" 2 "c" 3) "a" "z" }}', 'map[b:2 c:3]'],
  ['{{ $d := dict "a" 1 }}{{ $_ := omit $d "a" }}{{ $d }}', 'map[a:1]'],
  // dig
  ['{{ dig "a" "b" "def" (dict "a" (dict "b" "v")) }}', 'v'],
  ['{{ dig "a" "x" "def" (dict "a" (dict "b" "v")) }}', 'def'],
  ['{{ dig "z" "def" (dict "a" 1) }}', 'def'],
  ['{{ dig "a" "b" "def" (dict "a" "str") }}', 'ERR:template: t:1:3: executing "t" at <dig "a" "b" "def" (dict "a" "str")>: error calling dig: interface conversion: interface {} is string, not map[string]interface {}'],
  ['{{ dig "a" "def" .v }}', 'ERR:template: t:1:3: executing "t" at <dig "a" "def" .v>: error calling dig: interface conversion: interface {} is chartutil.Values, not map[string]interface {}', { v: withGoMethods({ a: 1 }, {}, 'chartutil.Values') }],
  ['{{ dig "a" (dict) }}', 'ERR:template: t:1:3: executing "t" at <dig "a" (dict)>: error calling dig: dig needs at least three arguments'],
  // merge / mergeOverwrite
  ['{{ merge (dict "a" 1 "n" (dict "x" 1)) (dict "a" 2 "b" 2 "n" (dict "x" 2 "y" 2)) }}', 'map[a:1 b:2 n:map[x:1 y:2]]'],
  ['{{ mergeOverwrite (dict "a" 1 "n" (dict "x" 1 "z" 1)) (dict "a" 2 "b" 2 "n" (dict "x" 2 "y" 2)) }}', 'map[a:2 b:2 n:map[x:2 y:2 z:1]]'],
  ['{{ merge (dict "a" "" "b" 0 "c" false) (dict "a" "A" "b" 1 "c" true) }}', 'map[a:A b:1 c:true]'],
  ['{{ mergeOverwrite (dict "a" "x" "b" 1 "c" true) (dict "a" "" "b" 0 "c" false) }}', 'map[a: b:0 c:false]'],
  ['{{ merge (dict "a" "x") (dict "a" nil) }}', 'map[a:x]'],
  ['{{ mergeOverwrite (dict "a" "x") (dict "a" nil) }}', 'map[a:<nil>]'],
  ['{{ merge (dict "l" (list 1)) (dict "l" (list 2 3)) }}', 'map[l:[1]]'],
  ['{{ mergeOverwrite (dict "l" (list 1)) (dict "l" (list 2 3)) }}', 'map[l:[2 3]]'],
  ['{{ merge (dict "l" (list)) (dict "l" (list 2 3)) }}', 'map[l:[2 3]]'],
  ['{{ merge (dict "a" 1) (dict "b" 2) (dict "b" 3 "c" 3) }}', 'map[a:1 b:2 c:3]'],
  ['{{ $d := dict "a" 1 }}{{ $_ := merge $d (dict "b" 2) }}{{ $d }}', 'map[a:1 b:2]'],
  ['{{ $d := dict "a" 1 }}{{ $_ := mergeOverwrite $d (dict "a" 2) }}{{ $d }}', 'map[a:2]'],
  ['{{ merge (dict) }}', 'map[]'],
  ['{{ merge (dict "a" "x") (dict "a" (dict "b" 1)) }}', 'map[a:x]'],
  ['{{ mergeOverwrite (dict "a" "x") (dict "a" (dict "b" 1)) }}', 'map[a:map[b:1]]'],
  ['{{ merge (dict "a" (dict "b" 1)) (dict "a" "x") }}', 'map[a:map[b:1]]'],
  ['{{ mergeOverwrite (dict "a" (dict "b" 1)) (dict "a" "x") }}', 'map[a:x]'],
  ['{{ mergeOverwrite (dict "a" (dict "b" 1)) (dict "a" (dict)) }}', 'map[a:map[b:1]]'],
  ['{{ merge (dict "a" (dict)) (dict "a" (dict "b" 1)) }}', 'map[a:map[b:1]]'],
  ['{{ mergeOverwrite (dict "l" (list 1)) (dict "l" (list)) }}', 'map[l:[]]'],
  ['{{ merge nil (dict "a" 1) }}', 'map[a:1]'],
  ['{{ merge (dict "a" 1) nil }}', 'map[a:1]'],
  ['{{ merge (dict "a" 1) "x" }}', 'ERR:template: t:1:22: executing "t" at <"x">: can\'t handle "x" for arg of type map[string]interface {}'],
];

describe('sprig dicts', () => {
  it.each(cases)('%s', (text, expected, data) => {
    expect(run(text, data)).toBe(expected);
  });

  it('merge deep-merges into the destination and shares nested source maps', () => {
    const data = { dst: { a: { x: 1 } }, src: { a: { y: 2 }, b: { z: 3 } } };
    expect(run('{{ $_ := merge .dst .src }}{{ .dst }}', data)).toBe('map[a:map[x:1 y:2] b:map[z:3]]');
    expect((data.dst as Record<string, unknown>).b).toBe(data.src.b);
  });
});
