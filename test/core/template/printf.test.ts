import { describe, expect, it } from 'vitest';
import { formatFloat, goFloat, sprint, sprintf, sprintln } from '../../../src/core/template/index.js';
import { render } from './helpers.js';

const f = goFloat;

// Expected strings follow Go's fmt documentation and behaviour.
const table: [string, unknown[], string][] = [
  // integers
  ['%d', [42], '42'],
  ['%5d|', [42], '   42|'],
  ['%-5d|', [42], '42   |'],
  ['%05d', [42], '00042'],
  ['%05d', [-42], '-0042'],
  ['%+d', [5], '+5'],
  ['% d', [5], ' 5'],
  ['%.3d', [7], '007'],
  ['%8.3d|', [7], '     007|'],
  ['%x', [255], 'ff'],
  ['%X', [255], 'FF'],
  ['%#x', [255], '0xff'],
  ['%#X', [255], '0XFF'],
  ['%x', [-255], '-ff'],
  ['%o', [8], '10'],
  ['%#o', [8], '010'],
  ['%O', [8], '0o10'],
  ['%b', [5], '101'],
  ['%c', [65], 'A'],
  ['%c', [233], 'é'],
  ['%q', [97], "'a'"],
  ['%U', [0x1f600], 'U+1F600'],
  ['%#U', [65], "U+0041 'A'"],
  ['%v', [-7], '-7'],
  // strings
  ['%s', ['hi'], 'hi'],
  ['%5s|', ['hi'], '   hi|'],
  ['%-5s|', ['hi'], 'hi   |'],
  ['%.3s', ['héllo'], 'hél'],
  ['%5s|', ['é'], '    é|'],
  ['%q', ['a"b\n'], '"a\\"b\\n"'],
  ['%q', ['é'], '"é"'],
  ['%+q', ['é'], '"\\u00e9"'],
  ['%#q', ['ab'], '`ab`'],
  ['%x', ['Go'], '476f'],
  ['%X', ['Go'], '476F'],
  ['% x', ['Go'], '47 6f'],
  ['%#x', ['Go'], '0x476f'],
  // booleans
  ['%t', [true], 'true'],
  ['%v', [false], 'false'],
  ['%6v|', [true], '  true|'],
  // floats
  ['%f', [f(3.14159)], '3.141590'],
  ['%.2f', [f(3.14159)], '3.14'],
  ['%6.2f|', [f(3.14159)], '  3.14|'],
  ['%-8.2f|', [f(3.14159)], '3.14    |'],
  ['%08.3f', [f(-3.14159)], '-003.142'],
  ['% .2f', [f(1.5)], ' 1.50'],
  ['%+.1f', [f(2.25)], '+2.2'],
  ['%.0f %.0f %.0f', [f(0.5), f(1.5), f(2.5)], '0 2 2'],
  ['%.2f', [f(1.005)], '1.00'],
  ['%.1f', [f(0.05)], '0.1'],
  ['%e', [f(1234.5678)], '1.234568e+03'],
  ['%E', [f(1234.5678)], '1.234568E+03'],
  ['%.2e', [f(1234.5678)], '1.23e+03'],
  ['%+.2e', [f(12345.678)], '+1.23e+04'],
  ['%e', [f(0)], '0.000000e+00'],
  ['%g', [f(1234.5678)], '1234.5678'],
  ['%g', [f(1e-7)], '1e-07'],
  ['%g', [f(2.5e20)], '2.5e+20'],
  ['%G', [f(2.5e20)], '2.5E+20'],
  ['%.3g', [f(1234.5678)], '1.23e+03'],
  ['%.3g', [f(0.0001234)], '0.000123'],
  ['%v', [f(1e6)], '1e+06'],
  ['%v', [f(123456789.5)], '1.234567895e+08'],
  ['%6.2v|', [f(Math.PI)], '   3.1|'],
  ['%v', [f(Infinity)], '+Inf'],
  ['%v', [f(-Infinity)], '-Inf'],
  ['%f', [f(NaN)], 'NaN'],
  ['%5.1f%%', [f(99.5)], ' 99.5%'],
  ['%.*f', [2, f(3.14159)], '3.14'],
  ['%x', [f(1.5)], '0x1.8p+00'],
  ['%X', [f(-3)], '-0X1.8P+01'],
  ['%.1x', [f(1)], '0x1.0p+00'],
  ['%x', [f(0)], '0x0p+00'],
  ['%b', [f(1)], '4503599627370496p-52'],
  ['%#g', [f(1)], '1.00000'],
  ['%#.0f', [f(3)], '3.'],
  // composites
  ['%v', [[1, 'a', null]], '[1 a <nil>]'],
  ['%v', [{ b: 1, a: [2] }], 'map[a:[2] b:1]'],
  ['%d', [[1, 2]], '[1 2]'],
  ['%s', [[1]], '[%!s(int=1)]'],
  ['%q', [['a', 'b']], '["a" "b"]'],
  ['%s', [{ a: 'x' }], 'map[a:x]'],
  ['%#v', [{ a: 1, b: 'x' }], 'map[string]interface {}{"a":1, "b":"x"}'],
  ['%#v', [[1, 'a']], '[]interface {}{1, "a"}'],
  // types
  ['%T %T %T %T %T %T %T', [1, f(1), 'a', [1], {}, true, null], 'int float64 string []interface {} map[string]interface {} bool <nil>'],
  // errors
  ['%d', ['x'], '%!d(string=x)'],
  ['%s', [5], '%!s(int=5)'],
  ['%d', [1.5], '%!d(float64=1.5)'],
  ['%t', [1], '%!t(int=1)'],
  ['%z', [1], '%!z(int=1)'],
  ['%d', [null], '%!d(<nil>)'],
  ['%v', [null], '<nil>'],
  ['%d', [], '%!d(MISSING)'],
  ['%d %d', [1], '1 %!d(MISSING)'],
  ['%d', [1, 'x'], '1%!(EXTRA string=x)'],
  ['%d', [1, 2, 'x'], '1%!(EXTRA int=2, string=x)'],
  ['%', [], '%!(NOVERB)'],
  ['100%%', [], '100%'],
  ['%[2]d %[1]d', [1, 2], '2 1'],
  ['%[3]d', [1], '%!d(BADINDEX)'],
  ['%*d|', [5, 1], '    1|'],
  ['%-*d|', [5, 1], '1    |'],
  ['%*d', ['x', 1], '%!(BADWIDTH)1'],
];

