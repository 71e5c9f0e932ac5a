/**
 * What `tugboat template` keeps across runs in the user's cache folder, so that a chart rendered again
 * skips most of the reading and parsing:
 *
 *  - the template files that parsed without error (their digests, one small file): such a file is
 *    parsed lazily, its {{define}} and branch bodies only when they first run (core/template/parser.ts).
 *    Most of a large chart's templates sit in branches its values switch off.
 *  - the chart's own YAML files as read (values.yaml, Chart.yaml, requirements.yaml), one file per
 *    text in V8's serialization: a values.yaml of 260 kB, mostly comments, is read again in under a
 *    millisecond instead of ~25 ms.
 *
 * Only files of the chart are kept (never -f files, --set values or `tpl` texts, which come from the
 * user's values), readable by the user alone (folders 0700, files 0600): a chart's values may hold
 * default passwords. Both are bound to the build that wrote them: another build (other functions, another
 * parser or YAML reader) ignores them and starts afresh. Every failure to read or write is silent: it is
 * a cache. Folder: $TUGBOAT_CACHE_HOME, else $XDG_CACHE_HOME/tugboat, else ~/.cache/tugboat;
 * TUGBOAT_CACHE_HOME=off turns it off.
 */
import * as crypto from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import type { ParsedYaml } from '../core/chart/chart-tree.js';
import type { ParsedTexts } from '../core/template/index.js';

/** Template digests kept at most (the newest first); ~45 bytes each. */
const MAX_TEXTS = 50_000;
/** YAML files kept at most; beyond, the oldest tenth goes. */
const MAX_YAML = 2_000;
const TEXTS_FILE = 'template-parse.v1';

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

/** Which build this is: this module's file (the bundle, or the compiled module), its size and time, and Node's version. */
function buildId(): string {
  try {
    const self = fileURLToPath(import.meta.url);
    const st = statSync(self);
    return `${process.version} ${st.size} ${Math.trunc(st.mtimeMs)} ${self}`;
  } catch {
    return process.version;
  }
}

// crypto.hash (Node ≥ 20.12) is one call; a Hash object costs more than hashing a small file.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'base64url') => string }).hash;
function digest(text: string): string {
  return oneShot ? oneShot('sha256', text, 'base64url') : crypto.createHash('sha256').update(text).digest('base64url');
}

export interface TemplateCache {
  parsedTexts: ParsedTexts;
  parsedYaml: ParsedYaml;
  /** Writes what this run added (atomically; of parallel runs, the last one's file wins). */
  save(): void;
}

/** The cache in `dir` (see cacheHome); one that knows nothing and keeps nothing when dir is undefined. */
export function templateCache(dir: string | undefined = cacheHome()): TemplateCache {
  if (dir === undefined) {
    return { parsedTexts: { has: () => false, add: () => undefined }, parsedYaml: { get: () => undefined, set: () => undefined }, save: () => undefined };
  }
  const build = buildId();
  const header = `tugboat template parse cache: ${build}`;
  const yamlDir = join(dir, `yaml-${digest(build).slice(0, 12)}`);
  const textsFile = join(dir, TEXTS_FILE);
  let known: Set<string> | undefined;
  const addedTexts: string[] = [];
  const addedYaml = new Map<string, Buffer>();
  // A run asks for a text more than once (parsed, then added; a Chart.yaml read by several steps):
  // each is digested once and each YAML entry read from disk once (undefined: not there).
  const digests = new Map<string, string>();
  const digestOf = (text: string): string => {
    let d = digests.get(text);
    if (d === undefined) digests.set(text, (d = digest(text)));
    return d;
  };
  const yamlRead = new Map<string, Buffer | undefined>();
  const yamlEntry = (d: string): Buffer | undefined => {
    if (addedYaml.has(d)) return addedYaml.get(d);
    if (!yamlRead.has(d)) {
      let data: Buffer | undefined;
      try {
        data = readFileSync(join(yamlDir, d));
      } catch {
        data = undefined;
      }
      yamlRead.set(d, data);
    }
    return yamlRead.get(d);
  };
  const texts = (): Set<string> => {
    if (known) return known;
    known = new Set();
    try {
      const lines = readFileSync(textsFile, 'utf8').split('\n');
      if (lines[0] === header) for (let i = 1; i < lines.length; i++) if (lines[i] !== '') known.add(lines[i]!);
    } catch {
      // no cache yet
    }
    return known;
  };
  const atomically = (file: string, data: string | Buffer) => {
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, data, { mode: 0o600 });
      renameSync(tmp, file);
      return true;
    } catch {
      try {
        unlinkSync(tmp);
      } catch {
        // nothing written
      }
      return false;
    }
  };
  return {
    parsedTexts: {
      has: (text) => texts().has(digestOf(text)),
      add: (text) => {
        const d = digestOf(text);
        const set = texts();
        if (set.has(d)) return;
        set.add(d);
        addedTexts.push(d);
      },
    },
    parsedYaml: {
      // A fresh copy each time (callers may keep it); an entry that does not deserialize is not there.
      get: (text) => {
        const data = yamlEntry(digestOf(text));
        if (data === undefined) return undefined;
        try {
          return deserialize(data);
        } catch {
          return undefined;
        }
      },
      set: (text, value) => {
        try {
          addedYaml.set(digestOf(text), serialize(value));
        } catch {
          // not serializable: not kept
        }
      },
    },
    save: () => {
      if (addedTexts.length === 0 && addedYaml.size === 0) return;
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
      } catch {
        return;
      }
      if (addedTexts.length > 0) {
        const fresh = new Set(addedTexts);
        const entries = [...addedTexts, ...[...texts()].filter((d) => !fresh.has(d))].slice(0, MAX_TEXTS);
        if (atomically(textsFile, `${header}\n${entries.join('\n')}\n`)) addedTexts.length = 0;
      }
      if (addedYaml.size > 0) saveYaml(dir, yamlDir, addedYaml, atomically);
    },
  };
}

/** Writes the new YAML entries; a first write of this build removes other builds' folders, a full folder loses its oldest tenth. */
function saveYaml(dir: string, yamlDir: string, added: Map<string, Buffer>, atomically: (file: string, data: Buffer) => boolean): void {
  try {
    mkdirSync(yamlDir, { mode: 0o700 });
    for (const entry of readdirSync(dir)) {
      if (entry.startsWith('yaml-') && join(dir, entry) !== yamlDir) rmSync(join(dir, entry), { recursive: true, force: true });
    }
  } catch {
    // there already (or not to be made: then nothing below is written either)
  }
  for (const [d, data] of added) atomically(join(yamlDir, d), data);
  added.clear();
  try {
    const entries = readdirSync(yamlDir);
    if (entries.length <= MAX_YAML) return;
    const byAge = entries.map((e) => ({ e, t: statSync(join(yamlDir, e)).mtimeMs })).sort((a, b) => a.t - b.t);
    for (const { e } of byAge.slice(0, Math.ceil(MAX_YAML / 10))) unlinkSync(join(yamlDir, e));
  } catch {
    // best effort
  }
}
