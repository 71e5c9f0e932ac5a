/**
 * A small DER (ASN.1) encoder and reader for the Sprig certificate functions: enough to
 * build X.509 certificates and to take keys and certificates apart.
 */

export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  IA5_STRING: 0x16,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const b: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) b.unshift(v & 0xff);
  return [0x80 | b.length, ...b];
}

/** One TLV with a single-byte tag (universal, or context-specific 0x80/0xa0 forms). */
export function tlv(tag: number, ...content: Uint8Array[]): Uint8Array {
  const body = concat(content);
  return concat([Uint8Array.from([tag, ...lengthBytes(body.length)]), body]);
}

export const seq = (...items: Uint8Array[]): Uint8Array => tlv(TAG.SEQUENCE, ...items);
export const set = (...items: Uint8Array[]): Uint8Array => tlv(TAG.SET, ...items);
export const octets = (b: Uint8Array): Uint8Array => tlv(TAG.OCTET_STRING, b);
export const nullValue = (): Uint8Array => tlv(TAG.NULL);
export const bool = (v: boolean): Uint8Array => tlv(TAG.BOOLEAN, Uint8Array.of(v ? 0xff : 0));
/** `[n] EXPLICIT` around one element. */
export const explicit = (n: number, inner: Uint8Array): Uint8Array => tlv(0xa0 | n, inner);

/** BIT STRING with `unused` padding bits in the last byte. */
export function bitString(b: Uint8Array, unused = 0): Uint8Array {
  return tlv(TAG.BIT_STRING, Uint8Array.of(unused), b);
}

/** INTEGER from unsigned big-endian magnitude bytes (made minimal and positive). */
export function uintBytes(mag: Uint8Array): Uint8Array {
  let i = 0;
  while (i < mag.length - 1 && mag[i] === 0) i++;
  let v = mag.subarray(i);
  if (v.length === 0) v = Uint8Array.of(0);
  if (v[0] & 0x80) v = concat([Uint8Array.of(0), v]);
  return tlv(TAG.INTEGER, v);
}

/** INTEGER from a non-negative bigint. */
export function uint(n: bigint): Uint8Array {
  return uintBytes(bigToBytes(n));
}

export function bigToBytes(n: bigint): Uint8Array {
  let hex = n.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  return Uint8Array.from(hex.match(/../g) ?? ['00'], (h) => parseInt(h, 16));
}

export function bytesToBig(b: Uint8Array): bigint {
  let n = 0n;
  for (const x of b) n = (n << 8n) | BigInt(x);
  return n;
}

/** OBJECT IDENTIFIER from dotted text. */
export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map((s) => BigInt(s));
  const out: number[] = [];
  const push = (v: bigint) => {
    const groups: number[] = [Number(v & 0x7fn)];
    for (v >>= 7n; v > 0n; v >>= 7n) groups.unshift(Number(v & 0x7fn) | 0x80);
    out.push(...groups);
  };
  push(arcs[0] * 40n + arcs[1]);
  for (const a of arcs.slice(2)) push(a);
  return tlv(TAG.OID, Uint8Array.from(out));
}

/** Dotted text of OBJECT IDENTIFIER content bytes. */
export function oidText(content: Uint8Array): string {
  const arcs: bigint[] = [];
  let v = 0n;
  for (const b of content) {
    v = (v << 7n) | BigInt(b & 0x7f);
    if (!(b & 0x80)) {
      arcs.push(v);
      v = 0n;
    }
  }
  if (arcs.length === 0) return '';
  const first = arcs[0] < 80n ? arcs[0] / 40n : 2n;
  return [first, arcs[0] - first * 40n, ...arcs.slice(1)].join('.');
}

