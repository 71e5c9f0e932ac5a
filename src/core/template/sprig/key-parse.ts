/**
 * Go's PEM private key parsing as Sprig does it (parsePrivateKeyPEM over crypto/x509's
 * PKCS#1, SEC1 and PKCS#8 parsers, and Sprig's own DSA format), with Go's error texts.
 * Go keeps only the key material; the keys are rebuilt for node:crypto from it.
 */
import type { KeyObject } from 'node:crypto';
import { nodeCrypto } from './node-crypto.js';
import * as asn1 from './asn1.js';
import {
  BYTES_SCHEMA,
  DSA_KEY_FORMAT,
  EC_PRIVATE_KEY,
  type Field,
  goUnmarshal,
  OID_SCHEMA,
  PKCS1_PRIVATE_KEY,
  PKCS8,
  unmarshals,
} from './go-asn1.js';
import { CURVE_ORDERS, curveByOid, OID, type PrivateKey } from './keys.js';
import { decodePem } from './pem.js';

/** A key parsing failure; the message is Go's error text. */
export class KeyError extends Error {}

function fail(msg: string): never {
  throw new KeyError(msg);
}

/** Run a Go asn1.Unmarshal, turning its errors into KeyErrors. */
function unmarshal(der: Uint8Array, schema: Field): ReturnType<typeof goUnmarshal> {
  try {
    return goUnmarshal(der, schema);
  } catch (e) {
    if (e instanceof asn1.Asn1Error) fail(e.message);
    throw e;
  }
}

const hint = (fn: string) => `x509: failed to parse private key (use ${fn} instead for this key format)`;

function intOf(e: asn1.Der): bigint {
  const b = asn1.contentOf(e);
  const v = asn1.bytesToBig(b);
  return b[0] & 0x80 ? v - (1n << BigInt(8 * b.length)) : v;
}

function nodeKey(der: Uint8Array, type: 'pkcs1' | 'pkcs8', invalid: string): KeyObject {
  try {
    return nodeCrypto().createPrivateKey({ key: Buffer.from(der), format: 'der', type });
  } catch {
    fail(invalid);
  }
}

/** x509.ParsePKCS1PrivateKey. */
function parsePkcs1(der: Uint8Array): PrivateKey {
  let p: ReturnType<typeof goUnmarshal>;
  try {
    p = goUnmarshal(der, PKCS1_PRIVATE_KEY);
  } catch (e) {
    if (!(e instanceof asn1.Asn1Error)) throw e;
    if (unmarshals(der, EC_PRIVATE_KEY)) fail(hint('ParseECPrivateKey'));
    if (unmarshals(der, PKCS8)) fail(hint('ParsePKCS8PrivateKey'));
    fail(e.message);
  }
  if (p.end < der.length) fail('asn1: syntax error: trailing data');
  if (intOf(p.fields.version) > 1n) fail('x509: unsupported private key version');
  if (['n', 'd', 'p', 'q'].some((k) => intOf(p.fields[k]) <= 0n)) fail('x509: private key contains zero or negative value');
  return { kind: 'rsa', key: nodeKey(der, 'pkcs1', 'crypto/rsa: invalid private key') };
}

/** x509.ParseECPrivateKey (curveOid: the curve named by a PKCS#8 wrapper, if any). */
function parseSec1(der: Uint8Array, curveOid: string | null): PrivateKey {
  let p: ReturnType<typeof goUnmarshal>;
  try {
    p = goUnmarshal(der, EC_PRIVATE_KEY);
  } catch (e) {
    if (!(e instanceof asn1.Asn1Error)) throw e;
    if (unmarshals(der, PKCS8)) fail(hint('ParsePKCS8PrivateKey'));
    if (unmarshals(der, PKCS1_PRIVATE_KEY)) fail(hint('ParsePKCS1PrivateKey'));
    fail('x509: failed to parse EC private key: ' + e.message);
  }
  const version = intOf(p.fields.version);
  if (version !== 1n) fail(`x509: unknown EC private key version ${version}`);
  const oidText = curveOid ?? (p.fields.curve ? asn1.oidText(asn1.contentOf(p.fields.curve)) : '');
  const curve = curveByOid(oidText);
  if (!curve) fail('x509: unknown elliptic curve');
  let scalar = asn1.contentOf(p.fields.privateKey);
  if (asn1.bytesToBig(scalar) >= CURVE_ORDERS[curve]) fail('x509: invalid elliptic curve private key value');
  const size = Math.ceil(CURVE_ORDERS[curve].toString(16).length / 2);
  while (scalar.length > size) {
    if (scalar[0] !== 0) fail('x509: invalid private key length');
    scalar = scalar.subarray(1);
  }
  const padded = new Uint8Array(size);
  padded.set(scalar, size - scalar.length);
  // Go keeps only the scalar: rebuild a canonical key and let OpenSSL derive the public point.
  const sec1 = asn1.seq(asn1.uint(1n), asn1.octets(padded));
  const p8 = asn1.seq(asn1.uint(0n), asn1.seq(asn1.oid(OID.ecPublicKey), asn1.oid(oidText)), asn1.octets(sec1));
  return { kind: 'ecdsa', curve, key: nodeKey(p8, 'pkcs8', 'crypto/ecdsa: invalid private key') };
}

