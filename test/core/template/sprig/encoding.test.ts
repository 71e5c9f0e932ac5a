import { describe, expect, it } from 'vitest';
import { type Case, run } from './run.js';

const cases: Case[] = [
  // encodings
  ['{{ b64enc "hello" }}', 'aGVsbG8='],
  ['{{ b64enc "" }}', ''],
  ['{{ b64enc "é✓" }}', 'w6ninJM='],
  ['{{ b64dec "aGVsbG8=" }}', 'hello'],
  ['{{ b64dec "aGVs\\nbG8=" }}', 'hello'],
  ['{{ b64dec "a!bc" }}', 'illegal base64 data at input byte 1'],
  ['{{ b64dec "abc" }}', 'illegal base64 data at input byte 0'],
  ['{{ "secret" | b64enc | b64dec }}', 'secret'],
  ['{{ b64enc 1 }}', 'ERR:template: t:1:10: executing "t" at <1>: expected string; found 1'],
  ['{{ b32enc "hello" }}', 'NBSWY3DP'],
  ['{{ b32enc "a" }}', 'ME======'],
  ['{{ b32enc "foobar" }}', 'MZXW6YTBOI======'],
  ['{{ b32dec "NBSWY3DP" }}', 'hello'],
  ['{{ b32dec "MZXW6YTBOI======" }}', 'foobar'],
  ['{{ b32dec "ME======" }}', 'a'],
  ['{{ b32dec "M1======" }}', 'illegal base32 data at input byte 1'],
  // hashes
  ['{{ sha1sum "Hello world!" }}', 'd3486ae9136e7856bc42212385ea797094475802'],
  ['{{ sha256sum "Hello world!" }}', 'c0535e4be2b79ffd93291305436bf889314e4a3faec05ecffcbb7df31ad9e51a'],
  ['{{ sha256sum "" }}', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ['{{ sha256sum "héllo ✓" }}', '5657cdef8a85a584e0e961e6f8247cf5d3f8ed21496ed6fdbcfd43a761e94245'],
  ['{{ sha512sum "héllo ✓" }}', '5a8dbb6169e8fd30480c55d8b9f6e77d7bf79e4930c77ffcdec87eede5e5fa7faa79deba6a3fdf6532681ac3b079f29e7270cf11bd45bf143be032c4518d1496'],
  ['{{ sha512sum "abc" }}', 'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f'],
  ['{{ adler32sum "Hello world!" }}', '487130206'],
  ['{{ adler32sum "" }}', '1'],
  ['{{ adler32sum "Wikipedia" }}', '300286872'],
  // paths
  ['{{ base "foo/bar/baz.txt" }}', 'baz.txt'],
  ['{{ base "foo/bar/" }}', 'bar'],
  ['{{ base "/" }}', '/'],
  ['{{ base "" }}', '.'],
  ['{{ dir "foo/bar/baz" }}', 'foo/bar'],
  ['{{ dir "baz" }}', '.'],
  ['{{ dir "/baz" }}', '/'],
  ['{{ dir "/a//b/" }}', '/a/b'],
  ['{{ clean "foo/bar/../baz" }}', 'foo/baz'],
  ['{{ clean "/../a/./b//c/" }}', '/a/b/c'],
  ['{{ clean "../../a" }}', '../../a'],
  ['{{ clean "" }}', '.'],
  ['{{ clean "a/.." }}', '.'],
  ['{{ ext "foo.bar.yaml" }}', '.yaml'],
  ['{{ ext "a.d/b" }}', ''],
  ['{{ ext "noext" }}', ''],
  ['{{ isAbs "/a" }}', 'true'],
  ['{{ isAbs "a/b" }}', 'false'],
];

describe('sprig encoding, hashes, paths', () => {
  it.each(cases)('%s', (text, expected, data) => {
    expect(run(text, data)).toBe(expected);
  });
});
