import { existsSync, mkdirSync, statSync, watch, type FSWatcher } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { simpleGit } from 'simple-git';
import { GitRepo } from './git-repo.js';
import type { Logger, Recorder, Source, SourceListener, SourceSpec } from '../../core/ports.js';
import { redactUrl } from '../../core/source/repo-url.js';

export type { SourceListener, SourceSpec };
/** Re-exported from core/source/repo-url.ts (its home). */
export { redactUrl };

/**
 * One git source: a local repository watched for new commits on its branch, or a remote one
 * mirrored into dataDir and fetched on an interval and on push webhooks. One fetch serves all
 * the apps of the source.
 */
export class GitSource implements Source {
  readonly repo: GitRepo;
  private head: string | undefined;
  private listeners: SourceListener[] = [];
  private watchers: FSWatcher[] = [];
  /** Inode of the git directory the watches were set on: a re-created repository gets new ones. */
  private watchedIno: number | undefined;
  private rearmTimer: NodeJS.Timeout | undefined;
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private recheck = false;
  private closed = false;
  lastError: string | undefined;
  /** Set when open() just cloned the mirror, so start() need not fetch again. */
  private freshClone = false;

  private constructor(
    readonly spec: SourceSpec,
    readonly gitDir: string,
    private readonly recorder: Recorder,
    private readonly logger: Logger,
  ) {
    this.repo = new GitRepo(gitDir);
  }

  static async open(spec: SourceSpec, dataDir: string, recorder: Recorder, logger: Logger): Promise<GitSource> {
    if (spec.isRemote) {
      const mirror = join(dataDir, 'sources', `${spec.name}.git`);
      let cloned = false;
      if (!existsSync(join(mirror, 'HEAD'))) {
        cloned = true;
        mkdirSync(join(dataDir, 'sources'), { recursive: true, mode: 0o700 });
        const started = Date.now();
        try {
          await simpleGit().clone(spec.repo, mirror, ['--bare', '--single-branch', '--branch', spec.branch]);
          recorder.gitFetched({ source: spec.name, result: 'success', seconds: (Date.now() - started) / 1000 });
        } catch (err) {
          recorder.gitFetched({ source: spec.name, result: 'error', seconds: (Date.now() - started) / 1000 });
          throw new Error(`source ${spec.name}: cannot clone ${redactUrl(spec.repo)}: ${firstLine(err)}`);
        }
      }
      const src = new GitSource(spec, mirror, recorder, logger);
      src.freshClone = cloned;
      return src;
    }
    const dir = resolve(spec.repo);
    let gitDir: string;
    try {
      const out = await simpleGit(dir).raw(['rev-parse', '--absolute-git-dir']);
      gitDir = out.trim();
    } catch (err) {
      throw new Error(`source ${spec.name}: ${dir} is not a git repository: ${firstLine(err)}`);
    }
    return new GitSource(spec, gitDir, recorder, logger);
  }

  get name(): string {
    return this.spec.name;
  }

  get revision(): string | undefined {
    return this.head;
  }

  onRevision(listener: SourceListener): void {
    this.listeners.push(listener);
  }

  /** Told (with a redacted one-line reason) each time a fetch of a remote source fails. */
  onFetchFailed(listener: (error: string) => void): void {
    this.fetchFailedListeners.push(listener);
  }

  private fetchFailedListeners: Array<(error: string) => void> = [];

  /** Starts watching (local) or polling (remote) and resolves the first revision. */
  async start(): Promise<void> {
    // A remote mirror from an earlier run may be behind: fetch once at start.
    await this.check(this.spec.isRemote && !this.freshClone);
    if (this.spec.isRemote) {
      this.schedulePoll();
      return;
    }
    this.armWatch();
    // Safety net for filesystems where events get lost.
    this.schedulePoll();
  }

  /**
   * Watches the directories that hold the branch's ref, not the ref file itself: git replaces
   * refs/heads/<branch> (and packed-refs) by renaming a lock file over it, and a watch on the file
   * follows the old inode, so a per-file watcher (chokidar's) loses commits that follow each other
   * closely. A directory watch reports every rename into it. Events come while `git commit` is still
   * running, before or after the rename; a check per event (coalesced in check()) reads the ref as it
   * is then, and the rename's own event always comes after the ref is in place.
   */
  private armWatch(): void {
    for (const w of this.watchers) w.close();
    this.watchers = [];
    let ino: number | undefined;
    try {
      ino = statSync(this.gitDir).ino;
    } catch {
      this.watchedIno = undefined;
      this.scheduleRearm();
      return;
    }
    this.watchedIno = ino;
    const refFile = join(this.gitDir, 'refs', 'heads', ...this.spec.branch.split('/'));
    // The git dir (packed-refs, HEAD) and every directory from it down to the ref's folder; a folder
    // that does not exist yet (a new branch with a slash) is watched through its parent.
    const dirs: Array<{ dir: string; names: Set<string> }> = [{ dir: this.gitDir, names: new Set(['packed-refs', 'HEAD', 'refs']) }];
    const parts = relative(this.gitDir, refFile).split(sep);
    for (let i = 1; i < parts.length; i++) {
      dirs.push({ dir: join(this.gitDir, ...parts.slice(0, i)), names: new Set([parts[i]!, `${parts[i]!}.lock`]) });
    }
    for (const { dir, names } of dirs) {
      if (!existsSync(dir)) break;
      try {
        const w = watch(dir, { persistent: false }, (_type, name) => {
          if (name === null || names.has(name.toString())) this.onWatchEvent();
        });
        w.on('error', (err) => {
          this.logger.warn('source watch error', { source: this.name, error: String(err) });
          this.scheduleRearm();
        });
        this.watchers.push(w);
      } catch (err) {
        this.logger.warn('source watch error', { source: this.name, error: String(err) });
        this.scheduleRearm();
        break;
      }
    }
  }

