import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { TempGitRepo } from '../../helpers/temp-git.js';
import { configMap } from '../../helpers/manifests.js';
import { inProcessDaemon } from '../../helpers/in-process.js';
import { createApiApp } from '../../../src/adapters/http/api-app.js';
import { tugboatApi } from '../../../src/app/tugboat-api.js';

// The API's answers to bad requests, through createApiApp and its one error handler over real HTTP: each
// status, `error.code` and message is the one the API gave before errors carried codes.
describe('the API\'s error statuses and bodies', () => {
  let repo: TempGitRepo;
  let d: Awaited<ReturnType<typeof inProcessDaemon>>;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    repo = new TempGitRepo();
    repo.write('apps/web/cm.yaml', configMap('web', { v: '1' }));
    repo.commit('web');
    d = await inProcessDaemon('  - {name: web, source: src, path: apps/web, namespace: web}', repo.dir);
    const app = createApiApp({ api: tugboatApi(d.daemon), metrics: async () => '', metricsContentType: 'text/plain' });
    server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => server?.close(r));
    await d?.stop();
    repo?.cleanup();
  });

  const call = async (method: string, path: string, body?: string, headers: Record<string, string> = {}) => {
    const res = await fetch(base + path, { method, body, headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers } });
    return { status: res.status, body: await res.json() as unknown };
  };
  const err = (status: number, code: string, message: string) => ({ status, body: { error: { code, message } } });

  const cases: Array<[string, string, string | undefined, ReturnType<typeof err>]> = [
    ['GET', '/api/v1/applications/nope', undefined, err(404, 'NotFound', 'application "nope" not found')],
    ['GET', '/api/v1/applications/nope/history', undefined, err(404, 'NotFound', 'application "nope" not found')],
    ['GET', '/api/v1/nothing-here', undefined, err(404, 'NotFound', 'no such endpoint')],
    ['GET', '/api/v1/applications/web/diff?format=pdf', undefined, err(400, 'BadRequest', 'format must be json, text, markdown or html')],
    ['GET', '/api/v1/applications/web/diff?revision=0000000000000000000000000000000000000000', undefined, err(404, 'NotFound', 'revision "0000000000000000000000000000000000000000" not found in source src')],
    ['GET', '/api/v1/applications/web/events?limit=0', undefined, err(400, 'BadRequest', 'limit must be a positive integer')],
    ['GET', '/api/v1/applications/web/resource?kind=ConfigMap&name=web&format=xml', undefined, err(400, 'BadRequest', 'format must be json or yaml')],
    ['GET', '/api/v1/applications/web/resource?kind=ConfigMap', undefined, err(400, 'BadRequest', 'kind and name are required (group and namespace as the object has them)')],
    ['POST', '/api/v1/applications/web/sync', '[]', err(400, 'BadRequest', 'the request body must be a JSON object (like {"dryRun": true}), got an array')],
    ['POST', '/api/v1/applications/web/sync', '{"dryRun":"yes"}', err(400, 'BadRequest', 'dryRun must be a boolean')],
    ['POST', '/api/v1/applications/web/sync', '{"dryRun":', err(400, 'BadRequest', 'request body is not valid JSON')],
    ['POST', '/api/v1/applications/nope/sync', '{}', err(404, 'NotFound', 'application "nope" not found')],
    ['POST', '/api/v1/applications/web/rollback', '{"id":99}', err(404, 'NotFound', 'history entry 99 of application "web" not found')],
    ['POST', '/api/v1/applications/web/rollouts/r/restart', '{}', err(404, 'NotFound', 'no such endpoint')],
    ['POST', '/api/v1/applications/web/rollouts/r/abort', '{"full":true}', err(400, 'BadRequest', 'full applies to promote only')],
    ['POST', '/api/v1/applications/web/rollouts/r/promote', '{}', err(404, 'NotFound', 'rollout "r" not found in application "web"')],
    ['GET', '/api/v1/sim/resources/widgets', undefined, err(404, 'NotFound', 'the server doesn\'t have a resource type "widgets"')],
    ['DELETE', '/api/v1/sim/resources/configmaps/ghost?namespace=web', undefined, err(404, 'NotFound', 'configmaps "ghost" not found')],
  ];
  for (const [method, path, body, want] of cases) {
    it(`${method} ${path}${body !== undefined ? ` ${body}` : ''} → ${want.status} ${want.body.error.code}`, async () => {
      expect(await call(method, path, body)).toEqual(want);
    });
  }

  it('a body over 1 MiB → 413 PayloadTooLarge', async () => {
    expect(await call('POST', '/api/v1/applications/web/sync', JSON.stringify({ pad: 'x'.repeat(1024 * 1024 + 1) })))
      .toEqual(err(413, 'PayloadTooLarge', 'request body is larger than 1 MiB'));
  });

  it('an unsupported charset → the body parser\'s 415 as BadRequest', async () => {
    expect(await call('POST', '/api/v1/applications/web/sync', '{}', { 'content-type': 'application/json; charset=klingon' }))
      .toEqual(err(415, 'BadRequest', 'unsupported charset "KLINGON"'));
  });

  it('a malformed label selector is the cluster\'s 400, answered with its reason', async () => {
    const res = await call('GET', '/api/v1/sim/resources/configmaps?labelSelector=' + encodeURIComponent('app in (a'));
    expect(res.status).toBe(400);
    expect((res.body as { error: { code: string; message: string } }).error.code).toBe('BadRequest');
  });
});
