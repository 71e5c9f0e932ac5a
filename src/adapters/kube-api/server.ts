/**
 * The simulated cluster speaking the Kubernetes REST API (for kubectl, k9s and client libraries), over the
 * same store Tugboat's sim adapter uses, so a change made here is drift Tugboat sees. Listens on 127.0.0.1
 * only and answers only requests with the bearer token (401 Status otherwise).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import { ClusterError, silentLogger, type Logger } from '../../core/ports.js';
import type { SimCluster } from '../cluster/sim/index.js';
import { aggregated, AGGREGATED_TYPE, legacyApiVersions, legacyGroupList, legacyResourceList, wantsAggregated } from './discovery.js';
import { openApiGroupVersion, openApiIndex } from './openapi.js';
import { ResourceRegistry } from './registry.js';
import { ResourceHandler } from './resource-handler.js';
import { sendJson, statusBody, statusOf } from './status.js';
import { WatchHub } from './watch-hub.js';
import { selfSignedCert } from './tls.js';

export interface KubeApiOptions {
  cluster: SimCluster;
  /** 0 picks a free port. */
  port: number;
  token: string;
  logger?: Logger;
  /** Kubernetes version reported by /version. */
  gitVersion?: string;
  /** RBAC-like refusals (403 Forbidden) for the token's user; the array stays live on the server (forbid). */
  forbid?: ForbidRule[];
  /** The user named in 403 messages. Default "tugboat-sim". */
  user?: string;
}

/**
 * Refuses `verbs` (all when absent) on `resource` (a plural) of `group` (any when absent), in `namespace`
 * (every namespace when absent), as a missing RBAC grant would.
 */
export interface ForbidRule {
  resource: string;
  group?: string;
  verbs?: string[];
  namespace?: string;
}

export interface KubeApiServer {
  /** https://127.0.0.1:PORT */
  url: string;
  port: number;
  /** PEM of the self-signed serving certificate (the kubeconfig's certificate authority). */
  caCert: string;
  /** The refusals in force: push or splice to change them while the server runs. */
  forbid: ForbidRule[];
  close(): Promise<void>;
}

/** The verb, resource and namespace of a resource request (rest: the segments after /api/v1 or /apis/G/V). */
function requestAttributes(method: string, url: URL, rest: string[]): { verb: string; resource: string; name?: string; namespace?: string } | undefined {
  let segs = rest;
  let namespace: string | undefined;
  if (segs[0] === 'namespaces' && segs.length >= 3) {
    namespace = segs[1];
    segs = segs.slice(2);
  }
  const [resource, name] = segs;
  if (!resource) return undefined;
  const watch = url.searchParams.get('watch');
  const verb = method === 'GET' ? (name ? 'get' : watch === 'true' || watch === '1' ? 'watch' : 'list')
    : method === 'POST' ? 'create' : method === 'PUT' ? 'update' : method === 'PATCH' ? 'patch'
      : method === 'DELETE' ? (name ? 'delete' : 'deletecollection') : method.toLowerCase();
  return { verb, resource, ...(name ? { name } : {}), ...(namespace ? { namespace } : {}) };
}

function authorized(req: IncomingMessage, token: string): boolean {
  const h = req.headers.authorization;
  if (!h || !h.startsWith('Bearer ')) return false;
  const got = Buffer.from(h.slice(7).trim());
  const want = Buffer.from(token);
  return got.length === want.length && timingSafeEqual(got, want);
}

