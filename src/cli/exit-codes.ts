import { HTTP_ERRORS, type ErrorCode } from '../core/errors.js';

/** Exit codes (SPEC §3): 0 success, 1 differences found or operation failed, 2 usage or input error. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** A daemon answering with one of these codes means the command asked for something wrong: exit 2. */
const USAGE_CODES: readonly ErrorCode[] = ['NotFound', 'Invalid'];

/** Whether an HTTP error status from the daemon is a usage error (404, 400); any other is a failure (1). */
export function usageStatus(status: number): boolean {
  return USAGE_CODES.some((c) => HTTP_ERRORS[c].status === status);
}

export class CliError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
    this.name = 'CliError';
  }

  /** Also true for a CliError from the bundled template command, which carries its own copy of this class. */
  static override [Symbol.hasInstance](v: unknown): boolean {
    return v instanceof Error && v.name === 'CliError' && typeof (v as { exitCode?: unknown }).exitCode === 'number';
  }
}

/** Writes a failed command's error to stderr as `error: …` and returns its exit code (SPEC §3). */
export function reportError(err: unknown): number {
  if (err instanceof CliError) {
    if (err.message) process.stderr.write(`error: ${err.message}\n`);
    return err.exitCode;
  }
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  return err instanceof Error && err.name === 'ConfigError' ? EXIT.usage : EXIT.failed;
}
