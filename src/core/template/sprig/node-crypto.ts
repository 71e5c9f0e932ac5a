/**
 * node:crypto for the sprig functions that need it (the one Node built-in the core may import). It was
 * loaded lazily once; a built-in is in the binary already, so a static import costs nothing measurable.
 */
import * as crypto from 'node:crypto';

type NodeCrypto = typeof crypto;

export function nodeCrypto(): NodeCrypto {
  return crypto;
}
