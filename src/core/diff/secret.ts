/**
 * Secret values never leave the diff. Before comparing, each `data` value of a core/v1 Secret is replaced
 * by a sentinel carrying the key and the sha256 of the value; `stringData` is first folded into `data`
 * (base64-encoded) the way the API server does on write, so a manifest using stringData is not different
 * from the live Secret that only has data. After comparing, every sentinel is replaced by `***`, or by
 * `*** (changed)` on the desired side where the hash differs from live's.
 */
import { canonicalJson, sha256Hex } from '../model/canonical.js';
import { isPlainObject, splitApiVersion, type KubeObject } from '../model/kube-object.js';

/** Shown instead of a secret value. */
export const MASK = '***';
/** Shown instead of a secret value whose hash changed. */
export const MASK_CHANGED = '*** (changed)';

/** Prefix of the internal placeholders. Never rendered: maskSecrets replaces every string that starts so. */
const SENTINEL = '\u0000tugboat-secret\u0000';

export function isSecret(o: { apiVersion?: unknown; kind?: unknown } | undefined): boolean {
  return !!o && o.kind === 'Secret' && typeof o.apiVersion === 'string' && splitApiVersion(o.apiVersion).group === '';
}

/** UTF-8 then base64, as the API server stores stringData (web-platform globals, no Node Buffer). */
function toBase64(v: unknown): string {
  const bytes = new TextEncoder().encode(typeof v === 'string' ? v : String(v));
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

function valueHash(v: unknown): string {
  return sha256Hex(typeof v === 'string' ? v : canonicalJson(v));
}

/**
 * A shallow copy of a Secret whose `data` values are sentinels (and without `stringData`).
 * Other objects are returned as they are.
 */
export function hashSecretValues(o: KubeObject): KubeObject {
  if (!isSecret(o)) return o;
  const hasData = isPlainObject(o.data);
  const hasString = isPlainObject(o.stringData);
  if (!hasData && !hasString && o.data === undefined && o.stringData === undefined) return o;
  const merged: Record<string, unknown> = {};
  if (hasData) Object.assign(merged, o.data);
  if (hasString) for (const [k, v] of Object.entries(o.stringData as Record<string, unknown>)) merged[k] = toBase64(v);
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(merged)) {
    if (v === undefined || v === null) continue;
    data[k] = `${SENTINEL}${k}\u0000${valueHash(v)}`;
  }
  const out: KubeObject = { ...o, data };
  delete out.stringData;
  return out;
}

export function isSentinel(v: unknown): v is string {
  return typeof v === 'string' && v.startsWith(SENTINEL);
}

/**
 * For each sentinel of `desired` (hashed), what to show: `*** (changed)` when live (hashed) holds a
 * different value under the same key, else `***`.
 */
export function secretDisplayMap(desired: KubeObject | undefined, live: KubeObject | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const d = desired && isPlainObject(desired.data) ? desired.data : {};
  const l = live && isPlainObject(live.data) ? live.data : {};
  for (const [k, v] of Object.entries(d)) {
    if (!isSentinel(v)) continue;
    const lv = l[k];
    out.set(v, lv !== undefined && lv !== v ? MASK_CHANGED : MASK);
  }
  return out;
}

/** A copy of `v` with every sentinel replaced (by its display, else `***`). Non-secret values are shared. */
export function maskSecrets<T>(v: T, display?: Map<string, string>): T {
  return maskValue(v, display) as T;
}

function maskValue(v: unknown, display: Map<string, string> | undefined): unknown {
  if (typeof v === 'string') return isSentinel(v) ? (display?.get(v) ?? MASK) : v;
  if (Array.isArray(v)) return v.map((e) => maskValue(e, display));
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, e] of Object.entries(v)) out[k] = maskValue(e, display);
    return out;
  }
  return v;
}
