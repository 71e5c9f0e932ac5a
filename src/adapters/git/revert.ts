/**
 * `tugboat rollback --git-revert`: commits `git revert` of the commits that changed an app's path since
 * the revision rolled back to, so git and the cluster agree again. Only for a local source whose branch
 * is checked out with a clean working tree: this is the one place Tugboat writes to a repository, and it
 * does exactly what the user would type, or refuses with the reason.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

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
