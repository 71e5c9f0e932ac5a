import { describe, expect, it } from 'vitest';
import { goFloat } from '../../../../src/core/template/index.js';
import { type Case, run } from './run.js';

const cases: Case[] = [
  // quote / squote
  ['{{ quote "a" }}', '"a"'],
  ['{{ quote "a\\"b\\n" }}', '"a\\"b\\n"'],
  ['{{ quote "a" nil "b" }}', '"a" "b"'],
  ['{{ quote .missing }}', ''],
  ['{{ quote 1 2.5 true }}', '"1" "2.5" "true"'],
  ['{{ quote .f }}', '"1e+06"', { f: goFloat(1e6) }],
  ['{{ quote "é\\x01" }}', '"é\\x01"'],
  ['{{ .v | quote }}', '"x"', { v: 'x' }],
  ['{{ squote "a" }}', "'a'"],
  ['{{ squote "a" nil 3 }}', "'a' '3'"],
  ['{{ squote (list 1 2) }}', "'[1 2]'"],
  // cat
  ['{{ cat "a" "b" 1 }}', 'a b 1'],
  ['{{ cat "a" nil "b" }}', 'a b'],
  ['{{ cat }}', ''],
  ['{{ cat " a " }}', ' a '],
  // indent / nindent
  ['{{ indent 2 "a\\nb" }}', '  a\n  b'],
  ['{{ indent 2 "a\\n\\nb\\n" }}', '  a\n  \n  b\n  '],
  ['{{ indent 0 "a" }}', 'a'],
  ['{{ nindent 4 "a\\nb" }}', '\n    a\n    b'],
  ['{{ indent -1 "a" }}', 'ERR:template: t:1:3: executing "t" at <indent -1 "a">: error calling indent: strings: negative Repeat count'],
  ['{{ indent "2" "a" }}', 'ERR:template: t:1:10: executing "t" at <"2">: expected integer; found "2"'],
  ['{{ indent 2 }}', 'ERR:template: t:1:3: executing "t" at <indent>: wrong number of args for indent: want 2 got 1'],
  ['{{ indent 2 .n }}', 'ERR:template: t:1:12: executing "t" at <.n>: wrong type for value; expected string; got int', { n: 1 }],
  // trim family
  ['{{ trim "  a b \\n\\t" }}', 'a b'],
  ['{{ trim "\\u00a0a\\u3000" }}', 'a'],
  ['{{ trimAll "$" "$$5.00$" }}', '5.00'],
  ['{{ trimall "ab" "abcba" }}', 'c'],
  ['{{ trimSuffix "-" "hello-" }}', 'hello'],
  ['{{ trimSuffix "-" "hello--" }}', 'hello-'],
  ['{{ trimPrefix "-" "-hello" }}', 'hello'],
  ['{{ "foo.yaml" | trimSuffix ".yaml" }}', 'foo'],
  // case
  ['{{ upper "abc é ß" }}', 'ABC É ß'],
  ['{{ lower "ABC É İ" }}', 'abc é i'],
  ['{{ title "hello world-foo bar_baz 1st" }}', 'Hello World-Foo Bar_baz 1st'],
  ['{{ title "élan vital" }}', 'Élan Vital'],
  ['{{ title "ǆemal" }}', 'ǅemal'],
  ['{{ title "don\'t stop" }}', "Don'T Stop"],
  ['{{ title "hello.world" }}', 'Hello.World'],
  ['{{ title "ÀB ça" }}', 'ÀB Ça'],
  ['{{ upper "ǆ" }}', 'Ǆ'],
  ['{{ swapcase "Hello World é" }}', 'hELLO wORLD É'],
  // trunc / substr
  ['{{ trunc 5 "hello world" }}', 'hello'],
  ['{{ trunc 20 "hello" }}', 'hello'],
  ['{{ trunc -5 "hello world" }}', 'world'],
  ['{{ trunc -20 "hello" }}', 'hello'],
  ['{{ trunc 0 "hello" }}', ''],
  ['{{ trunc 63 .n }}', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', { n: 'a'.repeat(70) }],
  // bytes, not characters, past ASCII
  ['{{ trunc 3 "héllo" }}', 'hé'],
  ['{{ trunc -3 "héllo" }}', 'llo'],
  ['{{ trunc 4 "ééé" }}', 'éé'],
  ['{{ trunc 2 "é" }}', 'é'],
  ['{{ substr 1 3 "héllo" }}', 'é'],
  ['{{ substr 3 99 "héllo" }}', 'llo'],
  ['{{ substr 0 5 "hello world" }}', 'hello'],
  ['{{ substr 6 -1 "hello world" }}', 'world'],
  ['{{ substr -1 5 "hello world" }}', 'hello'],
  ['{{ substr 3 99 "hello" }}', 'lo'],
  ['{{ substr 4 2 "hello" }}', 'ERR:template: t:1:3: executing "t" at <substr 4 2 "hello">: error calling substr: runtime error: slice bounds out of range [4:2]'],
  ['{{ substr -1 9 "hello" }}', 'ERR:template: t:1:3: executing "t" at <substr -1 9 "hello">: error calling substr: runtime error: slice bounds out of range [:9] with length 5'],
  // abbrev / abbrevboth / initials / wrap
  ['{{ abbrev 5 "hello world" }}', 'he...'],
  ['{{ abbrev 3 "hello world" }}', 'hello world'],
  ['{{ abbrev 20 "hello world" }}', 'hello world'],
  ['{{ abbrevboth 5 10 "1234 5678 9123" }}', '...5678...'],
  ['{{ abbrevboth 0 10 "1234 5678 9123" }}', '1234567...'.replace('1234567', '1234 56')],
  ['{{ initials "First Try" }}', 'FT'],
  ['{{ initials "  hello   big world " }}', 'hbw'],
  ['{{ initials "" }}', ''],
  ['{{ wrap 5 "Hello World" }}', 'Hello\nWorld'],
  ['{{ wrap 3 "abcdef ghi" }}', 'abcdef\nghi'],
  ['{{ wrap 10 "short" }}', 'short'],
  ['{{ wrapWith 5 "\\t" "Hello World" }}', 'Hello\tWorld'],
  ['{{ wrapWith 3 "|" "abcdefg" }}', 'abc|def|g'],
  // nospace / repeat / replace / plural
  ['{{ nospace "hello w o r l d" }}', 'helloworld'],
  ['{{ nospace " a\\tb\\nc\\u00a0d" }}', 'abcd'],
  ['{{ repeat 3 "ab" }}', 'ababab'],
  ['{{ repeat 0 "ab" }}', ''],
  ['{{ replace " " "-" "I Am Henry" }}', 'I-Am-Henry'],
  ['{{ replace "" "-" "aé" }}', '-a-é-'],
  ['{{ "a.b.c" | replace "." "" }}', 'abc'],
  ['{{ plural "one anchovy" "many anchovies" 1 }}', 'one anchovy'],
  ['{{ plural "one anchovy" "many anchovies" 2 }}', 'many anchovies'],
  ['{{ plural "a" "b" 0 }}', 'b'],
  // contains / hasPrefix / hasSuffix
  ['{{ contains "cat" "catch" }}', 'true'],
  ['{{ contains "" "x" }}', 'true'],
  ['{{ contains "dog" "catch" }}', 'false'],
  ['{{ hasPrefix "cat" "catch" }}', 'true'],
  ['{{ hasSuffix "ch" "catch" }}', 'true'],
  ['{{ hasSuffix "x" "catch" }}', 'false'],
  ['{{ contains 1 "x" }}', 'ERR:template: t:1:12: executing "t" at <1>: expected string; found 1'],
];

describe('sprig strings', () => {
  it.each(cases)('%s', (text, expected, data) => {
    expect(run(text, data)).toBe(expected);
  });
});
