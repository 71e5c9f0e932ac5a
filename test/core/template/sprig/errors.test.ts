import { describe, expect, it } from 'vitest';
import { type Case, run } from './run.js';

/** nil, missing and wrong-typed arguments fail the Go way. */
const cases: Case[] = [
  ['{{ upper nil }}', 'ERR:template: t:1:9: executing "t" at <nil>: cannot assign nil to string'],
  ['{{ upper .missing }}', 'ERR:template: t:1:9: executing "t" at <.missing>: invalid value; expected string'],
  ['{{ upper 1 }}', 'ERR:template: t:1:9: executing "t" at <1>: expected string; found 1'],
  ['{{ upper .n }}', 'ERR:template: t:1:9: executing "t" at <.n>: wrong type for value; expected string; got int', { n: 3 }],
  ['{{ .n | upper }}', 'ERR:template: t:1:8: executing "t" at <upper>: wrong type for value; expected string; got int', { n: 3 }],
  ['{{ trunc 1.5 "abc" }}', 'ERR:template: t:1:9: executing "t" at <1.5>: expected integer; found 1.5'],
  ['{{ trunc .f "abc" }}', 'ERR:template: t:1:9: executing "t" at <.f>: wrong type for value; expected int; got float64', { f: 1.5 }],
  ['{{ indent 2 nil }}', 'ERR:template: t:1:12: executing "t" at <nil>: cannot assign nil to string'],
  ['{{ b64enc }}', 'ERR:template: t:1:3: executing "t" at <b64enc>: wrong number of args for b64enc: want 1 got 0'],
  ['{{ sha256sum "a" "b" }}', 'ERR:template: t:1:3: executing "t" at <sha256sum>: wrong number of args for sha256sum: want 1 got 2'],
  ['{{ ternary 1 2 }}', 'ERR:template: t:1:3: executing "t" at <ternary>: wrong number of args for ternary: want 3 got 2'],
  ['{{ get nil "a" | quote }}', '""'],
  ['{{ pick nil "a" }}', 'map[]'],
  ['{{ keys nil }}', '[]'],
  ['{{ default nil nil }}', '<no value>'],
  ['{{ toString .missing }}', '<nil>'],
  ['{{ quote .missing }}{{ squote nil }}', ''],
  ['{{ join "," .missing }}', ''],
  ['{{ empty .missing.deeper }}', 'true'],
  ['{{ reverse nil }}', 'ERR:template: t:1:3: executing "t" at <reverse nil>: error calling reverse: runtime error: invalid memory address or nil pointer dereference'],
  ['{{ concat (list 1) nil }}', 'ERR:template: t:1:3: executing "t" at <concat (list 1) nil>: error calling concat: runtime error: invalid memory address or nil pointer dereference'],
  ['{{ mustCompact nil }}', 'ERR:template: t:1:3: executing "t" at <mustCompact nil>: error calling mustCompact: runtime error: invalid memory address or nil pointer dereference'],
  ['{{ set nil "a" 1 }}', 'ERR:template: t:1:3: executing "t" at <set nil "a" 1>: error calling set: assignment to entry in nil map'],
  ['{{ add nil 1 }}', '1'],
  ['{{ max "x" }}', '0'],
  ['{{ floor nil }}', '0'],
  ['{{ regexMatch nil "a" }}', 'ERR:template: t:1:14: executing "t" at <nil>: cannot assign nil to string'],
  ['{{ semverCompare ">1" nil }}', 'ERR:template: t:1:22: executing "t" at <nil>: cannot assign nil to string'],
  ['{{ kindOf .missing }}', 'invalid'],
  ['{{ typeOf .missing }}', '<nil>'],
  ['{{ deepEqual .missing nil }}', 'true'],
  ['{{ len (uniq (list)) }}', '0'],
  ['{{ has nil (list 1 nil) }}', 'true'],
  ['{{ without (list 1 nil 2) nil }}', '[1 2]'],
  ['{{ compact (list nil) | len }}', '0'],
];

describe('sprig argument errors and nil handling', () => {
  it.each(cases)('%s', (text, expected, data) => {
    expect(run(text, data)).toBe(expected);
  });
});
