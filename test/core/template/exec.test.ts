import { describe, expect, it } from 'vitest';
import {
  type ExecContext,
  TemplateExecError,
  TemplateSet,
  goFloat,
  withGoMethods,
} from '../../../src/core/template/index.js';
import { render, renderErr } from './helpers.js';

describe('control flow', () => {
  const table: [string, string, unknown, string][] = [
    ['else-if chain picks the first true branch', '{{ if eq .x 1 }}a{{ else if eq .x 2 }}b{{ else if eq .x 3 }}c{{ else }}d{{ end }}', { x: 3 }, 'c'],
    ['else-if chain falls to else', '{{ if eq .x 1 }}a{{ else if eq .x 2 }}b{{ else }}d{{ end }}', { x: 9 }, 'd'],
    ['with sets dot', '{{ with .a }}{{ .b }}{{ end }}', { a: { b: 'B' } }, 'B'],
    ['with-else on empty value', '{{ with .a }}yes{{ else }}no{{ end }}', { a: '' }, 'no'],
    ['else with chain', '{{ with .a }}A{{ else with .b }}B{{ . }}{{ else }}none{{ end }}', { b: 2 }, 'B2'],
    ['with declares a variable', '{{ with $x := .a }}{{ $x }}{{ end }}', { a: 5 }, '5'],
    ['range over slice', '{{ range .l }}[{{ . }}]{{ end }}', { l: ['a', 'b'] }, '[a][b]'],
    ['range with index and value', '{{ range $i, $v := .l }}{{ $i }}={{ $v }},{{ end }}', { l: ['a', 'b'] }, '0=a,1=b,'],
    ['range with one variable gets the element', '{{ range $v := .l }}{{ $v }}{{ end }}', { l: [1, 2] }, '12'],
    ['range-else on empty slice', '{{ range .l }}x{{ else }}empty{{ end }}', { l: [] }, 'empty'],
    ['range-else on missing value', '{{ range .nope }}x{{ else }}empty{{ end }}', {}, 'empty'],
    ['range over integer', '{{ range 3 }}{{ . }}{{ end }}', {}, '012'],
    ['range over integer with variable', '{{ range $i := 3 }}{{ $i }}{{ end }}', {}, '012'],
    ['range over zero runs else', '{{ range 0 }}x{{ else }}none{{ end }}', {}, 'none'],
    ['break and continue', '{{ range .l }}{{ if eq . 2 }}{{ continue }}{{ end }}{{ if eq . 4 }}{{ break }}{{ end }}{{ . }}{{ end }}', { l: [1, 2, 3, 4, 5] }, '13'],
    ['break in nested range only exits the inner', '{{ range .a }}{{ range $.b }}{{ break }}{{ end }}{{ . }}{{ end }}', { a: [1, 2], b: [1] }, '12'],
    ['$ is the root inside range', '{{ range .l }}{{ $.p }}{{ . }}{{ end }}', { p: '-', l: [1, 2] }, '-1-2'],
    ['parenthesized pipeline field access', '{{ (index .l 0).name }}', { l: [{ name: 'n' }] }, 'n'],
    ['variable field chain', '{{ $x := .a }}{{ $x.b.c }}', { a: { b: { c: 'deep' } } }, 'deep'],
    ['pipeline passes the value as last argument', '{{ "x" | printf "%s-%s" "a" }}', {}, 'a-x'],
  ];
  it.each(table)('%s', (_n, text, data, expected) => {
    expect(render(text, data)).toBe(expected);
  });

  it('break inside nested range leaves only that range', () => {
    expect(render('{{ range .a }}<{{ range $.b }}{{ if eq . 2 }}{{ break }}{{ end }}{{ . }}{{ end }}>{{ end }}', { a: [1, 2], b: [1, 2, 3] })).toBe('<1><1>');
  });
});

