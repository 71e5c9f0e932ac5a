import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PreparedFile } from '../../core/render/assemble.js';
import type { PreparedFileCache } from '../../core/ports.js';
import { ensurePrivateDir, ensurePrivateFile } from './private-files.js';

/** What the renderer needs from a cache of prepared files that outlives the process (the port is in core/ports.ts). */
export type { PreparedFileCache };

/**
 * `<dataDir>/render-cache.db`: each app's manifest files as parsed and prepared (objects with their
 * keys, hashes, file and line; parse errors), by path and blob id, so a restart reads JSON instead of
 * parsing every YAML file again. It is derived data: any row can be lost (a crash, a deleted file) and
 * is then parsed again; a row is used only for the same app, namespace, path and blob id, and the whole
 * cache is dropped when the parsing code or the YAML parser changes (a fingerprint of both).
 */
export class SqliteRenderCache implements PreparedFileCache {
  private readonly db: Database.Database;

  constructor(dataDir: string, fingerprint = renderCodeFingerprint()) {
    ensurePrivateDir(dataDir);
    const file = join(dataDir, 'render-cache.db');
    ensurePrivateFile(file);
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // A cache: a commit lost in a crash is parsed again, so no fsync per write.
    this.db.pragma('synchronous = OFF');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS prepared (app TEXT NOT NULL, path TEXT NOT NULL, namespace TEXT NOT NULL, blob TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (app, path));
    `);
    const had = (this.db.prepare("SELECT v FROM meta WHERE k = 'fingerprint'").pluck().get() as string | undefined);
    if (had !== fingerprint) {
      this.db.transaction(() => {
        this.db.exec('DELETE FROM prepared');
        this.db.prepare("INSERT OR REPLACE INTO meta (k, v) VALUES ('fingerprint', ?)").run(fingerprint);
      })();
    }
  }

  load(app: string, namespace: string, files: ReadonlyMap<string, string>): Map<string, PreparedFile> {
    const out = new Map<string, PreparedFile>();
    const rows = this.db.prepare('SELECT path, namespace, blob, json FROM prepared WHERE app = ?').raw().iterate(app) as IterableIterator<[string, string, string, string]>;
    for (const [path, ns, blob, json] of rows) {
      if (ns !== namespace || files.get(path) !== blob) continue;
      try {
        const f = JSON.parse(json) as PreparedFile;
        if (f.path === path && Array.isArray(f.objects) && Array.isArray(f.errors)) out.set(path, f);
      } catch {
        // a damaged row is parsed again
      }
    }
    return out;
  }

  store(app: string, namespace: string, prepared: ReadonlyArray<{ blob: string; file: PreparedFile }>, keep?: ReadonlyMap<string, string>): void {
    const up = this.db.prepare('INSERT OR REPLACE INTO prepared (app, path, namespace, blob, json) VALUES (?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      if (keep) {
        const del = this.db.prepare('DELETE FROM prepared WHERE app = ? AND path = ?');
        const paths = this.db.prepare('SELECT path FROM prepared WHERE app = ?').pluck().all(app) as string[];
        for (const p of paths) if (!keep.has(p)) del.run(app, p);
      }
      for (const { blob, file } of prepared) up.run(app, file.path, namespace, blob, JSON.stringify(file));
    })();
  }

  close(): void {
    this.db.close();
  }
}

/**
 * A fingerprint of what a prepared file depends on besides its content: the parsing and preparing code
 * (core/render, core/model, as the running build has them) and the YAML parser's version.
 */
export function renderCodeFingerprint(): string {
  const h = createHash('sha256');
  const core = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'core');
  for (const dir of ['render', 'model']) {
    let names: string[] = [];
    try {
      names = readdirSync(join(core, dir)).filter((n) => /\.(js|ts)$/.test(n) && !n.endsWith('.d.ts')).sort();
    } catch {
      h.update(`no ${dir}`);
    }
    for (const n of names) h.update(`${dir}/${n}\0`).update(readFileSync(join(core, dir, n))).update('\0');
  }
  try {
    const require = createRequire(import.meta.url);
    h.update(String((require('yaml/package.json') as { version?: string }).version));
  } catch {
    h.update('yaml ?');
  }
  return h.digest('hex');
}
