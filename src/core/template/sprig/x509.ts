/**
 * X.509 certificates as Go's crypto/x509 CreateCertificate builds them from Sprig's
 * template: v3, 128-bit random serial, CN-only subject, KeyUsage / ExtKeyUsage /
 * BasicConstraints (+ SubjectKeyId for CAs, AuthorityKeyId from the parent, SANs), signed
 * with SHA-256 RSA PKCS#1 v1.5, ECDSA (SHA-384 on P-384, SHA-512 on P-521, else SHA-256) or Ed25519. Also the parts of a
 * parent certificate that signing needs, and Go's error texts.
 */
import { nodeCrypto } from './node-crypto.js';
import { quoteGo } from '../strconv.js';
import * as asn1 from './asn1.js';
import { type PrivateKey, spkiDer } from './keys.js';

/** A certificate failure; the message is Go's error text. */
export class CertError extends Error {}

export interface CertTemplate {
  commonName: string;
  /** IP SANs as 4- or 16-byte addresses. */
  ips: Uint8Array[];
  dnsNames: string[];
  notBefore: Date;
  notAfter: Date;
  isCA: boolean;
}

/** What signing needs from a parent (issuer) certificate. */
export interface ParentCert {
  subject: Uint8Array;
  subjectKeyId: Uint8Array | null;
  spki: Uint8Array;
}

