/**
 * Go's encoding/json as the template functions see it: map keys sorted, float64 printed the way Go
 * prints them, `<`, `>` and `&` escaped unless asked not to, U+2028/U+2029 escaped, NaN and ±Inf
 * refused. Sprig's toJson, toPrettyJson, toRawJson (and their must* forms) are built on it; Helm's
 * own toJson too.
 */
import type { FuncMap } from '../builtins.js';
import { GoFloat } from '../values.js';

export interface GoJsonOptions {
  /** MarshalIndent's indent ('' for compact output). */
  indent?: string;
  /** Escape <, > and & as \u003c… (json.Marshal does; toRawJson does not). */
  escapeHTML?: boolean;
}

export class GoJsonError extends Error {}

function quote(s: string, escapeHTML: boolean): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x08) out += '\\b';
    else if (c === 0x0c) out += '\\f';
    else if (c < 0x20 || c === 0x2028 || c === 0x2029 || (escapeHTML && (c === 0x3c || c === 0x3e || c === 0x26))) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += s[i];
  }
  return out + '"';
}

function float(n: number): string {
  if (!Number.isFinite(n)) throw new GoJsonError(`json: unsupported value: ${Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf'}`);
  // JS switches to exponent form at the same bounds as Go (1e-6, 1e21) and drops the same zeros.
  return Object.is(n, -0) ? '-0' : String(n);
}

function compareKeys(a: string, b: string): number {
  // Go sorts keys by their bytes; UTF-16 order differs only for astral characters.
  return a < b ? -1 : a > b ? 1 : 0;
}

function encode(v: unknown, opts: Required<GoJsonOptions>, depth: string): string {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'string':
      return quote(v, opts.escapeHTML);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'bigint':
      return v.toString();
    case 'number':
      return float(v);
    case 'function':
      throw new GoJsonError('json: unsupported type: func()');
  }
  if (v instanceof GoFloat) return float(v.value);
  if (v instanceof Uint8Array) return quote(Buffer.from(v).toString('base64'), opts.escapeHTML);
  const inner = opts.indent ? depth + opts.indent : '';
  const nl = opts.indent ? '\n' : '';
  const colon = opts.indent ? ': ' : ':';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return '[' + nl + v.map((x) => inner + encode(x, opts, inner)).join(',' + nl) + nl + depth + ']';
  }
  const custom = (v as { toJSON?: () => unknown }).toJSON;
  if (typeof custom === 'function') return encode(custom.call(v), opts, depth);
  const keys = Object.keys(v as object).sort(compareKeys);
  if (keys.length === 0) return '{}';
  const rec = v as Record<string, unknown>;
  return '{' + nl + keys.map((k) => inner + quote(k, opts.escapeHTML) + colon + encode(rec[k], opts, inner)).join(',' + nl) + nl + depth + '}';
}

/** json.Marshal (or MarshalIndent with `indent`) of a template value. */
export function goJsonMarshal(v: unknown, opts: GoJsonOptions = {}): string {
  return encode(v, { indent: opts.indent ?? '', escapeHTML: opts.escapeHTML ?? true }, '');
}

export function jsonFuncs(): FuncMap {
  const lenient = (f: (v: unknown) => string) => (v: unknown) => {
    try {
      return f(v);
    } catch {
      return '';
    }
  };
  const compact = (v: unknown) => goJsonMarshal(v);
  const pretty = (v: unknown) => goJsonMarshal(v, { indent: '  ' });
  const raw = (v: unknown) => goJsonMarshal(v, { escapeHTML: false });
  return {
    toJson: lenient(compact),
    mustToJson: compact,
    toPrettyJson: lenient(pretty),
    mustToPrettyJson: pretty,
    toRawJson: lenient(raw),
    mustToRawJson: raw,
  };
}
