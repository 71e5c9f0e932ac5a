/**
 * What `tugboat template` keeps across runs in the user's cache folder, so that a chart rendered again
 * skips most of the reading and parsing:
 *
 *  - the parse trees of the template files (core/template/tree-codec.ts; packs and an index, see
 *    treePacks), from the second run that parses a file on: a template file is read back instead of
 *    lexed and parsed again, and the bodies of its branches are made into nodes only when they first
 *    run (most of a large chart's templates sit in branches its values switch off). A file that does
 *    not parse is never kept: its error is the parse's, every time.
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
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { ParsedYaml } from '../core/chart/chart-tree.js';
import { decodeTrees, encodeTrees, hashText, type ParsedTrees } from '../core/template/index.js';
import type { Tree } from '../core/template/ast.js';

/** YAML files kept at most; beyond, the oldest tenth goes. */
const MAX_YAML = 2_000;
/** Template files' parse trees kept at most (the newest first). */
const MAX_TREES = 20_000;

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

function digest(text: string): string {
  return hashText('sha256', text, 'base64url');
}

/**
 * A YAML file's value as kept: JSON after a `J` when JSON holds it exactly (nearly every values.yaml
 * and Chart.yaml), else V8's serialization (which starts with 0xFF): numbers JSON cannot write (NaN,
 * ±Infinity, −0) or anything not plain. JSON.parse is as quick, and node:v8 costs ~3.5 ms to load.
 */
function yamlEntryOf(value: unknown): Buffer {
  return plainJson(value) ? Buffer.from(`J${JSON.stringify(value)}`) : v8().serialize(value);
}

/** A fresh copy of the value yamlEntryOf kept. Throws on anything else. */
function readYamlEntry(data: Buffer): unknown {
  if (data[0] === 0x4a) return JSON.parse(data.toString('utf8', 1)) as unknown;
  return v8().deserialize(data);
}

function plainJson(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!(i in v) || !plainJson(v[i])) return false;
    return true;
  }
  if (typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return false;
  for (const key in v) if (!plainJson((v as Record<string, unknown>)[key])) return false;
  return true;
}

let v8Module: typeof import('node:v8') | undefined;
function v8(): typeof import('node:v8') {
  return (v8Module ??= createRequire(import.meta.url)('node:v8') as typeof import('node:v8'));
}

export interface TemplateCache {
  parsedTrees: ParsedTrees;
  parsedYaml: ParsedYaml;
  /** Writes what this run added (atomically; of parallel runs, the last one's file wins). */
  save(): void;
}

/** The cache in `dir` (see cacheHome); one that knows nothing and keeps nothing when dir is undefined. */
export function templateCache(dir: string | undefined = cacheHome()): TemplateCache {
  if (dir === undefined) {
    return { parsedTrees: { get: () => undefined, add: () => undefined }, parsedYaml: { get: () => undefined, set: () => undefined }, save: () => undefined };
  }
  const build = digest(buildId()).slice(0, 12);
  const yamlDir = join(dir, `yaml-${build}`);
  const treesDir = join(dir, `trees-${build}`);
  const addedTrees = new Map<string, ReadonlyMap<string, Tree>>();
  const addedSeen = new Set<string>();
  const packs = treePacks(treesDir);
  // A template file's entry: its name and text (a text's trees carry the name it was parsed as). A text
  // not kept is asked for, then added: its key is made once.
  let lastKey: { name: string; text: string; key: string } | undefined;
  const treesKey = (name: string, text: string): string => {
    if (lastKey?.name !== name || lastKey.text !== text) lastKey = { name, text, key: digest(`${name}\0${text}`) };
    return lastKey.key;
  };
  const addedYaml = new Map<string, Buffer>();
  // A run asks for a YAML text more than once (a Chart.yaml is read by several steps): each is
  // digested once and each entry read from disk once (undefined: not there).
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
    parsedTrees: {
      // An entry that does not decode is not there.
      get: (name, text) => {
        const encoded = packs.get(treesKey(name, text));
        if (encoded === undefined) return undefined;
        try {
          return decodeTrees(encoded, text);
        } catch {
          return undefined;
        }
      },
      // A text's trees are kept from the second run that parses it on: the first notes that it was seen
      // (a chart rendered once, as in a fresh CI container, pays nothing for encoding trees it never reads).
      add: (name, text, trees) => {
        const d = treesKey(name, text);
        if (packs.seen(d)) addedTrees.set(d, trees);
        else addedSeen.add(d);
      },
    },
    parsedYaml: {
      // A fresh copy each time (callers may keep it); an entry that does not deserialize is not there.
      get: (text) => {
        const data = yamlEntry(digestOf(text));
        if (data === undefined) return undefined;
        try {
          return readYamlEntry(data);
        } catch {
          return undefined;
        }
      },
      set: (text, value) => {
        try {
          addedYaml.set(digestOf(text), yamlEntryOf(value));
        } catch {
          // not serializable: not kept
        }
      },
    },
    save: () => {
      if (addedYaml.size === 0 && addedTrees.size === 0 && addedSeen.size === 0) return;
      try {
        mkdirSync(dir, { recursive: true, mode: 0o700 });
      } catch {
        return;
      }
      if (addedYaml.size > 0) saveYaml(dir, yamlDir, addedYaml, atomically);
      if (addedTrees.size > 0 || addedSeen.size > 0) {
        const encoded = new Map<string, string>();
        for (const [d, trees] of addedTrees) {
          try {
            encoded.set(d, encodeTrees(trees));
          } catch {
            // not encodable: not kept
          }
        }
        addedTrees.clear();
        packs.save(dir, encoded, addedSeen, atomically);
        addedSeen.clear();
        try {
          // What earlier builds kept instead (digests of the files that parsed).
          rmSync(join(dir, 'template-parse.v1'), { force: true });
        } catch {
          // best effort
        }
      }
    },
  };
}

