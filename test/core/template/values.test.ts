import { describe, expect, it } from 'vitest';
import { GoFloat, floatify, goFloat, isTrue, kindOf, toPlain, typeName } from '../../../src/core/template/index.js';
import { render } from './helpers.js';

describe('truthiness (if/with/not follow Go isTrue)', () => {
  const table: [string, unknown, boolean][] = [
    ['false', false, false],
    ['true', true, true],
    ['int 0', 0, false],
    ['int 1', 1, true],
    ['int -1', -1, true],
    ['float 0.0', goFloat(0), false],
    ['float 0.5', 0.5, true],
    ['float NaN', goFloat(NaN), true],
    ['empty string', '', false],
    ['string "0"', '0', true],
    ['string "false"', 'false', true],
    ['nil', null, false],
    ['no value', undefined, false],
    ['empty slice', [], false],
    ['slice [0]', [0], true],
    ['empty map', {}, false],
    ['map with nil value', { a: null }, true],
    ['bigint 0', 0n, false],
  ];
  it.each(table)('%s', (_name, value, expected) => {
    expect(isTrue(value)).toBe(expected);
    expect(render('{{ if .v }}T{{ else }}F{{ end }}', { v: value })).toBe(expected ? 'T' : 'F');
    expect(render('{{ not .v }}', { v: value })).toBe(String(!expected));
  });

  it('treats a missing key as false', () => {
    expect(render('{{ if .missing }}T{{ else }}F{{ end }}', {})).toBe('F');
  });
});

describe('int vs float64 printing', () => {
  const table: [string, unknown, string][] = [
    ['int', 3, '3'],
    ['int million', 1000000, '1000000'],
    ['negative int', -42, '-42'],
    ['float 3.5', 3.5, '3.5'],
    ['integral float', goFloat(1), '1'],
    ['float 1e5', goFloat(100000), '100000'],
    ['float 1e6', goFloat(1e6), '1e+06'],
    ['float 1234567', goFloat(1234567), '1.234567e+06'],
    ['float 1e21', goFloat(1e21), '1e+21'],
    ['float 0.0001', goFloat(0.0001), '0.0001'],
    ['float 0.00001', goFloat(0.00001), '1e-05'],
    ['float -0.5', -0.5, '-0.5'],
    ['float 1/3', 1 / 3, '0.3333333333333333'],
    ['float +Inf', goFloat(Infinity), '+Inf'],
    ['float NaN', goFloat(NaN), 'NaN'],
    ['bigint int64', 9007199254740993n, '9007199254740993'],
  ];
  it.each(table)('%s', (_name, value, expected) => {
    expect(render('{{ .v }}', { v: value })).toBe(expected);
  });

  it('prints template constants by their syntax: int vs float64', () => {
    expect(render('{{ 3 }} {{ 1.0 }} {{ 1e6 }} {{ 1e3 }} {{ 0x10 }} {{ \'a\' }} {{ 1_000 }} {{ .5 }} {{ -2 }}')).toBe(
      '3 1 1e+06 1000 16 97 1000 0.5 -2',
    );
  });

  it('prints octal and binary int literals', () => {
    expect(render('{{ 0o17 }} {{ 017 }} {{ 0b101 }} {{ 0X1f }}')).toBe('15 15 5 31');
  });

  it('floatify turns every number of a values tree into float64 (Helm values.yaml semantics)', () => {
    const v = floatify({ replicas: 3, big: 1000000, list: [1, 'a'], nested: { x: 2.5 } }) as Record<string, unknown>;
    expect(v.replicas).toBeInstanceOf(GoFloat);
    expect(render('{{ .replicas }} {{ .big }} {{ .list }} {{ .nested.x }}', v)).toBe('3 1e+06 [1 a] 2.5');
  });
});

describe('composite printing', () => {
  it('prints maps with sorted keys and slices space-separated', () => {
    expect(render('{{ . }}', { b: [1, 2, goFloat(3)], a: 'x', c: null })).toBe('map[a:x b:[1 2 3] c:<nil>]');
  });
  it('prints nested containers', () => {
    expect(render('{{ .v }}', { v: [[1, 2], { k: 'v' }, [], {}] })).toBe('[[1 2] map[k:v] [] map[]]');
  });
  it('prints a missing value as <no value> and nil inside print as <nil>', () => {
    expect(render('{{ .x }}|{{ print .x }}|{{ .n }}|{{ print .n }}', { n: null })).toBe(
      '<no value>|<nil>|<no value>|<nil>',
    );
  });
});

describe('Go kinds and type names', () => {
  const table: [string, unknown, string, string][] = [
    ['int', 1, 'int', 'int'],
    ['float', 1.5, 'float', 'float64'],
    ['GoFloat', goFloat(2), 'float', 'float64'],
    ['huge integral number is float64', 1e300, 'float', 'float64'],
    ['bigint', 5n, 'int', 'int64'],
    ['string', 's', 'string', 'string'],
    ['bool', true, 'bool', 'bool'],
    ['slice', [1], 'slice', '[]interface {}'],
    ['map', { a: 1 }, 'map', 'map[string]interface {}'],
    ['nil', null, 'nil', '<nil>'],
  ];
  it.each(table)('%s', (_n, v, kind, name) => {
    expect(kindOf(v)).toBe(kind);
    expect(typeName(v)).toBe(name);
  });
});

describe('toPlain', () => {
  it('turns GoFloat and bigint back into JS numbers for serializers', () => {
    expect(toPlain({ a: goFloat(1), b: [goFloat(1.5), 2n], c: 'x' })).toEqual({ a: 1, b: [1.5, 2], c: 'x' });
  });
});

describe('Stringer-like objects', () => {
  it('prints class instances through their String() method and errors through message', () => {
    class Version {
      String() {
        return 'v1.2.3';
      }
    }
    expect(render('{{ .v }} {{ print .v }} {{ .e }}', { v: new Version(), e: new Error('boom') })).toBe('v1.2.3 v1.2.3 boom');
  });
});
