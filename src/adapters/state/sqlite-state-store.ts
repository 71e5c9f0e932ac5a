import Database from 'better-sqlite3';
import { join } from 'node:path';
import { ensurePrivateDir } from './private-files.js';
import { openDatabase } from './open-database.js';
import type { AppRecord, AppliedObject, HistoryEntry, StateStore } from '../../core/reconcile/app-state.js';
import type { RolloutState } from '../../core/rollout/types.js';

/**
 * App records, history and inventories in `<dataDir>/state.db`. Every write is one SQLite transaction
 * with synchronous=FULL, so it is on disk before the caller acts on it.
 */
export class SqliteStateStore implements StateStore {
  private readonly db: Database.Database;
  private readonly cache = new Map<string, Map<string, AppliedObject>>();

  constructor(dataDir: string) {
    ensurePrivateDir(dataDir);
    const file = join(dataDir, 'state.db');
    this.db = openDatabase(file);
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS apps (name TEXT PRIMARY KEY, json TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS history (app TEXT NOT NULL, id INTEGER NOT NULL, json TEXT NOT NULL, PRIMARY KEY (app, id));
      CREATE TABLE IF NOT EXISTS applied (app TEXT NOT NULL, key TEXT NOT NULL, hash TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (app, key));
      CREATE INDEX IF NOT EXISTS applied_by_key ON applied (key);
      CREATE TABLE IF NOT EXISTS rollouts (app TEXT NOT NULL, name TEXT NOT NULL, json TEXT NOT NULL, PRIMARY KEY (app, name));
    `);
  }

  getApp(name: string): AppRecord | undefined {
    const row = this.db.prepare('SELECT json FROM apps WHERE name = ?').get(name) as { json: string } | undefined;
    return row ? (JSON.parse(row.json) as AppRecord) : undefined;
  }

  putApp(record: AppRecord): void {
    this.db.prepare('INSERT INTO apps (name, json) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET json = excluded.json')
      .run(record.name, JSON.stringify(record));
  }

  history(app: string): HistoryEntry[] {
    const rows = this.db.prepare('SELECT json FROM history WHERE app = ? ORDER BY id').all(app) as Array<{ json: string }>;
    return rows.map((r) => JSON.parse(r.json) as HistoryEntry);
  }

  addHistory(app: string, entry: Omit<HistoryEntry, 'id'>, limit: number): HistoryEntry {
    const tx = this.db.transaction(() => {
      const row = this.db.prepare('SELECT MAX(id) AS id FROM history WHERE app = ?').get(app) as { id: number | null };
      const full: HistoryEntry = { id: (row.id ?? 0) + 1, ...entry };
      this.db.prepare('INSERT INTO history (app, id, json) VALUES (?, ?, ?)').run(app, full.id, JSON.stringify(full));
      this.db.prepare('DELETE FROM history WHERE app = ? AND id <= ?').run(app, full.id - limit);
      return full;
    });
    return tx();
  }

  applied(app: string): Map<string, AppliedObject> {
    let m = this.cache.get(app);
    if (!m) {
      m = new Map();
      const rows = this.db.prepare('SELECT key, hash, json FROM applied WHERE app = ?').all(app) as Array<{ key: string; hash: string; json: string }>;
      for (const r of rows) m.set(r.key, storedApplied(r.key, r.hash, r.json));
      this.cache.set(app, m);
    }
    return m;
  }

  ownersOf(keys: readonly string[], except: string): Map<string, string> {
    const out = new Map<string, string>();
    if (keys.length === 0) return out;
    const q = this.db.prepare('SELECT app FROM applied WHERE key = ? AND app != ? LIMIT 1').pluck();
    for (const k of keys) {
      const app = q.get(k, except) as string | undefined;
      if (app !== undefined) out.set(k, app);
    }
    return out;
  }

  recordApplied(app: string, upserts: AppliedObject[], removed: string[]): void {
    this.db.transaction(() => this.writeApplied(app, upserts, removed))();
    this.cacheApplied(app, upserts, removed);
  }

  commitSync(app: string, change: { upserts: AppliedObject[]; removed: string[]; history?: Omit<HistoryEntry, 'id'>; historyLimit: number; record: AppRecord }): HistoryEntry | undefined {
    const entry = this.db.transaction(() => {
      this.writeApplied(app, change.upserts, change.removed);
      const h = change.history ? this.addHistory(app, change.history, change.historyLimit) : undefined;
      this.putApp(change.record);
      return h;
    })();
    this.cacheApplied(app, change.upserts, change.removed);
    return entry;
  }

  /** Inventory rows; call inside a transaction. */
  private writeApplied(app: string, upserts: AppliedObject[], removed: string[]): void {
    const up = this.db.prepare('INSERT INTO applied (app, key, hash, json) VALUES (?, ?, ?, ?) ON CONFLICT(app, key) DO UPDATE SET hash = excluded.hash, json = excluded.json');
    const del = this.db.prepare('DELETE FROM applied WHERE app = ? AND key = ?');
    for (const o of upserts) up.run(app, o.key, o.hash, JSON.stringify(o.object));
    for (const k of removed) del.run(app, k);
  }

  private cacheApplied(app: string, upserts: AppliedObject[], removed: string[]): void {
    const m = this.applied(app);
    for (const o of upserts) m.set(o.key, o);
    for (const k of removed) m.delete(k);
  }

  rolloutStates(app: string): Record<string, RolloutState> {
    const rows = this.db.prepare('SELECT name, json FROM rollouts WHERE app = ?').all(app) as Array<{ name: string; json: string }>;
    const out: Record<string, RolloutState> = {};
    for (const r of rows) out[r.name] = JSON.parse(r.json) as RolloutState;
    return out;
  }

  putRolloutState(app: string, rollout: string, state: RolloutState | undefined): void {
    if (state === undefined) this.db.prepare('DELETE FROM rollouts WHERE app = ? AND name = ?').run(app, rollout);
    else this.db.prepare('INSERT INTO rollouts (app, name, json) VALUES (?, ?, ?) ON CONFLICT(app, name) DO UPDATE SET json = excluded.json').run(app, rollout, JSON.stringify(state));
  }

  close(): void {
    this.db.close();
  }
}

/**
 * An inventory row read back from the database: its object is parsed when first read. A restart reads
 * the whole inventory, but a pass whose desired object has the same hash never needs the stored copy
 * (reconcile-app.ts uses the desired one), so most rows stay one compact string instead of a second
 * parsed copy of every object. `object` is an own enumerable property (spreads and JSON see it).
 */
function storedApplied(key: string, hash: string, json: string): AppliedObject {
  let raw: string | undefined = json;
  let parsed: AppliedObject['object'] | undefined;
  const row = { key, hash } as AppliedObject;
  Object.defineProperty(row, 'object', {
    enumerable: true,
    configurable: true,
    get() {
      if (raw !== undefined) {
        parsed = JSON.parse(raw) as AppliedObject['object'];
        raw = undefined;
      }
      return parsed;
    },
    set(o: AppliedObject['object']) {
      parsed = o;
      raw = undefined;
    },
  });
  return row;
}
