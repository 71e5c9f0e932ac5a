import { simpleGit, type SimpleGit } from 'simple-git';
import { BlobReader } from './blob-reader.js';

import type { CommitInfo, FileChange, RepoReader, TreeEntry } from '../../core/ports.js';

export type { CommitInfo, FileChange, TreeEntry };

/**
 * Read-only access to a git repository at exact commits (never the working tree).
 * `gitDir` is the repository's git directory (`.git` of a checkout, or a bare repository).
 */
export class GitRepo implements RepoReader {
  readonly git: SimpleGit;
  private readonly blobs: BlobReader;

  constructor(readonly gitDir: string) {
    // Running git inside the git directory itself addresses that repository, bare or not.
    this.git = simpleGit({ baseDir: gitDir, maxConcurrentProcesses: 4 });
    this.blobs = new BlobReader(gitDir);
  }

  /** Resolves a ref or SHA to a full commit SHA; undefined when it does not exist. */
  async resolve(ref: string): Promise<string | undefined> {
    try {
      const out = await this.git.raw(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
      const sha = out.trim();
      return sha || undefined;
    } catch {
      return undefined;
    }
  }

  /** Files under `path` ('.' = whole tree) at `rev`, with blob ids. */
  async listTree(rev: string, path: string): Promise<TreeEntry[]> {
    const args = ['ls-tree', '-r', '-z', '--full-tree', rev];
    if (path && path !== '.') args.push('--', path);
    const out = await this.git.raw(args);
    const entries: TreeEntry[] = [];
    for (const rec of out.split('\0')) {
      if (!rec) continue;
      const tab = rec.indexOf('\t');
      const meta = rec.slice(0, tab).split(' ');
      if (meta[1] !== 'blob') continue;
      entries.push(meta[0] === '120000' ? { path: rec.slice(tab + 1), blob: meta[2]!, symlink: true } : { path: rec.slice(tab + 1), blob: meta[2]! });
    }
    return entries;
  }

  /**
   * What `path` is at `rev`, walking it from the root: a folder, a file, a symbolic link (with its blob,
   * which holds the link's target) or missing. `at` is where the walk stopped: the path itself, or the
   * first part of it that is missing, a link or a file.
   */
  async pathKind(rev: string, path: string): Promise<{ kind: 'tree' | 'blob' | 'symlink' | 'missing'; at: string; blob?: string }> {
    const parts = path.split('/').filter((p) => p && p !== '.');
    for (let i = 1; i <= parts.length; i++) {
      const at = parts.slice(0, i).join('/');
      const out = await this.git.raw(['ls-tree', '-z', rev, '--', at]);
      const rec = out.split('\0').find((r) => r.slice(r.indexOf('\t') + 1) === at);
      if (!rec) return { kind: 'missing', at };
      const [mode, type, blob] = rec.slice(0, rec.indexOf('\t')).split(' ');
      if (mode === '120000') return { kind: 'symlink', at, blob: blob! };
      if (type !== 'tree') return { kind: i === parts.length ? 'blob' : 'missing', at };
    }
    return { kind: 'tree', at: parts.join('/') || '.' };
  }

  /**
   * Files that differ between two commits under `path`, with their new blob ids. Walks the two trees
   * through the long-lived cat-file process and descends only into subtrees whose ids differ, so the
   * cost follows the size of the change, not of the repository (and no process is spawned).
   */
  async changedFiles(from: string, to: string, path: string): Promise<FileChange[]> {
    const [a, b] = await Promise.all([this.treeAt(from, path), this.treeAt(to, path)]);
    const out: FileChange[] = [];
    await this.diffTrees(a, b, path === '.' || !path ? '' : path, out);
    return out.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  }

  /** The tree id of `path` at commit `rev` (undefined when the path does not exist there): equal ids, equal contents. */
  async treeId(rev: string, path: string): Promise<string | undefined> {
    return this.treeAt(rev, path);
  }

  /** The tree id of `path` at commit `rev`; undefined when the path does not exist there. */
  private async treeAt(rev: string, path: string): Promise<string | undefined> {
    const commit = (await this.blobs.read(rev)).toString('utf8');
    let tree: string | undefined = /^tree ([0-9a-f]{40,64})/m.exec(commit)?.[1];
    if (!path || path === '.') return tree;
    for (const part of path.split('/')) {
      if (!tree) return undefined;
      const entry = (await this.readTree(tree)).find((e) => e.name === part);
      tree = entry && entry.type === 'tree' ? entry.id : undefined;
    }
    return tree;
  }

  /** Parsed trees by id: trees are immutable, and the previous revision's trees are what the next diff reads. */
  private readonly trees = new Map<string, Array<{ name: string; id: string; type: 'tree' | 'blob' | 'commit' }>>();

  private async readTree(id: string): Promise<Array<{ name: string; id: string; type: 'tree' | 'blob' | 'commit' }>> {
    const hit = this.trees.get(id);
    if (hit) return hit;
    const entries = await this.readTreeUncached(id);
    if (this.trees.size >= 4096) this.trees.delete(this.trees.keys().next().value!);
    this.trees.set(id, entries);
    return entries;
  }

  private async readTreeUncached(id: string): Promise<Array<{ name: string; id: string; type: 'tree' | 'blob' | 'commit' }>> {
    const buf = await this.blobs.read(id);
    const entries: Array<{ name: string; id: string; type: 'tree' | 'blob' | 'commit' }> = [];
    const idLen = this.idLength;
    let i = 0;
    while (i < buf.length) {
      const sp = buf.indexOf(32, i);
      const nul = buf.indexOf(0, sp);
      const mode = buf.subarray(i, sp).toString('latin1');
      const name = buf.subarray(sp + 1, nul).toString('utf8');
      const oid = buf.subarray(nul + 1, nul + 1 + idLen).toString('hex');
      entries.push({ name, id: oid, type: mode === '40000' ? 'tree' : mode === '160000' ? 'commit' : 'blob' });
      i = nul + 1 + idLen;
    }
    return entries;
  }

  /** SHA-1 repositories use 20-byte ids; SHA-256 ones 32. */
  private idLength = 20;

  private async diffTrees(a: string | undefined, b: string | undefined, prefix: string, out: FileChange[]): Promise<void> {
    if (a === b) return;
    const [ea, eb] = await Promise.all([a ? this.readTree(a) : [], b ? this.readTree(b) : []]);
    const byName = new Map(ea.map((e) => [e.name, e]));
    const join = (n: string) => (prefix ? `${prefix}/${n}` : n);
    const jobs: Array<Promise<void>> = [];
    for (const e of eb) {
      const old = byName.get(e.name);
      byName.delete(e.name);
      if (old && old.id === e.id && old.type === e.type) continue;
      if (e.type === 'tree') {
        if (old && old.type !== 'tree') out.push({ path: join(e.name) });
        jobs.push(this.diffTrees(old?.type === 'tree' ? old.id : undefined, e.id, join(e.name), out));
      } else if (e.type === 'blob') {
        if (old?.type === 'tree') jobs.push(this.diffTrees(old.id, undefined, join(e.name), out));
        out.push({ path: join(e.name), blob: e.id });
      }
    }
    for (const old of byName.values()) {
      if (old.type === 'tree') jobs.push(this.diffTrees(old.id, undefined, join(old.name), out));
      else if (old.type === 'blob') out.push({ path: join(old.name) });
    }
    await Promise.all(jobs);
  }

  /** Files that differ between two commits under `path`, computed by `git diff-tree` (reference implementation). */
  async changedFilesByDiffTree(from: string, to: string, path: string): Promise<FileChange[]> {
    const args = ['diff-tree', '-r', '-z', '--no-renames', from, to];
    if (path && path !== '.') args.push('--', path);
    const out = await this.git.raw(args);
    const parts = out.split('\0');
    const changes: FileChange[] = [];
    for (let i = 0; i + 1 < parts.length; i += 2) {
      const meta = parts[i]!;
      const file = parts[i + 1]!;
      if (!meta.startsWith(':')) continue;
      const fields = meta.slice(1).split(' ');
      const status = fields[4] ?? '';
      const newBlob = fields[3] ?? '';
      const newMode = fields[1] ?? '';
      const isFile = newMode.startsWith('100') || newMode.startsWith('120');
      changes.push({ path: file, blob: status.startsWith('D') || !isFile ? undefined : newBlob });
    }
    return changes;
  }

  async isAncestor(ancestor: string, descendant: string): Promise<boolean> {
    try {
      await this.git.raw(['merge-base', '--is-ancestor', ancestor, descendant]);
      return true;
    } catch {
      return false;
    }
  }

  /** Author, committer time and subject of a commit, read from the commit object (no process spawned). */
  async commitInfo(rev: string): Promise<CommitInfo> {
    const text = (await this.blobs.read(rev)).toString('utf8');
    const headerEnd = text.indexOf('\n\n');
    const header = headerEnd < 0 ? text : text.slice(0, headerEnd);
    const author = /^author (.*?) <[^>]*> \d+/m.exec(header)?.[1] ?? '';
    const committed = /^committer .*? (\d+) [+-]\d{4}$/m.exec(header)?.[1];
    const subject = headerEnd < 0 ? '' : (text.slice(headerEnd + 2).split('\n')[0] ?? '');
    return { sha: rev, author, time: Number(committed ?? 0) * 1000, subject };
  }

  readBlob(id: string): Promise<Buffer> {
    return this.blobs.read(id);
  }

  close(): void {
    this.blobs.close();
  }
}
