/**
 * Sprig regex functions over Go RE2 syntax, translated to JS RegExp (`u` flag):
 * regexMatch, regexFind, regexFindAll, regexReplaceAll, regexReplaceAllLiteral, regexSplit,
 * regexQuoteMeta and the must* variants. Go's FindAll/ReplaceAll/Split loops (empty matches
 * abutting a previous match are skipped) and `$1`/`${name}` expansion are reproduced.
 */
import type { FuncMap } from '../builtins.js';
import { GoFuncError } from '../errors.js';
import { canBackquote, quoteGo } from '../strconv.js';
import { typed } from './common.js';

class RegexpError extends Error {}

/** The last repetition operator seen by the translator (for Go's nested-repetition error). */
let prevOp = '';

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const SYNTAX = '^$\\.*+?()[]{}|/';
const hex = (ch: string): string => '\\u{' + ch.codePointAt(0)!.toString(16) + '}';

function parseErr(code: string, arg: string): RegexpError {
  return new RegexpError(`error parsing regexp: ${code}: \`${arg}\``);
}

function unicodeClass(name: string, neg: boolean): string {
  const p = neg ? '\\P' : '\\p';
  if (name === 'Any') return neg ? '[^\\s\\S]' : '[\\s\\S]';
  if (name.length <= 2) return `${p}{${name}}`;
  return `${p}{Script=${name}}`;
}

interface Translated {
  source: string;
  flags: string;
}

