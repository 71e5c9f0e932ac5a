import type { ConfigIssue } from './types.js';

/** Formats one issue as `file:line: path: message` (line and path omitted when unknown/empty). */
export function formatIssue(file: string, issue: ConfigIssue): string {
  const where = issue.line !== undefined ? `${file}:${issue.line}` : file;
  return issue.path ? `${where}: ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
}

/**
 * Thrown when tugboat.yaml cannot be read or is invalid. Holds every problem found (`errors`); the message
 * lists them one per line, e.g. `tugboat.yaml:23: applications[1].syncPolicy.prune: expected a boolean, got "yes"`.
 * `path`, `expected` and `line` describe the first problem.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly file: string;
  readonly path: string;
  readonly expected: string | undefined;
  readonly line: number | undefined;
  readonly errors: ConfigIssue[];

  constructor(file: string, errors: ConfigIssue[]) {
    const list = errors.length > 0 ? errors : [{ path: '', message: 'invalid configuration' }];
    super(list.map((e) => formatIssue(file, e)).join('\n'));
    this.file = file;
    this.errors = list;
    this.path = list[0]!.path;
    this.expected = list[0]!.expected;
    this.line = list[0]!.line;
  }
}