describe('map range order', () => {
  it('visits keys in sorted (byte) order', () => {
    expect(render('{{ range $k, $v := . }}{{ $k }}={{ $v }},{{ end }}', { b: 1, a: 2, c: 3, B: 4, _: 5 })).toBe(
      'B=4,_=5,a=2,b=1,c=3,',
    );
  });
  it('gives values only with a single variable', () => {
    expect(render('{{ range $v := . }}{{ $v }}{{ end }}', { z: 1, y: 2 })).toBe('21');
  });
  it('prints maps sorted too', () => {
    expect(render('{{ . }}', { z: 1, a: 2 })).toBe('map[a:2 z:1]');
  });
});

describe('variable scope', () => {
  it(':= inside if does not leak', () => {
    expect(render('{{ $x := 1 }}{{ if true }}{{ $x := 2 }}{{ $x }}{{ end }}{{ $x }}')).toBe('21');
  });
  it('= assigns the outer variable', () => {
    expect(render('{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}')).toBe('2');
  });
  it('= inside range updates the outer variable', () => {
    expect(render('{{ $last := "" }}{{ range .l }}{{ $last = . }}{{ end }}{{ $last }}', { l: ['a', 'b', 'c'] })).toBe('c');
  });
  it('range variables are fresh each iteration', () => {
    expect(render('{{ range .l }}{{ $y := . }}{{ $y }}{{ end }}', { l: [1, 2] })).toBe('12');
  });
  it('declaration output is suppressed', () => {
    expect(render('a{{ $x := 5 }}b{{ $x }}')).toBe('ab5');
  });
  it('templates do not see the caller variables', () => {
    expect(renderErr('{{ $v := 1 }}{{ define "x" }}{{ $v }}{{ end }}')).toBe('template: t:1: undefined variable "$v"');
  });
});

describe('define / template / block', () => {
  it('passes the pipeline as dot and $', () => {
    expect(render('{{ define "x" }}{{ .a }}{{ $.a }}{{ end }}{{ template "x" .inner }}', { inner: { a: 5 } })).toBe('55');
  });
  it('passes no value when there is no pipeline', () => {
    expect(render('{{ define "x" }}[{{ . }}]{{ end }}{{ template "x" }}')).toBe('[<no value>]');
  });
  it('block defines and executes a default', () => {
    expect(render('{{ block "b" . }}B{{ . }}{{ end }}', 1)).toBe('B1');
  });
  it('a later parse overrides a block', () => {
    const t = new TemplateSet();
    t.parse('base', 'head {{ block "content" . }}default{{ end }} tail');
    expect(t.execute('base', 1)).toBe('head default tail');
    t.parse('override', '{{ define "content" }}custom {{ . }}{{ end }}');
    expect(t.execute('base', 1)).toBe('head custom 1 tail');
  });
  it('a later parse overrides a define, but an empty body does not', () => {
    const t = new TemplateSet();
    t.parse('a', '{{ define "x" }}1{{ end }}');
    t.parse('b', '{{ define "x" }}2{{ end }}');
    t.parse('c', '{{ define "x" }}  \n {{ end }}');
    t.parse('main', '{{ template "x" }}');
    expect(t.execute('main')).toBe('2');
    expect(t.has('x')).toBe(true);
    expect(t.names()).toEqual(['a', 'b', 'c', 'main', 'x']);
  });
  it('templates may be used before they are defined in the same text', () => {
    expect(render('{{ template "later" 3 }}{{ define "later" }}L{{ . }}{{ end }}')).toBe('L3');
  });
  it('recursive templates work until the data ends', () => {
    const text = '{{ define "r" }}{{ .n }}{{ with .next }}>{{ template "r" . }}{{ end }}{{ end }}{{ template "r" . }}';
    expect(render(text, { n: 1, next: { n: 2, next: { n: 3 } } })).toBe('1>2>3');
  });
  it('unbounded recursion fails with the depth error', () => {
    expect(renderErr('{{ define "x" }}{{ template "x" }}{{ end }}{{ template "x" }}', {}, {}, { maxExecDepth: 50 })).toBe(
      'template: t:1:28: executing "x" at <{{template "x"}}>: exceeded maximum template depth (50)',
    );
  });
  it('unbounded recursion under the default limit ends with Go\'s depth error, not a JS stack overflow', () => {
    expect(renderErr('{{ define "x" }}{{ template "x" }}{{ end }}{{ template "x" }}')).toBe(
      'template: t:1:28: executing "x" at <{{template "x"}}>: exceeded maximum template depth (100000)',
    );
  });
  it('missing template is an exec error', () => {
    expect(renderErr('{{ template "nope" }}')).toBe(
      'template: t:1:12: executing "t" at <{{template "nope"}}>: template "nope" not defined',
    );
  });
  it('executing an unknown name reports the set name', () => {
    const t = new TemplateSet({}, { name: 'gotpl' });
    expect(() => t.execute('x')).toThrow('template: no template "x" associated with template "gotpl"');
  });
});

