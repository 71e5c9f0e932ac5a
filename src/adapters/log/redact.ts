/**
 * Redaction for everything Tugboat writes about itself (log lines, notification payloads): known secret
 * values (tokens, webhook secrets, notification URLs and tokens from the config) become `***`, URL
 * credentials become `***@`, and fields whose names say they hold a secret are masked whole.
 */

const SECRET_FIELD = /(^|[._-])(password|passwd|secret|token|authorization|apikey|api_key|credentials?)$/i;

export type Redactor = (value: unknown) => unknown;

/** Builds a redactor over the given secret values (empty and very short values are ignored: too noisy). */
export function makeRedactor(secrets: Iterable<string>): Redactor {
  const known = [...new Set([...secrets].filter((s) => typeof s === 'string' && s.length >= 4))].sort((a, b) => b.length - a.length);
  const text = (s: string): string => {
    let out = s;
    for (const secret of known) if (out.includes(secret)) out = out.split(secret).join('***');
    return out.replace(/(\w+:\/\/)[^/@\s]+@/g, '$1***@');
  };
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return text(v);
    if (depth > 6 || v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      out[k] = SECRET_FIELD.test(k) && x !== undefined && x !== null && x !== '' ? '***' : walk(x, depth + 1);
    }
    return out;
  };
  return (value) => walk(value, 0);
}
