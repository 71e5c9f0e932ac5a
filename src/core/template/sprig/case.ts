/**
 * Case conversions as Sprig v3.3 ships them (huandu/xstrings v1.5 rules):
 * snakecase (ToSnakeCase), kebabcase (ToKebabCase), camelcase (ToPascalCase:
 * "http_server" → "HttpServer"); plus goutils' untitle (Uncapitalize).
 */
import type { FuncMap } from '../builtins.js';
import { isGoSpace, isLetter, isUpper, toLowerRune, toUpperRune } from './unicode.js';

const enum W {
  Invalid,
  Number,
  Upper,
  Alphabet,
  Connector,
  Punct,
  Other,
}

const PUNCT = /^\p{P}$/u;
const NUMBER = /^\p{N}$/u;
const isPunct = (c: string): boolean => PUNCT.test(c);
const isNumber = (c: string): boolean => NUMBER.test(c);
const isConnector = (c: string): boolean => c === '-' || c === '_' || isGoSpace(c.codePointAt(0)!);

/** A letter that is not a CJK ideograph. */
function isAlphabet(c: string): boolean {
  if (!isLetter(c)) return false;
  const r = c.codePointAt(0)!;
  if (r < 0x3400) return true;
  if (r >= 0x4e00 && r <= 0x9fcc) return false;
  if (r >= 0x3400 && r <= 0x4d85) return false;
  if (r >= 0x20000 && r <= 0x2b81d) return false;
  return true;
}

/** Split off the next word: [type, word, remaining] (runes). */
function nextWord(s: string[]): [W, string[], string[]] {
  if (s.length === 0) return [W.Invalid, [], []];
  const r = s[0];
  let n = 1;
  const run = (pred: (c: string) => boolean): void => {
    while (n < s.length && pred(s[n])) n++;
  };
  let wt: W;
  if (isConnector(r)) {
    wt = W.Connector;
    run(isConnector);
  } else if (isPunct(r)) {
    wt = W.Punct;
    run(isPunct);
  } else if (isUpper(r)) {
    wt = W.Upper;
    if (n < s.length) {
      if (isUpper(s[n])) {
        run(isUpper);
        // "HTTPStatus" splits into "HTTP" + "Status"
        if (n < s.length && isAlphabet(s[n])) n--;
      } else if (isAlphabet(s[n])) {
        run((c) => isAlphabet(c) && !isUpper(c));
      }
    }
  } else if (isAlphabet(r)) {
    wt = W.Alphabet;
    run((c) => isAlphabet(c) && !isUpper(c));
  } else if (isNumber(r)) {
    wt = W.Number;
    run(isNumber);
  } else {
    wt = W.Other;
    run((c) => !(isConnector(c) || isAlphabet(c) || isNumber(c) || isPunct(c)));
  }
  return [wt, s.slice(0, n), s.slice(n)];
}

function lowerWord(wt: W, word: string[], connector: string): string {
  if (wt !== W.Upper && wt !== W.Connector) return word.join('');
  return word.map((c) => (isConnector(c) ? connector : isUpper(c) ? toLowerRune(c) : c)).join('');
}

/** xstrings camelCaseToLowerCase (snake/kebab case). */
export function toLowerCaseWords(str: string, connector: string): string {
  if (str === '') return '';
  let out = '';
  let [wt, word, remaining] = nextWord([...str]);
  const next = (): void => {
    [wt, word, remaining] = nextWord(remaining);
  };
  const t = (): W => wt; // the current type (next() changes it behind TS's narrowing)
  while (remaining.length > 0) {
    if (wt !== W.Connector) out += lowerWord(wt, word, connector);
    const prev = wt;
    const last = word;
    next();
    if (prev === W.Number) {
      while (wt === W.Alphabet || wt === W.Number) {
        out += lowerWord(wt, word, connector);
        next();
      }
      if (wt !== W.Invalid && wt !== W.Punct && wt !== W.Connector) out += connector;
    } else if (prev === W.Connector) {
      out += lowerWord(prev, last, connector);
    } else if (prev === W.Punct) {
      // nothing
    } else {
      if (wt !== W.Number) {
        if (wt !== W.Connector && wt !== W.Punct) out += connector;
        continue;
      }
      if (remaining.length === 0) continue;
      const num = word;
      next();
      if (t() !== W.Alphabet) {
        // a number ends the previous word: "Bld4Floor" → "bld4_floor"
        out += lowerWord(W.Number, num, connector);
        if (t() !== W.Connector && t() !== W.Punct) out += connector;
        continue;
      }
      // lower-case letters after a number start a new word: "HTTP2xx" → "http_2xx"
      out += connector + lowerWord(W.Number, num, connector);
      while (t() === W.Alphabet || t() === W.Number) {
        out += lowerWord(wt, word, connector);
        next();
      }
      if (t() !== W.Invalid && t() !== W.Connector && t() !== W.Punct) out += connector;
    }
  }
  return out + lowerWord(wt, word, connector);
}

/** xstrings toCamelCase (isBig = PascalCase). */
export function toCamel(str: string, isBig: boolean): string {
  const cps = [...str];
  if (cps.length === 0) return '';
  let out = '';
  let i = 0;
  let r0 = '';
  let firstUpper = false;
  let found = false;
  while (i < cps.length) {
    r0 = cps[i++];
    if (!isConnector(r0)) {
      firstUpper = isUpper(r0);
      r0 = isBig ? toUpperRune(r0) : toLowerRune(r0);
      found = true;
      break;
    }
    out += r0;
  }
  if (i >= cps.length) return found ? out + r0 : out;
  while (i < cps.length) {
    const r1 = r0;
    r0 = cps[i++];
    if (isConnector(r0) && isConnector(r1)) {
      out += r1;
      continue;
    }
    if (isConnector(r1)) {
      firstUpper = isUpper(r0);
      r0 = toUpperRune(r0);
    } else {
      if (firstUpper) {
        if (isUpper(r0)) r0 = toLowerRune(r0);
        else firstUpper = false;
      }
      out += r1;
    }
  }
  if (firstUpper && !isBig) r0 = toLowerRune(r0);
  return out + r0;
}

/** goutils.Uncapitalize with whitespace delimiters. */
export function untitle(s: string): string {
  let out = '';
  let next = true;
  for (const ch of s) {
    if (isGoSpace(ch.codePointAt(0)!)) {
      next = true;
      out += ch;
    } else if (next) {
      out += toLowerRune(ch);
      next = false;
    } else out += ch;
  }
  return out;
}

export function caseFuncs(): FuncMap {
  return {
    snakecase: { fn: (s: string) => toLowerCaseWords(s, '_'), params: ['string'] },
    kebabcase: { fn: (s: string) => toLowerCaseWords(s, '-'), params: ['string'] },
    camelcase: { fn: (s: string) => toCamel(s, true), params: ['string'] },
    untitle: { fn: untitle, params: ['string'] },
  };
}
