import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TempGitRepo } from '../../helpers/temp-git.js';
import { GitSource, redactUrl } from '../../../src/adapters/git/source.js';
import { GitRepo } from '../../../src/adapters/git/git-repo.js';
import { nullRecorder, silentLogger } from '../../../src/core/ports.js';

const cleanups: Array<() => void> = [];
afterEach(() => { while (cleanups.length) cleanups.pop()!(); });

function repo(): TempGitRepo {
  const r = new TempGitRepo();
  cleanups.push(() => r.cleanup());
  return r;
}

describe('GitRepo reads exact commits', () => {
  it('lists a folder, reads blobs and names changed files with their new blob ids', async () => {
    const r = repo();
    r.write('apps/a/one.yaml', 'one: 1\n');
    r.write('apps/a/sub/two.yaml', 'two: 2\n');
    r.write('apps/ab/other.yaml', 'x: 1\n');
    const c1 = r.commit('one');
    r.write('apps/a/one.yaml', 'one: 11\n');
    r.remove('apps/a/sub/two.yaml');
    r.write('apps/a/three.yaml', 'three: 3\n');
    const c2 = r.commit('two');
    const g = new GitRepo(join(r.dir, '.git'));
    cleanups.push(() => g.close());
    const tree = await g.listTree(c1, 'apps/a');
    expect(tree.map((e) => e.path)).toEqual(['apps/a/one.yaml', 'apps/a/sub/two.yaml']);
    expect((await g.readBlob(tree[0]!.blob)).toString()).toBe('one: 1\n');
    const changes = await g.changedFiles(c1, c2, 'apps/a');
    expect(changes.map((c) => [c.path, c.blob ? 'blob' : 'deleted'])).toEqual([
      ['apps/a/one.yaml', 'blob'], ['apps/a/sub/two.yaml', 'deleted'], ['apps/a/three.yaml', 'blob'],
    ]);
    expect((await g.readBlob(changes[0]!.blob!)).toString()).toBe('one: 11\n');
    expect(await g.resolve('refs/heads/main')).toBe(c2);
    expect(await g.resolve('does-not-exist')).toBeUndefined();
    expect((await g.commitInfo(c2)).subject).toBe('two');
  });

  it('the tree walk finds exactly what git diff-tree finds', async () => {
    const r = repo();
    r.write('apps/a/x.yaml', '1'); r.write('apps/a/deep/y.yaml', '2'); r.write('apps/a/deep/z/w.yaml', '3'); r.write('apps/a/f', '4');
    r.write('apps/b/q.yaml', '5');
    const c1 = r.commit('c1');
    r.write('apps/a/deep/y.yaml', '2b'); r.remove('apps/a/deep/z/w.yaml'); r.remove('apps/a/f'); r.write('apps/a/f/now-a-dir.yaml', '6');
    r.write('apps/a/new/n.yaml', '7'); r.git('mv', 'apps/a/x.yaml', 'apps/a/renamed.yaml'); r.write('apps/b/q.yaml', '5b');
    const c2 = r.commit('c2');
    const g = new GitRepo(join(r.dir, '.git'));
    cleanups.push(() => g.close());
    for (const path of ['apps/a', '.', 'apps/b', 'apps/missing']) {
      expect(await g.changedFiles(c1, c2, path)).toEqual(await g.changedFilesByDiffTree(c1, c2, path));
      expect(await g.changedFiles(c2, c1, path)).toEqual(await g.changedFilesByDiffTree(c2, c1, path));
    }
    expect((await g.changedFiles(c1, c2, 'apps/a')).length).toBe(7);
    const info = await g.commitInfo(c2);
    expect(info.time).toBe(Number(r.git('show', '-s', '--format=%ct', c2)) * 1000);
    expect(info.subject).toBe('c2');
    expect(info.author).toBe('Test');
  });

  it('reads many blobs in parallel through one cat-file process', async () => {
    const r = repo();
    for (let i = 0; i < 200; i++) r.write(`f/${i}.yaml`, `n: ${i}\n${'x'.repeat(i * 50)}\n`);
    const c = r.commit('many');
    const g = new GitRepo(join(r.dir, '.git'));
    cleanups.push(() => g.close());
    const entries = await g.listTree(c, '.');
    const bodies = await Promise.all(entries.map((e) => g.readBlob(e.blob)));
    for (let i = 0; i < entries.length; i++) {
      expect(bodies[i]!.toString()).toBe(readFileSync(join(r.dir, entries[i]!.path), 'utf8'));
    }
  });
});

