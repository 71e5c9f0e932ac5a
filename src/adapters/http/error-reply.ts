import type { Response } from 'express';
import { httpReply, invalid, TugboatError, type HttpErrorReply, type HttpReplyOptions } from '../../core/errors.js';

/**
 * The errors express and its body parser throw (they carry `type` and `status`) as Tugboat's; any other
 * value as it is.
 */
export function fromExpress(err: unknown): unknown {
  if (err instanceof TugboatError) return err;
  const e = err as { type?: string; status?: number; message?: string } | undefined;
  if (e?.type === 'entity.too.large') return invalid('request body is larger than 1 MiB', { status: 413, reason: 'PayloadTooLarge' });
  if (e?.type === 'entity.parse.failed') return invalid('request body is not valid JSON');
  if (typeof e?.status === 'number' && e.status >= 400 && e.status < 500) return invalid(e.message ?? 'bad request', { status: e.status });
  return err;
}

/** What the API answers for any value a route threw (or express passed on). */
export function errorReply(err: unknown, opts?: HttpReplyOptions): HttpErrorReply {
  return httpReply(fromExpress(err), opts);
}

/** Answers with an error: its status and body come from the one table in core/errors.ts. */
export function sendError(res: Response, err: unknown, opts?: HttpReplyOptions): void {
  const { status, body } = errorReply(err, opts);
  res.status(status).json(body);
}
