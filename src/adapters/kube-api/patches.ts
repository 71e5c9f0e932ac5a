/**
 * The three non-apply patch types the API server accepts: JSON merge patch (RFC 7386), JSON patch
 * (RFC 6902) and strategic merge patch (merge keys per list field, and the $patch / $setElementOrder /
 * $deleteFromPrimitiveList / $retainKeys directives kubectl sends for the built-in kinds).
 */
import jsonpatch from 'fast-json-patch';
import { ClusterError } from '../../core/ports.js';
import { isPlainObject } from '../../core/model/kube-object.js';

type Json = unknown;
type Obj = Record<string, unknown>;

function copy<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

export function mergePatch(target: Json, patch: Json): Json {
  if (!isPlainObject(patch)) return copy(patch);
  const out: Obj = isPlainObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

export function jsonPatch(target: Json, ops: Json): Json {
  if (!Array.isArray(ops)) throw new ClusterError(400, 'BadRequest', 'json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  try {
    return jsonpatch.applyPatch(copy(target), ops as jsonpatch.Operation[], true, true).newDocument;
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new ClusterError(422, 'Invalid', `the server rejected our request due to an error in our request: ${msg}`);
  }
}

/** List fields merged by a key instead of replaced (the patchMergeKey of the built-in types). */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name', initContainers: 'name', ephemeralContainers: 'name', env: 'name', volumes: 'name',
  imagePullSecrets: 'name', volumeMounts: 'mountPath', volumeDevices: 'devicePath', conditions: 'type',
  hostAliases: 'ip', topologySpreadConstraints: 'topologyKey', ownerReferences: 'uid', resourceClaims: 'name',
};
/** Primitive lists merged as sets. */
const SET_LISTS = new Set(['finalizers']);

function mergeKeyOf(field: string, items: unknown[]): string | undefined {
  if (field === 'ports') {
    const sample = items.find(isPlainObject);
    return sample && 'containerPort' in sample ? 'containerPort' : 'port';
  }
  return MERGE_KEYS[field];
}

export function strategicMergePatch(target: Json, patch: Json): Json {
  return smpValue('', target, patch);
}

function smpValue(field: string, live: Json, patch: Json): Json {
  if (Array.isArray(patch)) return smpList(field, live, patch);
  if (isPlainObject(patch)) return smpMap(live, patch);
  return copy(patch);
}

function smpMap(live: Json, patch: Obj): Json {
  if (patch['$patch'] === 'replace') {
    const { $patch: _, ...rest } = patch;
    return stripDirectives(rest);
  }
  if (patch['$patch'] === 'delete') return undefined;
  const out: Obj = isPlainObject(live) ? { ...live } : {};
  const orders: Array<[string, unknown[]]> = [];
  const removals: Array<[string, unknown[]]> = [];
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$setElementOrder/')) orders.push([k.slice('$setElementOrder/'.length), Array.isArray(v) ? v : []]);
    else if (k.startsWith('$deleteFromPrimitiveList/')) removals.push([k.slice('$deleteFromPrimitiveList/'.length), Array.isArray(v) ? v : []]);
    else if (k === '$patch' || k === '$retainKeys') continue;
    else if (v === null) delete out[k];
    else {
      const merged = smpValue(k, out[k], v);
      if (merged === undefined) delete out[k];
      else out[k] = merged;
    }
  }
  for (const [f, values] of removals) {
    if (Array.isArray(out[f])) out[f] = (out[f] as unknown[]).filter((x) => !values.includes(x));
  }
  for (const [f, order] of orders) if (Array.isArray(out[f])) out[f] = reorder(f, out[f] as unknown[], order);
  const retain = patch['$retainKeys'];
  if (Array.isArray(retain)) for (const k of Object.keys(out)) if (!retain.includes(k)) delete out[k];
  return out;
}

function smpList(field: string, live: Json, patch: unknown[]): Json {
  if (patch.some((e) => isPlainObject(e) && e['$patch'] === 'replace')) {
    return patch.filter((e) => !(isPlainObject(e) && e['$patch'] === 'replace')).map(stripDirectives);
  }
  if (SET_LISTS.has(field) && Array.isArray(live)) {
    const out = [...live];
    for (const x of patch) if (!out.includes(x)) out.push(x);
    return out;
  }
  const key = mergeKeyOf(field, [...patch, ...(Array.isArray(live) ? live : [])]);
  if (!key || !Array.isArray(live)) return patch.filter((e) => !(isPlainObject(e) && e['$patch'] === 'delete')).map(stripDirectives);
  const out: unknown[] = live.map(copy);
  for (const item of patch) {
    if (!isPlainObject(item)) continue;
    const at = out.findIndex((l) => isPlainObject(l) && l[key] === item[key]);
    if (item['$patch'] === 'delete') {
      if (at >= 0) out.splice(at, 1);
    } else if (at >= 0) out[at] = smpMap(out[at], item);
    else out.push(stripDirectives(item));
  }
  return out;
}

function reorder(field: string, items: unknown[], order: unknown[]): unknown[] {
  const key = mergeKeyOf(field, items);
  const keyOf = (x: unknown) => (key && isPlainObject(x) ? x[key] : x);
  const wanted = order.map(keyOf);
  const ranked = items.map((x, i) => ({ x, i, r: wanted.indexOf(keyOf(x)) }));
  ranked.sort((a, b) => (a.r < 0 ? 1e9 + a.i : a.r) - (b.r < 0 ? 1e9 + b.i : b.r));
  return ranked.map((e) => e.x);
}

function stripDirectives(v: Json): Json {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isPlainObject(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) {
    if (k.startsWith('$')) continue;
    if (x !== null) out[k] = stripDirectives(x);
  }
  return out;
}
