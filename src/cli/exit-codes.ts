/** Exit codes (SPEC §3): 0 success, 1 differences found or operation failed, 2 usage or input error. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

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
