/**
 * How Helm turns rendered template files into manifests and hooks, and in which order `helm template`
 * prints them:
 *  - a file is split at every line that starts with `---` (anything after it on that line starts the
 *    next document), and each document is trimmed of surrounding whitespace;
 *  - a document with a `helm.sh/hook` annotation is a hook (one with an unknown hook event is dropped),
 *    any other is a plain manifest;
 *  - both lists are sorted stably by kind in Helm's install order (unknown kinds last, by kind name);
 *    within a kind the order is the files' path order, then document order. Hook weights do not
 *    reorder this output.
 * The daemon applies objects in its own order; only the `tugboat template` output follows this one.
 */

export interface HelmManifest {
  /** `<chart>/templates/<file>` as in `# Source:`. */
  source: string;
  content: string;
  kind: string;
  /** Set for hooks: their events as written (lower-cased). */
  hookEvents?: string[];
}

/** Helm's install order of kinds (releaseutil.InstallOrder). */
const INSTALL_ORDER = [
  'PriorityClass', 'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy',
  'PodDisruptionBudget', 'ServiceAccount', 'Secret', 'SecretList', 'ConfigMap', 'StorageClass',
  'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleList',
  'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role', 'RoleList', 'RoleBinding', 'RoleBindingList',
  'Service', 'DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet', 'Deployment', 'HorizontalPodAutoscaler',
  'StatefulSet', 'Job', 'CronJob', 'IngressClass', 'Ingress', 'APIService', 'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration',
];
const RANK = new Map(INSTALL_ORDER.map((k, i) => [k, i]));

const HOOK_EVENTS = new Set(['pre-install', 'post-install', 'pre-delete', 'post-delete', 'pre-upgrade', 'post-upgrade', 'pre-rollback', 'post-rollback', 'test', 'test-success']);

/** Go's unicode.IsSpace for the ASCII range, which is what Helm's `\s` and TrimSpace see in manifests. */
const SEPARATOR = /(?:^|[\t\n\f\r ]*\n)---[\t\n\f\r ]*/;

/** Helm's SplitManifests: the non-empty documents of one rendered file, each trimmed. */
export function splitManifests(text: string): string[] {
  const docs: string[] = [];
  for (const d of text.trim().split(new RegExp(SEPARATOR.source, 'g'))) {
    if (d === '') continue;
    const t = d.trim();
    if (t !== '') docs.push(t);
  }
  return docs;
}

/** Top-level `kind:`; a nested or block-scalar line is indented and so never matches. */
const KIND = /^kind:[ \t]*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s#][^\n#]*?))?[ \t]*(?:#[^\n]*)?$/m;

function kindOf(doc: string): string {
  const m = KIND.exec(doc);
  return m ? (m[1] ?? m[2] ?? m[3] ?? '') : '';
}

/** The `helm.sh/hook` annotation of a document, read without a YAML parser (cheap, as most documents have none). */
export function hookAnnotation(doc: string, parse: (doc: string) => unknown): string | undefined {
  if (!doc.includes('helm.sh/hook')) return undefined;
  let parsed: unknown;
  try {
    parsed = parse(doc);
  } catch {
    return undefined;
  }
  const meta = isObject(parsed) ? parsed.metadata : undefined;
  const annotations = isObject(meta) ? meta.annotations : undefined;
  const hook = isObject(annotations) ? annotations['helm.sh/hook'] : undefined;
  return typeof hook === 'string' ? hook : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Rendered files (template name → output, partials and NOTES.txt already left out) as Helm's sorted
 * manifests and hooks. `parse` reads one YAML document (only documents that mention a hook are parsed).
 */
export function sortManifests(rendered: ReadonlyMap<string, string>, parse: (doc: string) => unknown, warn: (message: string, attrs: Record<string, string>) => void = () => {}): { manifests: HelmManifest[]; hooks: HelmManifest[] } {
  const manifests: HelmManifest[] = [];
  const hooks: HelmManifest[] = [];
  const paths = [...rendered.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const source of paths) {
    const text = rendered.get(source)!;
    if (text.trim() === '') continue;
    for (const content of splitManifests(text)) {
      const kind = kindOf(content);
      const hook = hookAnnotation(content, parse);
      if (hook === undefined) {
        manifests.push({ source, content, kind });
        continue;
      }
      const events = hook.split(',').map((e) => e.trim().toLowerCase());
      // Helm drops a hook with an event it does not know (with a log line), rather than failing.
      if (events.some((e) => !HOOK_EVENTS.has(e))) {
        warn('skipping unknown hooks', { hookTypes: hook });
        continue;
      }
      hooks.push({ source, content, kind, hookEvents: events });
    }
  }
  return { manifests: sortByKind(manifests), hooks: sortByKind(hooks) };
}

/** Stable sort by install order; unknown kinds after known ones, alphabetically by kind. */
export function sortByKind(list: HelmManifest[]): HelmManifest[] {
  const indexed = list.map((m, i) => ({ m, i }));
  indexed.sort((a, b) => {
    const ra = RANK.get(a.m.kind);
    const rb = RANK.get(b.m.kind);
    if (ra === undefined && rb === undefined) {
      if (a.m.kind !== b.m.kind) return a.m.kind < b.m.kind ? -1 : 1;
    } else if (ra === undefined) return 1;
    else if (rb === undefined) return -1;
    else if (ra !== rb) return ra - rb;
    return a.i - b.i;
  });
  return indexed.map((x) => x.m);
}
