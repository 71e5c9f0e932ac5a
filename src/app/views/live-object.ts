import { stringify } from 'yaml';
import { isSecret, MASK } from '../../core/diff/index.js';
import { isPlainObject, type KubeObject, type ObjectKey } from '../../core/model/kube-object.js';
import type { Daemon } from '../../daemon/daemon.js';
import { NotFoundError } from '../../core/errors.js';
import { buildTree } from './resource-tree.js';

/** kubectl's client-side apply copy of the object: for a Secret it holds the values in clear. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * A copy of a live object fit to show: a Secret's `data` and `stringData` values are `***` (its keys
 * stay, so users see which are set) and kubectl's last-applied copy of it is dropped. Other objects are
 * returned as they are.
 */
export function maskedObject(obj: KubeObject): KubeObject {
  if (!isSecret(obj)) return obj;
  const out: KubeObject = { ...obj, metadata: { ...obj.metadata } };
  for (const field of ['data', 'stringData'] as const) {
    const v = obj[field];
    if (isPlainObject(v)) out[field] = Object.fromEntries(Object.keys(v).map((k) => [k, MASK]));
    else if (v !== undefined) out[field] = MASK;
  }
  const ann = obj.metadata.annotations;
  if (ann && LAST_APPLIED in ann) {
    out.metadata.annotations = { ...ann, [LAST_APPLIED]: MASK };
  }
  return out;
}

/** apiVersion, kind, metadata, spec first (as people read manifests), then the rest. */
export function objectYaml(obj: KubeObject): string {
  const ordered: Record<string, unknown> = {};
  for (const k of ['apiVersion', 'kind', 'metadata', 'spec']) if (k in obj) ordered[k] = obj[k];
  for (const k of Object.keys(obj)) if (!(k in ordered)) ordered[k] = obj[k];
  return stringify(ordered, { lineWidth: 0, aliasDuplicateObjects: false });
}

/**
 * One live object of the app (its own or a child the cluster made for it), masked. Objects outside the
 * app's resource tree are not found: this is not a general read of the cluster.
 */
export async function appLiveObject(daemon: Daemon, app: string, key: ObjectKey): Promise<KubeObject> {
  const tree = await buildTree(daemon, app);
  const member = tree.nodes.some((n) => n.group === key.group && n.kind === key.kind && n.namespace === key.namespace && n.name === key.name);
  const live = member ? await daemon.cluster.get(key) : undefined;
  if (!live) {
    const where = key.namespace ? `${key.namespace}/${key.name}` : key.name;
    throw new NotFoundError(`${key.kind}${key.group ? '.' + key.group : ''} ${where} is not a live object of application "${app}"`);
  }
  return maskedObject(live);
}
