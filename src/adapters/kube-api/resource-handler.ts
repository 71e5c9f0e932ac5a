/**
 * The resource endpoints: `/api/v1/[namespaces/NS/]PLURAL[/NAME[/SUB]]` and the same under
 * `/apis/GROUP/VERSION/…`: list (label and field selectors, limit/continue, Tables), watch, get, create,
 * update, the four patch types (server-side apply included), delete, deletecollection, and the `scale`
 * and `status` subresources, all honouring `dryRun=All`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { ClusterError, type PropagationPolicy } from '../../core/ports.js';
import { isPlainObject, splitApiVersion, type KubeObject, type ObjectKey } from '../../core/model/kube-object.js';
import { parseSelector, selectorMatches, type SimCluster, type Selector } from '../cluster/sim/index.js';
import { fieldsMatch, parseFieldSelector, type FieldRequirement } from './field-selector.js';
import { tidyObject } from './object-shape.js';
import { jsonPatch, mergePatch, strategicMergePatch } from './patches.js';
import { qualified, type ApiResource, type ResourceRegistry } from './registry.js';
import { decodeBody, mediaType, readBody } from './request-body.js';
import { sendJson, statusBody } from './status.js';
import { toTable, wantsTable } from './tables.js';
import type { HubEvent, WatchHub } from './watch-hub.js';

interface Target {
  r: ApiResource;
  namespace: string | undefined;
  name: string | undefined;
  sub: string | undefined;
}

const KEEPALIVE_MS = 15_000;
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function notFound(): ClusterError {
  return new ClusterError(404, 'NotFound', 'the server could not find the requested resource');
}

function apiVersionOf(r: ApiResource): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** Who made a write: `?fieldManager`, else the client's User-Agent program name, as the API server derives it. */
function managerOf(req: IncomingMessage, q: URLSearchParams): string {
  const fm = q.get('fieldManager');
  if (fm) return fm;
  const ua = String(req.headers['user-agent'] ?? '');
  return ua.split('/')[0]?.trim() || 'unknown';
}

function dig(obj: unknown, dotted: string): unknown {
  let cur = obj;
  for (const p of dotted.split('.').filter(Boolean)) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

function setAt(obj: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split('.').filter(Boolean);
  let cur = obj;
  for (const p of parts.slice(0, -1)) {
    if (!isPlainObject(cur[p])) cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]!] = value;
}

function selectorString(sel: unknown): string {
  if (typeof sel === 'string') return sel;
  if (!isPlainObject(sel)) return '';
  const ml = isPlainObject(sel['matchLabels']) ? sel['matchLabels'] : {};
  const parts = Object.entries(ml).map(([k, v]) => `${k}=${String(v)}`);
  for (const e of Array.isArray(sel['matchExpressions']) ? sel['matchExpressions'] : []) {
    if (!isPlainObject(e)) continue;
    const vals = Array.isArray(e['values']) ? e['values'].join(',') : '';
    if (e['operator'] === 'In') parts.push(`${e['key']} in (${vals})`);
    else if (e['operator'] === 'NotIn') parts.push(`${e['key']} notin (${vals})`);
    else if (e['operator'] === 'Exists') parts.push(String(e['key']));
    else if (e['operator'] === 'DoesNotExist') parts.push(`!${e['key']}`);
  }
  return parts.join(',');
}

export class ResourceHandler {
  private readonly watches = new Set<() => void>();

  constructor(
    private readonly cluster: SimCluster,
    private readonly registry: ResourceRegistry,
    private readonly hub: WatchHub,
  ) {}