describe('sprintf (Go fmt verbs)', () => {
  it('has a table of at least 40 rows', () => {
    expect(table.length).toBeGreaterThanOrEqual(40);
  });
  it.each(table)('%s with %j', (format, args, expected) => {
    expect(sprintf(format, args)).toBe(expected);
  });
});

describe('printf from templates', () => {
  it('passes template values with their Go types', () => {
    expect(render('{{ printf "%d|%v|%s|%5.2f" 42 1.0 "x" 3.14159 }}')).toBe('42|1|x| 3.14');
  });
  it('reports bad verbs like Go', () => {
    expect(render('{{ printf "%d" "x" }} {{ printf "%s" 1 }}')).toBe('%!d(string=x) %!s(int=1)');
  });
  it('receives a pipeline value as the last argument', () => {
    expect(render('{{ .a | printf "%s-%s" "x" }}', { a: 'y' })).toBe('x-y');
  });
});

describe('sprint / sprintln', () => {
  it('adds spaces between operands when neither is a string', () => {
    expect(sprint([1, 2, 'a', 'b', 3, null])).toBe('1 2ab3 <nil>');
    expect(sprint(['a', 1, 'b'])).toBe('a1b');
  });
  it('println always separates with spaces and ends with a newline', () => {
    expect(sprintln([1, 'a', f(2)])).toBe('1 a 2\n');
  });
  it('print and println builtins', () => {
    expect(render('{{ print 1 2 "a" }}|{{ println "x" 3 }}')).toBe('1 2a|x 3\n');
  });
});

describe('formatFloat (strconv.FormatFloat)', () => {
  const rows: [number, string, number, string][] = [
    [1e6, 'g', -1, '1e+06'],
    [100000, 'g', -1, '100000'],
    [0.1, 'g', -1, '0.1'],
    [1e21, 'f', -1, '1000000000000000000000'],
    [2.5, 'f', 0, '2'],
    [3.5, 'f', 0, '4'],
    [1.25, 'e', 1, '1.2e+00'],
    [-0, 'g', -1, '-0'],
    [123.456, 'e', -1, '1.23456e+02'],
    [5e-324, 'g', -1, '5e-324'],
  ];
  it.each(rows)('%d %s %d', (x, fmt, prec, expected) => {
    expect(formatFloat(x, fmt, prec)).toBe(expected);
  });
});