export async function startKubeApi(opts: KubeApiOptions): Promise<KubeApiServer> {
  if (!opts.token) throw new Error('the Kubernetes API needs a token');
  const logger = opts.logger ?? silentLogger;
  const registry = new ResourceRegistry(opts.cluster);
  const hub = new WatchHub(opts.cluster);
  const handler = new ResourceHandler(opts.cluster, registry, hub);
  const gitVersion = opts.gitVersion ?? 'v1.33.0';
  const forbid = opts.forbid ?? [];
  const user = opts.user ?? 'tugboat-sim';
  const [, major, minor] = gitVersion.match(/^v(\d+)\.(\d+)/) ?? ['', '1', '33'];

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const accept = req.headers.accept;
    if (req.method === 'GET') {
      if (path === '/version') {
        return sendJson(res, 200, { major, minor, gitVersion, gitCommit: 'tugboat-sim', gitTreeState: 'clean', buildDate: '2026-01-01T00:00:00Z', goVersion: 'go1.24', compiler: 'gc', platform: 'linux/amd64' });
      }
      if (path === '/healthz' || path === '/readyz' || path === '/livez') {
        res.writeHead(200, { 'Content-Type': 'text/plain' });
        return void res.end('ok');
      }
      if (path === '/api' || path === '/apis') {
        if (wantsAggregated(accept)) return sendJson(res, 200, await aggregated(registry, path === '/api'), AGGREGATED_TYPE);
        return sendJson(res, 200, path === '/api' ? legacyApiVersions() : await legacyGroupList(registry));
      }
      const gv = path.match(/^\/api\/(v1)$/) ?? path.match(/^\/apis\/([^/]+)\/([^/]+)$/);
      if (gv) {
        const [group, version] = gv.length === 2 || path.startsWith('/api/') ? ['', gv[1]!] : [gv[1]!, gv[2]!];
        const doc = await legacyResourceList(registry, group, version);
        if (!doc) return sendJson(res, 404, statusBody(404, 'NotFound', 'the server could not find the requested resource'));
        return sendJson(res, 200, doc);
      }
      if (path === '/openapi/v3') return sendJson(res, 200, await openApiIndex(registry));
      const oa = path.match(/^\/openapi\/v3\/api\/(v1)$/) ?? path.match(/^\/openapi\/v3\/apis\/([^/]+)\/([^/]+)$/);
      if (oa) {
        const [group, version] = path.startsWith('/openapi/v3/api/') ? ['', oa[1]!] : [oa[1]!, oa[2]!];
        const doc = await openApiGroupVersion(registry, group, version);
        if (doc) return sendJson(res, 200, doc);
      }
    }
    const m = path.match(/^\/api\/v1(\/.*)?$/) ?? path.match(/^\/apis\/([^/]+)\/([^/]+)(\/.*)?$/);
    if (m) {
      const core = path.startsWith('/api/');
      const group = core ? '' : m[1]!;
      const version = core ? 'v1' : m[2]!;
      const rest = ((core ? m[1] : m[3]) ?? '').split('/').filter(Boolean).map(decodeURIComponent);
      const attrs = forbid.length > 0 ? requestAttributes(req.method ?? 'GET', url, rest) : undefined;
      if (attrs && forbid.some((f) => f.resource === attrs.resource && (f.group === undefined || f.group === group) && (!f.verbs || f.verbs.includes(attrs.verb)) && (f.namespace === undefined || f.namespace === attrs.namespace))) {
        req.resume();
        const scope = attrs.namespace ? `in the namespace "${attrs.namespace}"` : 'at the cluster scope';
        const st = statusBody(403, 'Forbidden', `${attrs.resource}${attrs.name ? ` "${attrs.name}"` : ''} is forbidden: User "${user}" cannot ${attrs.verb} resource "${attrs.resource}" in API group "${group}" ${scope}`);
        return sendJson(res, 403, { ...st, details: { ...(attrs.name ? { name: attrs.name } : {}), group, kind: attrs.resource } });
      }
      return handler.handle(req, res, url, group, version, rest);
    }
    sendJson(res, 404, statusBody(404, 'NotFound', 'the server could not find the requested resource'));
  }

  const tls = selfSignedCert();
  const server: Server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    if (!authorized(req, opts.token)) {
      req.resume();
      return sendJson(res, 401, statusBody(401, 'Unauthorized', 'Unauthorized'));
    }
    route(req, res).catch((err: unknown) => {
      if (!(err instanceof ClusterError)) logger.warn('kube-api request failed', { method: req.method, url: req.url, error: String(err) });
      if (res.headersSent) return void res.end();
      const st = statusOf(err);
      sendJson(res, st['code'] as number, st);
    });
  });
  // watches are long-lived: close() ends every connection itself
  const sockets = new Set<import('node:stream').Duplex>();
  server.on('connection', (sock) => {
    sockets.add(sock);
    sock.once('close', () => sockets.delete(sock));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    caCert: tls.cert,
    forbid,
    async close() {
      hub.close();
      handler.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const sock of sockets) sock.destroy();
      });
    },
  };
}
