import type { GitReverter } from '../../core/ports.js';
import { ConflictError } from '../../core/errors.js';

/**
 * `rollback --git-revert` (core/ports.ts `GitReverter`): a remote source is fetched first and the revert is
 * committed and pushed from a throwaway clone; a local one gets the commit on its branch. revert.ts is
 * loaded on first use only.
 */
export const gitReverter: GitReverter = async (source, revision, path) => {
  const { revertAndPush, revertPathSince, GitRevertError } = await import('./revert.js');
  const { spec } = source;
  try {
    if (spec.isRemote) {
      // Revert on top of the remote's newest commit: fetch first, then commit and push from a throwaway clone.
      await source.refresh();
      await revertAndPush(source.gitDir, spec.repo, spec.branch, revision, path);
    } else {
      await revertPathSince(spec.repo, spec.branch, revision, path);
    }
  } catch (err) {
    if (err instanceof GitRevertError) throw new ConflictError(err.message);
    throw err;
  }
};