describe('missing keys and nil', () => {
  it('prints <no value> for a missing key (default)', () => {
    expect(render('{{ .a }}|{{ .a.b }}', {})).toBe('<no value>|<no value>');
  });
  it('missingkey=zero: nested field on a missing key is a nil pointer error', () => {
    expect(renderErr('{{ .a.b }}', {}, {}, { missingKey: 'zero' })).toBe(
      'template: t:1:5: executing "t" at <.a.b>: nil pointer evaluating interface {}.b',
    );
    expect(render('{{ .a }}', {}, {}, { missingKey: 'zero' })).toBe('<no value>');
  });
  it('nested field on an explicit null fails in every mode (Helm-style location)', () => {
    const text = 'a: 1\nb: 2\nreplicas: {{ .Values.x.y }}\n';
    expect(renderErr(text, { Values: { x: null } })).toBe(
      'template: t:3:20: executing "t" at <.Values.x.y>: nil pointer evaluating interface {}.y',
    );
  });
  it('missingkey=error names the key', () => {
    expect(renderErr('{{ .a }}', {}, {}, { missingKey: 'error' })).toBe(
      'template: t:1:3: executing "t" at <.a>: map has no entry for key "a"',
    );
  });
  it('option() accepts Go option strings', () => {
    const t = new TemplateSet().option('missingkey=error');
    t.parse('t', '{{ .a }}');
    expect(() => t.execute('t', {})).toThrow('map has no entry for key "a"');
    expect(() => new TemplateSet().option('bogus')).toThrow('unrecognized option: bogus');
  });
  it('a parenthesized missing value yields no value instead of an error', () => {
    expect(render('{{ (.a).b }}', {}, {}, { missingKey: 'zero' })).toBe('<no value>');
  });
  it('field of a scalar reports the static type', () => {
    expect(renderErr('{{ .a.b }}', { a: 'str' })).toBe(
      "template: t:1:5: executing \"t\" at <.a.b>: can't evaluate field b in type interface {}",
    );
    expect(renderErr('{{ .x }}', 'str')).toBe('template: t:1:3: executing "t" at <.x>: can\'t evaluate field x in type string');
    expect(renderErr('{{ range .l }}{{ .name }}{{ end }}', { l: ['s'] })).toBe(
      "template: t:1:17: executing \"t\" at <.name>: can't evaluate field name in type interface {}",
    );
  });
  it('nil is not a command', () => {
    expect(renderErr('{{ nil }}')).toBe('template: t:1:3: executing "t" at <nil>: nil is not a command');
  });
  it('never reads JS prototype properties as map keys or struct fields', () => {
    class S {
      X = 1;
    }
    expect(render('{{ .m.__proto__ }}|{{ .m.toString }}|{{ .m.constructor }}', { m: {} })).toBe(
      '<no value>|<no value>|<no value>',
    );
    expect(renderErr('{{ .s.constructor }}', { s: new S() })).toBe(
      "template: t:1:5: executing \"t\" at <.s.constructor>: can't evaluate field constructor in type interface {}",
    );
  });
  it('map elements are not methods', () => {
    expect(renderErr('{{ .a 1 }}', { a: 1 })).toBe(
      'template: t:1:3: executing "t" at <.a>: a is not a method but has arguments',
    );
  });
});

