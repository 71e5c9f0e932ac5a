import type { HistoryEntry } from '../../core/reconcile/app-state.js';
import type { AppController } from '../../daemon/app-controller.js';

export interface CommitView {
  /** First line of the commit message. */
  message: string;
  author: string;
  /** Committer time, ISO 8601. */
  time: string;
}

export type HistoryEntryView = HistoryEntry & { commit?: CommitView };

/** Commits never change, so what was read once is kept (bounded: history is at most a few hundred entries per app). */
const cache = new Map<string, CommitView | null>();
const CACHE_LIMIT = 10_000;

async function commitOf(ctl: AppController, sha: string): Promise<CommitView | undefined> {
  const key = `${ctl.source.name}\u0000${sha}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  let view: CommitView | null;
  try {
    const c = await ctl.source.repo.commitInfo(sha);
    view = { message: c.subject, author: c.author, time: new Date(c.time).toISOString() };
  } catch {
    // A commit gone from the repository (a force-push) still has its history entry, just no message.
    view = null;
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, view);
  return view ?? undefined;
}

/** History entries with the commit message and author of their revision (what the UI's History tab shows). */
export async function historyWithCommits(ctl: AppController, entries: HistoryEntry[]): Promise<HistoryEntryView[]> {
  return Promise.all(entries.map(async (e) => {
    const commit = await commitOf(ctl, e.revision);
    return commit ? { ...e, commit } : e;
  }));
}
