/**
 * node:crypto for the sprig functions that need it (the one Node built-in the core may import). It was
 * loaded lazily once; a built-in is in the binary already, so a static import costs nothing measurable.
 */
import * as crypto from 'node:crypto';

type NodeCrypto = typeof crypto;

export function nodeCrypto(): NodeCrypto {
  return crypto;
}

type OneShot = (algorithm: string, data: string, encoding: 'hex' | 'base64url') => string;
const oneShot = (crypto as { hash?: OneShot }).hash;

/**
 * The digest of a string's UTF-8 bytes: crypto.hash (Node ≥ 20.12) is one call and copies nothing; a
 * Hash object costs more than hashing a small text.
 */
export function hashText(algorithm: string, text: string, encoding: 'hex' | 'base64url'): string {
  return oneShot ? oneShot(algorithm, text, encoding) : crypto.createHash(algorithm).update(text, 'utf8').digest(encoding);
}
