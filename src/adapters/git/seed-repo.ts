import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import type { Config } from '../../config/types.js';
import type { Logger } from '../../core/ports.js';

/**
 * A source with `seedFrom` whose repository does not exist yet is created from that folder with one
 * commit, so the example works from a fresh clone without touching the project's own repository.
 */
export async function seedExampleRepos(config: Config, logger: Logger): Promise<void> {
  for (const s of config.sources) {
    const seed = s.seedFrom;
    if (!seed || s.isRemote || existsSync(join(s.repo, '.git'))) continue;
    // Usually inside dataDir, which may not exist yet: created private (0700), as the stores create it.
    mkdirSync(s.repo, { recursive: true, mode: 0o700 });
    cpSync(seed, s.repo, { recursive: true });
    const git = simpleGit(s.repo);
    await git.init(['--initial-branch', s.branch]);
    await git.addConfig('user.name', 'Tugboat Example', false, 'local');
    await git.addConfig('user.email', 'example@tugboat.invalid', false, 'local');
    await git.add('.');
    await git.commit('Initial example manifests');
    logger.info('created example repository', { source: s.name, repo: s.repo });
  }
}
