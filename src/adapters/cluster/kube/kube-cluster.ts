/**
 * ClusterStore over a live Kubernetes API server (cluster.type: kube), through @kubernetes/client-node:
 * server-side apply as field manager `tugboat`, deletes with background propagation, and informers
 * (list + watch per kind, started on first use) that feed the watch handlers and answer get/list.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import {
  ClusterError, FIELD_MANAGER,
  watchArgs,
  type ApplyOptions, type ApplyResult, type ApplyStatusOptions, type PropagationPolicy, type ClusterStore, type ListOptions, type WatchEvent,
  type WatchEventType, type WatchHandler, type WatchOptions,
} from '../../../core/ports.js';
import { isPlainObject, keyOf, keyString, splitApiVersion, type KubeObject, type ObjectKey } from '../../../core/model/kube-object.js';
import { isClusterScoped } from '../../../core/model/scope.js';
import { parseSelector, selectorMatches } from '../sim/index.js';
import { Discovery, resourcePath, type ResourceMapping } from './discovery.js';
import { KindInformer } from './informer.js';
import { KubeTransport } from './transport.js';

export interface KubeClusterOptions {
  kubeConfig: KubeConfig;
  /** Parallel requests of one validate call. Default 16. */
  concurrency?: number;
  retry?: { attempts: number; baseMs: number; maxMs: number };
}

/** Children Tugboat follows for health and the resource tree, watched from the first subscription. */
const CHILD_KINDS: Array<[string, string]> = [['apps', 'ReplicaSet'], ['', 'Pod']];
/** Metadata a controller changes on its own (not someone's edit). */
const CONTROLLER_ANNOTATIONS = ['deployment.kubernetes.io/revision'];

function qualified(m: ResourceMapping): string {
  return m.group ? `${m.plural}.${m.group}` : m.plural;
}

function where(m: ResourceMapping, namespace: string | undefined, name: string): string {
  return `${qualified(m)} "${name}"${m.namespaced && namespace ? ` in namespace "${namespace}"` : ''}`;
}

function noMatch(apiVersion: string, kind: string): ClusterError {
  return new ClusterError(404, 'NotFound', `no matches for kind "${kind}" in version "${apiVersion}" (is its CustomResourceDefinition installed?)`);
}

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** True when next differs from prev only where controllers write (status, server metadata). */
function controllerOnlyChange(prev: KubeObject, next: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const c = clone(o) as Record<string, unknown> & KubeObject;
    delete c['status'];
    const m = c.metadata;
    delete m.resourceVersion;
    delete m.managedFields;
    for (const a of CONTROLLER_ANNOTATIONS) delete m.annotations?.[a];
    if (m.annotations && Object.keys(m.annotations).length === 0) delete m.annotations;
    return JSON.stringify(c);
  };
  return strip(prev) === strip(next);
}

export class KubeCluster implements ClusterStore {
  private readonly transport: KubeTransport;
  private readonly discovery: Discovery;
  private readonly informers = new Map<string, Promise<KindInformer | undefined>>();
  /** Each subscriber, with the test of the kinds it asked for. */
  private readonly handlers = new Map<WatchHandler, (obj: KubeObject) => boolean>();
  /** Keys Tugboat is writing or deleting right now, and the resourceVersions its writes produced. */
  private readonly inFlight = new Map<string, number>();
  private readonly ownVersions = new Map<string, string>();
  private closed = false;

  constructor(private readonly opts: KubeClusterOptions) {
    this.transport = new KubeTransport(opts.kubeConfig, opts.retry);
    this.discovery = new Discovery(this.transport);
  }

  get server(): string {
    return this.transport.serverUrl;
  }

  /** Checks the API server answers (discovery); throws a ClusterError naming it when not. */
  async connect(): Promise<void> {
    await this.discovery.refresh();
  }

  private async mapping(group: string, kind: string, version?: string): Promise<ResourceMapping | undefined> {
    return this.discovery.resolve(group, kind, version);
  }

