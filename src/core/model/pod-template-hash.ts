import { canonicalJson, sha256Hex } from './canonical.js';

/** Kubernetes' "safe" alphabet for generated names (no vowels, no confusable characters). */
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * Stable 10-character hash of a pod template: the `pod-template-hash` label of a Deployment's
 * ReplicaSets and the `rollouts-pod-template-hash` label of a Rollout's. Key order does not matter.
 */
export function templateHash(template: unknown): string {
  const hex = sha256Hex(canonicalJson(template ?? {}));
  let s = '';
  for (let i = 0; i < 10; i++) s += ALPHABET[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % ALPHABET.length];
  return s;
}
