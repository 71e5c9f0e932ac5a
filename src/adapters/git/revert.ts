/**
 * `tugboat rollback --git-revert`: commits `git revert` of the commits that changed an app's path since
 * the revision rolled back to, so git and the cluster agree again. A local source needs its branch
 * checked out with a clean working tree; a remote source's revert is committed in a throwaway clone of
 * Tugboat's mirror and pushed to the remote branch with the source's own URL and git's credentials (in the
 * URL, a credential helper, SSH keys). This is the one place Tugboat writes to a repository: it does
 * exactly what the user would type, or refuses with the reason and changes nothing.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { redactUrl } from '../../core/source/repo-url.js';

const run = promisify(execFile);

export class GitRevertError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitRevertError';
  }
}

async function git(dir: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const { stdout } = await run('git', args, { cwd: dir, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', ...env }, maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim();
}

/** Reverts (newest first) every commit in `target..HEAD` that touched `path`; returns the new head. */
export async function revertPathSince(workTree: string, branch: string, target: string, path: string): Promise<{ head: string; reverted: string[] }> {
  const bare = await git(workTree, ['rev-parse', '--is-bare-repository']).catch(() => 'true');
  if (bare === 'true') throw new GitRevertError(`--git-revert needs a checkout of the source, and ${workTree} is a bare repository`);
  const current = await git(workTree, ['symbolic-ref', '--quiet', '--short', 'HEAD']).catch(() => '');
  if (current !== branch) throw new GitRevertError(`--git-revert needs branch "${branch}" checked out in ${workTree} (it has ${current ? `"${current}"` : 'a detached HEAD'})`);
  const dirty = await git(workTree, ['status', '--porcelain', '--untracked-files=no']);
  if (dirty) throw new GitRevertError(`--git-revert needs a clean working tree in ${workTree}: commit or stash the changes first`);
  const commits = (await git(workTree, ['rev-list', `${target}..HEAD`, '--', path || '.'])).split('\n').filter(Boolean);
  if (commits.length === 0) throw new GitRevertError(`no commit since ${target.slice(0, 12)} changed ${path || 'the app'}: nothing to revert`);
  // A repository without an identity still gets a revert, authored by Tugboat.
  const hasIdentity = (await git(workTree, ['config', 'user.email']).catch(() => '')) !== '';
  const identity = hasIdentity ? {} : { GIT_AUTHOR_NAME: 'Tugboat', GIT_AUTHOR_EMAIL: 'tugboat@localhost', GIT_COMMITTER_NAME: 'Tugboat', GIT_COMMITTER_EMAIL: 'tugboat@localhost' };
  // One commit for all of them: the watcher must never see (and deploy) a half-reverted head.
  const subjects = await Promise.all(commits.map((c) => git(workTree, ['log', '-1', '--format=%s', c])));
  const message = commits.length === 1
    ? `Revert "${subjects[0]}"\n\nThis reverts commit ${commits[0]}.\n\nCommitted by tugboat rollback --git-revert.`
    : `Revert ${commits.length} commits to ${path || 'the app'} since ${target.slice(0, 12)}\n\n${commits.map((c, i) => `This reverts commit ${c} ("${subjects[i]}").`).join('\n')}\n\nCommitted by tugboat rollback --git-revert.`;
  try {
    await git(workTree, ['revert', '--no-commit', ...commits], identity);
    await git(workTree, ['-c', 'commit.gpgsign=false', 'commit', '--quiet', '-m', message], identity);
  } catch (err) {
    await git(workTree, ['revert', '--abort']).catch(() => undefined);
    const detail = (err as { stderr?: string }).stderr?.trim().split('\n')[0] ?? String(err);
    throw new GitRevertError(`git revert of ${commits.map((c) => c.slice(0, 12)).join(', ')} failed (nothing was committed): ${detail}`);
  }
  return { head: await git(workTree, ['rev-parse', 'HEAD']), reverted: commits };
}

/**
 * A remote source: the revert is committed in a temporary clone of the mirror (sharing its objects) and
 * pushed to `url`'s `branch`. The mirror itself is not written; the caller fetches afterwards. A refused
 * push (permissions, protected branch, a hook, a branch that moved on) leaves the remote, the mirror and
 * the cluster as they were.
 */
export async function revertAndPush(mirror: string, url: string, branch: string, target: string, path: string): Promise<{ head: string; reverted: string[] }> {
  const tmp = mkdtempSync(join(tmpdir(), 'tugboat-revert-'));
  try {
    const work = join(tmp, 'work');
    try {
      await git(tmp, ['clone', '--quiet', '--shared', '--branch', branch, mirror, work]);
    } catch (err) {
      throw new GitRevertError(`--git-revert cannot check out branch "${branch}" of the mirror: ${gitReason(err)}`);
    }
    const result = await revertPathSince(work, branch, target, path);
    try {
      await git(work, ['push', '--quiet', url, `HEAD:refs/heads/${branch}`]);
    } catch (err) {
      throw new GitRevertError(`push of the revert to ${redactUrl(url)} (branch ${branch}) was refused, nothing was changed: ${gitReason(err)}`);
    }
    return result;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The line of git's stderr that says why (a rejected ref, a fatal or error line), without credentials. */
function gitReason(err: unknown): string {
  const lines = ((err as { stderr?: string }).stderr ?? String(err)).split('\n').map((l) => l.trim()).filter(Boolean);
  const why = lines.find((l) => /\[(remote )?rejected\]/.test(l)) ?? lines.find((l) => /^(fatal|error):/.test(l)) ?? lines[0] ?? 'unknown error';
  const hook = lines.filter((l) => l.startsWith('remote:')).map((l) => l.slice(7).trim()).filter(Boolean)[0];
  return redactUrl(hook && !why.includes(hook) ? `${why} (remote: ${hook})` : why);
}