describe('errors carry name:line:col of the failing node', () => {
  it('counts the column in bytes from the line start', () => {
    expect(renderErr('x\né {{ index .l 9 }}', { l: [] })).toBe(
      'template: t:2:6: executing "t" at <index .l 9>: error calling index: index out of range: 9',
    );
  });
  it('reports the define name and the file it was parsed from', () => {
    const t = new TemplateSet();
    t.parse('_helpers.tpl', '{{ define "h" }}\n  {{ .a.b }}{{ end }}');
    t.parse('main.yaml', '{{ template "h" . }}');
    expect(() => t.execute('main.yaml', { a: null })).toThrow(
      'template: _helpers.tpl:2:7: executing "h" at <.a.b>: nil pointer evaluating interface {}.b',
    );
  });
  it('throws TemplateExecError', () => {
    expect(() => render('{{ .a.b }}', { a: null })).toThrow(TemplateExecError);
  });
});

describe('comparison builtins', () => {
  const table: [string, string, unknown, string][] = [
    ['eq ints', '{{ eq 1 1 }} {{ eq 1 2 }}', {}, 'true false'],
    ['eq multi-arg', '{{ eq "a" "b" "a" }} {{ eq "a" "b" "c" }}', {}, 'true false'],
    ['eq floats', '{{ eq .f 1.5 }}', { f: 1.5 }, 'true'],
    ['eq integral floats', '{{ eq .f 3.0 }}', { f: goFloat(3) }, 'true'],
    ['eq nil', '{{ eq nil nil }} {{ eq .m nil }} {{ eq .missing "x" }}', { m: null }, 'true true false'],
    ['ne', '{{ ne 1 2 }} {{ ne "a" "a" }}', {}, 'true false'],
    ['lt/le/gt/ge ints', '{{ lt 1 2 }} {{ le 2 2 }} {{ gt 1 2 }} {{ ge 2 3 }}', {}, 'true true false false'],
    ['lt strings by bytes', '{{ lt "B" "a" }} {{ lt "b" "a" }}', {}, 'true false'],
    ['lt floats', '{{ lt 1.5 2.5 }}', {}, 'true'],
    ['int and bigint compare', '{{ eq .a .b }}', { a: 5, b: 5n }, 'true'],
  ];
  it.each(table)('%s', (_n, text, data, expected) => {
    expect(render(text, data)).toBe(expected);
  });

  const errors: [string, string, unknown, string][] = [
    ['eq int vs float', '{{ eq 1 1.0 }}', {}, 'template: t:1:3: executing "t" at <eq 1 1.0>: error calling eq: incompatible types for comparison: int and float64'],
    ['Helm float value vs int constant', '{{ if gt .Values.replicas 1 }}x{{ end }}', { Values: { replicas: goFloat(3) } }, 'template: t:1:6: executing "t" at <gt .Values.replicas 1>: error calling gt: incompatible types for comparison: float64 and int'],
    ['lt on bools', '{{ lt true false }}', {}, 'template: t:1:3: executing "t" at <lt true false>: error calling lt: invalid type for comparison'],
    ['lt on nil', '{{ lt .x 1 }}', {}, 'template: t:1:3: executing "t" at <lt .x 1>: error calling lt: invalid type for comparison'],
    ['eq on maps', '{{ eq .a .b }}', { a: { x: 1 }, b: { x: 1 } }, 'template: t:1:3: executing "t" at <eq .a .b>: error calling eq: non-comparable type map[x:%!s(int=1)]: map[string]interface {}'],
    ['eq needs two args', '{{ eq 1 }}', {}, 'template: t:1:3: executing "t" at <eq 1>: error calling eq: missing argument for comparison'],
    ['lt arity', '{{ lt 1 }}', {}, 'template: t:1:3: executing "t" at <lt>: wrong number of args for lt: want 2 got 1'],
  ];
  it.each(errors)('%s', (_n, text, data, expected) => {
    expect(renderErr(text, data)).toBe(expected);
  });
});

