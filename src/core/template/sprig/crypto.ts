/**
 * Sprig's crypto and certificate functions (Masterminds/sprig v3 as Helm v4 ships it):
 * genPrivateKey, genCA(+WithKey), genSelfSignedCert(+WithKey), genSignedCert(+WithKey),
 * buildCustomCert, htpasswd, bcrypt, derivePassword, encryptAES, decryptAES.
 * Certificates come back as a `sprig.certificate` struct with PEM fields `.Cert` and `.Key`.
 * Keys and certificates are random; derivePassword and decryptAES are deterministic.
 */
import { nodeCrypto } from './node-crypto.js';
import type { FuncMap } from '../builtins.js';
import type { TemplateClock } from '../clock.js';
import { GoFuncError } from '../errors.js';
import { sprint } from '../printf.js';
import { typeName, utf8Bytes, utf8Decode, utf8Length } from '../values.js';
import { BcryptError, bcryptHash } from './bcrypt.js';
import { KeyError, parsePrivateKeyPem } from './key-parse.js';
import { generatePrivateKeyPem, generateRsa2048, keyPem, type PrivateKey } from './keys.js';
import { localPrimes, type PrimeSource } from './primes.js';
import { derivePassword } from './master-password.js';
import { parseIP } from './netip.js';
import { Base64Error, decodeBase64String, decodePem, encodePem } from './pem.js';
import { CertError, type CertTemplate, createCertificate, isIA5, type ParentCert, parseCertificate } from './x509.js';

/** Sprig's `certificate` struct: PEM certificate and PEM private key. */
export class Certificate {
  static readonly goTypeName = 'sprig.certificate';
  Cert: string;
  Key: string;
  constructor(cert: string, key: string) {
    this.Cert = cert;
    this.Key = key;
  }
}

/**
 * A certificate with a new key, made when `.Cert` or `.Key` is first read (printed, passed on, turned
 * to JSON...). Its key is the dear part (an RSA key: two 1024-bit primes), and charts often make a CA
 * they use only when a setting is on (`{{ $ca := genCA ... }}` at the top of a file, used in a branch
 * that is off): the output is the same as Go's, which makes every key at the call. Only for calls
 * that cannot fail once their arguments are checked: the validity period is taken at the call.
 */
function lazyCertificate(make: () => Certificate): Certificate {
  const cert = Object.create(Certificate.prototype) as Certificate;
  let made: Certificate | undefined;
  const get = () => (made ??= make());
  Object.defineProperty(cert, 'Cert', { get: () => get().Cert, enumerable: true });
  Object.defineProperty(cert, 'Key', { get: () => get().Key, enumerable: true });
  return cert;
}

function keyFromPem(pem: string, prefix: string): PrivateKey {
  try {
    return parsePrivateKeyPem(pem);
  } catch (e) {
    if (e instanceof KeyError) throw new GoFuncError(prefix + e.message);
    throw e;
  }
}

/** A Go `[]interface{}` argument (nil: empty). */
function listArg(v: unknown): unknown[] {
  if (v === null || v === undefined) return [];
  const t = typeName(v);
  if (t !== '[]interface {}') throw new GoFuncError(`wrong type for value; expected []interface {}; got ${t}`);
  return v as unknown[];
}

function certArg(v: unknown): Certificate {
  if (v instanceof Certificate) return v;
  if (v === null || v === undefined) throw new GoFuncError('invalid value; expected sprig.certificate');
  throw new GoFuncError(`wrong type for value; expected sprig.certificate; got ${typeName(v)}`);
}

const NS_PER_DAY = 86_400_000_000_000n;

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

/** NotBefore = now, NotAfter = now + days × 24h (Go's int64 Duration wraps), whole seconds. */
function validity(days: number | bigint, clock: TemplateClock): [Date, Date] {
  const nowNs = BigInt(Math.floor(clock.now())) * 1_000_000n;
  const afterNs = nowNs + BigInt.asIntN(64, BigInt(days) * NS_PER_DAY);
  const toDate = (ns: bigint) => new Date(Number(floorDiv(ns, 1_000_000_000n)) * 1000);
  return [toDate(nowNs), toDate(afterNs)];
}

