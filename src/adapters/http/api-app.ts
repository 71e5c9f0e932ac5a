import express, { type NextFunction, type Request, type Response } from 'express';
import { timingSafeEqual } from 'node:crypto';
import type { TugboatApi } from '../../app/api.js';
import { invalid, notFound, unauthorized, unavailable } from '../../core/errors.js';
import { readWebhook } from '../git/webhook.js';
import { sendError } from './error-reply.js';
import { DIFF_CONTENT_TYPES, isDiffFormat } from '../../core/diff/formats.js';
import { uiRoutes } from './ui-page.js';
import { streamRoutes } from './stream-routes.js';
import { eventsRoutes } from './events-routes.js';
import { resourceRoutes } from './resource-routes.js';
import { simRoutes } from './sim-routes.js';

export interface HttpDeps {
  /** Everything the routes ask of Tugboat (src/app/api.ts; src/app/tugboat-api.ts over the daemon). */
  api: TugboatApi;
  /** Bearer token for every API call; undefined = no auth (the server then binds to 127.0.0.1 only). */
  token?: string;
  metrics: () => Promise<string>;
  metricsContentType: string;
  /** With leader election: whether this replica leads, and the holder it last saw. */
  leadership?: () => { leader: boolean; holder: string };
}

/** Request bodies over this are refused (SPEC §4). */
const BODY_LIMIT = '1mb';

function tokenMatches(header: string | undefined, token: string): boolean {
  if (!header || !header.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice('Bearer '.length).trim());
  const want = Buffer.from(token);
  return given.length === want.length && timingSafeEqual(given, want);
}

/**
 * Paths that carry data or change state: the whole API. Express routes case-insensitively and
 * tolerates repeated slashes, so the check does too (`/API//v1/…` must not slip past it).
 */
function needsToken(path: string): boolean {
  const p = path.toLowerCase().replace(/\/{2,}/g, '/');
  return p === '/api' || p.startsWith('/api/');
}

type Handler = (req: Request, res: Response) => Promise<void> | void;

/**
 * The JSON object a command endpoint takes (an empty body is `{}`). An array, a string or a number is
 * refused before anything runs: `[]` must not start a sync with every option at its default.
 */
function objectBody(req: Request): Record<string, unknown> {
  const body: unknown = req.body === undefined ? {} : req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalid(`the request body must be a JSON object (like {"dryRun": true}), got ${Array.isArray(body) ? 'an array' : body === null ? 'null' : `a ${typeof body}`}`);
  }
  return body as Record<string, unknown>;
}

/** Wraps a handler so thrown errors become JSON errors with fitting status codes. */
function route(h: Handler) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      await h(req, res);
    } catch (err) {
      next(err);
    }
  };
}

