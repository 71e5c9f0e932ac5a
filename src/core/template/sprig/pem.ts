/**
 * PEM blocks and base64 as Go's encoding/pem and encoding/base64 (StdEncoding) handle
 * them: Go's rules for finding a block in surrounding text and Go's decoding errors.
 */
import { utf8Bytes } from '../values.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Uint8Array(256).fill(255);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

const NL = 10;
const CR = 13;
const EQ = 61;

/** Go's base64.CorruptInputError. */
export class Base64Error extends Error {
  constructor(offset: number) {
    super(`illegal base64 data at input byte ${offset}`);
  }
}

/** base64.StdEncoding.DecodeString: padding required, CR/LF ignored, errors at Go's offsets. */
export function decodeBase64(src: Uint8Array): Uint8Array {
  const out: number[] = [];
  let si = 0;
  const skipNewlines = () => {
    while (si < src.length && (src[si] === NL || src[si] === CR)) si++;
  };
  for (;;) {
    const quad = [0, 0, 0, 0];
    let n = 4;
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Uint8Array.from(out);
        throw new Base64Error(si - j);
      }
      const c = src[si++];
      if (DECODE[c] !== 255) {
        quad[j] = DECODE[c];
        continue;
      }
      if (c === NL || c === CR) {
        j--;
        continue;
      }
      if (c !== EQ || j < 2) throw new Base64Error(si - 1);
      if (j === 2) {
        skipNewlines();
        if (si === src.length) throw new Base64Error(src.length);
        if (src[si] !== EQ) throw new Base64Error(si - 1);
        si++;
      }
      skipNewlines();
      if (si < src.length) throw new Base64Error(si);
      n = j;
      break;
    }
    const v = (quad[0] << 18) | (quad[1] << 12) | (quad[2] << 6) | quad[3];
    out.push((v >> 16) & 0xff);
    if (n > 2) out.push((v >> 8) & 0xff);
    if (n > 3) out.push(v & 0xff);
    if (n < 4) return Uint8Array.from(out);
  }
}

/** Decode base64 text (a Go string). */
export function decodeBase64String(s: string): Uint8Array {
  return decodeBase64(utf8Bytes(s));
}

export interface PemBlock {
  type: string;
  bytes: Uint8Array;
}

const BEGIN = '\n-----BEGIN ';
const END = '\n-----END ';
const DASHES = '-----';

/** Go's pem getLine: up to the next LF, with trailing spaces, tabs and CRs trimmed. */
function getLine(s: string): [line: string, rest: string] {
  const i = s.indexOf('\n');
  const line = i < 0 ? s : s.slice(0, i);
  const rest = i < 0 ? '' : s.slice(i + 1);
  return [line.replace(/[ \t\r]+$/, ''), rest];
}

/** The first valid PEM block in `data` (Go's pem.Decode), or null. */
export function decodePem(data: string): PemBlock | null {
  let rest = data;
  for (;;) {
    if (rest.startsWith(BEGIN.slice(1))) rest = rest.slice(BEGIN.length - 1);
    else {
      const i = rest.indexOf(BEGIN);
      if (i < 0) return null;
      rest = rest.slice(i + BEGIN.length);
    }
    let typeLine: string;
    [typeLine, rest] = getLine(rest);
    if (!typeLine.endsWith(DASHES)) continue;
    const type = typeLine.slice(0, -DASHES.length);

    let headers = 0;
    for (;;) {
      if (rest.length === 0) return null;
      const [line, next] = getLine(rest);
      if (!line.includes(':')) break;
      headers++;
      rest = next;
    }

    let endIndex: number;
    let trailerIndex: number;
    if (headers === 0 && rest.startsWith(END.slice(1))) {
      endIndex = 0;
      trailerIndex = END.length - 1;
    } else {
      endIndex = rest.indexOf(END);
      trailerIndex = endIndex + END.length;
    }
    if (endIndex < 0) continue;
    const trailerLen = type.length + DASHES.length;
    const trailer = rest.slice(trailerIndex, trailerIndex + trailerLen);
    if (trailer.length < trailerLen || !trailer.startsWith(type) || !trailer.endsWith(DASHES)) continue;
    if (getLine(rest.slice(trailerIndex + trailerLen))[0].length !== 0) continue;
    try {
      const bytes = decodeBase64String(rest.slice(0, endIndex).replace(/[ \t]/g, ''));
      return { type, bytes };
    } catch (e) {
      if (!(e instanceof Base64Error)) throw e;
    }
  }
}

/** pem.EncodeToMemory of a block without headers: 64-column base64 lines. */
export function encodePem(type: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64');
  let body = '';
  for (let i = 0; i < b64.length; i += 64) body += b64.slice(i, i + 64) + '\n';
  return `-----BEGIN ${type}-----\n${body}-----END ${type}-----\n`;
}
