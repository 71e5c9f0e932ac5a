/** A Kubernetes object as plain JSON. Only the fields every object has are typed. */
export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  managedFields?: unknown[];
  generateName?: string;
  [key: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [key: string]: unknown;
}

/** Identity of an object: group/kind/namespace/name (namespace is "" for cluster-scoped kinds). */
export interface ObjectKey {
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

/** Splits an apiVersion ("apps/v1", "v1") into group and version. The core group is "". */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  if (slash < 0) return { group: '', version: apiVersion };
  return { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export function keyOf(obj: KubeObject): ObjectKey {
  return {
    group: splitApiVersion(obj.apiVersion).group,
    kind: obj.kind,
    namespace: obj.metadata.namespace ?? '',
    name: obj.metadata.name,
  };
}

/** "group/kind/namespace/name" — stable string form used as a map key. */
export function keyString(k: ObjectKey): string {
  return `${k.group}/${k.kind}/${k.namespace}/${k.name}`;
}

export function parseKeyString(s: string): ObjectKey {
  const [group, kind, namespace, name] = s.split('/');
  return { group: group ?? '', kind: kind ?? '', namespace: namespace ?? '', name: name ?? '' };
}

/** Human form used in messages: "Deployment guestbook/frontend" or "Namespace guestbook". */
export function describeKey(k: ObjectKey): string {
  const kind = k.group ? `${k.kind}.${k.group}` : k.kind;
  return k.namespace ? `${kind} ${k.namespace}/${k.name}` : `${kind} ${k.name}`;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
