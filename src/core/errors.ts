/**
 * Tugboat's errors: one closed set of codes, one class that carries a code, and one table from code to
 * HTTP status. The HTTP adapter turns any thrown value into a reply with `httpReply`; nothing else maps
 * errors to statuses.
 */
import { ClusterError } from './ports.js';

/** What went wrong, as the caller sees it. Closed: adding a code means adding its row to HTTP_ERRORS. */
export type ErrorCode = 'NotFound' | 'Invalid' | 'Conflict' | 'Unauthorized' | 'NotImplemented' | 'Unavailable' | 'Internal';

/**
 * Each code's HTTP status and the `error.code` the API's JSON body names by default. `Invalid` answers
 * `BadRequest` (the name the API has always used for a 400).
 */
export const HTTP_ERRORS: { readonly [C in ErrorCode]: { readonly status: number; readonly reason: string } } = {
  NotFound: { status: 404, reason: 'NotFound' },
  Invalid: { status: 400, reason: 'BadRequest' },
  Conflict: { status: 409, reason: 'Conflict' },
  Unauthorized: { status: 401, reason: 'Unauthorized' },
  NotImplemented: { status: 501, reason: 'NotImplemented' },
  Unavailable: { status: 503, reason: 'Unavailable' },
  Internal: { status: 500, reason: 'Internal' },
};

export const ERROR_CODES = Object.keys(HTTP_ERRORS) as ErrorCode[];

export interface ErrorDetails {
  /** The body's `error.code` when it is not the table's (e.g. `NotLeader`, `PayloadTooLarge`). */
  reason?: string;
  /** An HTTP status other than the table's, where the answer has always been more precise (e.g. 413). */
  status?: number;
}

export class TugboatError extends Error {
  readonly reason: string | undefined;
  readonly status: number | undefined;

  constructor(readonly code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'TugboatError';
    this.reason = details.reason;
    this.status = details.status;
  }
}

/** The thing asked for does not exist: an application, a revision, a history entry, an object (404). */
export class NotFoundError extends TugboatError {
  constructor(message: string, details?: ErrorDetails) {
    super('NotFound', message, details);
    this.name = 'NotFoundError';
  }
}

/** The request is understood but this build or this cluster cannot carry it out (501). */
export class NotImplementedError extends TugboatError {
  constructor(message: string, details?: ErrorDetails) {
    super('NotImplemented', message, details);
    this.name = 'NotImplementedError';
  }
}

/** The request cannot be carried out in the current state (409). */
export class ConflictError extends TugboatError {
  constructor(message: string, details?: ErrorDetails) {
    super('Conflict', message, details);
    this.name = 'ConflictError';
  }
}

export const notFound = (message: string, details?: ErrorDetails) => new NotFoundError(message, details);
export const invalid = (message: string, details?: ErrorDetails) => new TugboatError('Invalid', message, details);
export const conflict = (message: string, details?: ErrorDetails) => new ConflictError(message, details);
export const unauthorized = (message: string, details?: ErrorDetails) => new TugboatError('Unauthorized', message, details);
export const notImplemented = (message: string, details?: ErrorDetails) => new NotImplementedError(message, details);
export const unavailable = (message: string, details?: ErrorDetails) => new TugboatError('Unavailable', message, details);
export const internal = (message: string, details?: ErrorDetails) => new TugboatError('Internal', message, details);

export interface HttpErrorReply {
  status: number;
  body: { error: { code: string; message: string } };
}

export interface HttpReplyOptions {
  /**
   * A ClusterError with a 4xx code answers with its own code and reason (the cluster refusing the
   * request is the caller's error: the simulated cluster's routes). Otherwise it is an internal error.
   */
  clusterClientErrors?: boolean;
}

/** Any thrown value as the API's error reply: TugboatErrors through the table, anything else a 500. */
export function httpReply(err: unknown, opts: HttpReplyOptions = {}): HttpErrorReply {
  if (err instanceof TugboatError) {
    const row = HTTP_ERRORS[err.code];
    return reply(err.status ?? row.status, err.reason ?? row.reason, err.message);
  }
  if (opts.clusterClientErrors && err instanceof ClusterError && err.code >= 400 && err.code < 500) {
    return reply(err.code, err.reason, err.message);
  }
  return reply(HTTP_ERRORS.Internal.status, HTTP_ERRORS.Internal.reason, err instanceof Error ? err.message : 'internal error');
}

function reply(status: number, code: string, message: string): HttpErrorReply {
  return { status, body: { error: { code, message } } };
}