interface PackEntry {
  pack: string;
  at: number;
  length: number;
}

/**
 * The parse trees of this build (`treesDir`): what a run adds goes into one new pack file (one file
 * for the run, not one per template: making a file costs ~0.5 ms on some file systems, more than
 * encoding a template's trees), and the index (`index`: a line per entry, `digest pack offset length`,
 * the newest first) says where each entry is; `digest -` notes a text seen once, whose trees are not
 * kept yet. Packs the index no longer names are removed.
 */
function treePacks(treesDir: string) {
  const indexFile = join(treesDir, 'index');
  let index: Map<string, PackEntry> | undefined;
  const texts = new Map<string, string | undefined>();
  const readIndex = (): Map<string, PackEntry> => {
    if (index) return index;
    index = new Map();
    try {
      for (const line of readFileSync(indexFile, 'utf8').split('\n')) {
        const [d, pack, at, length] = line.split(' ');
        if (d && pack && !index.has(d)) index.set(d, { pack, at: Number(at ?? 0), length: Number(length ?? 0) });
      }
    } catch {
      // no index yet
    }
    return index;
  };
  const packText = (pack: string): string | undefined => {
    if (!texts.has(pack)) {
      let text: string | undefined;
      try {
        text = readFileSync(join(treesDir, pack), 'utf8');
      } catch {
        text = undefined;
      }
      texts.set(pack, text);
    }
    return texts.get(pack);
  };
  return {
    /** Whether entry `d` is in the index (its trees kept, or the text seen once). */
    seen(d: string): boolean {
      return readIndex().has(d);
    },
    /** The encoded trees of entry `d`, if kept. */
    get(d: string): string | undefined {
      const e = readIndex().get(d);
      if (e === undefined || e.pack === '-') return undefined;
      const text = packText(e.pack);
      if (text === undefined || e.at + e.length > text.length) return undefined;
      return text.slice(e.at, e.at + e.length);
    },
    /**
     * Writes `added` (digest → encoded trees) as a new pack, then the index with the texts `seen` once;
     * removes other builds' trees.
     */
    save(dir: string, added: Map<string, string>, seen: ReadonlySet<string>, atomically: (file: string, data: string) => boolean): void {
      if (added.size === 0 && seen.size === 0) return;
      ownFolder(dir, 'trees-', treesDir);
      const pack = `pack-${process.pid}-${Date.now().toString(36)}`;
      const lines: string[] = [];
      let at = 0;
      for (const [d, encoded] of added) {
        lines.push(`${d} ${pack} ${at} ${encoded.length}`);
        at += encoded.length;
      }
      if (added.size > 0 && !atomically(join(treesDir, pack), [...added.values()].join(''))) return;
      for (const d of seen) lines.push(`${d} -`);
      const old = readIndex();
      for (const [d, e] of old) if (!added.has(d) && !seen.has(d)) lines.push(e.pack === '-' ? `${d} -` : `${d} ${e.pack} ${e.at} ${e.length}`);
      const kept = lines.slice(0, MAX_TREES);
      if (!atomically(indexFile, `${kept.join('\n')}\n`)) return;
      index = undefined;
      const named = new Set(kept.map((l) => l.split(' ')[1]));
      try {
        for (const entry of readdirSync(treesDir)) if (entry.startsWith('pack-') && !named.has(entry)) unlinkSync(join(treesDir, entry));
      } catch {
        // best effort
      }
    },
  };
}

/**
 * Makes this build's folder `folder` (named `prefix` + build) in `dir`; its first making removes other
 * builds' folders of that prefix.
 */
function ownFolder(dir: string, prefix: string, folder: string): void {
  try {
    mkdirSync(folder, { mode: 0o700 });
    for (const entry of readdirSync(dir)) {
      if (entry.startsWith(prefix) && join(dir, entry) !== folder) rmSync(join(dir, entry), { recursive: true, force: true });
    }
  } catch {
    // there already (or not to be made: then nothing is written into it either)
  }
}

/** Writes the new YAML entries into this build's folder; a full folder loses its oldest tenth. */
function saveYaml(dir: string, yamlDir: string, added: Map<string, Buffer>, atomically: (file: string, data: Buffer) => boolean): void {
  ownFolder(dir, 'yaml-', yamlDir);
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