describe('other builtins', () => {
  const table: [string, string, unknown, string][] = [
    ['and returns the deciding value', '{{ and 1 0 3 }}|{{ and 1 2 3 }}', {}, '0|3'],
    ['or returns the deciding value', '{{ or 0 "" "x" }}|{{ or 0 "" }}', {}, 'x|'],
    ['not', '{{ not 0 }} {{ not "a" }}', {}, 'true false'],
    ['len counts UTF-8 bytes, elements and keys', '{{ len .s }} {{ len .l }} {{ len .m }}', { s: 'héllo', l: [1, 2], m: { a: 1 } }, '6 2 1'],
    ['index slices, maps, strings and nested', '{{ index .l 1 }} {{ index .m "k" }} {{ index .s 0 }} {{ index .n "a" 1 }}', { l: [1, 2], m: { k: 'v' }, s: 'abc', n: { a: [7, 8] } }, '2 v 97 8'],
    ['index of a missing map key is no value', '{{ index .m "zz" }}', { m: {} }, '<no value>'],
    ['slice strings and slices', '{{ slice .s 1 3 }} {{ slice .l 1 }} {{ slice .l }}', { s: 'abcd', l: [1, 2, 3] }, 'bc [2 3] [1 2 3]'],
    ['html', '{{ html "<a href=\'x\'>&\\"" }}', {}, '&lt;a href=&#39;x&#39;&gt;&amp;&#34;'],
    ['js', '{{ js "a\'b<c>=&\\"" }}', {}, 'a\\\'b\\u003Cc\\u003E\\u003D\\u0026\\"'],
    ['urlquery', '{{ urlquery "a b&c=d/é" }}', {}, 'a+b%26c%3Dd%2F%C3%A9'],
    ['escapers print missing values as <no value>', '{{ html .x }}', {}, '&lt;no value&gt;'],
    ['call invokes a function value', '{{ call .f 2 3 }}', { f: (a: number, b: number) => a * b }, '6'],
  ];
  it.each(table)('%s', (_n, text, data, expected) => {
    expect(render(text, data)).toBe(expected);
  });

  it('and/or short-circuit', () => {
    const boom = () => {
      throw new Error('boom');
    };
    expect(render('{{ and false (boom) }} {{ or true (boom) }}', {}, { boom })).toBe('false true');
    expect(renderErr('{{ and true (boom) }}', {}, { boom })).toBe(
      'template: t:1:13: executing "t" at <boom>: error calling boom: boom',
    );
  });

  const errors: [string, string, unknown, string][] = [
    ['index out of range', '{{ index .l 5 }}', { l: [1] }, 'template: t:1:3: executing "t" at <index .l 5>: error calling index: index out of range: 5'],
    ['index at len', '{{ index .l 1 }}', { l: [1] }, 'template: t:1:3: executing "t" at <index .l 1>: error calling index: reflect: slice index out of range'],
    ['index map with int', '{{ index . 1 }}', { a: 1 }, 'template: t:1:3: executing "t" at <index . 1>: error calling index: value has type int; should be string'],
    ['index of nil', '{{ index .x 1 }}', {}, 'template: t:1:3: executing "t" at <index .x 1>: error calling index: index of untyped nil'],
    ['index with float', '{{ index .l 0.0 }}', { l: [1] }, 'template: t:1:3: executing "t" at <index .l 0.0>: error calling index: cannot index slice/array with type float64'],
    ['slice bad range', '{{ slice .l 2 1 }}', { l: [1, 2, 3] }, 'template: t:1:3: executing "t" at <slice .l 2 1>: error calling slice: invalid slice index: 2 > 1'],
    ['len of int', '{{ len 3 }}', {}, 'template: t:1:3: executing "t" at <len 3>: error calling len: len of type int'],
    ['len of nil (missingkey=zero)', '{{ len .x }}', {}, 'template: t:1:3: executing "t" at <len .x>: error calling len: len of nil pointer'],
    ['call of nil', '{{ call .f }}', {}, 'template: t:1:3: executing "t" at <call .f>: error calling call: call of nil'],
    ['call of non-function', '{{ call .f }}', { f: 1 }, 'template: t:1:3: executing "t" at <call .f>: error calling call: non-function .f of type int'],
    ['pipeline value of the wrong type for a typed parameter', '{{ .a | printf }}', { a: 1 }, 'template: t:1:8: executing "t" at <printf>: wrong type for value; expected string; got int'],
    ['printf format must be a string constant', '{{ printf 1 }}', {}, 'template: t:1:10: executing "t" at <1>: expected string; found 1'],
    ['range over a float', '{{ range 1.5 }}{{ end }}', {}, "template: t:1:9: executing \"t\" at <1.5>: range can't iterate over 1.5"],
    ['range int with two variables', '{{ range $i, $v := 3 }}{{ end }}', {}, "template: t:1:19: executing \"t\" at <3>: can't use 3 to iterate over more than one variable"],
    ['can not print a function', '{{ .f }}', { f: () => 1 }, "template: t:1:3: executing \"t\" at <{{.f}}>: can't print {{.f}} of type func(...interface {}) interface {}"],
  ];
  it.each(errors)('%s', (_n, text, data, expected) => {
    const opts = _n.includes('missingkey=zero') ? { missingKey: 'zero' as const } : {};
    expect(renderErr(text, data, {}, opts)).toBe(expected);
  });
});