export function stringValue(tag: number, s: string): Uint8Array {
  return tlv(tag, new TextEncoder().encode(s));
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** UTCTime for 1950 <= year < 2050, GeneralizedTime otherwise (RFC 5280), whole seconds, UTC. */
export function time(d: Date): Uint8Array {
  const y = d.getUTCFullYear();
  const rest =
    pad(d.getUTCMonth() + 1, 2) + pad(d.getUTCDate(), 2) + pad(d.getUTCHours(), 2) + pad(d.getUTCMinutes(), 2) +
    pad(d.getUTCSeconds(), 2) + 'Z';
  if (y >= 1950 && y < 2050) return stringValue(TAG.UTC_TIME, pad(y % 100, 2) + rest);
  return stringValue(TAG.GENERALIZED_TIME, pad(y, 4) + rest);
}

// ---------------------------------------------------------------------------
// Reading

/** One parsed element: `bytes[start..end)` is the whole TLV, `bytes[body..end)` its content. */
export interface Der {
  readonly cls: number;
  readonly constructed: boolean;
  readonly tag: number;
  readonly start: number;
  readonly body: number;
  readonly end: number;
  readonly bytes: Uint8Array;
}

export class Asn1Error extends Error {}

export const contentOf = (e: Der): Uint8Array => e.bytes.subarray(e.body, e.end);
export const rawOf = (e: Der): Uint8Array => e.bytes.subarray(e.start, e.end);

/**
 * Read the element at `offset`, with Go encoding/asn1's checks and messages
 * (`asn1: syntax error: ...`, `asn1: structure error: ...`). Length is checked by `checkLength`.
 */
export function readHeader(bytes: Uint8Array, offset: number): { el: Der; length: number } {
  const start = offset;
  if (offset >= bytes.length) throw new Asn1Error('asn1: syntax error: truncated tag or length');
  let b = bytes[offset++];
  const cls = b >> 6;
  const constructed = (b & 0x20) !== 0;
  let tag = b & 0x1f;
  if (tag === 0x1f) {
    tag = 0;
    let shifted = 0;
    for (;;) {
      if (offset >= bytes.length) throw new Asn1Error('asn1: syntax error: truncated base 128 integer');
      if (shifted === 5) throw new Asn1Error('asn1: structure error: base 128 integer too large');
      b = bytes[offset++];
      if (shifted === 0 && b === 0x80) throw new Asn1Error('asn1: syntax error: integer is not minimally encoded');
      tag = tag * 128 + (b & 0x7f);
      shifted++;
      if (!(b & 0x80)) break;
    }
    if (tag < 0x1f) throw new Asn1Error('asn1: syntax error: non-minimal tag');
  }
  if (offset >= bytes.length) throw new Asn1Error('asn1: syntax error: truncated tag or length');
  b = bytes[offset++];
  let length = b & 0x7f;
  if (b & 0x80) {
    const n = b & 0x7f;
    if (n === 0) throw new Asn1Error('asn1: syntax error: indefinite length found (not DER)');
    length = 0;
    for (let i = 0; i < n; i++) {
      if (offset >= bytes.length) throw new Asn1Error('asn1: syntax error: truncated tag or length');
      if (length >= 1 << 23) throw new Asn1Error('asn1: structure error: length too large');
      length = length * 256 + bytes[offset++];
      if (length === 0) throw new Asn1Error('asn1: structure error: superfluous leading zeros in length');
    }
    if (length < 0x80) throw new Asn1Error('asn1: structure error: non-minimal length');
  }
  return { el: { cls, constructed, tag, start, body: offset, end: offset + length, bytes }, length };
}

/** Read a complete element at `offset` (its content must fit in `bytes`). */
export function read(bytes: Uint8Array, offset = 0): Der {
  const { el } = readHeader(bytes, offset);
  if (el.end > bytes.length) throw new Asn1Error('asn1: syntax error: data truncated');
  return el;
}

/** The elements inside a constructed element. */
export function children(e: Der): Der[] {
  const out: Der[] = [];
  for (let o = e.body; o < e.end; ) {
    const c = read(e.bytes.subarray(0, e.end), o);
    out.push(c);
    o = c.end;
  }
  return out;
}

/** `{class:0 tag:16 length:3 isCompound:true}` as Go prints a tagAndLength. */
export function goTagString(e: Der, length: number): string {
  return `{class:${e.cls} tag:${e.tag} length:${length} isCompound:${e.constructed}}`;
}