/** Sprig's getBaseCertTemplate. */
function baseTemplate(clock: TemplateClock, cn: string, ips: unknown, dns: unknown, days: number | bigint, isCA = false): CertTemplate {
  const ipBytes = listArg(ips).map((ip) => {
    if (typeof ip !== 'string') throw new GoFuncError(`error parsing ip: ${sprint([ip])} is not a string`);
    const b = parseIP(ip);
    if (!b) throw new GoFuncError(`error parsing ip: ${ip}`);
    return b;
  });
  const dnsNames = listArg(dns).map((d) => {
    if (typeof d !== 'string') throw new GoFuncError(`error processing alternate dns name: ${sprint([d])} is not a string`);
    return d;
  });
  const [notBefore, notAfter] = validity(days, clock);
  return { commonName: cn, ips: ipBytes, dnsNames, notBefore, notAfter, isCA };
}

/** Sprig's getCertAndKey. */
function issue(t: CertTemplate, signee: PrivateKey, parent: ParentCert | null, signer: PrivateKey): Certificate {
  try {
    const der = createCertificate(t, signee, parent, signer);
    return new Certificate(encodePem('CERTIFICATE', der), keyPem(signee));
  } catch (e) {
    if (e instanceof CertError) throw new GoFuncError('error creating certificate: ' + e.message);
    throw e;
  }
}

function parseCert(der: Uint8Array, what: string): ParentCert {
  try {
    return parseCertificate(der);
  } catch (e) {
    if (e instanceof CertError) throw new GoFuncError(`error parsing certificate: ${what}: ${e.message}`);
    throw e;
  }
}

/** The parent certificate and signing key of a CA `certificate`. */
function signerOf(ca: Certificate): { parent: ParentCert; key: PrivateKey } {
  const block = decodePem(ca.Cert);
  if (!block) throw new GoFuncError('unable to decode certificate');
  const parent = parseCert(block.bytes, 'decodedSignerCert.Bytes');
  return { parent, key: keyFromPem(ca.Key, 'error parsing private key: ') };
}

/**
 * A certificate of `t` signed with its own key: made at once, or (`fresh`: a new key, so nothing to
 * check in it) when first read, if nothing in `t` can fail the signing.
 */
function selfSigned(t: CertTemplate, key: () => PrivateKey, fresh: boolean): Certificate {
  const make = () => {
    const k = key();
    return issue(t, k, null, k);
  };
  return fresh && t.dnsNames.every(isIA5) ? lazyCertificate(make) : make();
}

function genCA(clock: TemplateClock, cn: string, days: number | bigint, key: () => PrivateKey, fresh: boolean): Certificate {
  return selfSigned(baseTemplate(clock, cn, null, null, days, true), key, fresh);
}

function genSelfSigned(clock: TemplateClock, cn: string, ips: unknown, dns: unknown, days: number | bigint, key: () => PrivateKey, fresh: boolean): Certificate {
  return selfSigned(baseTemplate(clock, cn, ips, dns, days), key, fresh);
}

function genSigned(clock: TemplateClock, cn: string, ips: unknown, dns: unknown, days: number | bigint, caArg: unknown, key: () => PrivateKey): Certificate {
  const { parent, key: signer } = signerOf(certArg(caArg));
  const t = baseTemplate(clock, cn, ips, dns, days);
  return issue(t, key(), parent, signer);
}

function buildCustomCert(b64cert: string, b64key: string): Certificate {
  const decode = (s: string, what: string) => {
    try {
      return utf8Decode(decodeBase64String(s));
    } catch (e) {
      if (e instanceof Base64Error) throw new GoFuncError(`unable to decode base64 ${what}`);
      throw e;
    }
  };
  const cert = decode(b64cert, 'certificate');
  const key = decode(b64key, 'private key');
  const block = decodePem(cert);
  if (!block) throw new GoFuncError('unable to decode certificate');
  parseCert(block.bytes, 'decodedCert.Bytes');
  keyFromPem(key, 'error parsing private key: ');
  return new Certificate(cert, key);
}

function bcrypt(s: string): string {
  try {
    return bcryptHash(utf8Bytes(s));
  } catch (e) {
    if (e instanceof BcryptError) return `failed to encrypt string with bcrypt: ${e.message}`;
    throw e;
  }
}

function htpasswd(user: string, password: string): string {
  if (user.includes(':')) return `invalid username: ${user}`;
  return `${user}:${bcrypt(password)}`;
}

/**
 * Go's uint32 parameter: only constants fit it (an int64 value is refused); constants
 * wrap, negative ones are refused.
 */
function uint32Arg(n: number | bigint): number {
  if (typeof n === 'bigint') throw new GoFuncError('wrong type for value; expected uint32; got int64');
  if (n < 0) throw new GoFuncError(`expected unsigned integer; found ${n}`);
  return Number(BigInt.asUintN(32, BigInt(n)));
}

/** The AES-256 key: the password's first 32 bytes, zero-padded. */
function aesKey(password: string): Buffer {
  const key = Buffer.alloc(32);
  Buffer.from(utf8Bytes(password)).copy(key, 0, 0, 32);
  return key;
}