/** The 32-byte seed of an Ed25519/X25519 PKCS#8 key (`what` names it in errors). */
function curveSeed(p: ReturnType<typeof goUnmarshal>, what: string): Uint8Array {
  if (p.fields.parameters && asn1.rawOf(p.fields.parameters).length !== 0) fail(`x509: invalid ${what} private key parameters`);
  let seed: Uint8Array;
  try {
    seed = asn1.contentOf(goUnmarshal(asn1.contentOf(p.fields.privateKey), BYTES_SCHEMA).fields.bytes);
  } catch (e) {
    if (e instanceof asn1.Asn1Error) fail(`x509: invalid ${what} private key: ${e.message}`);
    throw e;
  }
  if (seed.length !== 32) {
    fail(what === 'Ed25519' ? `x509: invalid Ed25519 private key length: ${seed.length}` : 'crypto/ecdh: invalid private key size');
  }
  return seed;
}

/** x509.ParsePKCS8PrivateKey. */
function parsePkcs8(der: Uint8Array): PrivateKey {
  let p: ReturnType<typeof goUnmarshal>;
  try {
    p = goUnmarshal(der, PKCS8);
  } catch (e) {
    if (!(e instanceof asn1.Asn1Error)) throw e;
    if (unmarshals(der, EC_PRIVATE_KEY)) fail(hint('ParseECPrivateKey'));
    if (unmarshals(der, PKCS1_PRIVATE_KEY)) fail(hint('ParsePKCS1PrivateKey'));
    fail(e.message);
  }
  const algo = asn1.oidText(asn1.contentOf(p.fields.algorithm));
  const inner = asn1.contentOf(p.fields.privateKey);
  switch (algo) {
    case OID.rsa:
      return prefixed('x509: failed to parse RSA private key embedded in PKCS#8: ', () => parsePkcs1(inner));
    case OID.ecPublicKey: {
      let curveOid: string | null = null;
      if (p.fields.parameters) {
        try {
          const o = goUnmarshal(asn1.rawOf(p.fields.parameters), OID_SCHEMA).fields.oid;
          curveOid = asn1.oidText(asn1.contentOf(o));
        } catch (e) {
          if (!(e instanceof asn1.Asn1Error)) throw e;
        }
      }
      return prefixed('x509: failed to parse EC private key embedded in PKCS#8: ', () => parseSec1(inner, curveOid));
    }
    case OID.ed25519: {
      const seed = curveSeed(p, 'Ed25519');
      const canonical = asn1.seq(asn1.uint(0n), asn1.seq(asn1.oid(OID.ed25519)), asn1.octets(asn1.octets(seed)));
      return { kind: 'ed25519', key: nodeKey(canonical, 'pkcs8', 'x509: invalid Ed25519 private key') };
    }
    case OID.x25519:
      curveSeed(p, 'X25519');
      return { kind: 'x25519' };
    default:
      fail(`x509: PKCS#8 wrapping contained private key with unknown algorithm: ${algo}`);
  }
}

function prefixed<T>(prefix: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof KeyError) fail(prefix + e.message);
    throw e;
  }
}

/** Sprig's parsePrivateKeyPEM: the first PEM block of `text` as a private key. */
export function parsePrivateKeyPem(text: string): PrivateKey {
  const block = decodePem(text);
  if (!block) fail('no PEM data in input');
  if (block.type === 'PRIVATE KEY') return prefixed('decoding PEM as PKCS#8: ', () => parsePkcs8(block.bytes));
  if (!block.type.endsWith(' PRIVATE KEY')) fail(`no private key data in PEM block of type ${block.type}`);
  switch (block.type.slice(0, -' PRIVATE KEY'.length)) {
    case 'RSA':
      return prefixed('parsing RSA private key from PEM: ', () => parsePkcs1(block.bytes));
    case 'EC':
      return prefixed('parsing EC private key from PEM: ', () => parseSec1(block.bytes, null));
    case 'DSA':
      prefixed('parsing DSA private key from PEM: ', () => unmarshal(block.bytes, DSA_KEY_FORMAT));
      return { kind: 'dsa' };
    default:
      fail(`invalid private key type ${block.type}`);
  }
}