describe('GitSource', () => {
  it('picks up a plain git commit in a local repository within a fraction of a second, never touching the working tree', async () => {
    const r = repo();
    r.write('a.yaml', 'a: 1\n');
    const c1 = r.commit('c1');
    const src = await GitSource.open({ name: 's', repo: r.dir, isRemote: false, branch: 'main', pollInterval: 3_600_000 }, tmpdir(), nullRecorder, silentLogger);
    cleanups.push(() => src.close());
    const seen: string[] = [];
    src.onRevision((rev) => seen.push(rev));
    await src.start();
    expect(seen).toEqual([c1]);
    // Uncommitted work is not a revision.
    r.write('a.yaml', 'a: dirty\n');
    await new Promise((res) => setTimeout(res, 300));
    expect(seen).toEqual([c1]);
    const t0 = Date.now();
    r.write('b.yaml', 'b: 1\n');
    const c2 = r.commit('c2');
    while (seen.length < 2 && Date.now() - t0 < 3000) await new Promise((res) => setTimeout(res, 10));
    expect(seen).toEqual([c1, c2]);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(readFileSync(join(r.dir, 'a.yaml'), 'utf8')).toBe('a: dirty\n');
  });

  it('mirrors a remote into dataDir and sees new commits when refreshed', async () => {
    const r = repo();
    r.write('a.yaml', 'a: 1\n');
    const c1 = r.commit('c1');
    const data = mkdtempSync(join(tmpdir(), 'tugboat-src-'));
    cleanups.push(() => rmSync(data, { recursive: true, force: true }));
    const bare = join(data, 'upstream.git');
    execFileSync('git', ['clone', '-q', '--bare', r.dir, bare]);
    const src = await GitSource.open({ name: 'remote', repo: `file://${bare}`, isRemote: true, branch: 'main', pollInterval: 3_600_000 }, data, nullRecorder, silentLogger);
    cleanups.push(() => src.close());
    await src.start();
    expect(src.revision).toBe(c1);
    r.write('a.yaml', 'a: 2\n');
    const c2 = r.commit('c2');
    r.git('push', '-q', bare, 'main');
    expect(src.revision).toBe(c1);
    await src.refresh();
    expect(src.revision).toBe(c2);
  });

  it('after a restart a remote is fetched once; when the remote is gone the mirror is still served, with the error', async () => {
    const r = repo();
    r.write('a.yaml', 'a: 1\n');
    const c1 = r.commit('c1');
    const data = mkdtempSync(join(tmpdir(), 'tugboat-src-'));
    cleanups.push(() => rmSync(data, { recursive: true, force: true }));
    const bare = join(data, 'upstream.git');
    execFileSync('git', ['clone', '-q', '--bare', r.dir, bare]);
    const spec = { name: 'remote', repo: `file://${bare}`, isRemote: true, branch: 'main', pollInterval: 3_600_000 };
    const first = await GitSource.open(spec, data, nullRecorder, silentLogger);
    await first.start();
    first.close();
    r.write('a.yaml', 'a: 2\n');
    const c2 = r.commit('c2');
    r.git('push', '-q', bare, 'main');
    const second = await GitSource.open(spec, data, nullRecorder, silentLogger);
    cleanups.push(() => second.close());
    await second.start();
    expect(second.revision).toBe(c2);
    rmSync(bare, { recursive: true, force: true });
    const third = await GitSource.open(spec, data, nullRecorder, silentLogger);
    cleanups.push(() => third.close());
    await third.start();
    expect(third.revision).toBe(c2);
    expect(third.lastError).toMatch(/^fetch failed/);
    expect(c1).not.toBe(c2);
  });

  it('a source that is not a git repository fails with a clear message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tugboat-norepo-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    await expect(GitSource.open({ name: 'x', repo: dir, isRemote: false, branch: 'main', pollInterval: 1000 }, dir, nullRecorder, silentLogger)).rejects.toThrow(/source x: .* is not a git repository/);
  });

  it('credentials never appear in messages', () => {
    expect(redactUrl('fatal: could not read https://user:s3cret@example.com/repo.git')).toBe('fatal: could not read https://***@example.com/repo.git');
  });
});
