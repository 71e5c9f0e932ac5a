/**
 * Sprig urlParse / urlJoin over Go's net/url rules (Parse, URL.String, escaping modes).
 */
import type { FuncMap } from '../builtins.js';
import { GoFuncError } from '../errors.js';
import { quoteGo } from '../strconv.js';
import { reflectKind } from './common.js';

type Mode = 'path' | 'host' | 'user' | 'query' | 'fragment';

const enc = new TextEncoder();
const dec = new TextDecoder();

function shouldEscape(c: number, mode: Mode): boolean {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9]/.test(ch)) return false;
  if (mode === 'host' && "!$&'()*+,;=:[]<>\"".includes(ch)) return false;
  if ('-_.~'.includes(ch)) return false;
  if ('$&+,/:;=?@'.includes(ch)) {
    switch (mode) {
      case 'path':
        return ch === '?';
      case 'user':
        return ch === '@' || ch === '/' || ch === '?' || ch === ':';
      case 'query':
        return true;
      case 'fragment':
        return false;
      default:
        break;
    }
  }
  if (mode === 'fragment' && '!()*'.includes(ch)) return false;
  return true;
}

/** url's escape */
function escape(s: string, mode: Mode): string {
  let out = '';
  for (const b of enc.encode(s)) {
    if (shouldEscape(b, mode)) out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
    else out += String.fromCharCode(b);
  }
  return out;
}

class UrlError extends Error {}

/** url's unescape (percent-decoding; '+' kept outside queries). */
function unescape(s: string, mode: Mode): string {
  const bytes: number[] = [];
  const raw = enc.encode(s);
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i];
    if (b === 0x25) {
      const hex = String.fromCharCode(raw[i + 1] ?? 0, raw[i + 2] ?? 0);
      if (i + 2 >= raw.length || !/^[0-9a-fA-F]{2}$/.test(hex)) {
        const bad = dec.decode(raw.subarray(i, Math.min(i + 3, raw.length)));
        throw new UrlError(`invalid URL escape ${quoteGo(bad)}`);
      }
      const v = parseInt(hex, 16);
      if (mode === 'host' && v < 0x80 && hex !== '25') {
        throw new UrlError(`invalid URL escape ${quoteGo('%' + hex)}`);
      }
      bytes.push(v);
      i += 2;
    } else {
      if (mode === 'host' && b < 0x80 && shouldEscape(b, 'host')) {
        throw new UrlError(`invalid character ${quoteGo(String.fromCharCode(b))} in host name`);
      }
      bytes.push(b);
    }
  }
  return dec.decode(Uint8Array.from(bytes));
}

interface GoURL {
  scheme: string;
  opaque: string;
  user: { username: string; password: string | null } | null;
  host: string;
  path: string;
  rawQuery: string;
  fragment: string;
}

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new UrlError('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw new UrlError('missing \']\' in host');
    const colonPort = host.slice(i + 1);
    if (colonPort !== '' && !/^:[0-9]*$/.test(colonPort)) throw new UrlError(`invalid port ${quoteGo(colonPort)} after host`);
  } else {
    const i = host.lastIndexOf(':');
    if (i >= 0) {
      const colonPort = host.slice(i);
      if (!/^:[0-9]*$/.test(colonPort)) throw new UrlError(`invalid port ${quoteGo(colonPort)} after host`);
    }
  }
  return unescape(host, 'host');
}

