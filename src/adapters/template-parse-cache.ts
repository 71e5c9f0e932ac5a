/**
 * The template files `tugboat template` has parsed without error before, kept across runs in one
 * small file of the user's cache folder: a text found there is parsed lazily (its {{define}} and
 * branch bodies only when they first run, see core/template/parser.ts), which on a large chart skips
 * most of the parse, because most of a chart's templates sit in branches its values switch off.
 *
 * Only the digests of whole template files are kept (never their text, never `tpl` texts, which
 * come from values). The file is bound to the build that wrote it: another build (other functions,
 * another parser) ignores and replaces it. Every failure to read or write it is silent: it is a
 * cache. Folder: $TUGBOAT_CACHE_HOME, else $XDG_CACHE_HOME/tugboat, else ~/.cache/tugboat;
 * TUGBOAT_CACHE_HOME=off turns it off.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ParsedTexts } from '../core/template/index.js';

/** Digests kept at most (the newest first); ~45 bytes each. */
const MAX_ENTRIES = 50_000;
const FILE_NAME = 'template-parse.v1';

/** The cache folder, or undefined when it is turned off or there is no home to put it in. */
export function cacheHome(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const own = env.TUGBOAT_CACHE_HOME;
  if (own === 'off') return undefined;
  if (own) return own;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, 'tugboat');
  try {
    const home = homedir();
    return home ? join(home, '.cache', 'tugboat') : undefined;
  } catch {
    return undefined;
  }
}

/** Which build wrote the file: this module's file (the bundle, or the compiled module), its size and time. */
function buildId(): string {
  try {
    const self = fileURLToPath(import.meta.url);
    const st = statSync(self);
    return `${process.version} ${st.size} ${Math.trunc(st.mtimeMs)} ${self}`;
  } catch {
    return process.version;
  }
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

export interface ParseCacheFile extends ParsedTexts {
  /** Writes the file when texts were added (atomically; the last of parallel runs wins). */
  save(): void;
}

/** The cache in `dir` (see cacheHome); a cache that knows nothing and keeps nothing when dir is undefined. */
export function templateParseCache(dir: string | undefined = cacheHome()): ParseCacheFile {
  const header = `tugboat template parse cache: ${buildId()}`;
  const file = dir === undefined ? undefined : join(dir, FILE_NAME);
  let known: Set<string> | undefined;
  const added: string[] = [];
  const load = (): Set<string> => {
    if (known) return known;
    known = new Set();
    if (file === undefined) return known;
    try {
      const lines = readFileSync(file, 'utf8').split('\n');
      if (lines[0] === header) for (let i = 1; i < lines.length; i++) if (lines[i] !== '') known.add(lines[i]);
    } catch {
      // no cache yet
    }
    return known;
  };
  return {
    has: (text) => file !== undefined && load().has(digest(text)),
    add: (text) => {
      if (file === undefined) return;
      const d = digest(text);
      if (!load().has(d)) {
        known!.add(d);
        added.push(d);
      }
    },
    save: () => {
      if (file === undefined || added.length === 0) return;
      const fresh = new Set(added);
      const entries = [...added, ...[...load()].filter((d) => !fresh.has(d))].slice(0, MAX_ENTRIES);
      const tmp = `${file}.${process.pid}.tmp`;
      try {
        mkdirSync(dir!, { recursive: true });
        writeFileSync(tmp, `${header}\n${entries.join('\n')}\n`);
        renameSync(tmp, file);
        added.length = 0;
      } catch {
        try {
          unlinkSync(tmp);
        } catch {
          // nothing written
        }
      }
    },
  };
}