  close(): void {
    for (const stop of [...this.watches]) stop();
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL, group: string, version: string, segs: string[]): Promise<void> {
    let namespace: string | undefined;
    let rest = segs;
    if (segs[0] === 'namespaces' && segs.length >= 3 && !(segs.length === 3 && (segs[2] === 'status' || segs[2] === 'finalize'))) {
      namespace = segs[1];
      rest = segs.slice(2);
    }
    const [plural, name, sub, ...extra] = rest;
    if (!plural || extra.length > 0) throw notFound();
    const r = await this.registry.find(group, version, plural);
    if (!r || (namespace !== undefined && !r.namespaced)) throw notFound();
    if (sub !== undefined && !(sub === 'status' && r.status) && !(sub === 'scale' && r.scale)) throw notFound();
    const t: Target = { r, namespace, name, sub };
    const q = url.searchParams;
    const method = req.method ?? 'GET';
    if (r.group === '' && r.kind === 'Event') return this.events(req, res, t, q, method);
    if (name === undefined) {
      if (method === 'GET') return q.get('watch') === 'true' || q.get('watch') === '1' ? this.watch(req, res, t, q) : this.list(req, res, t, q);
      if (method === 'POST') return this.create(req, res, t, q);
      if (method === 'DELETE') return this.deleteCollection(req, res, t, q);
    } else {
      if (method === 'GET') return this.get(req, res, t);
      if (method === 'PUT') return this.update(req, res, t, q);
      if (method === 'PATCH') return this.patch(req, res, t, q);
      if (method === 'DELETE') return this.delete(req, res, t, q);
    }
    throw new ClusterError(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`);
  }

  private key(t: Target, name: string): ObjectKey {
    return { group: t.r.group, kind: t.r.kind, namespace: t.r.namespaced ? (t.namespace ?? 'default') : '', name };
  }

  private notFoundItem(t: Target, name: string): ClusterError {
    return new ClusterError(404, 'NotFound', `${qualified(t.r)} "${name}" not found`);
  }

  private async live(t: Target, name: string): Promise<KubeObject> {
    const obj = await this.cluster.get(this.key(t, name));
    if (!obj) throw this.notFoundItem(t, name);
    return obj;
  }

  private rv(): string {
    return String(this.cluster.stats().resourceVersion);
  }

  private selectors(q: URLSearchParams): { labels: Selector; fields: FieldRequirement[]; labelText: string | undefined } {
    const labelText = q.get('labelSelector') || undefined;
    return { labels: parseSelector(labelText), fields: parseFieldSelector(q.get('fieldSelector') ?? undefined), labelText };
  }

  private async matching(t: Target, q: URLSearchParams): Promise<KubeObject[]> {
    const sel = this.selectors(q);
    const items = await this.cluster.list({ group: t.r.group, kind: t.r.kind, namespace: t.r.namespaced ? t.namespace : undefined, labelSelector: sel.labelText });
    return sel.fields.length > 0 ? items.filter((o) => fieldsMatch(sel.fields, o)) : items;
  }

  private async list(req: IncomingMessage, res: ServerResponse, t: Target, q: URLSearchParams): Promise<void> {
    const rv = this.rv();
    let items = await this.matching(t, q);
    const meta: Record<string, unknown> = { resourceVersion: rv };
    const cont = q.get('continue');
    if (cont) {
      let after: string;
      try {
        after = String((JSON.parse(Buffer.from(cont, 'base64url').toString('utf8')) as { after: unknown }).after);
      } catch {
        throw new ClusterError(400, 'BadRequest', 'invalid continue token');
      }
      items = items.filter((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}` > after);
    }
    const limit = Number(q.get('limit') ?? '0');
    if (Number.isInteger(limit) && limit > 0 && items.length > limit) {
      const last = items[limit - 1]!;
      meta['continue'] = Buffer.from(JSON.stringify({ after: `${last.metadata.namespace ?? ''}/${last.metadata.name}` })).toString('base64url');
      meta['remainingItemCount'] = items.length - limit;
      items = items.slice(0, limit);
    }
    if (wantsTable(req.headers.accept)) {
      const table = toTable(t.r.kind, items, rv) as Record<string, unknown>;
      table['metadata'] = meta;
      return sendJson(res, 200, table);
    }
    sendJson(res, 200, { kind: `${t.r.kind}List`, apiVersion: apiVersionOf(t.r), metadata: meta, items });
  }

  private async get(req: IncomingMessage, res: ServerResponse, t: Target): Promise<void> {
    const obj = await this.live(t, t.name!);
    if (t.sub === 'scale') return sendJson(res, 200, this.scaleOf(t.r, obj));
    if (t.sub === undefined && wantsTable(req.headers.accept)) return sendJson(res, 200, toTable(t.r.kind, [obj], obj.metadata.resourceVersion ?? this.rv()));
    sendJson(res, 200, obj);
  }

  private async body(req: IncomingMessage): Promise<{ value: unknown; type: string }> {
    const type = mediaType(req);
    return { value: decodeBody(await readBody(req), type), type };
  }

  /** Fills apiVersion/kind from the URL and checks name and namespace against it. */
  private shape(t: Target, value: unknown, name: string | undefined): KubeObject {
    if (!isPlainObject(value)) throw new ClusterError(400, 'BadRequest', 'the body of the request must be an object');
    const obj = value as KubeObject;
    if (!isPlainObject(obj.metadata)) obj.metadata = { name: '' };
    obj.apiVersion ??= apiVersionOf(t.r);
    obj.kind ??= t.r.kind;
    if (obj.kind !== t.r.kind || splitApiVersion(String(obj.apiVersion)).group !== t.r.group) {
      throw new ClusterError(400, 'BadRequest', `the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${apiVersionOf(t.r)})`);
    }
    if (t.r.namespaced) {
      const ns = t.namespace ?? 'default';
      if (obj.metadata.namespace && obj.metadata.namespace !== ns) {
        throw new ClusterError(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request');
      }
      obj.metadata.namespace = ns;
    } else delete obj.metadata.namespace;
    if (name !== undefined) {
      if (obj.metadata.name && obj.metadata.name !== name) throw new ClusterError(400, 'BadRequest', 'the name of the object does not match the name on the URL');
      obj.metadata.name = name;
    }
    return obj;
  }

  private async create(req: IncomingMessage, res: ServerResponse, t: Target, q: URLSearchParams): Promise<void> {
    const obj = this.shape(t, (await this.body(req)).value, undefined);
    if (!obj.metadata.name && obj.metadata.generateName) {
      let suffix = '';
      for (const b of randomBytes(5)) suffix += NAME_ALPHABET[b % NAME_ALPHABET.length];
      obj.metadata.name = obj.metadata.generateName + suffix;
    }
    const out = await this.cluster.write(tidyObject(obj), {
      mode: 'create', manager: managerOf(req, q), dryRun: q.get('dryRun') === 'All', resourceLabel: qualified(t.r), statusSubresource: t.r.status,
    });
    sendJson(res, 201, out.object);
  }

  private async update(req: IncomingMessage, res: ServerResponse, t: Target, q: URLSearchParams): Promise<void> {
    const value = (await this.body(req)).value;
    const dryRun = q.get('dryRun') === 'All';
    const manager = managerOf(req, q);
    if (t.sub === 'scale') {
      const live = await this.live(t, t.name!);
      const scale = isPlainObject(value) ? value : {};
      const out = await this.writeScale(t, live, scale, manager, dryRun);
      return sendJson(res, 200, this.scaleOf(t.r, out));
    }
    const obj = this.shape(t, value, t.name);
    const out = await this.cluster.write(tidyObject(obj), {
      mode: 'update', manager, dryRun, resourceLabel: qualified(t.r), statusSubresource: t.r.status, ...(t.sub === 'status' ? { subresource: 'status' as const } : {}),
    });
    sendJson(res, 200, out.object);
  }

  private async writeScale(t: Target, live: KubeObject, scale: Record<string, unknown>, manager: string, dryRun: boolean): Promise<KubeObject> {
    const replicas = dig(scale, 'spec.replicas');
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
      throw new ClusterError(422, 'Invalid', `Scale.autoscaling "${live.metadata.name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`, [
        { field: 'spec.replicas', reason: 'FieldValueInvalid', message: 'must be greater than or equal to 0' },
      ]);
    }
    const next = JSON.parse(JSON.stringify(live)) as KubeObject;
    setAt(next, t.r.scale!.specReplicasPath, replicas);
    const wantRv = dig(scale, 'metadata.resourceVersion');
    if (typeof wantRv === 'string' && wantRv) next.metadata.resourceVersion = wantRv;
    const out = await this.cluster.write(next, { mode: 'update', manager, dryRun, resourceLabel: qualified(t.r), statusSubresource: t.r.status });
    return out.object;
  }

  private scaleOf(r: ApiResource, obj: KubeObject): unknown {
    const s = r.scale!;
    const m = obj.metadata;
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
      spec: { replicas: Number(dig(obj, s.specReplicasPath) ?? 0) },
      status: { replicas: Number(dig(obj, s.statusReplicasPath) ?? 0), selector: s.labelSelectorPath ? selectorString(dig(obj, s.labelSelectorPath)) : '' },
    };
  }

  private async patch(req: IncomingMessage, res: ServerResponse, t: Target, q: URLSearchParams): Promise<void> {
    const { value, type } = await this.body(req);
    const dryRun = q.get('dryRun') === 'All';
    if (type === 'application/apply-patch+yaml') {
      const manager = q.get('fieldManager');
      if (!manager) {
        throw new ClusterError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch', [
          { field: 'fieldManager', reason: 'FieldValueRequired', message: 'Required value: is required for apply patch' },
        ]);
      }
      const obj = tidyObject(this.shape(t, value, t.name));
      const force = q.get('force') === 'true';
      if (t.sub === 'status') {
        const out = await this.cluster.write(obj, { mode: 'update', manager, dryRun, subresource: 'status', resourceLabel: qualified(t.r), statusSubresource: true });
        return sendJson(res, 200, out.object);
      }
      // as on the API server, a resource with a status subresource takes its status only through /status
      if (t.r.status) delete obj['status'];
      const out = await this.cluster.apply(obj, { fieldManager: manager, force, dryRun });
      return sendJson(res, out.outcome === 'created' ? 201 : 200, out.object);
    }
    const apply = (base: unknown): unknown => {
      if (type === 'application/merge-patch+json') return mergePatch(base, value);
      if (type === 'application/json-patch+json') return jsonPatch(base, value);
      if (type === 'application/strategic-merge-patch+json') {
        // custom resources have no merge keys: the API server refuses strategic merge for them
        if (!isBuiltIn(t.r)) throw new ClusterError(415, 'UnsupportedMediaType', 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml');
        return strategicMergePatch(base, value);
      }
      throw new ClusterError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`);
    };
    const manager = managerOf(req, q);
    // a patch without a resourceVersion of its own is retried on a concurrent write, as the API server does
    for (let attempt = 0; ; attempt++) {
      const live = await this.live(t, t.name!);
      try {
        if (t.sub === 'scale') {
          const patched = apply(this.scaleOf(t.r, live));
          const out = await this.writeScale(t, live, isPlainObject(patched) ? patched : {}, manager, dryRun);
          return sendJson(res, 200, this.scaleOf(t.r, out));
        }
        const patched = apply(live);
        if (!isPlainObject(patched)) throw new ClusterError(422, 'Invalid', 'the patch did not produce an object');
        const next = tidyObject(patched as KubeObject);
        next.apiVersion = live.apiVersion;
        next.kind = live.kind;
        if (!isPlainObject(next.metadata)) next.metadata = { name: live.metadata.name };
        next.metadata.name = live.metadata.name;
        if (live.metadata.namespace) next.metadata.namespace = live.metadata.namespace;
        const out = await this.cluster.write(next, {
          mode: 'update', manager, dryRun, resourceLabel: qualified(t.r), statusSubresource: t.r.status, ...(t.sub === 'status' ? { subresource: 'status' as const } : {}),
        });
        return sendJson(res, 200, out.object);
      } catch (err) {
        const precondition = JSON.stringify(value).includes('"resourceVersion"');
        if (err instanceof ClusterError && err.code === 409 && err.reason === 'Conflict' && !precondition && attempt < 5) continue;
        throw err;
      }
    }
  }

  private async delete(req: IncomingMessage, res: ServerResponse, t: Target, q: URLSearchParams): Promise<void> {
    const propagationPolicy = propagationOf(await readBody(req), q);
    const obj = await this.live(t, t.name!);
    if (q.get('dryRun') !== 'All') await this.cluster.delete(this.key(t, t.name!), { manager: managerOf(req, q), ...(propagationPolicy ? { propagationPolicy } : {}) });
    sendJson(res, 200, obj);
  }

  private async deleteCollection(req: IncomingMessage, res: ServerResponse, t: Target, q: URLSearchParams): Promise<void> {
    await readBody(req);
    const items = await this.matching(t, q);
    if (q.get('dryRun') !== 'All') {
      for (const o of items) await this.cluster.delete(this.key(t, o.metadata.name), { manager: managerOf(req, q) });
    }
    sendJson(res, 200, { kind: `${t.r.kind}List`, apiVersion: apiVersionOf(t.r), metadata: { resourceVersion: this.rv() }, items });
  }

  /** Events live beside the store (the sim's event recorder): list and get them; a watch sees the current ones. */
  private async events(req: IncomingMessage, res: ServerResponse, t: Target, q: URLSearchParams, method: string): Promise<void> {
    if (method !== 'GET') throw new ClusterError(405, 'MethodNotAllowed', 'events are written by the cluster only');
    const sel = this.selectors(q);
    const items = this.cluster.events(t.namespace).filter((e) => selectorMatches(sel.labels, e.metadata.labels) && fieldsMatch(sel.fields, e));
    if (t.name !== undefined) {
      const one = items.find((e) => e.metadata.name === t.name);
      if (!one) throw this.notFoundItem(t, t.name);
      return sendJson(res, 200, one);
    }
    if (q.get('watch') === 'true' || q.get('watch') === '1') {
      this.openStream(res);
      for (const e of items) res.write(JSON.stringify({ type: 'ADDED', object: e }) + '\n');
      this.hold(req, res, t, q, () => undefined);
      return;
    }
    if (wantsTable(req.headers.accept)) return sendJson(res, 200, toTable('Event', items, this.rv()));
    sendJson(res, 200, { kind: 'EventList', apiVersion: 'v1', metadata: { resourceVersion: this.rv() }, items });
  }

  private openStream(res: ServerResponse): void {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();
  }

  /** Keeps a watch open: blank-line keepalives (and bookmarks when asked), timeoutSeconds, cleanup on close. */
  private hold(req: IncomingMessage, res: ServerResponse, t: Target, q: URLSearchParams, unsubscribe: () => void): void {
    const bookmarks = q.get('allowWatchBookmarks') === 'true';
    const keepalive = setInterval(() => {
      if (bookmarks) {
        res.write(JSON.stringify({ type: 'BOOKMARK', object: { kind: t.r.kind, apiVersion: apiVersionOf(t.r), metadata: { resourceVersion: this.rv() } } }) + '\n');
      } else res.write('\n');
    }, KEEPALIVE_MS);
    const timeoutSeconds = Number(q.get('timeoutSeconds') ?? '0');
    const timeout = timeoutSeconds > 0 ? setTimeout(() => stop(), timeoutSeconds * 1000) : undefined;
    const stop = (): void => {
      clearInterval(keepalive);
      if (timeout) clearTimeout(timeout);
      unsubscribe();
      this.watches.delete(stop);
      res.end();
    };
    this.watches.add(stop);
    req.on('close', stop);
    res.on('close', stop);
  }

  private async watch(req: IncomingMessage, res: ServerResponse, t: Target, q: URLSearchParams): Promise<void> {
    const sel = this.selectors(q);
    const table = wantsTable(req.headers.accept);
    const ns = t.r.namespaced ? t.namespace : undefined;
    const matches = (o: KubeObject): boolean =>
      o.kind === t.r.kind && splitApiVersion(o.apiVersion).group === t.r.group &&
      (ns === undefined || o.metadata.namespace === ns) &&
      (sel.labels.length === 0 || selectorMatches(sel.labels, o.metadata.labels)) &&
      (sel.fields.length === 0 || fieldsMatch(sel.fields, o));
    let first = true;
    const send = (type: string, o: KubeObject): void => {
      const object = table ? toTable(t.r.kind, [o], o.metadata.resourceVersion ?? '', { withColumns: first }) : o;
      first = false;
      res.write(JSON.stringify({ type, object }) + '\n');
    };
    const deliver = (e: HubEvent): void => {
      if (matches(e.object)) send(e.type, e.object);
    };
    const rvParam = q.get('resourceVersion');
    this.openStream(res);
    let unsubscribe: () => void;
    if (!rvParam || rvParam === '0') {
      // list and subscribe in the same turn: nothing can change in between
      const snapshot = this.cluster.list({ group: t.r.group, kind: t.r.kind, namespace: ns, labelSelector: sel.labelText });
      const pending: HubEvent[] = [];
      let ready = false;
      unsubscribe = this.hub.subscribe((e) => (ready ? deliver(e) : pending.push(e)));
      for (const o of await snapshot) if (sel.fields.length === 0 || fieldsMatch(sel.fields, o)) send('ADDED', o);
      ready = true;
      for (const e of pending) deliver(e);
    } else {
      const from = Number(rvParam);
      const past = Number.isFinite(from) ? this.hub.since(from) : 'expired';
      if (past === 'expired') {
        const st = statusBody(410, 'Expired', `too old resource version: ${rvParam} (${this.hub.oldest})`);
        res.write(JSON.stringify({ type: 'ERROR', object: st }) + '\n');
        return void res.end();
      }
      unsubscribe = this.hub.subscribe(deliver);
      for (const e of past) deliver(e);
    }
    this.hold(req, res, t, q, unsubscribe);
  }
}

function isBuiltIn(r: ApiResource): boolean {
  return !r.group.includes('.') || r.group.endsWith('.k8s.io');
}

/** DeleteOptions.propagationPolicy, from the query (`?propagationPolicy=`) or a JSON DeleteOptions body. */
function propagationOf(body: Buffer, q: URLSearchParams): PropagationPolicy | undefined {
  let v: unknown = q.get('propagationPolicy') ?? undefined;
  if (v === undefined && body.length > 0 && body[0] === 0x7b) {
    try {
      v = (JSON.parse(body.toString('utf8')) as { propagationPolicy?: unknown }).propagationPolicy;
    } catch {
      v = undefined;
    }
  }
  return v === 'Foreground' || v === 'Background' || v === 'Orphan' ? v : undefined;
}
