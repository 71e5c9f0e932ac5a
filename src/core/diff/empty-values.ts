/**
 * An empty string is a value in string maps: `data: {e: ""}` of a ConfigMap, a label `tier: ""`. The
 * diff's omitempty rule (a vacuous field equals an absent one) holds for struct fields, not for map
 * entries, so before comparing, the empty values of the known string maps are swapped for a marker the
 * rule does not treat as vacuous, and swapped back in what the diff returns.
 */
import { isPlainObject, splitApiVersion, type KubeObject } from '../model/kube-object.js';

const EMPTY = '\u0000tugboat-empty\u0000';

type Json = Record<string, unknown>;

function markMap(m: unknown): unknown {
  if (!isPlainObject(m)) return m;
  let out: Json | undefined;
  for (const k in m) {
    if (m[k] !== '') continue;
    out ??= { ...m };
    out[k] = EMPTY;
  }
  return out ?? m;
}

/** `o` with the string-map fields at `path` marked; shares everything it does not change. */
function markAt(o: Json, path: readonly string[]): Json {
  const [head, ...rest] = path;
  const v = o[head!];
  if (v === undefined) return o;
  const next = rest.length === 0 ? markMap(v) : isPlainObject(v) ? markAt(v, rest) : v;
  return next === v ? o : { ...o, [head!]: next };
}

const META_MAPS: ReadonlyArray<readonly string[]> = [
  ['metadata', 'labels'],
  ['metadata', 'annotations'],
  ['spec', 'selector', 'matchLabels'],
  ['spec', 'template', 'metadata', 'labels'],
  ['spec', 'template', 'metadata', 'annotations'],
  ['spec', 'template', 'spec', 'nodeSelector'],
];

/** A copy of `o` whose empty string-map values carry the marker (the object itself when there are none). */
export function markEmptyStrings(o: KubeObject): KubeObject {
  let out = o as unknown as Json;
  for (const p of META_MAPS) out = markAt(out, p);
  if (o.kind === 'ConfigMap' && typeof o.apiVersion === 'string' && splitApiVersion(o.apiVersion).group === '') {
    out = markAt(markAt(out, ['data']), ['binaryData']);
  }
  return out as unknown as KubeObject;
}

/** A copy of `v` with every marker back to "" (values without one are shared). */
export function unmarkEmptyStrings<T>(v: T): T {
  return unmark(v) as T;
}

function unmark(v: unknown): unknown {
  if (v === EMPTY) return '';
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    v.forEach((e, i) => {
      const u = unmark(e);
      if (u !== e) (out ??= v.slice())[i] = u;
    });
    return out ?? v;
  }
  if (isPlainObject(v)) {
    let out: Json | undefined;
    for (const k in v) {
      const u = unmark(v[k]);
      if (u !== v[k]) (out ??= { ...v })[k] = u;
    }
    return out ?? v;
  }
  return v;
}
