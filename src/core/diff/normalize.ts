/**
 * Normalization and projection: the diff must never cry wolf. Live objects carry fields the server owns
 * (status, uid, resourceVersion, managedFields, …) and defaults the manifests never set (a container port's
 * `protocol: TCP`, a Deployment's `strategy`, labels added by other controllers). None of those are
 * differences. Like Argo CD's diff with `lastApplied` (gitops-engine pkg/diff `ThreeWayDiff`), we compare
 * desired against the live object *projected* onto the fields desired sets, plus the fields we applied last
 * time, so that a field dropped from git still shows up as a removal.
 */
import { isPlainObject, type KubeObject } from '../model/kube-object.js';

/** Server-owned metadata fields (Kubernetes API conventions, ObjectMeta "read-only" fields). */
export const SERVER_OWNED_METADATA: readonly string[] = [
  'uid',
  'resourceVersion',
  'generation',
  'managedFields',
  'creationTimestamp',
  'selfLink',
  'deletionTimestamp',
];

/** Annotations written by controllers and kubectl, not by the manifests. */
export const SERVER_OWNED_ANNOTATIONS: readonly string[] = [
  'deployment.kubernetes.io/revision',
  'kubectl.kubernetes.io/last-applied-configuration',
];

/** A tree of paths to skip: `true` skips the field, a nested object descends. */
interface SkipTree {
  [key: string]: true | SkipTree;
}

const SKIP: SkipTree = {
  status: true,
  metadata: {
    ...Object.fromEntries(SERVER_OWNED_METADATA.map((k) => [k, true as const])),
    annotations: Object.fromEntries(SERVER_OWNED_ANNOTATIONS.map((k) => [k, true as const])),
  },
};

function childSkip(skip: SkipTree | undefined, key: string): SkipTree | true | undefined {
  if (!skip) return undefined;
  return Object.prototype.hasOwnProperty.call(skip, key) ? skip[key] : undefined;
}

/**
 * Like Go's `omitempty` (applied recursively): null, "", [] and maps whose values are all vacuous
 * are the same as an absent field. `0` and `false` are values (`replicas: 0` means something).
 */
export function isVacuous(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isPlainObject(v)) {
    for (const k in v) if (!isVacuous(v[k])) return false;
    return true;
  }
  return false;
}

/** A copy with vacuous fields dropped (array elements are kept, cleaned). Server-owned fields too when `skip`. */
function clean(v: unknown, skip: SkipTree | undefined): unknown {
  if (Array.isArray(v)) return v.map((e) => clean(e, undefined));
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v)) {
      const s = childSkip(skip, k);
      if (s === true) continue;
      const c = clean(v[k], s);
      if (!isVacuous(c)) out[k] = c;
    }
    return out;
  }
  return v;
}

/** A copy with vacuous fields (null, "", [], {}) dropped recursively. */
export function omitEmpty<T>(v: T): T {
  return clean(v, undefined) as T;
}

/** A copy without the fields the server owns, and with vacuous fields dropped. */
export function normalizeLive(live: KubeObject): KubeObject {
  const out = clean(live, SKIP) as KubeObject;
  if (!isPlainObject(out.metadata)) out.metadata = { name: live.metadata?.name ?? '' };
  return out;
}

/** True when the object carries any server-owned field (so it needs normalizeLive before comparing). */
export function hasServerOwnedFields(o: KubeObject): boolean {
  if ('status' in o) return true;
  const meta = o.metadata;
  if (!isPlainObject(meta)) return false;
  for (const k of SERVER_OWNED_METADATA) if (k in meta) return true;
  const ann = meta.annotations;
  if (isPlainObject(ann)) for (const k of SERVER_OWNED_ANNOTATIONS) if (k in ann) return true;
  return false;
}

/**
 * Semantic equality under omitempty: a vacuous field equals an absent one. Strict otherwise
 * (`1` is not `"1"`: Kubernetes types are strict).
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!semanticEqual(a[i], b[i])) return false;
    return true;
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    for (const k in a) {
      const av = a[k];
      const bv = b[k];
      if (av === bv) continue;
      if (bv === undefined) {
        if (!isVacuous(av)) return false;
      } else if (av === undefined) {
        if (!isVacuous(bv)) return false;
      } else if (!semanticEqual(av, bv) && !(isVacuous(av) && isVacuous(bv))) {
        return false;
      }
    }
    for (const k in b) if (a[k] === undefined && !isVacuous(b[k])) return false;
    return true;
  }
  return isVacuous(a) && isVacuous(b);
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function nameOf(v: unknown): string | undefined {
  return isPlainObject(v) && typeof v.name === 'string' ? v.name : undefined;
}

/** Every element is an object with a string `name`, unique within the array. */
function namesOf(m: unknown[] | undefined): Map<string, unknown> | undefined {
  const out = new Map<string, unknown>();
  if (!m) return out;
  for (const e of m) {
    const n = nameOf(e);
    if (n === undefined || out.has(n)) return undefined;
    out.set(n, e);
  }
  return out;
}

/** A cleaned copy, or undefined when vacuous. */
function cleanOrUndefined(v: unknown, skip: SkipTree | undefined): unknown {
  const c = clean(v, skip);
  return isVacuous(c) ? undefined : c;
}

/**
 * Keeps from `live` only what the masks `d` (desired) and `l` (last applied) set; undefined when nothing
 * (or only vacuous values) remains. Objects: keys of the masks. Arrays of named objects (containers, env,
 * ports, volumes, volumeMounts, initContainers, …): elements are matched by `name`; live elements no mask
 * names are dropped (a sidecar injected by a webhook is not ours). Arrays of unnamed objects as long as
 * desired's are projected element by element (a container port's defaulted `protocol` is not a
 * difference); any other array is compared whole.
 */
