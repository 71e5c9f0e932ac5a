import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TempGitRepo } from '../../helpers/temp-git.js';
import { GitRevertError, revertAndPush } from '../../../src/adapters/git/revert.js';

/** revertAndPush against real repositories: a bare mirror as Tugboat keeps it, and remotes that refuse. */
describe('revertAndPush', () => {
  const cleanup: Array<() => void> = [];
  afterEach(() => { for (const c of cleanup.splice(0)) c(); });

  function mirrorOf(repo: TempGitRepo): string {
    const dir = mkdtempSync(join(tmpdir(), 'tugboat-mirror-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const mirror = join(dir, 'm.git');
    execFileSync('git', ['clone', '-q', '--bare', '--single-branch', '--branch', 'main', repo.dir, mirror]);
    return mirror;
  }

  function twoCommits(): { repo: TempGitRepo; v1: string; v2: string } {
    const repo = new TempGitRepo();
    cleanup.push(() => repo.cleanup());
    repo.write('app/a.yaml', 'a: 1\n');
    const v1 = repo.commit('v1');
    repo.write('app/a.yaml', 'a: 2\n');
    const v2 = repo.commit('v2');
    return { repo, v1, v2 };
  }

  it('a refused push names the remote without its credentials and leaves the mirror as it was', async () => {
    const { repo, v1, v2 } = twoCommits();
    const mirror = mirrorOf(repo);
    // Nothing listens on port 9: the push fails; the URL carries a token that must not show.
    const url = 'http://deploy:s3cr3t-t0ken@127.0.0.1:9/team/app.git';
    const err = await revertAndPush(mirror, url, 'main', v1, 'app').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GitRevertError);
    const msg = (err as Error).message;
    expect(msg).toMatch(/^push of the revert to http:\/\/\*\*\*@127\.0\.0\.1:9\/team\/app\.git \(branch main\) was refused, nothing was changed: /);
    expect(msg).not.toContain('s3cr3t');
    expect(execFileSync('git', ['rev-parse', 'main'], { cwd: mirror, encoding: 'utf8' }).trim()).toBe(v2);
  });

  it('pushes one revert commit on top of the branch and reports it', async () => {
    const { repo, v1, v2 } = twoCommits();
    const bareDir = mkdtempSync(join(tmpdir(), 'tugboat-remote-'));
    cleanup.push(() => rmSync(bareDir, { recursive: true, force: true }));
    const bare = join(bareDir, 'r.git');
    execFileSync('git', ['clone', '-q', '--bare', repo.dir, bare]);
    const mirror = mirrorOf(repo);
    const r = await revertAndPush(mirror, `file://${bare}`, 'main', v1, 'app');
    expect(r.reverted).toEqual([v2]);
    const git = (...a: string[]) => execFileSync('git', a, { cwd: bare, encoding: 'utf8' }).trim();
    expect(git('rev-parse', 'main')).toBe(r.head);
    expect(git('rev-parse', 'main~1')).toBe(v2);
    expect(git('show', 'main:app/a.yaml')).toBe('a: 1');
  });
});
