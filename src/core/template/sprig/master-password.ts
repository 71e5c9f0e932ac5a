/**
 * Sprig's derivePassword: the Master Password algorithm (v3) as Sprig implements it.
 * key = scrypt(password, scope ‖ len(user) ‖ user, N=32768, r=8, p=2, 64 bytes);
 * seed = HMAC-SHA256(key, scope ‖ len(site) ‖ site ‖ counter) (lengths and counter are
 * big-endian uint32, strings UTF-8); seed[0] picks the template, seed[i+1] each character.
 */
import { nodeCrypto } from './node-crypto.js';
import { utf8Bytes } from '../values.js';

const SCOPE = 'com.lyndir.masterpassword';

const TEMPLATES: Record<string, string[]> = {
  maximum: ['anoxxxxxxxxxxxxxxxxx', 'axxxxxxxxxxxxxxxxxno'],
  long: [
    'CvcvnoCvcvCvcv', 'CvcvCvcvnoCvcv', 'CvcvCvcvCvcvno', 'CvccnoCvcvCvcv', 'CvccCvcvnoCvcv', 'CvccCvcvCvcvno',
    'CvcvnoCvccCvcv', 'CvcvCvccnoCvcv', 'CvcvCvccCvcvno', 'CvcvnoCvcvCvcc', 'CvcvCvcvnoCvcc', 'CvcvCvcvCvccno',
    'CvccnoCvccCvcv', 'CvccCvccnoCvcv', 'CvccCvccCvcvno', 'CvcvnoCvccCvcc', 'CvcvCvccnoCvcc', 'CvcvCvccCvccno',
    'CvccnoCvcvCvcc', 'CvccCvcvnoCvcc', 'CvccCvcvCvccno',
  ],
  medium: ['CvcnoCvc', 'CvcCvcno'],
  short: ['Cvcn'],
  basic: ['aaanaaan', 'aannaaan', 'aaannaaa'],
  pin: ['nnnn'],
};

const CHARACTERS: Record<string, string> = {
  V: 'AEIOU',
  C: 'BCDFGHJKLMNPQRSTVWXYZ',
  v: 'aeiou',
  c: 'bcdfghjklmnpqrstvwxyz',
  A: 'AEIOUBCDFGHJKLMNPQRSTVWXYZ',
  a: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz',
  n: '0123456789',
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()',
};

function uint32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n >>> 0);
  return b;
}

const join = (...parts: Uint8Array[]): Buffer => Buffer.concat(parts);

/** The scrypt master key of a user (the slow step). */
export function masterKey(password: string, user: string): Buffer {
  const userBytes = utf8Bytes(user);
  return nodeCrypto().scryptSync(utf8Bytes(password), join(utf8Bytes(SCOPE), uint32(userBytes.length), userBytes), 64, {
    N: 32768,
    r: 8,
    p: 2,
    maxmem: 64 * 1024 * 1024,
  });
}

/** The site password from a master key; `templates` must be a known type's list. */
export function sitePassword(key: Uint8Array, counter: number, templates: string[], site: string): string {
  const siteBytes = utf8Bytes(site);
  const seed = nodeCrypto().createHmac('sha256', key)
    .update(join(utf8Bytes(SCOPE), uint32(siteBytes.length), siteBytes, uint32(counter)))
    .digest();
  const template = templates[seed[0] % templates.length];
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const chars = CHARACTERS[template[i]];
    out += chars[seed[i + 1] % chars.length];
  }
  return out;
}

/** The templates of a password type, if known. */
export function passwordTemplates(type: string): string[] | undefined {
  return Object.prototype.hasOwnProperty.call(TEMPLATES, type) ? TEMPLATES[type] : undefined;
}

/** derivePassword COUNTER TYPE PASSWORD USER SITE (counter as a Go uint32). */
export function derivePassword(counter: number, type: string, password: string, user: string, site: string): string {
  const templates = passwordTemplates(type);
  if (!templates) return `cannot find password template ${type}`;
  return sitePassword(masterKey(password, user), counter, templates, site);
}
