import { canonicalJson, sha256Hex } from '../model/canonical.js';
import { keyOf, keyString, splitApiVersion, type KubeObject } from '../model/kube-object.js';
import { isClusterScoped } from '../model/scope.js';
import type { ParsedFile, RenderProblem } from './manifest-parse.js';

/** Annotation that ties a live object to the app that applies it. */
export const TRACKING_ANNOTATION = 'tugboat.dev/tracking-id';
/** Every object Tugboat applies says who manages it and for which app (SPEC: ownership in the cluster). */
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';
export const MANAGED_BY = 'tugboat';
export const APP_ANNOTATION = 'tugboat.dev/app';

export interface DesiredObject {
  key: string;
  object: KubeObject;
  /** sha256 of the object's canonical JSON. */
  hash: string;
  file: string;
  line: number;
}

export interface AssembledApp {
  objects: DesiredObject[];
  errors: RenderProblem[];
  /** sha256 over the sorted (key, hash) pairs: equal digests mean equal desired state. */
  digest: string;
}

export interface PreparedFile {
  path: string;
  objects: DesiredObject[];
  errors: RenderProblem[];
}

/**
 * Prepares one parsed file's objects for an app: sets the app's namespace on namespaced objects that
 * have none, adds the tracking annotation and hashes each object. The result depends only on the file's
 * content and the app, so callers cache it by blob id.
 */
export function prepareFile(path: string, parsed: ParsedFile, opts: { app: string; namespace: string }): PreparedFile {
  const objects: DesiredObject[] = [];
  for (const { object, line } of parsed.objects) {
    const obj = prepare(object, opts);
    objects.push({ key: keyString(keyOf(obj)), object: obj, hash: sha256Hex(canonicalJson(obj)), file: path, line });
  }
  return { path, objects, errors: parsed.errors };
}

/** Joins prepared files into the desired state, rejecting duplicates by group/kind/namespace/name. */
export function assemble(files: readonly PreparedFile[]): AssembledApp {
  const errors: RenderProblem[] = [];
  const byKey = new Map<string, DesiredObject>();
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const f of sorted) {
    errors.push(...f.errors);
    for (const d of f.objects) {
      const prev = byKey.get(d.key);
      if (prev) {
        const o = d.object;
        errors.push({
          file: f.path,
          line: d.line,
          message: `duplicate resource ${o.kind} ${o.metadata.namespace ? o.metadata.namespace + '/' : ''}${o.metadata.name}: also defined at ${prev.file}:${prev.line}`,
        });
        continue;
      }
      byKey.set(d.key, d);
    }
  }
  const objects = [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { objects, errors, digest: digestOf(objects) };
}

/** Convenience: prepare and assemble in one go (no caching). */
export function assembleApp(
  files: Array<{ path: string; parsed: ParsedFile }>,
  opts: { app: string; namespace: string },
): AssembledApp {
  return assemble(files.map((f) => prepareFile(f.path, f.parsed, opts)));
}

export function digestOf(objects: Array<{ key: string; hash: string }>): string {
  return sha256Hex(objects.map((o) => `${o.key}=${o.hash}`).join('\n'));
}

function prepare(object: KubeObject, opts: { app: string; namespace: string }): KubeObject {
  const { group } = splitApiVersion(object.apiVersion);
  const metadata = { ...object.metadata };
  if (isClusterScoped(group, object.kind)) {
    delete metadata.namespace;
  } else if (!metadata.namespace) {
    metadata.namespace = opts.namespace;
  }
  const id = `${opts.app}:${group}/${object.kind}:${metadata.namespace ?? ''}/${metadata.name}`;
  metadata.annotations = { ...(metadata.annotations ?? {}), [APP_ANNOTATION]: opts.app, [TRACKING_ANNOTATION]: id };
  metadata.labels = { ...(metadata.labels ?? {}), [MANAGED_BY_LABEL]: MANAGED_BY };
  return { ...object, metadata };
}
