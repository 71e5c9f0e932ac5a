import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sendError } from '../../../src/adapters/http/error-reply.js';
import { simRoutes } from '../../../src/adapters/http/sim-routes.js';
import { ConflictError, NotFoundError, NotImplementedError } from '../../../src/daemon/daemon.js';
import { ClusterError } from '../../../src/core/ports.js';
import { createSimCluster, type SimCluster } from '../../../src/adapters/cluster/sim/index.js';

// The API's error handler (the one api-app.ts installs) in front of routes that throw, over real HTTP:
// each error answers the status and body the API answered before errors carried codes.
describe('error replies over HTTP', () => {
  let server: Server;
  let base: string;
  let cluster: SimCluster;
  let work: string;

  const thrown: Record<string, () => unknown> = {
    notFound: () => new NotFoundError('application "nope" not found'),
    notImplemented: () => new NotImplementedError('not available in this version'),
    conflict: () => new ConflictError('the revert commit cannot be made'),
    clusterBadRequest: () => new ClusterError(400, 'BadRequest', 'unable to parse requirement'),
    clusterUnavailable: () => new ClusterError(503, 'NotLeader', 'cannot apply: this replica is not the leader'),
    plain: () => new Error('disk full'),
  };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'tugboat-errors-'));
    cluster = await createSimCluster({ dataDir: join(work, 'cluster'), nodes: 1 });
    const app = express();
    app.use(express.json({ limit: '1mb', type: () => true, strict: false }));
    app.use('/api/v1/sim', simRoutes(cluster));
    app.all('/throw/:what', (req) => { throw thrown[String(req.params.what)]!(); });
    app.use((err: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => sendError(res, err));
    server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await cluster.close();
    rmSync(work, { recursive: true, force: true });
  });

  const get = async (path: string, init?: RequestInit) => {
    const res = await fetch(base + path, init);
    return { status: res.status, body: await res.json() as unknown };
  };
  const err = (status: number, code: string, message: string) => ({ status, body: { error: { code, message } } });

  it('the daemon\'s errors', async () => {
    expect(await get('/throw/notFound')).toEqual(err(404, 'NotFound', 'application "nope" not found'));
    expect(await get('/throw/notImplemented')).toEqual(err(501, 'NotImplemented', 'not available in this version'));
    expect(await get('/throw/conflict')).toEqual(err(409, 'Conflict', 'the revert commit cannot be made'));
    expect(await get('/throw/plain')).toEqual(err(500, 'Internal', 'disk full'));
  });

  it('a ClusterError outside the simulated cluster\'s routes is internal', async () => {
    expect(await get('/throw/clusterBadRequest')).toEqual(err(500, 'Internal', 'unable to parse requirement'));
    expect(await get('/throw/clusterUnavailable')).toEqual(err(500, 'Internal', 'cannot apply: this replica is not the leader'));
  });

  it('the body parser\'s errors', async () => {
    const post = (body: string, headers: Record<string, string> = {}) => get('/throw/plain', { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
    expect(await post('{"a":')).toEqual(err(400, 'BadRequest', 'request body is not valid JSON'));
    expect(await post(JSON.stringify({ a: 'x'.repeat(1024 * 1024 + 10) }))).toEqual(err(413, 'PayloadTooLarge', 'request body is larger than 1 MiB'));
    const charset = await post('{}', { 'content-type': 'application/json; charset=klingon' });
    expect(charset.status).toBe(415);
    expect(charset.body).toEqual({ error: { code: 'BadRequest', message: 'unsupported charset "KLINGON"' } });
  });

  it('the simulated cluster\'s routes: its own refusals, and the cluster\'s 4xx answered with its code and reason', async () => {
    expect(await get('/api/v1/sim/resources/widgets')).toEqual(err(404, 'NotFound', 'the server doesn\'t have a resource type "widgets"'));
    expect(await get('/api/v1/sim/resources/pods/ghost')).toEqual(err(404, 'NotFound', 'pods "ghost" not found'));
    expect(await get('/api/v1/sim/nodes/ghost/fail', { method: 'POST' })).toEqual(err(404, 'NotFound', 'nodes "ghost" not found'));
    const bad = await get('/api/v1/sim/resources/pods?labelSelector=' + encodeURIComponent('app in (a'));
    expect(bad.status).toBe(400);
    expect((bad.body as { error: { code: string } }).error.code).toBe('BadRequest');
  });
});
