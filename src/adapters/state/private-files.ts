import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';

/**
 * The data directory holds Secrets (the simulated cluster's objects) and the inventory of applied
 * objects: only the daemon's user may read it. New directories get mode 0700.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/**
 * Creates `file` with mode 0600 if it does not exist, and tightens it if it does. SQLite creates the
 * database's -wal and -shm files with the database file's mode, so they follow.
 */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  chmodSync(file, 0o600);
}
