/**
 * Go encoding/asn1 `Unmarshal` into the key structures Go's crypto/x509 uses, reduced to
 * what the Sprig key parsing needs: it accepts what Go accepts (trailing SEQUENCE members,
 * skipped optional members) and fails with Go's error messages.
 */
import { Asn1Error, type Der, goTagString, readHeader } from './asn1.js';

export interface Field {
  /** Go type Name() for messages: '' for pointers (*big.Int) and unnamed slices ([]byte). */
  goName: string;
  kind: 'int' | 'bigint' | 'bytes' | 'oid' | 'bits' | 'struct' | 'any';
  fields?: Field[];
  optional?: boolean;
  explicit?: number;
  /** Key under which the parsed element is returned. */
  key?: string;
}

const PARAMS_DEFAULT =
  '{optional:false explicit:false application:false private:false defaultValue:<nil> tag:<nil> stringType:0 timeType:0 set:false omitEmpty:false}';

const UNIVERSAL: Record<Field['kind'], [tag: number, compound: boolean] | null> = {
  int: [2, false],
  bigint: [2, false],
  bytes: [4, false],
  oid: [6, false],
  bits: [3, false],
  struct: [16, true],
  any: null,
};

export type Parsed = Record<string, Der>;

function checkInteger(b: Uint8Array): void {
  if (b.length === 0) throw new Asn1Error('asn1: structure error: empty integer');
  if (b.length > 1 && ((b[0] === 0 && !(b[1] & 0x80)) || (b[0] === 0xff && b[1] & 0x80))) {
    throw new Asn1Error('asn1: structure error: integer not minimally-encoded');
  }
}

function checkContent(f: Field, b: Uint8Array): void {
  switch (f.kind) {
    case 'int':
      checkInteger(b);
      if (b.length > 8) throw new Asn1Error('asn1: structure error: integer too large');
      break;
    case 'bigint':
      checkInteger(b);
      break;
    case 'oid':
      if (b.length === 0) throw new Asn1Error('asn1: syntax error: zero length OBJECT IDENTIFIER');
      if (b[b.length - 1] & 0x80) throw new Asn1Error('asn1: syntax error: truncated base 128 integer');
      break;
    case 'bits':
      if (b.length === 0) throw new Asn1Error('asn1: syntax error: zero length BIT STRING');
      if (b[0] > 7 || (b.length === 1 && b[0] > 0) || b[b.length - 1] & ((1 << b[0]) - 1)) {
        throw new Asn1Error('asn1: syntax error: invalid padding bits in BIT STRING');
      }
      break;
  }
}

/** Parse one field at `offset` of `bytes`; returns the offset after it. */
function parseField(bytes: Uint8Array, offset: number, f: Field, out: Parsed): number {
  if (offset === bytes.length) {
    if (f.optional) return offset;
    throw new Asn1Error('asn1: syntax error: sequence truncated');
  }
  let { el, length } = readHeader(bytes, offset);
  if (f.explicit !== undefined) {
    if (el.body === bytes.length) throw new Asn1Error('asn1: structure error: explicit tag has no child');
    if (el.cls === 2 && el.tag === f.explicit && (length === 0 || el.constructed)) {
      if (length === 0) throw new Asn1Error('asn1: structure error: zero length explicit tag was not an asn1.Flag');
      ({ el, length } = readHeader(bytes, el.body));
    } else if (f.optional) {
      return offset;
    } else {
      throw new Asn1Error("asn1: structure error: explicitly tagged member didn't match");
    }
  }
  const want = UNIVERSAL[f.kind];
  if (want && (el.cls !== 0 || el.tag !== want[0] || el.constructed !== want[1])) {
    if (f.optional) return offset;
    const params = f.explicit === undefined ? PARAMS_DEFAULT : PARAMS_DEFAULT.replace('explicit:false', 'explicit:true');
    throw new Asn1Error(
      `asn1: structure error: tags don't match (${want[0]} vs ${goTagString(el, length)}) ${params} ${f.goName} @${el.body}`,
    );
  }
  if (el.end > bytes.length) throw new Asn1Error('asn1: syntax error: data truncated');
  const content = bytes.subarray(el.body, el.end);
  checkContent(f, content);
  if (f.kind === 'struct') {
    let o = 0;
    for (const sub of f.fields ?? []) o = parseField(content, o, sub, out);
  }
  if (f.key) out[f.key] = el;
  return el.end;
}

/** Go's asn1.Unmarshal of `der` into `schema`: the keyed elements and where the value ends. */
export function goUnmarshal(der: Uint8Array, schema: Field): { fields: Parsed; end: number } {
  const fields: Parsed = {};
  const end = parseField(der, 0, schema, fields);
  return { fields, end };
}

/** Like goUnmarshal, but reports success instead of throwing. */
export function unmarshals(der: Uint8Array, schema: Field): boolean {
  try {
    goUnmarshal(der, schema);
    return true;
  } catch (e) {
    if (e instanceof Asn1Error) return false;
    throw e;
  }
}

const int = (key?: string): Field => ({ goName: 'int', kind: 'int', key });
const big = (key: string, optional = false): Field => ({ goName: '', kind: 'bigint', key, optional });

export const PKCS1_PRIVATE_KEY: Field = {
  goName: 'pkcs1PrivateKey',
  kind: 'struct',
  fields: [
    int('version'),
    big('n'),
    int('e'),
    big('d'),
    big('p'),
    big('q'),
    big('dp', true),
    big('dq', true),
    big('qinv', true),
    { goName: '', kind: 'struct', optional: true },
  ],
};

export const EC_PRIVATE_KEY: Field = {
  goName: 'ecPrivateKey',
  kind: 'struct',
  fields: [
    int('version'),
    { goName: '', kind: 'bytes', key: 'privateKey' },
    { goName: 'ObjectIdentifier', kind: 'oid', optional: true, explicit: 0, key: 'curve' },
    { goName: 'BitString', kind: 'bits', optional: true, explicit: 1, key: 'publicKey' },
  ],
};

export const PKCS8: Field = {
  goName: 'pkcs8',
  kind: 'struct',
  fields: [
    int('version'),
    {
      goName: 'AlgorithmIdentifier',
      kind: 'struct',
      key: 'algo',
      fields: [
        { goName: 'ObjectIdentifier', kind: 'oid', key: 'algorithm' },
        { goName: 'RawValue', kind: 'any', optional: true, key: 'parameters' },
      ],
    },
    { goName: '', kind: 'bytes', key: 'privateKey' },
  ],
};

export const DSA_KEY_FORMAT: Field = {
  goName: 'DSAKeyFormat',
  kind: 'struct',
  fields: [int('version'), big('p'), big('q'), big('g'), big('y'), big('x')],
};

export const OID_SCHEMA: Field = { goName: 'ObjectIdentifier', kind: 'oid', key: 'oid' };
export const BYTES_SCHEMA: Field = { goName: '', kind: 'bytes', key: 'bytes' };
