import { afterEach, describe, expect, it } from 'vitest';
import { TempGitRepo } from '../../helpers/temp-git.js';
import { GitSource } from '../../../src/adapters/git/source.js';
import { nullRecorder, silentLogger } from '../../../src/core/ports.js';

const cleanups: Array<() => void> = [];
afterEach(() => { while (cleanups.length) cleanups.pop()!(); });

/** A local source whose safety poll is far away: whatever is seen within the limits was seen by the watch. */
async function watchedSource(r: TempGitRepo, branch = 'main'): Promise<GitSource> {
  const src = await GitSource.open({ name: 's', repo: r.dir, isRemote: false, branch, pollInterval: 600_000 }, '/nonexistent', nullRecorder, silentLogger);
  cleanups.push(() => src.close());
  await src.start();
  return src;
}

async function seenWithin(src: GitSource, sha: string, ms: number): Promise<number | undefined> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if (src.revision === sha) return Date.now() - started;
    await new Promise((res) => setTimeout(res, 2));
  }
  return src.revision === sha ? Date.now() - started : undefined;
}

function repo(): TempGitRepo {
  const r = new TempGitRepo();
  cleanups.push(() => r.cleanup());
  r.write('a.yaml', 'a: 0\n');
  r.commit('c0');
  return r;
}

describe('the watch of a local source sees every commit', () => {
  it('a commit made right after the source started', async () => {
    const r = repo();
    const src = await watchedSource(r);
    r.write('a.yaml', 'a: 1\n');
    const sha = r.commit('c1');
    expect(await seenWithin(src, sha, 1000)).toBeDefined();
  });

  it('40 commits, each made as soon as the previous one was seen, are each seen within 1 s', async () => {
    const r = repo();
    const src = await watchedSource(r);
    const missed: number[] = [];
    for (let i = 1; i <= 40; i++) {
      r.write('a.yaml', `a: ${i}\n`);
      r.git('commit', '-qam', `c${i}`);
      const sha = r.head();
      // Wait on past the limit so one missed commit does not make every later one look missed too.
      const took = await seenWithin(src, sha, 3000);
      if (took === undefined || took > 1000) missed.push(i);
    }
    expect(missed).toEqual([]);
  });

  it('the first commit of a branch whose name has a folder (team/x)', async () => {
    const r = repo();
    const src = await watchedSource(r, 'team/x');
    expect(src.revision).toBeUndefined();
    r.git('checkout', '-q', '-b', 'team/x');
    r.write('a.yaml', 'a: x\n');
    const sha = r.commit('on team/x');
    expect(await seenWithin(src, sha, 3000)).toBeDefined();
  });
});