export function createApiApp(deps: HttpDeps): express.Express {
  const { api } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);

  // A standby (leader election) serves reads and metrics; anything that would change state goes to the
  // leader. The webhook is open to anyone, so its refusal does not name the leader.
  const standby = (named: boolean) => (req: Request, res: Response, next: NextFunction) => {
    const l = deps.leadership?.();
    if (l && !l.leader && needsToken(req.path) && req.method !== 'GET' && req.method !== 'HEAD') {
      const leader = named ? `the leader is ${l.holder || 'not elected yet'}` : 'send it to the leader';
      return sendError(res, unavailable(`this replica is a standby (leader election); ${leader}: ${req.method} ${req.path} was not carried out`, { reason: 'NotLeader' }));
    }
    next();
  };
  app.use('/api/v1/webhooks/git', standby(false));

  // The push webhook is authenticated by its signature over the raw body, not by the API token.
  app.post('/api/v1/webhooks/git', express.raw({ type: '*/*', limit: BODY_LIMIT }), route(async (req, res) => {
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const outcome = await api.webhook(...readWebhook(req.headers, body));
    if (outcome.status === 'unauthorized') return sendError(res, unauthorized('webhook signature missing or invalid'));
    res.status(outcome.status === 'accepted' ? 202 : 200).json(outcome);
  }));

  app.use(uiRoutes());
  // With a token every API call needs it, reads included (SPEC §4): a daemon with a token listens on
  // every interface, and its reads show the app's objects. Open: /healthz, /readyz, /metrics, the UI's
  // static pages and assets (they hold no data; the UI sends the token with its API calls) and the push
  // webhook above (its signature verifies it). Any method, any path under /api/.
  app.use((req, res, next) => {
    if (deps.token !== undefined && needsToken(req.path) && !tokenMatches(req.get('authorization'), deps.token)) {
      res.set('WWW-Authenticate', 'Bearer realm="tugboat"');
      return sendError(res, unauthorized('a bearer token is required for this call'));
    }
    next();
  });
  app.use(standby(true));
  // Any JSON value parses (not only objects and arrays): endpoints say what they take (objectBody).
  app.use(express.json({ limit: BODY_LIMIT, type: () => true, strict: false }));

  app.get('/healthz', (_req, res) => { res.json({ status: 'ok' }); });
  app.get('/readyz', (_req, res) => {
    const l = deps.leadership?.();
    if (l && !l.leader) sendError(res, unavailable(`standby: the leader is ${l.holder || 'not elected yet'}`, { reason: 'NotLeader' }));
    else if (api.ready) res.json({ status: 'ready' });
    else sendError(res, unavailable('initial reconcile still running', { reason: 'NotReady' }));
  });
  app.get('/metrics', route(async (_req, res) => {
    res.set('Content-Type', deps.metricsContentType).send(await deps.metrics());
  }));

  app.get('/api/v1/applications', (_req, res) => {
    res.json({ items: api.listApps() });
  });
  app.get('/api/v1/applications/:app', (req, res) => {
    const name = String(req.params.app);
    res.json({ ...api.appStatus(name), resources: api.resources(name) });
  });
  app.get('/api/v1/applications/:app/resource-tree', route(async (req, res) => {
    res.json(await api.resourceTree(String(req.params.app)));
  }));
  app.get('/api/v1/applications/:app/history', route(async (req, res) => {
    res.json({ items: await api.history(String(req.params.app)) });
  }));
  app.get('/api/v1/applications/:app/diff', route(async (req, res) => {
    const format = String(req.query.format ?? 'json');
    if (!isDiffFormat(format)) throw invalid(`format must be json, text, markdown or html`);
    const revision = typeof req.query.revision === 'string' ? req.query.revision : undefined;
    const out = await api.diff(String(req.params.app), { format, revision, objects: req.query.objects === 'true' });
    res.set('Content-Type', DIFF_CONTENT_TYPES[format]).send(out);
  }));
  app.post('/api/v1/applications/:app/sync', route(async (req, res) => {
    const body = objectBody(req);
    for (const [k, t] of [['revision', 'string'], ['dryRun', 'boolean'], ['prune', 'boolean']] as const) {
      if (body[k] !== undefined && typeof body[k] !== t) throw invalid(`${k} must be a ${t}`);
    }
    const name = String(req.params.app);
    const { result, status } = await api.sync(name, {
      revision: body.revision as string | undefined,
      dryRun: body.dryRun as boolean | undefined,
      prune: body.prune as boolean | undefined,
    });
    res.json({
      result: result ? { kind: result.kind, reason: result.reason, changes: result.changes.length, pendingPrune: result.pendingPrune.length } : null,
      status,
    });
  }));
  app.post('/api/v1/applications/:app/rollback', route(async (req, res) => {
    const body = objectBody(req);
    for (const [k, t] of [['id', 'number'], ['revision', 'string'], ['gitRevert', 'boolean']] as const) {
      if (body[k] !== undefined && typeof body[k] !== t) throw invalid(`${k} must be a ${t}`);
    }
    const name = String(req.params.app);
    const { result, status } = await api.rollback(name, { id: body.id as number | undefined, revision: body.revision as string | undefined, gitRevert: body.gitRevert as boolean | undefined });
    res.json({
      result: result ? { kind: result.kind, reason: result.reason, history: result.history ?? null } : null,
      status,
    });
  }));
  app.post('/api/v1/applications/:app/rollouts/:rollout/:command', route(async (req, res) => {
    const command = String(req.params.command);
    if (command !== 'promote' && command !== 'abort') throw notFound('no such endpoint');
    const body = objectBody(req);
    if (body.full !== undefined && typeof body.full !== 'boolean') throw invalid('full must be a boolean');
    if (command === 'abort' && body.full !== undefined) throw invalid('full applies to promote only');
    const name = String(req.params.app);
    const rollout = String(req.params.rollout);
    // An unknown Rollout is NotFound, a command its state refuses is Conflict (thrown by the api).
    res.json(await api.rolloutCommand(name, rollout, command, { full: body.full === true }));
  }));

  app.use('/api/v1/sim', simRoutes(api.cluster));
  app.use(streamRoutes(api));
  app.use(eventsRoutes(api));
  app.use(resourceRoutes(api));

  app.use((_req: Request, res: Response) => sendError(res, notFound('no such endpoint')));
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => sendError(res, err));
  return app;
}