const OIDS = {
  commonName: '2.5.4.3',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  basicConstraints: '2.5.29.19',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  subjectAltName: '2.5.29.17',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

/** Characters Go's asn1 puts in a PrintableString (else UTF8String); '*' and '&' excluded. */
const PRINTABLE = /^[A-Za-z0-9 '()+,\-./:=?]*$/;

function subjectDer(cn: string): Uint8Array {
  if (cn === '') return asn1.seq();
  const tag = PRINTABLE.test(cn) ? asn1.TAG.PRINTABLE_STRING : asn1.TAG.UTF8_STRING;
  return asn1.seq(asn1.set(asn1.seq(asn1.oid(OIDS.commonName), asn1.stringValue(tag, cn))));
}

function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  return asn1.seq(asn1.oid(id), ...(critical ? [asn1.bool(true)] : []), asn1.octets(value));
}

/** Digest and AlgorithmIdentifier for a signing key (Go's signingParamsForKey). */
function signingParams(k: PrivateKey): { hash: string | null; algorithm: Uint8Array } {
  switch (k.kind) {
    case 'rsa':
      return { hash: 'sha256', algorithm: asn1.seq(asn1.oid('1.2.840.113549.1.1.11'), asn1.nullValue()) };
    case 'ed25519':
      return { hash: null, algorithm: asn1.seq(asn1.oid('1.3.101.112')) };
    case 'ecdsa': {
      const byCurve = { 'P-224': ['sha256', '2'], 'P-256': ['sha256', '2'], 'P-384': ['sha384', '3'], 'P-521': ['sha512', '4'] } as const;
      const [hash, n] = byCurve[k.curve];
      return { hash, algorithm: asn1.seq(asn1.oid('1.2.840.10045.4.3.' + n)) };
    }
    default:
      throw new CertError('x509: certificate private key does not implement crypto.Signer');
  }
}

function publicKeyOf(k: PrivateKey): Uint8Array {
  if (k.kind === 'dsa') throw new CertError('x509: unsupported public key type: *dsa.PublicKey');
  if (k.kind === 'x25519') throw new CertError('x509: unsupported public key type: *ecdh.PublicKey');
  return spkiDer(k);
}

/** The subjectPublicKey bits of an SPKI. */
function publicKeyBits(spki: Uint8Array): Uint8Array {
  return asn1.contentOf(asn1.children(asn1.read(spki))[1]).subarray(1);
}

/** Whether a DNS name can go in a certificate (createCertificate refuses others). */
export function isIA5(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

function extensions(t: CertTemplate, emptySubject: boolean, aki: Uint8Array | null, ski: Uint8Array | null): Uint8Array[] {
  const exts = [
    extension(OIDS.keyUsage, true, t.isCA ? asn1.bitString(Uint8Array.of(0xa4), 2) : asn1.bitString(Uint8Array.of(0xa0), 5)),
    extension(OIDS.extKeyUsage, false, asn1.seq(asn1.oid(OIDS.serverAuth), asn1.oid(OIDS.clientAuth))),
    extension(OIDS.basicConstraints, true, t.isCA ? asn1.seq(asn1.bool(true)) : asn1.seq()),
  ];
  if (ski) exts.push(extension(OIDS.subjectKeyId, false, asn1.octets(ski)));
  if (aki) exts.push(extension(OIDS.authorityKeyId, false, asn1.seq(asn1.tlv(0x80, aki))));
  if (t.dnsNames.length > 0 || t.ips.length > 0) {
    const names: Uint8Array[] = [];
    for (const d of t.dnsNames) {
      if (!isIA5(d)) throw new CertError(`x509: ${quoteGo(d)} cannot be encoded as an IA5String`);
      names.push(asn1.tlv(0x82, new TextEncoder().encode(d)));
    }
    for (const ip of t.ips) names.push(asn1.tlv(0x87, ip));
    exts.push(extension(OIDS.subjectAltName, emptySubject, asn1.seq(...names)));
  }
  return exts;
}

const equalBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

function sameKey(signer: PrivateKey, parentSpki: Uint8Array): boolean {
  if (!('key' in signer)) return false;
  try {
    return nodeCrypto().createPublicKey(signer.key).equals(nodeCrypto().createPublicKey({ key: Buffer.from(parentSpki), format: 'der', type: 'spki' }));
  } catch {
    return false;
  }
}

/**
 * x509.CreateCertificate for Sprig's template: the DER certificate of `signee`'s public key,
 * issued by `parent` (null: self-signed) and signed with `signer`.
 */
export function createCertificate(t: CertTemplate, signee: PrivateKey, parent: ParentCert | null, signer: PrivateKey): Uint8Array {
  const { hash, algorithm } = signingParams(signer);
  const spki = publicKeyOf(signee);
  const subject = subjectDer(t.commonName);
  const issuer = parent ? parent.subject : subject;
  const aki = parent?.subjectKeyId && !equalBytes(issuer, subject) ? parent.subjectKeyId : null;
  const ski = t.isCA ? new Uint8Array(nodeCrypto().createHash('sha256').update(publicKeyBits(spki)).digest().subarray(0, 20)) : null;
  if (parent && !sameKey(signer, parent.spki)) throw new CertError("x509: provided PrivateKey doesn't match parent's PublicKey");
  const tbs = asn1.seq(
    asn1.explicit(0, asn1.uint(2n)),
    asn1.uintBytes(new Uint8Array(nodeCrypto().randomBytes(16))),
    algorithm,
    issuer,
    asn1.seq(asn1.time(t.notBefore), asn1.time(t.notAfter)),
    subject,
    spki,
    asn1.explicit(3, asn1.seq(...extensions(t, subject.length === 2, aki, ski))),
  );
  if (!('key' in signer)) throw new CertError('x509: certificate private key does not implement crypto.Signer');
  const signature = new Uint8Array(nodeCrypto().sign(hash, tbs, signer.key));
  return asn1.seq(tbs, algorithm, asn1.bitString(signature));
}

/** x509.ParseCertificate, reduced to what signing with the certificate needs. */
export function parseCertificate(der: Uint8Array): ParentCert {
  try {
    const cert = asn1.read(der);
    if (cert.cls !== 0 || cert.tag !== 16 || !cert.constructed) throw new CertError('x509: malformed certificate');
    new (nodeCrypto().X509Certificate)(asn1.rawOf(cert));
    if (cert.end < der.length) throw new CertError('x509: trailing data');
    const tbs = asn1.children(asn1.children(cert)[0]);
    const fields = tbs[0].cls === 2 && tbs[0].tag === 0 ? tbs.slice(1) : tbs;
    const [, , , , subject, spki] = fields;
    let subjectKeyId: Uint8Array | null = null;
    const extsWrapper = fields.find((e) => e.cls === 2 && e.tag === 3);
    for (const ext of extsWrapper ? asn1.children(asn1.children(extsWrapper)[0]) : []) {
      const parts = asn1.children(ext);
      if (asn1.oidText(asn1.contentOf(parts[0])) !== OIDS.subjectKeyId) continue;
      subjectKeyId = asn1.contentOf(asn1.read(asn1.contentOf(parts[parts.length - 1])));
    }
    return { subject: asn1.rawOf(subject), subjectKeyId, spki: asn1.rawOf(spki) };
  } catch (e) {
    if (e instanceof CertError) throw e;
    throw new CertError('x509: malformed certificate');
  }
}
