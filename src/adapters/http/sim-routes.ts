import { Router, type Request, type Response } from 'express';
import type { ClusterStore } from '../../core/ports.js';
import { invalid, notFound, notImplemented } from '../../core/errors.js';
import { sendError } from './error-reply.js';
import type { KubeObject } from '../../core/model/kube-object.js';
import { resolveResource, type ResourceType } from '../../core/model/kinds.js';
import { isSecret, MASK } from '../../core/diff/secret.js';

/** What the embedded cluster offers beyond the ClusterStore port. */
interface SimExtras {
  events(namespace?: string): KubeObject[];
  failNode?(name: string): Promise<void> | void;
  recoverNode?(name: string): Promise<void> | void;
}

function isSim(c: ClusterStore): c is ClusterStore & SimExtras {
  return typeof (c as Partial<SimExtras>).events === 'function';
}

function typeOf(req: Request): ResourceType {
  const t = resolveResource(String(req.params.kind));
  if (!t) throw notFound(`the server doesn't have a resource type "${String(req.params.kind)}"`);
  return t;
}

function namespaceOf(req: Request, t: ResourceType): string | undefined {
  if (!t.namespaced) return undefined;
  const all = req.query.allNamespaces === 'true';
  if (all) return undefined;
  return typeof req.query.namespace === 'string' && req.query.namespace ? req.query.namespace : 'default';
}

/**
 * Tugboat's API never returns a Secret's values (SPEC §4): every `data` and `stringData` value is shown
 * as `***`, the keys stay (what `tugboat sim describe` shows). The Kubernetes REST API serves the values
 * to authenticated clients.
 */
function masked(o: KubeObject): KubeObject {
  if (!isSecret(o)) return o;
  const out: KubeObject = { ...o };
  for (const field of ['data', 'stringData'] as const) {
    const v = o[field];
    if (v && typeof v === 'object' && !Array.isArray(v)) out[field] = Object.fromEntries(Object.keys(v).map((k) => [k, MASK]));
    else if (v !== undefined) out[field] = MASK;
  }
  // kubectl's last-applied annotation would carry the values in plain JSON.
  const ann = o.metadata.annotations;
  if (ann?.['kubectl.kubernetes.io/last-applied-configuration'] !== undefined) {
    out.metadata = { ...o.metadata, annotations: { ...ann, 'kubectl.kubernetes.io/last-applied-configuration': MASK } };
  }
  return out;
}

const wrap = (h: (req: Request, res: Response) => Promise<void> | void) => async (req: Request, res: Response) => {
  try {
    await h(req, res);
  } catch (err) {
    // The cluster refusing the request (a malformed label selector is a 400) is the caller's error, not
    // ours: a ClusterError with a 4xx code answers with that code and reason.
    sendError(res, err, { clusterClientErrors: true });
  }
};

/**
 * Inspect and disturb the embedded cluster the way kubectl would (`tugboat sim …`): lists are Kubernetes
 * Lists, errors read like the API server's.
 */
export function simRoutes(cluster: ClusterStore): Router {
  const r = Router();
  r.use((_req, res, next) => {
    if (!isSim(cluster)) return sendError(res, notFound('the daemon is not running the simulated cluster'));
    next();
  });
  r.get('/events', wrap((req, res) => {
    const ns = typeof req.query.namespace === 'string' && req.query.namespace ? req.query.namespace : undefined;
    res.json({ apiVersion: 'v1', kind: 'List', metadata: {}, items: (cluster as ClusterStore & SimExtras).events(ns) });
  }));
  r.get('/resources/:kind', wrap(async (req, res) => {
    const t = typeOf(req);
    if (t.kind === 'Event') {
      const ns = namespaceOf(req, t);
      return void res.json({ apiVersion: 'v1', kind: 'List', metadata: {}, items: (cluster as ClusterStore & SimExtras).events(ns) });
    }
    const labelSelector = typeof req.query.labelSelector === 'string' && req.query.labelSelector ? req.query.labelSelector : undefined;
    const items = await cluster.list({ group: t.group, kind: t.kind, namespace: namespaceOf(req, t), labelSelector });
    items.sort((a, b) => (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') || a.metadata.name.localeCompare(b.metadata.name));
    res.json({ apiVersion: 'v1', kind: 'List', metadata: {}, items: items.map(masked) });
  }));
  r.get('/resources/:kind/:name', wrap(async (req, res) => {
    const t = typeOf(req);
    const name = String(req.params.name);
    const obj = await cluster.get({ group: t.group, kind: t.kind, namespace: namespaceOf(req, t) ?? '', name });
    if (!obj) throw notFound(`${t.plural}${t.group ? '.' + t.group : ''} "${name}" not found`);
    res.json(masked(obj));
  }));
  r.delete('/resources/:kind/:name', wrap(async (req, res) => {
    const t = typeOf(req);
    const name = String(req.params.name);
    const gone = await cluster.delete({ group: t.group, kind: t.kind, namespace: namespaceOf(req, t) ?? '', name }, { manager: 'tugboat-sim-cli' });
    if (!gone) throw notFound(`${t.plural}${t.group ? '.' + t.group : ''} "${name}" not found`);
    res.json({ deleted: `${t.singular}${t.group ? '.' + t.group : ''}/${name}` });
  }));
  // `kubectl scale`: spec.replicas of a Deployment, ReplicaSet, StatefulSet or Rollout, by another field manager (drift).
  r.post('/resources/:kind/:name/scale', wrap(async (req, res) => {
    const t = typeOf(req);
    const name = String(req.params.name);
    const replicas = (req.body as { replicas?: unknown } | undefined)?.replicas;
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) throw invalid(`replicas must be a whole number of 0 or more, got ${JSON.stringify(replicas)}`);
    const namespace = namespaceOf(req, t) ?? '';
    const live = await cluster.get({ group: t.group, kind: t.kind, namespace, name });
    if (!live) throw notFound(`${t.plural}${t.group ? '.' + t.group : ''} "${name}" not found`);
    if (typeof (live.spec as { replicas?: unknown } | undefined)?.replicas !== 'number' && !['Deployment', 'ReplicaSet', 'StatefulSet', 'Rollout'].includes(t.kind)) {
      throw invalid(`${t.plural}${t.group ? '.' + t.group : ''} "${name}" cannot be scaled: it has no spec.replicas`);
    }
    await cluster.apply({ apiVersion: live.apiVersion, kind: live.kind, metadata: { name, ...(live.metadata.namespace ? { namespace: live.metadata.namespace } : {}) }, spec: { replicas } }, { fieldManager: 'tugboat-sim-cli', force: true });
    res.json({ scaled: `${t.singular}${t.group ? '.' + t.group : ''}/${name}`, replicas });
  }));
  for (const action of ['fail', 'recover'] as const) {
    r.post(`/nodes/:name/${action}`, wrap(async (req, res) => {
      const sim = cluster as ClusterStore & SimExtras;
      const fn = action === 'fail' ? sim.failNode : sim.recoverNode;
      if (!fn) throw notImplemented(`node ${action} is not available in this version`);
      const name = String(req.params.name);
      const node = await cluster.get({ group: '', kind: 'Node', namespace: '', name });
      if (!node) throw notFound(`nodes "${name}" not found`);
      await fn.call(sim, name);
      res.json({ node: name, action });
    }));
  }
  return r;
}
