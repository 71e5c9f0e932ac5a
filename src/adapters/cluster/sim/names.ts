import { randomInt } from 'node:crypto';

/** Kubernetes' "safe" alphabet for generated names (no vowels, no confusable characters). */
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Random suffix like the 5 characters of a pod name. */
export function randomSuffix(n = 5): string {
  let s = '';
  for (let i = 0; i < n; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return s;
}

/** The pod-template-hash label's value (shared with Rollouts, in the core model). */
export { templateHash } from '../../../core/model/pod-template-hash.js';
