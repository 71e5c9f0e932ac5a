/**
 * tugboat.yaml: parse the YAML, substitute `${VAR}`, check the shape against the JSON Schema (schema.ts, with
 * ajv), run the checks a schema cannot express (rules.ts), then fill defaults and resolve paths (build.ts).
 * Every problem is collected and thrown together as one ConfigError (file, line, key path, what was expected).
 */
import { readFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { buildConfig } from './build.js';
import { ConfigError } from './errors.js';
import { Reporter } from './report.js';
import { checkMisplacedKeys, checkRules } from './rules.js';
import { API_VERSION, CONFIG_KIND } from './schema.js';
import { checkSchema, orderOf, prepare } from './schema-check.js';
import { substitute, type Env } from './substitute.js';
import type { Config, ConfigIssue } from './types.js';

export type { Env } from './substitute.js';
export { formatPath } from './report.js';
export { API_VERSION, CONFIG_KIND, NOTIFICATION_EVENTS } from './schema.js';
export { DEFAULTS } from './build.js';

const MAX_YAML_ERRORS = 3;

/** Reads and parses a config file. Relative paths inside it resolve against the file's folder. */
export function loadConfig(file: string, env: Env = process.env): Config {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why = e.code === 'ENOENT' ? 'file not found' : e.code === 'EISDIR' ? 'is a directory, expected a file' : e.message;
    throw new ConfigError(file, [{ path: '', message: `cannot read config: ${why}` }]);
  }
  return parseConfig(text, file, env);
}

/**
 * Parses config text. `file` names the file in messages and anchors relative paths (made absolute against
 * the current directory). `env` supplies `${VAR}` values and TUGBOAT_TOKEN (default: empty, so the function is pure).
 */
export function parseConfig(text: string, file: string, env: Env = {}): Config {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, merge: true, uniqueKeys: true });
  const lineAt = (offset: number): number => lineCounter.linePos(offset).line;

  if (doc.errors.length > 0) {
    // One syntax error tends to cascade into many; the first few say what is wrong.
    const shown = doc.errors.slice(0, MAX_YAML_ERRORS);
    const issues: ConfigIssue[] = shown.map((e) => ({ path: '', message: `invalid YAML: ${firstLine(e.message)}`, line: lineAt(e.pos[0]) }));
    // A common trap: `{port: ${PORT}}` — in a flow collection, an unquoted ${...} ends the collection.
    const firstLineText = text.split(/\r?\n/)[(issues[0]!.line ?? 1) - 1] ?? '';
    if (/[{[][^"'\n]*\$\{/.test(firstLineText)) {
      issues[0]!.message += ' (inside {...} or [...], quote values that contain ${...}: "${NAME}")';
    }
    if (doc.errors.length > shown.length) {
      issues.push({ path: '', message: `(${doc.errors.length - shown.length} more YAML errors follow from these)` });
    }
    throw new ConfigError(file, issues);
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    throw new ConfigError(file, [{ path: '', message: `invalid YAML: ${(err as Error).message}` }]);
  }

  const absFile = nodePath.resolve(file);
  const report = new Reporter(doc, lineAt, orderOf);
  if (raw === undefined || raw === null) {
    report.fail([], `the file is empty: expected a mapping with apiVersion: ${API_VERSION} and kind: ${CONFIG_KIND}`, 'a mapping');
    throw new ConfigError(file, report.issues);
  }
  const substituted = substitute(raw, [], env, report);
  report.stage = 1;
  const { data, nullPaths } = prepare(substituted, report);
  checkMisplacedKeys(data, nullPaths, report);
  checkSchema(data, nullPaths, report);
  checkRules(data, report);
  const issues = report.issues;
  if (issues.length > 0) throw new ConfigError(file, issues);
  return deepFreeze(buildConfig(data as Record<string, unknown>, absFile, nodePath.dirname(absFile), env));
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
