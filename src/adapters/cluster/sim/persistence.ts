/**
 * SQLite write-through for the sim's store, with group commit: writes are queued in memory and all the
 * writes queued during one turn of the event loop are committed in ONE transaction on the next
 * setImmediate. The promise a writer gets resolves only after that commit (durable: WAL + synchronous=FULL).
 */
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { ensurePrivateDir } from '../../state/private-files.js';
import { openDatabase } from '../../state/open-database.js';

export interface ObjectRow {
  key: string;
  json: string;
  createdMs: number;
  internal: string | null;
}

export interface EventRow {
  name: string;
  json: string;
}

type Pending =
  | { table: 'objects'; key: string; row: ObjectRow | null }
  | { table: 'events'; key: string; json: string | null }
  | { table: 'meta'; key: string; value: string };

export class Persistence {
  private readonly db: Database.Database;
  private readonly pending = new Map<string, Pending>();
  private batch: { promise: Promise<void>; resolve: () => void; reject: (e: unknown) => void } | undefined;
  private scheduled: NodeJS.Immediate | undefined;
  private closed = false;
  private readonly stmts;

  constructor(dataDir: string) {
    ensurePrivateDir(dataDir);
    const file = join(dataDir, 'cluster.db');
    this.db = openDatabase(file);
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS objects (k TEXT PRIMARY KEY, v TEXT NOT NULL, created_ms INTEGER NOT NULL, internal TEXT);
      CREATE TABLE IF NOT EXISTS events (k TEXT PRIMARY KEY, v TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
    `);
    this.stmts = {
      putObject: this.db.prepare('INSERT OR REPLACE INTO objects (k, v, created_ms, internal) VALUES (?, ?, ?, ?)'),
      delObject: this.db.prepare('DELETE FROM objects WHERE k = ?'),
      putEvent: this.db.prepare('INSERT OR REPLACE INTO events (k, v) VALUES (?, ?)'),
      delEvent: this.db.prepare('DELETE FROM events WHERE k = ?'),
      putMeta: this.db.prepare('INSERT OR REPLACE INTO meta (k, v) VALUES (?, ?)'),
    };
  }

  /**
   * Every stored object, one row at a time: the caller parses each as it comes, so the whole table's
   * JSON text is never held at once next to the parsed objects (at a restart that doubled peak memory).
   */
  *loadObjects(): Generator<ObjectRow> {
    const rows = this.db.prepare('SELECT k, v, created_ms, internal FROM objects').raw().iterate() as IterableIterator<[string, string, number, string | null]>;
    for (const [key, json, createdMs, internal] of rows) yield { key, json, createdMs, internal };
  }

  /** Every stored event, oldest first, one row at a time. */
  *loadEvents(): Generator<EventRow> {
    const rows = this.db.prepare('SELECT k, v FROM events ORDER BY rowid').raw().iterate() as IterableIterator<[string, string]>;
    for (const [name, json] of rows) yield { name, json };
  }

  getMeta(key: string): string | undefined {
    const row = this.db.prepare('SELECT v FROM meta WHERE k = ?').get(key) as { v: string } | undefined;
    return row?.v;
  }

  putObject(key: string, row: ObjectRow | null): Promise<void> {
    this.pending.set('o\0' + key, { table: 'objects', key, row });
    return this.barrier();
  }

  putEvent(name: string, json: string | null): Promise<void> {
    this.pending.set('e\0' + name, { table: 'events', key: name, json });
    return this.barrier();
  }

  putMeta(key: string, value: string): Promise<void> {
    this.pending.set('m\0' + key, { table: 'meta', key, value });
    return this.barrier();
  }

  /** A promise that resolves once everything queued so far is committed. */
  barrier(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('cluster store is closed'));
    if (!this.batch) {
      let resolve!: () => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      // Writers that do not await (controllers) must not cause unhandled rejections.
      promise.catch(() => undefined);
      this.batch = { promise, resolve, reject };
    }
    if (!this.scheduled) this.scheduled = setImmediate(() => this.flush());
    return this.batch.promise;
  }

  /** Commits everything queued, synchronously, in one transaction. */
  flush(): void {
    if (this.scheduled) {
      clearImmediate(this.scheduled);
      this.scheduled = undefined;
    }
    const batch = this.batch;
    this.batch = undefined;
    if (this.pending.size === 0) {
      batch?.resolve();
      return;
    }
    const items = [...this.pending.values()];
    this.pending.clear();
    try {
      this.db.transaction(() => {
        for (const p of items) {
          if (p.table === 'objects') {
            if (p.row) this.stmts.putObject.run(p.key, p.row.json, p.row.createdMs, p.row.internal);
            else this.stmts.delObject.run(p.key);
          } else if (p.table === 'events') {
            if (p.json !== null) this.stmts.putEvent.run(p.key, p.json);
            else this.stmts.delEvent.run(p.key);
          } else {
            this.stmts.putMeta.run(p.key, p.value);
          }
        }
      })();
      batch?.resolve();
    } catch (e) {
      batch?.reject(e);
    }
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.db.close();
  }
}