function encryptAES(password: string, text: string): string {
  if (text === '') return '';
  const content = utf8Bytes(text);
  const pad = 16 - (content.length % 16);
  const padded = Buffer.concat([content, Buffer.alloc(pad, pad)]);
  const iv = nodeCrypto().randomBytes(16);
  const cipher = nodeCrypto().createCipheriv('aes-256-cbc', aesKey(password), iv).setAutoPadding(false);
  return Buffer.concat([iv, cipher.update(padded), cipher.final()]).toString('base64');
}

function decryptAES(password: string, b64: string): string {
  if (b64 === '') return '';
  let data: Uint8Array;
  try {
    data = decodeBase64String(b64);
  } catch (e) {
    if (e instanceof Base64Error) throw new GoFuncError(e.message);
    throw e;
  }
  // Go slices the IV off a buffer of capacity DecodedLen(len(b64)) and panics like this:
  const capacity = Math.floor(utf8Length(b64) / 4) * 3;
  if (capacity < 16) throw new GoFuncError(`runtime error: slice bounds out of range [:16] with capacity ${capacity}`);
  if (data.length < 16) throw new GoFuncError(`runtime error: slice bounds out of range [16:${data.length}]`);
  const body = data.subarray(16);
  if (body.length % 16 !== 0) throw new GoFuncError('crypto/cipher: input not full blocks');
  if (body.length === 0) throw new GoFuncError('runtime error: index out of range [-1]');
  const decipher = nodeCrypto().createDecipheriv('aes-256-cbc', aesKey(password), data.subarray(0, 16)).setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(body), decipher.final()]);
  const end = plain.length - plain[plain.length - 1];
  if (end < 0) throw new GoFuncError(`runtime error: slice bounds out of range [:${end}]`);
  return utf8Decode(plain.subarray(0, end));
}

type Days = number | bigint;

/** The crypto functions; certificates are valid from `clock`'s now (see ../clock.ts), RSA keys from `primes`. */
export function cryptoFuncs(clock: TemplateClock, primes: PrimeSource = localPrimes): FuncMap {
  const fresh = () => generateRsa2048(primes);
  const given = (pem: string) => () => keyFromPem(pem, 'parsing private key: ');
  return {
    genPrivateKey: { fn: (type: string) => generatePrivateKeyPem(type, primes), params: ['string'] },
    genCA: { fn: (cn: string, days: Days) => genCA(clock, cn, days, fresh, true), params: ['string', 'int'] },
    genCAWithKey: {
      fn: (cn: string, days: Days, pem: string) => {
        const key = given(pem)();
        return genCA(clock, cn, days, () => key, false);
      },
      params: ['string', 'int', 'string'],
    },
    genSelfSignedCert: {
      fn: (cn: string, ips: unknown, dns: unknown, days: Days) => genSelfSigned(clock, cn, ips, dns, days, fresh, true),
      params: ['string', 'slice', 'slice', 'int'],
    },
    genSelfSignedCertWithKey: {
      fn: (cn: string, ips: unknown, dns: unknown, days: Days, pem: string) => {
        const key = given(pem)();
        return genSelfSigned(clock, cn, ips, dns, days, () => key, false);
      },
      params: ['string', 'slice', 'slice', 'int', 'string'],
    },
    genSignedCert: {
      fn: (cn: string, ips: unknown, dns: unknown, days: Days, ca: unknown) => genSigned(clock, cn, ips, dns, days, ca, fresh),
      params: ['string', 'slice', 'slice', 'int', 'any'],
    },
    genSignedCertWithKey: {
      fn: (cn: string, ips: unknown, dns: unknown, days: Days, ca: unknown, pem: string) => {
        const key = given(pem)();
        return genSigned(clock, cn, ips, dns, days, ca, () => key);
      },
      params: ['string', 'slice', 'slice', 'int', 'any', 'string'],
    },
    buildCustomCert: { fn: buildCustomCert, params: ['string', 'string'] },
    htpasswd: { fn: htpasswd, params: ['string', 'string'] },
    bcrypt: { fn: bcrypt, params: ['string'] },
    derivePassword: {
      fn: (counter: number | bigint, type: string, password: string, user: string, site: string) =>
        derivePassword(uint32Arg(counter), type, password, user, site),
      params: ['int', 'string', 'string', 'string', 'string'],
    },
    encryptAES: { fn: encryptAES, params: ['string', 'string'] },
    decryptAES: { fn: decryptAES, params: ['string', 'string'] },
  };
}