  private onWatchEvent(): void {
    // A folder on the way to the ref appeared (first commit on `team/x`), or the repository was
    // re-created under the same path: watch the new directories.
    if (this.watchNeedsRearm()) this.armWatch();
    void this.check(false);
  }

  private watchNeedsRearm(): boolean {
    let ino: number | undefined;
    try {
      ino = statSync(this.gitDir).ino;
    } catch {
      return true;
    }
    if (ino !== this.watchedIno) return true;
    // All of them: the git dir, refs, refs/heads and one per folder of the branch name.
    const all = this.spec.branch.split('/').length + 2;
    return this.watchers.length < all && existsSync(dirname(join(this.gitDir, 'refs', 'heads', ...this.spec.branch.split('/'))));
  }

  /** The repository is gone or not watchable yet: try again shortly, until it is back. */
  private scheduleRearm(): void {
    if (this.closed || this.rearmTimer) return;
    this.rearmTimer = setTimeout(() => {
      this.rearmTimer = undefined;
      if (this.closed) return;
      this.armWatch();
      if (this.watchedIno !== undefined) void this.check(false);
    }, 1000);
    this.rearmTimer.unref();
  }

  /** Fetches (remote) and re-reads the branch head now; used by webhooks and manual refresh. */
  refresh(): Promise<void> {
    return this.check(this.spec.isRemote);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.rearmTimer) clearTimeout(this.rearmTimer);
    for (const w of this.watchers) w.close();
    this.watchers = [];
    this.repo.close();
  }

  /**
   * Why the branch cannot be read when the repository itself is the problem (its folder deleted or
   * no longer a git repository), so the source error does not blame the branch. Undefined otherwise.
   */
  private async repositoryProblem(): Promise<string | undefined> {
    const where = this.spec.isRemote ? `the mirror ${this.gitDir} of ${redactUrl(this.spec.repo)}` : `the repository ${resolve(this.spec.repo)}`;
    if (!this.spec.isRemote && !existsSync(resolve(this.spec.repo))) return `${where} does not exist`;
    if (!existsSync(this.gitDir)) return `${where} is not a git repository (${this.gitDir} does not exist)`;
    try {
      await this.repo.git.raw(['rev-parse', '--git-dir']);
    } catch (err) {
      return `${where} is not a git repository: ${firstLine(err)}`;
    }
    return undefined;
  }

  private schedulePoll(): void {
    if (this.closed) return;
    this.timer = setTimeout(() => {
      if (!this.spec.isRemote && this.watchNeedsRearm()) this.armWatch();
      void this.check(this.spec.isRemote).finally(() => this.schedulePoll());
    }, this.spec.pollInterval);
    this.timer.unref();
  }

  /** Serialises checks: a check requested while one runs runs once more after it. */
  private check(fetch: boolean): Promise<void> {
    if (this.checking) {
      this.recheck = true;
      return this.checking;
    }
    this.checking = (async () => {
      do {
        this.recheck = false;
        await this.checkOnce(fetch);
      } while (this.recheck && !this.closed);
    })().finally(() => {
      this.checking = undefined;
    });
    return this.checking;
  }

  private async checkOnce(fetch: boolean): Promise<void> {
    if (fetch) {
      const started = Date.now();
      try {
        await this.repo.git.raw(['fetch', '--quiet', 'origin', `+refs/heads/${this.spec.branch}:refs/heads/${this.spec.branch}`]);
        this.recorder.gitFetched({ source: this.name, result: 'success', seconds: (Date.now() - started) / 1000 });
        this.lastError = undefined;
      } catch (err) {
        this.recorder.gitFetched({ source: this.name, result: 'error', seconds: (Date.now() - started) / 1000 });
        this.lastError = `fetch failed: ${firstLine(err)}`;
        if (this.fetchFailedListeners.length === 0) this.logger.warn('git fetch failed', { source: this.name, error: this.lastError });
        for (const l of this.fetchFailedListeners) l(this.lastError);
        // Keep serving what the mirror already has.
        if (this.head) return;
      }
    }
    const sha = await this.repo.resolve(`refs/heads/${this.spec.branch}`);
    if (!sha) {
      this.lastError = (await this.repositoryProblem()) ?? `branch ${this.spec.branch} not found`;
      return;
    }
    if (!fetch || !this.lastError?.startsWith('fetch failed')) this.lastError = undefined;
    if (sha === this.head) return;
    this.head = sha;
    // The event carries the commit time (read once for every app of the source, while their passes render).
    const rev = { sha, commitTime: this.repo.commitInfo(sha).then((c) => c.time, () => undefined) };
    for (const l of this.listeners) l(sha, rev);
  }
}

export function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return redactUrl(msg.split('\n').find((l) => l.trim()) ?? msg).trim();
}
