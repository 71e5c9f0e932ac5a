import { describe, expect, it } from 'vitest';
import { type Case, run } from './run.js';

const cases: Case[] = [
  [
    '{{ urlParse "http://admin:secret@server.com:8080/api?list=false#anchor" }}',
    'map[fragment:anchor host:server.com:8080 hostname:server.com opaque: path:/api query:list=false scheme:http userinfo:admin:secret]',
  ],
  ['{{ (urlParse "HTTPS://Example.com/a%20b").scheme }}', 'https'],
  ['{{ (urlParse "https://example.com/a%20b").path }}', '/a b'],
  ['{{ (urlParse "https://example.com/x#a%20b").fragment }}', 'a b'],
  ['{{ (urlParse "mailto:joe@example.com").opaque }}', 'joe@example.com'],
  ['{{ (urlParse "/just/a/path?q=1").path }}', '/just/a/path'],
  ['{{ (urlParse "http://[::1]:80/").hostname }}', '::1'],
  ['{{ (urlParse "http://user@host").userinfo }}', 'user'],
  ['{{ urlParse "http://host/%zz" }}', 'ERR:template: t:1:3: executing "t" at <urlParse "http://host/%zz">: error calling urlParse: unable to parse url: parse "http://host/%zz": invalid URL escape "%zz"'],
  ['{{ urlParse "http://host:port/" }}', 'ERR:template: t:1:3: executing "t" at <urlParse "http://host:port/">: error calling urlParse: unable to parse url: parse "http://host:port/": invalid port ":port" after host'],
  ['{{ urlParse "1http://x" }}', 'ERR:template: t:1:3: executing "t" at <urlParse "1http://x">: error calling urlParse: unable to parse url: parse "1http://x": first path segment in URL cannot contain colon'],
  ['{{ urlParse ":foo" }}', 'ERR:template: t:1:3: executing "t" at <urlParse ":foo">: error calling urlParse: unable to parse url: parse ":foo": missing protocol scheme'],
  ['{{ urlJoin (dict "fragment" "fragment" "host" "host:80" "path" "/path" "query" "query" "scheme" "http") }}', 'http://host:80/path?query#fragment'],
  ['{{ urlJoin (dict "scheme" "https" "host" "h" "path" "a b/c?d") }}', 'https://h/a%20b/c%3Fd'],
  ['{{ urlJoin (dict "scheme" "https" "host" "h" "userinfo" "u:p@ss") }}', 'https://u:p%40ss@h'],
  ['{{ urlJoin (dict "scheme" "https" "host" "h" "userinfo" "user:pa ss") }}', 'ERR:template: t:1:3: executing "t" at <urlJoin (dict "scheme" "https" "host" "h" "userinfo" "user:pa ss")>: error calling urlJoin: unable to parse userinfo in dict: parse "proto://user:pa ss@host": net/url: invalid userinfo'],
  ['{{ urlJoin (dict "scheme" "https" "host" "h" "userinfo" "user:pw") }}', 'https://user:pw@h'],
  ['{{ urlJoin (dict "path" "a:b") }}', './a:b'],
  ['{{ urlJoin (dict "scheme" "mailto" "opaque" "joe@example.com") }}', 'mailto:joe@example.com'],
  ['{{ urlJoin (dict "host" 1) }}', 'ERR:template: t:1:3: executing "t" at <urlJoin (dict "host" 1)>: error calling urlJoin: unable to parse host key, must be of type string, but int found'],
  ['{{ urlJoin (urlParse "https://a.b/c d?x=1#f g") }}', 'https://a.b/c%20d?x=1#f%20g'],
];

describe('sprig urlParse / urlJoin', () => {
  it.each(cases)('%s', (text, expected, data) => {
    expect(run(text, data)).toBe(expected);
  });
});
