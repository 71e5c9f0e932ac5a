import { describe, expect, it } from 'vitest';
import { type Case, run } from './run.js';

const cases: Case[] = [
  ['{{ regexMatch `^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\.[A-Za-z]{2,}$` "test@acme.com" }}', 'true'],
  ['{{ regexMatch `^a.b$` "a\\rb" }}', 'true'],
  ['{{ regexMatch `^a.b$` "a\\nb" }}', 'false'],
  ['{{ regexMatch `(?s)^a.b$` "a\\nb" }}', 'true'],
  ['{{ regexMatch `a$` "a\\n" }}', 'false'],
  ['{{ regexMatch `(?m)a$` "a\\nb" }}', 'true'],
  ['{{ regexMatch `a\\z` "ba" }}', 'true'],
  ['{{ regexMatch `\\Ab` "ab" }}', 'false'],
  ['{{ regexMatch `(?i)^abc$` "ABC" }}', 'true'],
  ['{{ regexMatch `a{,2}` "a{,2}" }}', 'true'],
  ['{{ regexMatch `x]` "x]" }}', 'true'],
  ['{{ regexMatch `\\-\\#\\@` "-#@" }}', 'true'],
  ['{{ regexMatch `[]a]` "]" }}', 'true'],
  ['{{ regexMatch `\\Qa.b\\E` "axb" }}', 'false'],
  ['{{ regexMatch `\\Qa.b\\E` "a.b" }}', 'true'],
  ['{{ regexMatch `^\\s$` "\\u00a0" }}', 'false'],
  ['{{ regexMatch `^\\x{e9}$` "é" }}', 'true'],
  ['{{ regexMatch "(" "x" }}', 'false'],
  ['{{ mustRegexMatch "(" "x" }}', 'ERR:template: t:1:3: executing "t" at <mustRegexMatch "(" "x">: error calling mustRegexMatch: error parsing regexp: missing closing ): `(`'],
  ['{{ mustRegexMatch "a)" "x" }}', 'ERR:template: t:1:3: executing "t" at <mustRegexMatch "a)" "x">: error calling mustRegexMatch: error parsing regexp: unexpected ): `a)`'],
  ['{{ mustRegexMatch "a[b" "x" }}', 'ERR:template: t:1:3: executing "t" at <mustRegexMatch "a[b" "x">: error calling mustRegexMatch: error parsing regexp: missing closing ]: `[b`'],
  ['{{ mustRegexMatch "*a" "x" }}', 'ERR:template: t:1:3: executing "t" at <mustRegexMatch "*a" "x">: error calling mustRegexMatch: error parsing regexp: missing argument to repetition operator: `*`'],
  ['{{ mustRegexMatch "a**" "x" }}', 'ERR:template: t:1:3: executing "t" at <mustRegexMatch "a**" "x">: error calling mustRegexMatch: error parsing regexp: invalid nested repetition operator: `**`'],
  ['{{ mustRegexMatch `\\q` "x" }}', 'ERR:template: t:1:3: executing "t" at <mustRegexMatch `\\q` "x">: error calling mustRegexMatch: error parsing regexp: invalid escape sequence: `\\q`'],
  ['{{ regexFind "(" "x" }}', 'ERR:template: t:1:3: executing "t" at <regexFind "(" "x">: error calling regexFind: regexp: Compile(`(`): error parsing regexp: missing closing ): `(`'],
  // find
  ['{{ regexFind "[a-zA-Z][1-9]" "abcd1234" }}', 'd1'],
  ['{{ regexFind "z" "abc" | quote }}', '""'],
  ['{{ regexFind `[[:alpha:]]+` "123abc456" }}', 'abc'],
  ['{{ regexFind `\\pL+` "12héllo3" }}', 'héllo'],
  ['{{ regexFind `\\p{Greek}+` "abc αβγ" }}', 'αβγ'],
  ['{{ regexFindAll "[2,4,6,8]" "123456789" -1 }}', '[2 4 6 8]'],
  ['{{ regexFindAll "[2,4,6,8]" "123456789" 2 }}', '[2 4]'],
  ['{{ regexFindAll "[2,4,6,8]" "123456789" 0 }}', '[]'],
  ['{{ regexFindAll "x" "abc" -1 | len }}', '0'],
  ['{{ regexFindAll "a*" "baaac" -1 | len }}', '3'],
  ['{{ regexFindAll "." "héllo" 2 }}', '[h é]'],
  ['{{ regexFindAll "" "😀a" -1 | len }}', '3'],
  ['{{ typeOf (regexFindAll "a" "a" -1) }}', '[]string'],
  // replace
  ['{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }}', '-W-xxW-'],
  ['{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "$1W" }}', '---'],
  ['{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "$1" }}', '--xx-'],
  ['{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "$$1" }}', '-$1-$1-'],
  ['{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1" }}', '-${1-${1-'],
  ['{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "$9" }}', '---'],
  ['{{ regexReplaceAll `(?P<first>\\w+) (?P<last>\\w+)` "John Smith" "${last}, $first" }}', 'Smith, John'],
  ['{{ regexReplaceAll "a*" "baaac" "-" }}', '-b-c-'],
  ['{{ regexReplaceAll `\\s+` " a \\t b " "_" }}', '_a_b_'],
  ['{{ regexReplaceAll "" "abc" "-" }}', '-a-b-c-'],
  ['{{ regexReplaceAllLiteral "a(x*)b" "-ab-axxb-" "${1}" }}', '-${1}-${1}-'],
  ['{{ "my_release-name" | regexReplaceAll "[^a-z0-9-]" "-" }}'.replace('"my_release-name" | regexReplaceAll "[^a-z0-9-]" "-"', 'regexReplaceAll "[^a-z0-9-]" "my_release-name" "-"'), 'my-release-name'],
  // split
  ['{{ regexSplit "z+" "pizza" -1 }}', '[pi a]'],
  ['{{ regexSplit "z+" "pizza" 1 }}', '[pizza]'],
  ['{{ regexSplit "z+" "pizza" 0 }}', '[]'],
  ['{{ regexSplit "a*" "abaabaccadaaae" 5 }}', '[ b b c cadaaae]'],
  ['{{ regexSplit "" "abc" -1 }}', '[a b c]'],
  ['{{ regexSplit "x" "" -1 | len }}', '1'],
  ['{{ regexSplit "," "a,b," -1 | len }}', '3'],
  ['{{ regexQuoteMeta "1.5-2.0?" }}', '1\\.5-2\\.0\\?'],
  ['{{ regexQuoteMeta "[foo]{bar}" }}', '\\[foo\\]\\{bar\\}'],
];

describe('sprig regex', () => {
  it.each(cases)('%s', (text, expected, data) => {
    expect(run(text, data)).toBe(expected);
  });
});