describe('user functions', () => {
  it('plain functions take any arguments; thrown errors are wrapped', () => {
    const funcs = {
      upper: (s: unknown) => String(s).toUpperCase(),
      fail: (msg: unknown) => {
        throw new Error(String(msg));
      },
    };
    expect(render('{{ .a | upper }}', { a: 'x' }, funcs)).toBe('X');
    expect(renderErr('{{ fail "bad" }}', {}, funcs)).toBe(
      'template: t:1:3: executing "t" at <fail "bad">: error calling fail: bad',
    );
  });
  it('typed parameters check arity and argument types like Go', () => {
    const funcs = { trunc: { fn: (n: number, s: string) => s.slice(0, n), params: ['int', 'string'] as const } };
    const f = { trunc: { ...funcs.trunc, params: [...funcs.trunc.params] } };
    expect(render('{{ trunc 2 "abc" }} {{ "xyz" | trunc 1 }}', {}, f)).toBe('ab x');
    expect(renderErr('{{ trunc 1.5 "abc" }}', {}, f)).toBe('template: t:1:9: executing "t" at <1.5>: expected integer; found 1.5');
    expect(renderErr('{{ trunc "a" "abc" }}', {}, f)).toBe('template: t:1:9: executing "t" at <"a">: expected integer; found "a"');
    expect(renderErr('{{ trunc 1 }}', {}, f)).toBe('template: t:1:3: executing "t" at <trunc>: wrong number of args for trunc: want 2 got 1');
    expect(renderErr('{{ trunc .n "abc" }}', { n: goFloat(2) }, f)).toBe(
      'template: t:1:9: executing "t" at <.n>: wrong type for value; expected int; got float64',
    );
    expect(renderErr('{{ trunc 2 .missing }}', {}, f)).toBe(
      'template: t:1:11: executing "t" at <.missing>: invalid value; expected string',
    );
    expect(renderErr('{{ trunc 2 .missing }}', {}, f, { missingKey: 'zero' })).toBe(
      'template: t:1:11: executing "t" at <.missing>: wrong type for value; expected string; got interface {}',
    );
  });
  it('variadic specs require their fixed arguments', () => {
    const f = { join: { fn: (sep: string, ...xs: unknown[]) => xs.join(sep), params: ['string' as const], variadic: 'any' as const } };
    expect(render('{{ join "," 1 2 3 }}', {}, f)).toBe('1,2,3');
    expect(renderErr('{{ join }}', {}, f)).toBe('template: t:1:3: executing "t" at <join>: wrong number of args for join: want at least 1 got 0');
  });
  it('context-aware functions can execute other templates (include)', () => {
    const include = {
      fn: (ctx: ExecContext, name: string, data: unknown) => ctx.executeTemplate(name, data),
      params: ['string' as const, 'any' as const],
      needsContext: true,
    };
    const t = new TemplateSet({ include });
    t.parse('_h.tpl', '{{ define "name" }}{{ .n }}-x{{ end }}');
    t.parse('m.yaml', 'name: {{ include "name" . | printf "%q" }}');
    expect(t.execute('m.yaml', { n: 'app' })).toBe('name: "app-x"');
    t.parse('bad.yaml', 'v: {{ include "name" .v }}');
    expect(() => t.execute('bad.yaml', { v: 'str' })).toThrow(
      'template: bad.yaml:1:6: executing "bad.yaml" at <include "name" .v>: error calling include: template: _h.tpl:1:22: executing "name" at <.n>: can\'t evaluate field n in type string',
    );
  });
  it('methods of class instances are callable with arguments; fields are readable', () => {
    class VersionSet {
      constructor(private readonly list: string[]) {}
      Has(v: string) {
        return this.list.includes(v);
      }
    }
    class Caps {
      APIVersions = new VersionSet(['apps/v1']);
      Name = 'caps';
    }
    expect(render('{{ .C.APIVersions.Has "apps/v1" }} {{ .C.APIVersions.Has "x" }} {{ .C.Name }}', { C: new Caps() })).toBe('true false caps');
  });
});