/** net/url.Parse */
export function parseURL(rawURL: string): GoURL {
  const hashAt = rawURL.indexOf('#');
  const u = hashAt < 0 ? rawURL : rawURL.slice(0, hashAt);
  const frag = hashAt < 0 ? '' : rawURL.slice(hashAt + 1);
  const wrap = (what: string, e: unknown): never => {
    if (e instanceof UrlError) throw new UrlError(`parse ${quoteGo(what)}: ${e.message}`);
    throw e;
  };
  const url: GoURL = { scheme: '', opaque: '', user: null, host: '', path: '', rawQuery: '', fragment: '' };
  try {
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x1f\x7f]/.test(u)) throw new UrlError('net/url: invalid control character in URL');
    if (u === '*') {
      url.path = '*';
    } else {
      let rest: string;
      [url.scheme, rest] = getScheme(u);
      url.scheme = url.scheme.toLowerCase();
      if (rest.endsWith('?') && rest.split('?').length === 2) {
        rest = rest.slice(0, -1);
      } else {
        const q = rest.indexOf('?');
        if (q >= 0) {
          url.rawQuery = rest.slice(q + 1);
          rest = rest.slice(0, q);
        }
      }
      if (!rest.startsWith('/')) {
        if (url.scheme !== '') {
          url.opaque = rest;
          rest = '';
        } else if (rest.split('/')[0].includes(':')) {
          throw new UrlError('first path segment in URL cannot contain colon');
        }
      }
      if (url.opaque === '') {
        if ((url.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
          let authority = rest.slice(2);
          rest = '';
          const slash = authority.indexOf('/');
          if (slash >= 0) [authority, rest] = [authority.slice(0, slash), authority.slice(slash)];
          const at = authority.lastIndexOf('@');
          url.host = parseHost(at < 0 ? authority : authority.slice(at + 1));
          if (at >= 0) {
            const userinfo = authority.slice(0, at);
            if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) throw new UrlError('net/url: invalid userinfo');
            const colon = userinfo.indexOf(':');
            url.user =
              colon < 0
                ? { username: unescape(userinfo, 'user'), password: null }
                : { username: unescape(userinfo.slice(0, colon), 'user'), password: unescape(userinfo.slice(colon + 1), 'user') };
          }
        }
        url.path = unescape(rest, 'path');
      }
    }
  } catch (e) {
    wrap(u, e);
  }
  if (frag !== '') {
    try {
      url.fragment = unescape(frag, 'fragment');
    } catch (e) {
      wrap(rawURL, e);
    }
  }
  return url;
}

function userString(user: { username: string; password: string | null }): string {
  let s = escape(user.username, 'user');
  if (user.password !== null) s += ':' + escape(user.password, 'user');
  return s;
}

/** URL.String */
export function urlString(u: GoURL): string {
  let buf = '';
  if (u.scheme !== '') buf += u.scheme + ':';
  if (u.opaque !== '') {
    buf += u.opaque;
  } else {
    if (u.scheme !== '' || u.host !== '' || u.user !== null) {
      if (u.host !== '' || u.path !== '' || u.user !== null) buf += '//';
      if (u.user !== null) buf += userString(u.user) + '@';
      if (u.host !== '') buf += escape(u.host, 'host');
    }
    const path = u.path === '*' ? '*' : escape(u.path, 'path');
    if (path !== '' && path[0] !== '/' && u.host !== '') buf += '/';
    if (buf === '' && path.split('/')[0].includes(':')) buf += './';
    buf += path;
  }
  if (u.rawQuery !== '') buf += '?' + u.rawQuery;
  if (u.fragment !== '') buf += '#' + escape(u.fragment, 'fragment');
  return buf;
}

function hostname(host: string): string {
  if (host.startsWith('[')) {
    const i = host.indexOf(']');
    return i < 0 ? host.slice(1) : host.slice(1, i);
  }
  const i = host.lastIndexOf(':');
  return i >= 0 && /^:[0-9]*$/.test(host.slice(i)) ? host.slice(0, i) : host;
}

function urlParse(v: string): Record<string, unknown> {
  let u: GoURL;
  try {
    u = parseURL(v);
  } catch (e) {
    throw new GoFuncError(`unable to parse url: ${(e as Error).message}`);
  }
  return {
    scheme: u.scheme,
    host: u.host,
    hostname: hostname(u.host),
    path: u.path,
    query: u.rawQuery,
    opaque: u.opaque,
    fragment: u.fragment,
    userinfo: u.user ? userString(u.user) : '',
  };
}

function getOrEmpty(d: Record<string, unknown>, key: string): string {
  if (!Object.prototype.hasOwnProperty.call(d, key)) return '';
  const v = d[key];
  if (typeof v !== 'string') {
    const k = v === null || v === undefined ? 'invalid' : reflectKind(v);
    throw new GoFuncError(`unable to parse ${key} key, must be of type string, but ${k} found`);
  }
  return v;
}

function urlJoin(d: Record<string, unknown> | null): string {
  const m = d ?? {};
  const u: GoURL = {
    scheme: getOrEmpty(m, 'scheme'),
    host: getOrEmpty(m, 'host'),
    path: getOrEmpty(m, 'path'),
    rawQuery: getOrEmpty(m, 'query'),
    opaque: getOrEmpty(m, 'opaque'),
    fragment: getOrEmpty(m, 'fragment'),
    user: null,
  };
  const userinfo = getOrEmpty(m, 'userinfo');
  if (userinfo !== '') {
    try {
      u.user = parseURL(`proto://${userinfo}@host`).user;
    } catch (e) {
      throw new GoFuncError(`unable to parse userinfo in dict: ${(e as Error).message}`);
    }
  }
  return urlString(u);
}

export function urlFuncs(): FuncMap {
  return {
    urlParse: { fn: urlParse, params: ['string'] },
    urlJoin: { fn: urlJoin, params: ['map'] },
  };
}