/** Translate a Go regexp to a JS RegExp source + flags; throws RegexpError like Go's parser. */
export function translateGoRegexp(expr: string): Translated {
  let i = 0;
  let flags = 'u';
  let dotAll = false;
  // leading flag groups: (?i) (?s) (?m) (?is)...
  for (;;) {
    const m = /^\(\?([imsU]+)\)/.exec(expr.slice(i));
    if (!m) break;
    for (const f of m[1]) {
      if (f === 'U') throw parseErr('invalid or unsupported Perl syntax', '(?U');
      if (f === 's') dotAll = true;
      else if (!flags.includes(f)) flags += f;
    }
    i += m[0].length;
  }
  let out = '';
  let depth = 0;
  let lastAtomEnd = -1; // position in out after which a repetition may apply
  const cps = [...expr.slice(i)];
  const n = cps.length;
  let k = 0;
  const rest = (from: number): string => cps.slice(from).join('');
  const atom = (s: string): void => {
    out += s;
    lastAtomEnd = out.length;
  };
  let prevWasRepeat = false;
  while (k < n) {
    const c = cps[k];
    if (c === '\\') {
      const [s, used] = escape(cps, k, false);
      atom(s);
      k += used;
      prevWasRepeat = false;
      continue;
    }
    if (c === '[') {
      const [s, used] = charClass(cps, k);
      atom(s);
      k += used;
      prevWasRepeat = false;
      continue;
    }
    if (c === '(') {
      if (cps[k + 1] === '?') {
        const r = rest(k);
        const named = /^\(\?P?<([A-Za-z0-9_]+)>/.exec(r);
        if (named) {
          out += `(?<${named[1]}>`;
          k += named[0].length;
        } else if (r.startsWith('(?:')) {
          out += '(?:';
          k += 3;
        } else {
          throw parseErr('invalid or unsupported Perl syntax', r.slice(0, 3));
        }
      } else {
        out += '(';
        k++;
      }
      depth++;
      lastAtomEnd = -1;
      prevWasRepeat = false;
      continue;
    }
    if (c === ')') {
      if (depth === 0) throw parseErr('unexpected )', expr);
      depth--;
      atom(')');
      k++;
      prevWasRepeat = false;
      continue;
    }
    if (c === '*' || c === '+' || c === '?' || c === '{') {
      let op = c;
      if (c === '{') {
        const m = /^\{(\d+)(,(\d*))?\}/.exec(rest(k));
        if (!m) {
          atom('\\{');
          k++;
          prevWasRepeat = false;
          continue;
        }
        if (Number(m[1]) > 1000 || (m[3] && Number(m[3]) > 1000) || (m[3] && Number(m[3]) < Number(m[1]))) {
          throw parseErr('invalid repeat count', m[0]);
        }
        op = m[0];
      }
      let full = op;
      if (cps[k + op.length] === '?' && c !== '{') full += '?';
      else if (c === '{' && cps[k + [...op].length] === '?') full += '?';
      if (prevWasRepeat) {
        throw parseErr('invalid nested repetition operator', prevOp + full);
      }
      if (lastAtomEnd !== out.length) throw parseErr('missing argument to repetition operator', full);
      out += full;
      k += [...full].length;
      prevWasRepeat = true;
      prevOp = full;
      continue;
    }
    prevWasRepeat = false;
    if (c === '.') {
      atom(dotAll ? '[\\s\\S]' : '[^\\n]');
    } else if (c === '|') {
      out += '|';
      lastAtomEnd = -1;
    } else if (c === '^') {
      out += flags.includes('m') ? '(?<=^|\\n)' : '(?<![\\s\\S])';
      lastAtomEnd = -1;
    } else if (c === '$') {
      out += flags.includes('m') ? '(?=$|\\n)' : '(?![\\s\\S])';
      lastAtomEnd = -1;
    } else if (c === '}' || c === ']' || c === '/') {
      atom('\\' + c);
    } else {
      atom(c);
    }
    k++;
  }
  if (depth > 0) throw parseErr('missing closing )', expr);
  // ^/$ were made explicit; keep JS from reinterpreting them
  return { source: out, flags: flags.replace('m', '') };
}

/** Translate the escape at cps[k] ('\\'); returns [js, consumed]. */
function escape(cps: string[], k: number, inClass: boolean): [string, number] {
  const e = cps[k + 1];
  if (e === undefined) throw parseErr('trailing backslash at end of expression', '');
  const rest = cps.slice(k).join('');
  switch (e) {
    case 'A':
      if (!inClass) return ['(?<![\\s\\S])', 2];
      break;
    case 'z':
      if (!inClass) return ['(?![\\s\\S])', 2];
      break;
    case 'b':
    case 'B':
      if (!inClass) return ['\\' + e, 2];
      break;
    case 'd':
    case 'D':
    case 'w':
    case 'W':
      return ['\\' + e, 2];
    case 's':
      return [inClass ? '\\t\\n\\f\\r ' : '[\\t\\n\\f\\r ]', 2];
    case 'S':
      if (!inClass) return ['[^\\t\\n\\f\\r ]', 2];
      return ['\\S', 2];
    case 'a':
      return ['\\x07', 2];
    case 'f':
    case 't':
    case 'n':
    case 'r':
    case 'v':
      return ['\\' + e, 2];
    case 'x': {
      const m = /^\\x(\{([0-9A-Fa-f]+)\}|([0-9A-Fa-f]{2}))/.exec(rest);
      if (!m) throw parseErr('invalid escape sequence', rest.slice(0, 4));
      const cp = parseInt(m[2] ?? m[3], 16);
      if (cp > 0x10ffff) throw parseErr('invalid escape sequence', m[0]);
      return [`\\u{${cp.toString(16)}}`, m[0].length];
    }
    case 'p':
    case 'P': {
      const m = /^\\[pP](\{(\^?)([A-Za-z_]+)\}|([A-Za-z]))/.exec(rest);
      if (!m) throw parseErr('invalid character class range', rest.slice(0, 3));
      const neg = (e === 'P') !== (m[2] === '^');
      return [unicodeClass(m[3] ?? m[4], neg), m[0].length];
    }
    case 'Q': {
      const end = rest.indexOf('\\E', 2);
      const lit = end < 0 ? rest.slice(2) : rest.slice(2, end);
      const body = [...lit].map((ch) => (/[A-Za-z0-9_\s]/.test(ch) ? ch : hex(ch))).join('');
      return [inClass ? body : `(?:${body})`, end < 0 ? [...rest].length : [...rest.slice(0, end + 2)].length];
    }
  }
  if (/^[0-7]$/.test(e)) {
    const m = /^\\([0-7]{1,3})/.exec(rest)!;
    if (e === '0' || m[1].length > 1) return [`\\u{${parseInt(m[1], 8).toString(16)}}`, m[0].length];
  }
  const cp = e.codePointAt(0)!;
  if (cp < 0x80 && !/[A-Za-z0-9]/.test(e)) {
    return [SYNTAX.includes(e) || (inClass && e === '-') ? '\\' + e : hex(e), 2];
  }
  throw parseErr('invalid escape sequence', '\\' + e);
}

/** Translate a bracket expression starting at cps[k] ('['). */
function charClass(cps: string[], k: number): [string, number] {
  const start = k;
  let out = '[';
  k++;
  if (cps[k] === '^') {
    out += '^';
    k++;
  }
  let first = true;
  for (;;) {
    if (k >= cps.length) throw parseErr('missing closing ]', cps.slice(start).join(''));
    const c = cps[k];
    if (c === ']' && !first) {
      out += ']';
      k++;
      break;
    }
    first = false;
    if (c === '[' && cps[k + 1] === ':') {
      const m = /^\[:(\^?)([a-z]+):\]/.exec(cps.slice(k).join(''));
      if (m && POSIX[m[2]]) {
        if (m[1]) throw parseErr('invalid or unsupported Perl syntax', m[0]);
        out += POSIX[m[2]];
        k += m[0].length;
        continue;
      }
    }
    if (c === '\\') {
      const [s, used] = escape(cps, k, true);
      out += s;
      k += used;
      continue;
    }
    out += c === '[' || c === ']' || c === '/' ? '\\' + c : c;
    k++;
  }
  return [out, k - start];
}

const cache = new Map<string, RegExp>();

/** regexp.Compile: a global JS RegExp, or a RegexpError with Go's message. */
export function compileGo(expr: string): RegExp {
  const hit = cache.get(expr);
  if (hit) return hit;
  const t = translateGoRegexp(expr);
  let re: RegExp;
  try {
    re = new RegExp(t.source, t.flags + 'g');
  } catch {
    throw new RegexpError(`error parsing regexp: invalid or unsupported Perl syntax: \`${expr}\``);
  }
  if (cache.size > 500) cache.clear();
  cache.set(expr, re);
  return re;
}

/** regexp.MustCompile: panics with Go's text. */
function mustCompile(expr: string): RegExp {
  try {
    return compileGo(expr);
  } catch (e) {
    const q = canBackquote(expr) ? '`' + expr + '`' : quoteGo(expr);
    throw new GoFuncError(`regexp: Compile(${q}): ${(e as Error).message}`);
  }
}

function compileOrError(expr: string): RegExp {
  try {
    return compileGo(expr);
  } catch (e) {
    throw new GoFuncError((e as Error).message);
  }
}

function execAt(re: RegExp, s: string, pos: number): RegExpExecArray | null {
  re.lastIndex = pos;
  return re.exec(s);
}

function runeWidth(s: string, pos: number): number {
  const c = s.charCodeAt(pos);
  return c >= 0xd800 && c <= 0xdbff && pos + 1 < s.length ? 2 : 1;
}

/** Go's allMatches loop. */
export function findAll(re: RegExp, s: string, n: number): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  if (n < 0) n = s.length + 1;
  let prevMatchEnd = -1;
  for (let pos = 0; out.length < n && pos <= s.length; ) {
    const m = execAt(re, s, pos);
    if (!m) break;
    const end = m.index + m[0].length;
    let accept = true;
    if (end === pos) {
      // an empty match; none is allowed right after a previous match
      if (m.index === prevMatchEnd) accept = false;
      pos += pos < s.length ? runeWidth(s, pos) : 1;
    } else {
      pos = end;
    }
    prevMatchEnd = end;
    if (accept) out.push(m);
  }
  return out;
}