  /** The informer of a kind, started on first use; undefined when the kind cannot be listed (e.g. 403). */
  private informer(m: ResourceMapping): Promise<KindInformer | undefined> {
    const id = `${m.group}/${m.kind}`;
    let p = this.informers.get(id);
    if (!p) {
      const inf = new KindInformer(this.opts.kubeConfig, this.transport, m, (type, obj, prev) => this.emit(type, obj, prev));
      p = inf.synced.then(() => inf, () => {
        inf.stop();
        this.informers.delete(id);
        return undefined;
      });
      this.informers.set(id, p);
    }
    return p;
  }

  private emit(type: WatchEventType, obj: KubeObject, prev: KubeObject | undefined): void {
    if (this.handlers.size === 0) return;
    const k = keyString(keyOf(obj));
    let manager: string | undefined;
    if (this.inFlight.has(k) || (obj.metadata.resourceVersion !== undefined && this.ownVersions.get(k) === obj.metadata.resourceVersion)) manager = FIELD_MANAGER;
    else if (type === 'MODIFIED' && prev && controllerOnlyChange(prev, obj)) manager = 'status-controller';
    const ev: WatchEvent = { type, object: obj, ...(manager ? { manager } : {}) };
    for (const [h, accepts] of [...this.handlers]) {
      try {
        if (accepts(obj)) h(ev);
      } catch {
        // a failing subscriber must not stop the others
      }
    }
  }

  private normalizeKey(k: ObjectKey): ObjectKey {
    if (isClusterScoped(k.group, k.kind)) return k.namespace ? { ...k, namespace: '' } : k;
    return k.namespace ? k : { ...k, namespace: 'default' };
  }

  async get(key: ObjectKey): Promise<KubeObject | undefined> {
    const k = this.normalizeKey(key);
    const m = await this.mapping(k.group, k.kind);
    if (!m) return undefined;
    const inf = await this.informer(m);
    if (inf) {
      const o = inf.cache.get(keyString({ ...k, namespace: m.namespaced ? k.namespace : '' }));
      return o ? clone(o) : undefined;
    }
    try {
      const res = await this.transport.request('GET', resourcePath(m, k.namespace, k.name), { what: `get ${where(m, k.namespace, k.name)}` });
      const o = res.body as KubeObject;
      o.apiVersion ??= m.group ? `${m.group}/${m.version}` : m.version;
      o.kind ??= m.kind;
      return o;
    } catch (err) {
      if (err instanceof ClusterError && err.code === 404) return undefined;
      throw err;
    }
  }

  async list(opts: ListOptions): Promise<KubeObject[]> {
    const m = await this.mapping(opts.group ?? '', opts.kind);
    if (!m) return [];
    const selector = parseSelector(opts.labelSelector);
    const inf = await this.informer(m);
    let items: KubeObject[];
    if (inf) {
      items = [...inf.cache.values()].filter((o) => opts.namespace === undefined || !m.namespaced || o.metadata.namespace === opts.namespace).map(clone);
    } else {
      items = [];
      let cont: string | undefined;
      do {
        const res = await this.transport.request('GET', resourcePath(m, opts.namespace), { query: { limit: '500', continue: cont, labelSelector: opts.labelSelector }, what: `list ${qualified(m)}` });
        const body = res.body as { metadata?: { continue?: string }; items?: KubeObject[] };
        for (const o of body.items ?? []) items.push({ ...o, apiVersion: o.apiVersion ?? (m.group ? `${m.group}/${m.version}` : m.version), kind: o.kind ?? m.kind });
        cont = body.metadata?.continue || undefined;
      } while (cont);
    }
    const out = selector.length === 0 ? items : items.filter((o) => selectorMatches(selector, o.metadata.labels));
    return out.sort((a, b) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || a.metadata.name.localeCompare(b.metadata.name));
  }

  apply(obj: KubeObject, opts: ApplyOptions = {}): Promise<ApplyResult> {
    return this.applyObject(obj, opts, false);
  }

