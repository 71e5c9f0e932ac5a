/**
 * bcrypt ($2a$, as golang.org/x/crypto/bcrypt generates it): EksBlowfish over the
 * password with its trailing NUL, 2^cost key expansions, 64 encryptions of
 * "OrpheanBeholderScryDoubt", 23 bytes kept, bcrypt's own base64 alphabet.
 * Blowfish's initial P-array and S-boxes are the hexadecimal digits of pi; they are
 * computed once (Machin's formula) instead of being tabulated.
 */
import { nodeCrypto } from './node-crypto.js';

const WORDS = 18 + 4 * 256;

let piWords: Uint32Array | null = null;

/** The first 1042 32-bit words of pi's fractional hexadecimal expansion. */
function blowfishInit(): Uint32Array {
  if (piWords) return piWords;
  const bits = BigInt(WORDS * 32 + 64);
  const one = 1n << bits;
  const arctanInv = (x: bigint): bigint => {
    const x2 = x * x;
    let power = one / x;
    let sum = power;
    for (let k = 3n, sign = -1n; power !== 0n; k += 2n, sign = -sign) {
      power /= x2;
      sum += (sign * power) / k;
    }
    return sum;
  };
  const pi = 16n * arctanInv(5n) - 4n * arctanInv(239n);
  let frac = (pi - 3n * one) >> 64n;
  const words = new Uint32Array(WORDS);
  for (let i = WORDS - 1; i >= 0; i--, frac >>= 32n) words[i] = Number(frac & 0xffffffffn);
  piWords = words;
  return words;
}

/** The 18 key-schedule words of `bytes` used cyclically (Blowfish's key stream for P). */
function streamWords(bytes: Uint8Array, count: number): Int32Array {
  const out = new Int32Array(count);
  for (let i = 0, j = 0; i < count; i++) {
    let w = 0;
    for (let k = 0; k < 4; k++, j = (j + 1) % bytes.length) w = (w << 8) | bytes[j];
    out[i] = w;
  }
  return out;
}

/** Encrypt the block in `lr` in place with P-array `p` and S-boxes `s`. */
function encryptBlock(p: Int32Array, s: Int32Array, lr: Int32Array): void {
  let l = lr[0] ^ p[0];
  let r = lr[1];
  for (let i = 1; i <= 16; i += 2) {
    r ^= (((s[l >>> 24] + s[256 | ((l >>> 16) & 0xff)]) ^ s[512 | ((l >>> 8) & 0xff)]) + s[768 | (l & 0xff)]) ^ p[i];
    l ^= (((s[r >>> 24] + s[256 | ((r >>> 16) & 0xff)]) ^ s[512 | ((r >>> 8) & 0xff)]) + s[768 | (r & 0xff)]) ^ p[i + 1];
  }
  lr[0] = r ^ p[17];
  lr[1] = l;
}

/** Re-fill `arr` with successive encryptions, XORing salt words in first when given. */
function fill(p: Int32Array, s: Int32Array, arr: Int32Array, lr: Int32Array, salt: Int32Array | null, si: number): number {
  for (let i = 0; i < arr.length; i += 2) {
    if (salt) {
      lr[0] ^= salt[si];
      lr[1] ^= salt[si + 1];
      si ^= 2;
    }
    encryptBlock(p, s, lr);
    arr[i] = lr[0];
    arr[i + 1] = lr[1];
  }
  return si;
}

/**
 * Blowfish state: P-array and the four S-boxes (one array of 1024 words). Int32Arrays keep
 * every word a small integer for the JIT; the arithmetic wraps the same as on uint32.
 */
class Blowfish {
  readonly p: Int32Array;
  readonly s: Int32Array;
  private readonly lr = new Int32Array(2);

  constructor() {
    const init = new Int32Array(blowfishInit());
    this.p = init.slice(0, 18);
    this.s = init.slice(18);
  }

  encrypt(lr: Int32Array): void {
    encryptBlock(this.p, this.s, lr);
  }

  /** Key schedule with an 18-word key stream, optionally mixing in 4 salt words (EksBlowfish). */
  expand(key: Int32Array, salt: Int32Array | null): void {
    const { p, s, lr } = this;
    for (let i = 0; i < 18; i++) p[i] ^= key[i];
    lr[0] = 0;
    lr[1] = 0;
    const si = fill(p, s, p, lr, salt, 0);
    fill(p, s, s, lr, salt, si);
  }
}

const B64 = './ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** bcrypt's base64: its own alphabet, no padding. */
export function bcryptBase64(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i] << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    const chars = Math.ceil(((Math.min(3, b.length - i)) * 8) / 6);
    for (let j = 0; j < chars; j++) out += B64[(n >> (18 - 6 * j)) & 63];
  }
  return out;
}

/** Decode bcrypt base64 (22 salt characters → 16 bytes). */
export function bcryptBase64Decode(s: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < s.length; i += 4) {
    const chunk = s.slice(i, i + 4);
    let n = 0;
    for (let j = 0; j < 4; j++) n = (n << 6) | (j < chunk.length ? B64.indexOf(chunk[j]) : 0);
    const bytes = Math.floor((chunk.length * 6) / 8);
    for (let j = 0; j < bytes; j++) out.push((n >> (16 - 8 * j)) & 0xff);
  }
  return Uint8Array.from(out);
}

const MAGIC = new TextEncoder().encode('OrpheanBeholderScryDoubt');

/** The 31-character bcrypt hash of `password` with a 16-byte salt. */
function rawHash(password: Uint8Array, salt: Uint8Array, cost: number): string {
  const withNul = new Uint8Array(password.length + 1);
  withNul.set(password);
  const key = streamWords(withNul, 18);
  const saltKey = streamWords(salt, 18);
  const bf = new Blowfish();
  bf.expand(key, streamWords(salt, 4));
  for (let i = 0; i < 2 ** cost; i++) {
    bf.expand(key, null);
    bf.expand(saltKey, null);
  }
  const words = new Int32Array(6);
  for (let i = 0; i < 6; i++) words[i] = new DataView(MAGIC.buffer).getInt32(4 * i);
  const lr = new Int32Array(2);
  for (let i = 0; i < 6; i += 2) {
    lr[0] = words[i];
    lr[1] = words[i + 1];
    for (let j = 0; j < 64; j++) bf.encrypt(lr);
    words[i] = lr[0];
    words[i + 1] = lr[1];
  }
  const out = new Uint8Array(24);
  words.forEach((w, i) => new DataView(out.buffer).setInt32(4 * i, w));
  return bcryptBase64(out.subarray(0, 23));
}

export class BcryptError extends Error {}

/** bcrypt.GenerateFromPassword at `cost` (Go's DefaultCost is 10). */
export function bcryptHash(password: Uint8Array, cost = 10, salt: Uint8Array = nodeCrypto().randomBytes(16)): string {
  if (password.length > 72) throw new BcryptError('bcrypt: password length exceeds 72 bytes');
  const c = String(cost).padStart(2, '0');
  return `$2a$${c}$${bcryptBase64(salt)}${rawHash(password, salt, cost)}`;
}

/** bcrypt.CompareHashAndPassword, as a boolean (for $2a$/$2b$/$2y$ hashes). */
export function bcryptVerify(hash: string, password: Uint8Array): boolean {
  const m = /^\$2[aby]?\$(\d\d)\$([./A-Za-z0-9]{22})([./A-Za-z0-9]{31})$/.exec(hash);
  if (!m || password.length > 72) return false;
  return rawHash(password, bcryptBase64Decode(m[2]), Number(m[1])) === m[3];
}