describe('limits', () => {
  it('enforces an output size limit', () => {
    expect(renderErr('{{ range 100 }}abcdefghij{{ end }}', {}, {}, { maxOutputLength: 50 })).toBe(
      'template: output exceeds limit of 50 characters',
    );
  });
});

describe('Go methods on data objects (GO_METHODS)', () => {
  it('calls methods on maps and slices before map keys, with typed params', () => {
    const files = withGoMethods(
      { 'a.txt': 'A' },
      { Get: { fn(this: Record<string, string>, p: string) { return this[p] ?? ''; }, params: ['string'] } },
      'engine.files',
    );
    const versions = withGoMethods(['apps/v1'], { Has(this: string[], v: unknown) { return this.includes(String(v)); } });
    const data = { Files: files, Caps: { APIVersions: versions } };
    expect(render('{{ .Files.Get "a.txt" }}|{{ .Caps.APIVersions.Has "apps/v1" }}|{{ len .Files }}', data)).toBe('A|true|1');
    expect(renderErr('{{ .Files.Get }}', data)).toBe(
      'template: t:1:9: executing "t" at <.Files.Get>: wrong number of args for Get: want 1 got 0',
    );
    expect(renderErr('{{ printf "%T" .Files }}', data)).toBe('OK:engine.files');
  });
});

describe('TemplateSet', () => {
  it('clone shares templates but isolates later parses', () => {
    const t = new TemplateSet();
    t.parse('a', '{{ define "x" }}1{{ end }}{{ template "x" }}');
    const c = t.clone();
    c.parse('b', '{{ define "x" }}2{{ end }}');
    expect(t.execute('a')).toBe('1');
    expect(c.execute('a')).toBe('2');
  });
  it('parses once and executes many times with different data', () => {
    const t = new TemplateSet();
    t.parse('t', '{{ .n }}');
    expect([1, 2, 3].map((n) => t.execute('t', { n }))).toEqual(['1', '2', '3']);
  });
  it('rejects invalid function names', () => {
    expect(() => new TemplateSet({ 'a-b': () => 1 })).toThrow('function name "a-b" is not a valid identifier');
  });
  it('allows right delimiters inside string constants', () => {
    expect(render('{{ "}}" }}{{ `{{` }}')).toBe('}}{{');
  });
  it('reports int overflow of constants', () => {
    expect(renderErr('{{ 9223372036854775808 }}')).toBe(
      'template: t:1:3: executing "t" at <9223372036854775808>: 9223372036854775808 overflows int',
    );
  });
});

describe('context-aware functions', () => {
  it('can parse and execute text against a clone of the set (tpl-style)', () => {
    const tpl = {
      fn: (ctx: ExecContext, text: string, data: unknown) => {
        const c = ctx.set.clone();
        c.parse('tpl', text);
        return c.execute('tpl', data);
      },
      params: ['string' as const, 'any' as const],
      needsContext: true,
    };
    const t = new TemplateSet({ tpl });
    t.parse('_h', '{{ define "suffix" }}-sfx{{ end }}');
    t.parse('m', '{{ tpl .Values.t . }}');
    expect(t.execute('m', { Values: { t: '{{ .Values.name }}{{ template "suffix" }}', name: 'app' } })).toBe('app-sfx');
    expect(t.has('tpl')).toBe(false);
  });
});
