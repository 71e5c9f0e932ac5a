import { randomInt } from 'node:crypto';
import { sha256Hex, canonicalJson } from '../../../core/model/canonical.js';

/** Kubernetes' "safe" alphabet for generated names (no vowels, no confusable characters). */
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Random suffix like the 5 characters of a pod name. */
export function randomSuffix(n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/** Stable 10-character [a-z0-9] hash of a pod template (the pod-template-hash label). */
export function templateHash(template: unknown): string {
  const hex = sha256Hex(canonicalJson(template ?? {}));
  let s = '';
  for (let i = 0; i < 10; i++) s += ALPHABET[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % ALPHABET.length];
  return s;
}
