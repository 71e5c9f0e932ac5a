import { describe, expect, it } from 'vitest';
import { type Case, run } from './run.js';

const cases: Case[] = [
  // snakecase (xstrings ToSnakeCase)
  ['{{ snakecase "FirstName" }}', 'first_name'],
  ['{{ snakecase "HTTPServer" }}', 'http_server'],
  ['{{ snakecase "NoHTTPS" }}', 'no_https'],
  ['{{ snakecase "GO_PATH" }}', 'go_path'],
  ['{{ snakecase "GO PATH" }}', 'go_path'],
  ['{{ snakecase "GO-PATH" }}', 'go_path'],
  ['{{ snakecase "http2xx" }}', 'http_2xx'],
  ['{{ snakecase "HTTP20xOK" }}', 'http_20x_ok'],
  ['{{ snakecase "Duration2m3s" }}', 'duration_2m3s'],
  ['{{ snakecase "Bld4Floor3rd" }}', 'bld4_floor_3rd'],
  ['{{ snakecase "" }}', ''],
  ['{{ snakecase "a" }}', 'a'],
  // kebabcase
  ['{{ kebabcase "FirstName" }}', 'first-name'],
  ['{{ kebabcase "HTTPServer" }}', 'http-server'],
  ['{{ kebabcase "GO_PATH" }}', 'go-path'],
  ['{{ kebabcase "HTTP20xOK" }}', 'http-20x-ok'],
  ['{{ kebabcase "Bld4Floor3rd" }}', 'bld4-floor-3rd'],
  // camelcase (xstrings ToPascalCase)
  ['{{ camelcase "http_server" }}', 'HttpServer'],
  ['{{ camelcase "some_words" }}', 'SomeWords'],
  ['{{ camelcase "no_https" }}', 'NoHttps'],
  ['{{ camelcase "_complex__case_" }}', '_Complex_Case_'],
  ['{{ camelcase "some words" }}', 'SomeWords'],
  ['{{ camelcase "GOLANG_IS_GREAT" }}', 'GolangIsGreat'],
  ['{{ camelcase "x" }}', 'X'],
  ['{{ camelcase "" }}', ''],
  ['{{ camelcase "__" }}', '__'],
  // swapcase (goutils SwapCase)
  ['{{ swapcase "This Is A.Test" }}', 'tHIS iS a.tEST'],
  ['{{ swapcase "hello world" }}', 'HELLO WORLD'],
  ['{{ swapcase "ǆ ǆ" }}', 'ǅ ǅ'],
  // untitle (goutils Uncapitalize)
  ['{{ untitle "Hello World" }}', 'hello world'],
  ['{{ untitle "HELLO  WORLD" }}', 'hELLO  wORLD'],
];

describe('sprig case conversions', () => {
  it.each(cases)('%s', (text, expected, data) => {
    expect(run(text, data)).toBe(expected);
  });
});
