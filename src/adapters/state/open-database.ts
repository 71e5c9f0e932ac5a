import Database from 'better-sqlite3';
import { accessSync, constants } from 'node:fs';
import { basename, dirname } from 'node:path';
import { ensurePrivateFile } from './private-files.js';

/**
 * Opens (creating it mode 0600 if needed) one of the data directory's SQLite databases in WAL mode.
 * SQLite's own errors ("attempt to write a readonly database") name neither the file nor the cause:
 * a failure here names both, e.g. a data directory this user cannot write (WAL mode creates its
 * `-wal` and `-shm` files beside the database).
 */
export function openDatabase(file: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    ensurePrivateFile(file);
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    return db;
  } catch (err) {
    db?.close();
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`cannot open the database ${file}: ${message}${cause(file)}`, { cause: err });
  }
}

function cause(file: string): string {
  const dir = dirname(file);
  if (!writable(dir)) return ` (the data directory ${dir} is not writable by this user: SQLite creates ${basename(file)}-wal and -shm there; check cluster.dataDir and its permissions)`;
  if (!writable(file)) return ` (the file is not writable by this user)`;
  return '';
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}
