import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  ConflictError, ERROR_CODES, HTTP_ERRORS, httpReply, internal, invalid, notFound, NotFoundError, notImplemented,
  NotImplementedError, TugboatError, unauthorized, unavailable, conflict, type ErrorCode,
} from '../../src/core/errors.js';
import { ClusterError } from '../../src/core/ports.js';

/** The members of `type ErrorCode = …` as written in the source (tests are not type-checked). */
function declaredCodes(): string[] {
  const src = readFileSync(fileURLToPath(new URL('../../src/core/errors.ts', import.meta.url)), 'utf8');
  const decl = /export type ErrorCode\s*=([^;]+);/.exec(src);
  if (!decl) throw new Error('ErrorCode is not declared in src/core/errors.ts');
  return [...decl[1]!.matchAll(/'([A-Za-z]+)'/g)].map((m) => m[1]!);
}

describe('error codes → HTTP', () => {
  it('the table has a row for every code of the union, and no other', () => {
    const declared = declaredCodes();
    expect(declared.length).toBeGreaterThanOrEqual(7);
    expect([...ERROR_CODES].sort()).toEqual([...declared].sort());
    for (const code of declared) {
      const row = HTTP_ERRORS[code as ErrorCode];
      expect(row, code).toBeDefined();
      expect(row.status, code).toBeGreaterThanOrEqual(400);
      expect(row.status, code).toBeLessThan(600);
      expect(row.reason, code).toMatch(/^[A-Z][A-Za-z]+$/);
    }
  });

  it('each code answers its status', () => {
    const statuses = Object.fromEntries(ERROR_CODES.map((c) => [c, HTTP_ERRORS[c].status]));
    expect(statuses).toEqual({ NotFound: 404, Invalid: 400, Conflict: 409, Unauthorized: 401, NotImplemented: 501, Unavailable: 503, Internal: 500 });
  });

  // What the API answered for each error before the codes (the old instanceof chains), kept exactly.
  const cases: Array<[string, unknown, number, string, string]> = [
    ['NotFoundError', new NotFoundError('application "x" not found'), 404, 'NotFound', 'application "x" not found'],
    ['NotImplementedError', new NotImplementedError('not in this version'), 501, 'NotImplemented', 'not in this version'],
    ['ConflictError', new ConflictError('cannot revert'), 409, 'Conflict', 'cannot revert'],
    ['notFound()', notFound('no such endpoint'), 404, 'NotFound', 'no such endpoint'],
    ['invalid()', invalid('full must be a boolean'), 400, 'BadRequest', 'full must be a boolean'],
    ['invalid() 413', invalid('request body is larger than 1 MiB', { status: 413, reason: 'PayloadTooLarge' }), 413, 'PayloadTooLarge', 'request body is larger than 1 MiB'],
    ['conflict()', conflict('rollout "web" is already aborted'), 409, 'Conflict', 'rollout "web" is already aborted'],
    ['unauthorized()', unauthorized('a bearer token is required for this call'), 401, 'Unauthorized', 'a bearer token is required for this call'],
    ['notImplemented()', notImplemented('node fail is not available in this version'), 501, 'NotImplemented', 'node fail is not available in this version'],
    ['unavailable() NotLeader', unavailable('standby: the leader is b', { reason: 'NotLeader' }), 503, 'NotLeader', 'standby: the leader is b'],
    ['unavailable() NotReady', unavailable('initial reconcile still running', { reason: 'NotReady' }), 503, 'NotReady', 'initial reconcile still running'],
    ['internal()', internal('boom'), 500, 'Internal', 'boom'],
    ['a plain Error', new Error('disk full'), 500, 'Internal', 'disk full'],
    ['a thrown string', 'oops', 500, 'Internal', 'internal error'],
    // A ClusterError is the daemon's internal error, whatever its code (as before) …
    ['ClusterError 503 (leader gate)', new ClusterError(503, 'NotLeader', 'cannot apply: not the leader'), 500, 'Internal', 'cannot apply: not the leader'],
    ['ClusterError 400', new ClusterError(400, 'BadRequest', 'bad selector'), 500, 'Internal', 'bad selector'],
  ];
  for (const [name, err, status, code, message] of cases) {
    it(`${name} → ${status} ${code}`, () => {
      expect(httpReply(err)).toEqual({ status, body: { error: { code, message } } });
    });
  }

  it('… and in the simulated cluster\'s routes a 4xx ClusterError answers its own code and reason', () => {
    const opts = { clusterClientErrors: true };
    expect(httpReply(new ClusterError(400, 'BadRequest', 'unable to parse requirement'), opts)).toEqual({ status: 400, body: { error: { code: 'BadRequest', message: 'unable to parse requirement' } } });
    expect(httpReply(new ClusterError(422, 'Invalid', 'spec.replicas: Invalid value'), opts)).toEqual({ status: 422, body: { error: { code: 'Invalid', message: 'spec.replicas: Invalid value' } } });
    expect(httpReply(new ClusterError(503, 'ServiceUnavailable', 'down'), opts)).toEqual({ status: 500, body: { error: { code: 'Internal', message: 'down' } } });
    expect(httpReply(new NotFoundError('nodes "n9" not found'), opts).status).toBe(404);
  });

  it('the daemon\'s error classes keep their names and instanceof, and carry their code', () => {
    for (const [E, code, name] of [[NotFoundError, 'NotFound', 'NotFoundError'], [NotImplementedError, 'NotImplemented', 'NotImplementedError'], [ConflictError, 'Conflict', 'ConflictError']] as const) {
      const e = new E('m');
      expect(e).toBeInstanceOf(E);
      expect(e).toBeInstanceOf(TugboatError);
      expect(e).toBeInstanceOf(Error);
      expect(e.code).toBe(code);
      expect(e.name).toBe(name);
      expect(e.message).toBe('m');
    }
    expect(notFound('x')).toBeInstanceOf(NotFoundError);
    expect(conflict('x')).toBeInstanceOf(ConflictError);
    expect(notImplemented('x')).toBeInstanceOf(NotImplementedError);
  });
});
