/**
 * Private keys for the Sprig crypto functions: the key model, generation (genPrivateKey,
 * Sprig's PEM forms) and Go's PEM re-encoding of a key (Sprig's pemBlockForKey).
 * Parsing is in key-parse.ts.
 */
import type { KeyObject } from 'node:crypto';
import { nodeCrypto } from './node-crypto.js';
import * as asn1 from './asn1.js';
import { encodePem } from './pem.js';
import { localPrimes, type PrimeSource } from './primes.js';

export type Curve = 'P-224' | 'P-256' | 'P-384' | 'P-521';

/** A parsed private key, as Go types it. */
export type PrivateKey =
  | { kind: 'rsa' | 'ed25519'; key: KeyObject }
  | { kind: 'ecdsa'; key: KeyObject; curve: Curve }
  | { kind: 'x25519' | 'dsa' };

export const OID = {
  rsa: '1.2.840.113549.1.1.1',
  ecPublicKey: '1.2.840.10045.2.1',
  ed25519: '1.3.101.112',
  x25519: '1.3.101.110',
} as const;

export const CURVE_ORDERS: Record<Curve, bigint> = {
  'P-224': 0xffffffffffffffffffffffffffff16a2e0b8f03e13dd29455c5c2a3dn,
  'P-256': 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  'P-384':
    0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  'P-521':
    0x1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
};

export const CURVE_OIDS: Record<Curve, string> = {
  'P-224': '1.3.132.0.33',
  'P-256': '1.2.840.10045.3.1.7',
  'P-384': '1.3.132.0.34',
  'P-521': '1.3.132.0.35',
};

export const curveByOid = (oid: string): Curve | undefined =>
  (Object.keys(CURVE_OIDS) as Curve[]).find((c) => CURVE_OIDS[c] === oid);

// ---------------------------------------------------------------------------
// genPrivateKey

/** Sprig's generatePrivateKey: a PEM key, or Sprig's message for an unknown type. */
export function generatePrivateKeyPem(type: string, primes: PrimeSource = localPrimes): string {
  switch (type) {
    case '':
    case 'rsa':
      return encodePem('RSA PRIVATE KEY', exportDer(generateRsaKey(4096, primes), 'pkcs1'));
    case 'ecdsa':
      return encodePem('EC PRIVATE KEY', sec1Der(nodeCrypto().generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'P-256'));
    case 'ed25519':
      return encodePem('PRIVATE KEY', exportDer(nodeCrypto().generateKeyPairSync('ed25519').privateKey, 'pkcs8'));
    case 'dsa':
      return encodePem('DSA PRIVATE KEY', generateDsaDer());
    default:
      return 'Unknown type ' + type;
  }
}