/** Regexp.Expand template handling for ReplaceAllString. */
function expand(template: string, m: RegExpExecArray): string {
  let out = '';
  let t = template;
  for (;;) {
    const i = t.indexOf('$');
    if (i < 0) break;
    out += t.slice(0, i);
    t = t.slice(i + 1);
    if (t.startsWith('$')) {
      out += '$';
      t = t.slice(1);
      continue;
    }
    const brace = t.startsWith('{');
    const x = /^[\p{L}\p{Nd}_]+/u.exec(brace ? t.slice(1) : t);
    if (!x || (brace && t[1 + x[0].length] !== '}')) {
      out += '$'; // malformed: a raw '$'
      continue;
    }
    const name = x[0];
    t = t.slice(brace ? name.length + 2 : name.length);
    let num = /^[0-9]+$/.test(name) ? Number(name) : -1;
    if (name.length > 1 && name[0] === '0') num = -1;
    if (num >= 0) {
      if (num < m.length && m[num] !== undefined) out += m[num];
    } else if (m.groups && Object.prototype.hasOwnProperty.call(m.groups, name)) {
      out += m.groups[name] ?? '';
    }
  }
  return out + t;
}

/** Go's replaceAll loop. */
export function replaceAll(re: RegExp, s: string, repl: (m: RegExpExecArray) => string): string {
  let out = '';
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= s.length) {
    const m = execAt(re, s, searchPos);
    if (!m) break;
    const a0 = m.index;
    const a1 = m.index + m[0].length;
    out += s.slice(lastMatchEnd, a0);
    if (a1 > lastMatchEnd || a0 === 0) out += repl(m);
    lastMatchEnd = a1;
    const width = searchPos < s.length ? runeWidth(s, searchPos) : 1;
    if (searchPos + width > a1) searchPos += width;
    else if (searchPos + 1 > a1) searchPos++;
    else searchPos = a1;
  }
  return out + s.slice(lastMatchEnd);
}

