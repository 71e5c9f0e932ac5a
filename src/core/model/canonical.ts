import { createHash } from 'node:crypto';

/** A copy with object keys sorted at every level and undefined members dropped. */
function sortedCopy(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(sortedCopy);
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(obj).sort()) {
    const v = obj[k];
    if (v !== undefined) out[k] = sortedCopy(v);
  }
  return out;
}

/**
 * Canonical JSON: object keys sorted, no whitespace. Same value, same bytes — the basis of digests.
 * (Sorting a copy and letting the native JSON.stringify write it is faster than building the string here.)
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedCopy(value)) ?? 'null';
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
