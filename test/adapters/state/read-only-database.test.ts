import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../../../dist/', import.meta.url));
const isRoot = process.getuid?.() === 0;
/** Root writes anywhere: as root the stores run as `nobody` so the directory's mode applies. */
const NOBODY = 65534;
const hasSetpriv = !isRoot || spawnSync('setpriv', ['--version']).status === 0;

/** Opens both SQLite stores of `dataDir` in a child process (built code, as `tugboat serve` runs it). */
function openStores(dataDir: string): { state: string; cluster: string } {
  const script = `
    const { SqliteStateStore } = await import(${JSON.stringify(join(DIST, 'adapters/state/sqlite-state-store.js'))});
    const { Persistence } = await import(${JSON.stringify(join(DIST, 'adapters/cluster/sim/persistence.js'))});
    const out = {};
    for (const [name, open] of [['state', () => new SqliteStateStore(process.argv[1])], ['cluster', () => new Persistence(process.argv[1])]]) {
      try { const s = open(); out[name] = 'ok'; s.close(); } catch (e) { out[name] = e.message; }
    }
    console.log(JSON.stringify(out));`;
  const node = [process.execPath, '--input-type=module', '-e', script, dataDir];
  const [cmd, ...args] = isRoot ? ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', ...node] : node;
  return JSON.parse(execFileSync(cmd!, args, { encoding: 'utf8' }).trim()) as { state: string; cluster: string };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) {
    chmodSync(join(d, 'data'), 0o700);
    rmSync(d, { recursive: true, force: true });
  }
});

describe('a database that cannot be written names the file and the cause', () => {
  it.runIf(hasSetpriv)('a data directory this user cannot write: the error names state.db / cluster.db and says dataDir is not writable', () => {
    const base = mkdtempSync(join(tmpdir(), 'tugboat-rodb-'));
    dirs.push(base);
    chmodSync(base, 0o755);
    const data = join(base, 'data');
    mkdirSync(data, { mode: 0o700 });
    if (isRoot) chownSync(data, NOBODY, NOBODY);
    // Created by an earlier run, then the directory became read-only (a mount, a chmod, another user's dataDir).
    expect(openStores(data)).toEqual({ state: 'ok', cluster: 'ok' });
    chmodSync(data, 0o500);
    const got = openStores(data);
    expect(got.state).toContain(join(data, 'state.db'));
    expect(got.cluster).toContain(join(data, 'cluster.db'));
    for (const message of [got.state, got.cluster]) {
      expect(message).toContain('readonly database');
      expect(message).toContain(`the data directory ${data} is not writable by this user`);
    }
  });
});