/** A fresh RSA key for certificates (Sprig uses 2048 bits there). */
export function generateRsa2048(primes: PrimeSource = localPrimes): PrivateKey {
  return { kind: 'rsa', key: generateRsaKey(2048, primes) };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** a⁻¹ mod m (a and m coprime). */
function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1] = [a % m, m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

function base64url(x: bigint): string {
  const hex = x.toString(16);
  return Buffer.from(hex.length % 2 ? '0' + hex : hex, 'hex').toString('base64url');
}

/**
 * A two-prime RSA key of `bits` bits with e = 65537, as Go's rsa.GenerateKey makes one: two random
 * probable primes of half the size (sprig/primes.ts, both top bits set), retried until the
 * modulus has exactly `bits` bits and e is invertible. Node's RSA key generation gets the same kind of
 * key but spends about twice as long on its extra prime conditions, which Go does not have either.
 */
export function generateRsaKey(bits: number, primes: PrimeSource = localPrimes): KeyObject {
  const c = nodeCrypto();
  const e = 65537n;
  for (;;) {
    const a = primes.prime(bits / 2);
    const b = primes.prime(bits / 2);
    if (a === b) continue;
    const n = a * b;
    if (n.toString(2).length !== bits || gcd(e, a - 1n) !== 1n || gcd(e, b - 1n) !== 1n) continue;
    const [p, q] = a > b ? [a, b] : [b, a];
    const d = modInverse(e, (p - 1n) * (q - 1n));
    const jwk = {
      kty: 'RSA', n: base64url(n), e: base64url(e), d: base64url(d), p: base64url(p), q: base64url(q),
      dp: base64url(d % (p - 1n)), dq: base64url(d % (q - 1n)), qi: base64url(modInverse(q, p)),
    };
    return c.createPrivateKey({ key: jwk, format: 'jwk' });
  }
}

function exportDer(key: KeyObject, type: 'pkcs1' | 'sec1' | 'pkcs8'): Uint8Array {
  return new Uint8Array(key.export({ type, format: 'der' }));
}

/**
 * x509.MarshalECPrivateKey: SEQUENCE { 1, scalar padded to the order's size, [0] curve,
 * [1] public point } (OpenSSL leaves the public point out of keys read without one).
 */
function sec1Der(key: KeyObject, curve: Curve): Uint8Array {
  // PKCS#8 { version, algorithm, OCTET STRING { SEC1 { version, OCTET STRING scalar, ... } } }
  const p8 = asn1.children(asn1.read(exportDer(key, 'pkcs8')));
  const sec1 = asn1.children(asn1.read(asn1.contentOf(p8[2])));
  const scalar = asn1.contentOf(sec1[1]);
  const size = Math.ceil(CURVE_ORDERS[curve].toString(16).length / 2);
  const padded = new Uint8Array(size);
  padded.set(scalar.subarray(Math.max(0, scalar.length - size)), Math.max(0, size - scalar.length));
  const spki = asn1.children(asn1.read(new Uint8Array(nodeCrypto().createPublicKey(key).export({ type: 'spki', format: 'der' }))));
  const point = asn1.contentOf(spki[1]).subarray(1);
  return asn1.seq(
    asn1.uint(1n),
    asn1.octets(padded),
    asn1.explicit(0, asn1.oid(CURVE_OIDS[curve])),
    asn1.explicit(1, asn1.bitString(point)),
  );
}

/** DSA L2048N256 in Sprig's DSAKeyFormat: SEQUENCE { version 0, P, Q, G, Y, X }. */
function generateDsaDer(): Uint8Array {
  const { privateKey, publicKey } = nodeCrypto().generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 });
  // PKCS#8: { version, { oid, { P, Q, G } }, OCTET STRING { INTEGER X } }
  const p8 = asn1.read(exportDer(privateKey, 'pkcs8'));
  const [, algo, inner] = asn1.children(p8);
  const pqg = asn1.children(asn1.children(algo)[1]).map(asn1.rawOf);
  const x = asn1.rawOf(asn1.read(asn1.contentOf(inner)));
  // SPKI: { algo, BIT STRING { INTEGER Y } }
  const spki = asn1.read(new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })));
  const y = asn1.rawOf(asn1.read(asn1.contentOf(asn1.children(spki)[1]).subarray(1)));
  return asn1.seq(asn1.uint(0n), ...pqg, y, x);
}

/** Sprig's pemBlockForKey, PEM-encoded (only for keys that can be in a certificate). */
export function keyPem(k: PrivateKey): string {
  switch (k.kind) {
    case 'rsa':
      return encodePem('RSA PRIVATE KEY', exportDer(k.key, 'pkcs1'));
    case 'ecdsa':
      return encodePem('EC PRIVATE KEY', sec1Der(k.key, k.curve));
    case 'ed25519':
      return encodePem('PRIVATE KEY', exportDer(k.key, 'pkcs8'));
    default:
      throw new Error(`no PEM form for ${k.kind} keys here`);
  }
}

/** SubjectPublicKeyInfo DER of a key that has one here. */
export function spkiDer(k: PrivateKey): Uint8Array {
  if (!('key' in k)) throw new Error(`no public key for ${k.kind}`);
  return new Uint8Array(nodeCrypto().createPublicKey(k.key).export({ type: 'spki', format: 'der' }));
}