/** Regexp.Split */
export function split(re: RegExp, expr: string, s: string, n: number): string[] {
  if (n === 0) return [];
  if (expr.length > 0 && s.length === 0) return [''];
  const matches = findAll(re, s, n);
  const out: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of matches) {
    if (n > 0 && out.length === n - 1) break;
    end = m.index;
    if (m.index + m[0].length !== 0) out.push(s.slice(beg, end));
    beg = m.index + m[0].length;
  }
  if (end !== s.length) out.push(s.slice(beg));
  return out;
}

/** regexp.QuoteMeta */
export function quoteMeta(s: string): string {
  return s.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

const strs = (a: string[]): string[] => typed(a, '[]string');

function fns(compile: (e: string) => RegExp) {
  return {
    findAll: (regex: string, s: string, n: number) => strs(findAll(compile(regex), s, Number(n)).map((m) => m[0])),
    find: (regex: string, s: string) => {
      const m = execAt(compile(regex), s, 0);
      return m ? m[0] : '';
    },
    replaceAll: (regex: string, s: string, repl: string) => replaceAll(compile(regex), s, (m) => expand(repl, m)),
    replaceAllLiteral: (regex: string, s: string, repl: string) => replaceAll(compile(regex), s, () => repl),
    split: (regex: string, s: string, n: number) => strs(split(compile(regex), regex, s, Number(n))),
  };
}

export function regexFuncs(): FuncMap {
  const p = fns(mustCompile);
  const m = fns(compileOrError);
  return {
    regexMatch: {
      fn: (regex: string, s: string) => {
        try {
          return execAt(compileGo(regex), s, 0) !== null;
        } catch {
          return false;
        }
      },
      params: ['string', 'string'],
    },
    mustRegexMatch: { fn: (regex: string, s: string) => execAt(compileOrError(regex), s, 0) !== null, params: ['string', 'string'] },
    regexFindAll: { fn: p.findAll, params: ['string', 'string', 'int'] },
    mustRegexFindAll: { fn: m.findAll, params: ['string', 'string', 'int'] },
    regexFind: { fn: p.find, params: ['string', 'string'] },
    mustRegexFind: { fn: m.find, params: ['string', 'string'] },
    regexReplaceAll: { fn: p.replaceAll, params: ['string', 'string', 'string'] },
    mustRegexReplaceAll: { fn: m.replaceAll, params: ['string', 'string', 'string'] },
    regexReplaceAllLiteral: { fn: p.replaceAllLiteral, params: ['string', 'string', 'string'] },
    mustRegexReplaceAllLiteral: { fn: m.replaceAllLiteral, params: ['string', 'string', 'string'] },
    regexSplit: { fn: p.split, params: ['string', 'string', 'int'] },
    mustRegexSplit: { fn: m.split, params: ['string', 'string', 'int'] },
    regexQuoteMeta: { fn: quoteMeta, params: ['string'] },
  };
}