function project(live: unknown, d: unknown, l: unknown, skip: SkipTree | undefined): unknown {
  if (d === undefined && l === undefined) return undefined;
  if (isPlainObject(live)) {
    const od = isPlainObject(d) ? d : undefined;
    const ol = isPlainObject(l) ? l : undefined;
    if (!od && !ol) return cleanOrUndefined(live, skip);
    const out: Record<string, unknown> = {};
    let any = false;
    const visit = (k: string, dk: unknown, lk: unknown): void => {
      if (!hasOwn(live, k)) return;
      const s = skip === undefined ? undefined : childSkip(skip, k);
      if (s === true) return;
      const v = project(live[k], dk, lk, s);
      if (v !== undefined) {
        out[k] = v;
        any = true;
      }
    };
    if (od) for (const k in od) visit(k, od[k], ol?.[k]);
    if (ol) for (const k in ol) if (od === undefined || od[k] === undefined) visit(k, undefined, ol[k]);
    return any ? out : undefined;
  }
  if (Array.isArray(live)) {
    const ad = Array.isArray(d) ? d : undefined;
    const al = Array.isArray(l) ? l : undefined;
    if (!ad && !al) return cleanOrUndefined(live, undefined);
    const nd = namesOf(ad);
    const nl = nd && namesOf(al);
    if (nd && nl && nd.size + nl.size > 0) {
      const out: unknown[] = [];
      for (const e of live) {
        const n = nameOf(e);
        if (n === undefined || (!nd.has(n) && !nl.has(n))) continue;
        out.push(project(e, nd.get(n), nl.get(n), undefined) ?? {});
      }
      return out.length > 0 ? out : undefined;
    }
    const primary = (ad ?? al)!;
    if (primary.length === live.length && live.length > 0 && live.every(isPlainObject) && primary.every(isPlainObject)) {
      const other = ad ? al : undefined;
      return live.map((e, i) => project(e, primary[i], other?.[i], undefined) ?? {});
    }
    return cleanOrUndefined(live, undefined);
  }
  return isVacuous(live) ? undefined : live;
}

/**
 * The live object reduced to what `desired` (and `lastApplied`, what Tugboat applied before) set,
 * without server-owned fields and with vacuous fields omitted.
 */
export function projectLive(desired: KubeObject, live: KubeObject, lastApplied?: KubeObject): KubeObject {
  return (project(live, desired, lastApplied, SKIP) ?? {}) as KubeObject;
}

/** Every element is an object with a string `name`, unique within the array (allocation-free for short arrays). */
function allNamedUnique(arr: readonly unknown[]): boolean {
  if (arr.length > 16) return namesOf(arr as unknown[]) !== undefined;
  for (let i = 0; i < arr.length; i++) {
    const n = nameOf(arr[i]);
    if (n === undefined) return false;
    for (let j = 0; j < i; j++) if (nameOf(arr[j]) === n) return false;
  }
  return true;
}

function findNamed(arr: readonly unknown[] | undefined, n: string): unknown {
  if (!arr) return undefined;
  for (const e of arr) if (nameOf(e) === n) return e;
  return undefined;
}

/**
 * `semanticEqual(d, project(live, d, l, skip))` without building the projection: the fast path for the
 * common case where nothing changed. Falls back to the real projection for the unusual shapes.
 */
function projectedEquals(d: unknown, live: unknown, l: unknown, skip: SkipTree | undefined): boolean {
  if (d === undefined) return live === undefined || project(live, undefined, l, skip) === undefined;
  if (isPlainObject(d) && isPlainObject(live)) {
    const ol = isPlainObject(l) && l !== d ? l : undefined;
    for (const k in d) {
      const dk = d[k];
      if (dk === undefined) continue; // only last applied can set it: checked below
      const lv = live[k];
      const s = skip === undefined ? undefined : childSkip(skip, k);
      if (s === true || lv === undefined) {
        if (!isVacuous(dk)) return false;
        continue;
      }
      if (dk === lv) continue;
      if (!projectedEquals(dk, lv, ol === undefined ? undefined : ol[k], s)) return false;
    }
    if (ol) {
      for (const k in ol) {
        if (d[k] !== undefined || ol[k] === undefined || live[k] === undefined) continue;
        const s = skip === undefined ? undefined : childSkip(skip, k);
        if (s === true) continue;
        if (project(live[k], undefined, ol[k], s) !== undefined) return false;
      }
    }
    return true;
  }
  if (Array.isArray(d) && Array.isArray(live)) {
    const al = Array.isArray(l) ? l : undefined;
    if (d.length + (al?.length ?? 0) > 0 && allNamedUnique(d) && (!al || allNamedUnique(al))) {
      let j = 0;
      for (const e of live) {
        const n = nameOf(e);
        if (n === undefined) continue;
        const de = findNamed(d, n);
        const le = findNamed(al, n);
        if (de === undefined && le === undefined) continue;
        if (j >= d.length || de !== d[j]) return false;
        if (!projectedEquals(de, e, le, undefined)) return false;
        j++;
      }
      return j === d.length;
    }
    if (d.length === live.length && d.length > 0 && live.every(isPlainObject) && d.every(isPlainObject)) {
      for (let i = 0; i < d.length; i++) if (!projectedEquals(d[i], live[i], al?.[i], undefined)) return false;
      return true;
    }
  }
  return semanticEqual(d, project(live, d, l, skip));
}

/**
 * True when desired equals live projected onto desired and lastApplied
 * (`semanticEqual(desired, projectLive(desired, live, lastApplied))`), computed without copying.
 */
export function equalsProjected(desired: KubeObject, live: KubeObject, lastApplied?: KubeObject): boolean {
  return projectedEquals(desired, live, lastApplied, SKIP);
}
