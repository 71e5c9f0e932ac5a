import { afterEach, describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TempGitRepo } from '../../helpers/temp-git.js';
import { GitSource } from '../../../src/adapters/git/source.js';
import { nullRecorder, silentLogger } from '../../../src/core/ports.js';

const closers: Array<() => void> = [];
afterEach(() => { while (closers.length) closers.pop()!(); });

async function started() {
  const repo = new TempGitRepo();
  writeFileSync(join(repo.dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
  const sha = repo.commit('c0');
  const src = await GitSource.open({ name: 's', repo: repo.dir, isRemote: false, branch: 'main', pollInterval: 3_600_000 }, tmpdir(), nullRecorder, silentLogger);
  closers.push(() => src.close(), () => repo.cleanup());
  await src.start();
  expect(src.revision).toBe(sha);
  expect(src.lastError).toBeUndefined();
  return { repo, src };
}

describe("a local source whose repository is gone reports that, not a missing branch", () => {
  it('the repository folder deleted: "the repository PATH does not exist"', async () => {
    const { repo, src } = await started();
    rmSync(repo.dir, { recursive: true, force: true });
    await src.refresh();
    expect(src.lastError).toBe(`the repository ${resolve(repo.dir)} does not exist`);
  });

  it('the folder is there but its .git is gone: "the repository PATH is not a git repository"', async () => {
    const { repo, src } = await started();
    rmSync(join(repo.dir, '.git'), { recursive: true, force: true });
    await src.refresh();
    expect(src.lastError).toMatch(new RegExp(`^the repository ${resolve(repo.dir).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not a git repository`));
    expect(src.lastError).not.toMatch(/branch/);
  });

  it('a branch that really is missing is still "branch NAME not found"', async () => {
    const { repo, src } = await started();
    repo.git('branch', '-m', 'main', 'other');
    await src.refresh();
    expect(src.lastError).toBe('branch main not found');
  });
});