  /** Server-side apply to the /status subresource (the main resource for a kind without one), status only. */
  applyStatus(obj: KubeObject, opts: ApplyStatusOptions = {}): Promise<ApplyResult> {
    if (!isPlainObject(obj) || !isPlainObject(obj.metadata)) return this.applyObject(obj, opts, true);
    const { name, namespace } = obj.metadata;
    const body = { apiVersion: obj.apiVersion, kind: obj.kind, metadata: { name, ...(namespace !== undefined ? { namespace } : {}) }, status: obj['status'] ?? {} } as KubeObject;
    return this.applyObject(body, opts, true);
  }

  private async applyObject(obj: KubeObject, opts: ApplyOptions, statusWrite: boolean): Promise<ApplyResult> {
    if (!isPlainObject(obj) || !isPlainObject(obj.metadata) || typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') {
      throw new ClusterError(422, 'Invalid', 'object is invalid: apiVersion, kind and metadata are required');
    }
    const manager = opts.fieldManager ?? FIELD_MANAGER;
    const { group, version } = splitApiVersion(obj.apiVersion);
    const m = await this.mapping(group, obj.kind, version);
    if (!m) throw noMatch(obj.apiVersion, obj.kind);
    const body = clone(obj);
    if (manager === FIELD_MANAGER && !statusWrite) delete body['status'];
    if (!m.namespaced) delete body.metadata.namespace;
    else body.metadata.namespace ||= 'default';
    const ns = body.metadata.namespace;
    const name = body.metadata.name;
    const k = keyString({ group, kind: obj.kind, namespace: m.namespaced ? ns ?? '' : '', name });
    const inf = opts.dryRun ? undefined : await this.informer(m);
    const before = inf?.cache.get(k)?.metadata.resourceVersion;
    if (!opts.dryRun) this.inFlight.set(k, (this.inFlight.get(k) ?? 0) + 1);
    try {
      const query = { fieldManager: manager, force: String(opts.force ?? true), ...(opts.dryRun ? { dryRun: 'All' } : {}) };
      // A status subresource ignores `status` on the main resource: a status-only write goes to /status,
      // and an object with both is applied in two steps (the main resource, then its status).
      const status = m.status && body['status'] !== undefined ? body['status'] : undefined;
      const statusOnly = status !== undefined && Object.keys(body).every((f) => ['apiVersion', 'kind', 'metadata', 'status'].includes(f));
      let res = statusOnly ? undefined : await this.transport.request('PATCH', resourcePath(m, ns, name), {
        query,
        body: status === undefined ? body : { ...body, status: undefined },
        contentType: 'application/apply-patch+yaml',
        what: `apply ${where(m, ns, name)}`,
      });
      if (status !== undefined) {
        const sres = await this.transport.request('PATCH', `${resourcePath(m, ns, name)}/status`, {
          query,
          body: { apiVersion: body.apiVersion, kind: body.kind, metadata: { name, ...(ns && m.namespaced ? { namespace: ns } : {}) }, status },
          contentType: 'application/apply-patch+yaml',
          what: `apply the status of ${where(m, ns, name)}`,
        });
        res = res?.status === 201 ? { ...sres, status: 201 } : sres;
      }
      const out = res!.body as KubeObject;
      out.apiVersion ??= obj.apiVersion;
      out.kind ??= obj.kind;
      if (!opts.dryRun) {
        if (out.metadata.resourceVersion) this.ownVersions.set(k, out.metadata.resourceVersion);
        inf?.remember(clone(out));
      }
      const outcome = res!.status === 201 ? 'created' : before !== undefined && before === out.metadata.resourceVersion ? 'unchanged' : 'configured';
      return { outcome, object: out };
    } finally {
      if (!opts.dryRun) this.release(k);
    }
  }

  private release(k: string): void {
    const n = (this.inFlight.get(k) ?? 1) - 1;
    if (n <= 0) this.inFlight.delete(k);
    else this.inFlight.set(k, n);
  }

  /**
   * The API server's own checks without writing (a dry-run apply per object, in parallel). Kinds that do
   * not resolve are errors unless a CRD in the same batch defines them; a missing namespace is not (the
   * sync creates it first).
   */
  async validate(objs: KubeObject[]): Promise<Array<{ key: ObjectKey; error: ClusterError }>> {
    const crdKinds = new Set<string>();
    for (const o of objs) {
      if (o?.kind !== 'CustomResourceDefinition' || !isPlainObject(o['spec'])) continue;
      const spec = o['spec'] as { group?: string; names?: { kind?: string } };
      if (spec.group && spec.names?.kind) crdKinds.add(`${spec.group}/${spec.names.kind}`);
    }
    const out: Array<{ key: ObjectKey; error: ClusterError }> = [];
    const queue = [...objs];
    const worker = async () => {
      for (let o = queue.shift(); o; o = queue.shift()) {
        const { group, version } = splitApiVersion(typeof o.apiVersion === 'string' ? o.apiVersion : '');
        const key: ObjectKey = { group, kind: String(o.kind ?? ''), namespace: String(o.metadata?.namespace ?? ''), name: String(o.metadata?.name ?? '') };
        const m = await this.mapping(group, key.kind, version);
        if (!m) {
          if (!crdKinds.has(`${group}/${key.kind}`)) out.push({ key, error: noMatch(String(o.apiVersion), key.kind) });
          continue;
        }
        try {
          await this.apply(o, { fieldManager: FIELD_MANAGER, force: true, dryRun: true });
        } catch (err) {
          if (!(err instanceof ClusterError)) throw err;
          if (err.code === 503) throw err;
          const missingNamespace = err.code === 404 && /namespaces? "[^"]*" not found/.test(err.message);
          if (!missingNamespace && err.code !== 409) out.push({ key, error: err });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.opts.concurrency ?? 16, Math.max(1, objs.length)) }, worker));
    return out;
  }

  async delete(key: ObjectKey, opts: { manager?: string; propagationPolicy?: PropagationPolicy } = {}): Promise<boolean> {
    const k = this.normalizeKey(key);
    const m = await this.mapping(k.group, k.kind);
    if (!m) return false;
    const ks = keyString({ ...k, namespace: m.namespaced ? k.namespace : '' });
    this.inFlight.set(ks, (this.inFlight.get(ks) ?? 0) + 1);
    try {
      await this.transport.request('DELETE', resourcePath(m, k.namespace, k.name), {
        body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: opts.propagationPolicy ?? 'Background' },
        what: `delete ${where(m, k.namespace, k.name)}`,
      });
      (await this.informers.get(`${m.group}/${m.kind}`))?.forget(ks);
      return true;
    } catch (err) {
      if (err instanceof ClusterError && err.code === 404) return false;
      throw err;
    } finally {
      // the DELETED event usually arrives within the request; keep the key ours a little longer
      setTimeout(() => this.release(ks), 2000).unref();
    }
  }

  /**
   * With `kinds`: informers (list + watch) for those kinds only, and only their events reach the handler.
   * Without: every kind's events, with the children Tugboat follows (CHILD_KINDS) watched from now on and
   * any other kind from its first get or list.
   */
  watch(opts: WatchOptions, handler: WatchHandler): () => void;
  watch(handler: WatchHandler): () => void;
  watch(a: WatchOptions | WatchHandler, b?: WatchHandler): () => void {
    const { handler, kinds, accepts } = watchArgs(a, b);
    this.handlers.set(handler, accepts);
    for (const { group, kind } of kinds ?? CHILD_KINDS.map(([group, kind]) => ({ group, kind }))) {
      void this.mapping(group, kind).then((m) => (m ? this.informer(m) : undefined)).catch(() => undefined);
    }
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.informers.values()) (await p)?.stop();
    this.transport.close();
  }

}

export function createKubeCluster(opts: KubeClusterOptions): KubeCluster {
  return new KubeCluster(opts);
}
