import { resolve } from 'node:path';
import { simpleGit } from 'simple-git';
import { loadConfig } from '../../config/index.js';
import { GitRepo } from '../../adapters/git/git-repo.js';
import { GitSource } from '../../adapters/git/source.js';
import { nullRecorder, silentLogger } from '../../core/ports.js';
import { isManifestFile, formatProblem } from '../../core/render/manifest-parse.js';
import { buildReport, compareApp, formatReport, hasDifferences, isDiffFormat, type AppliedItem, type ResourceChange } from '../../core/diff/index.js';
import { AppRenderer } from '../../app/render/app-renderer.js';
import { normalizeRepoUrl } from '../../core/source/repo-url.js';
import type { SourceConfig } from '../../config/types.js';
import { CliError, EXIT } from '../exit-codes.js';
import { chartTools } from '../../adapters/chart-tools.js';

export interface RevisionDiffOptions {
  config: string;
  base: string;
  head: string;
  app?: string;
  repo?: string;
  output?: string;
  /** false with --no-color; NO_COLOR in the environment also turns colour off. */
  color?: boolean;
}

const LABELS = { before: 'base', after: 'head' };

/**
 * A remote source read in a CI job: when the config sits in a checkout of that same repository (its
 * remote points at the source URL), read the checkout instead of cloning it again.
 */
async function checkoutOf(spec: SourceConfig, configDir: string): Promise<string | undefined> {
  try {
    const git = simpleGit(configDir);
    const top = (await git.raw(['rev-parse', '--show-toplevel'])).trim();
    const remotes = (await git.raw(['config', '--get-regexp', '^remote\\..*\\.url$'])).split('\n');
    const want = normalizeRepoUrl(spec.repo);
    return remotes.some((l) => l.includes(' ') && normalizeRepoUrl(l.slice(l.indexOf(' ') + 1)) === want) ? top : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Pull-request preview: the rendered objects of every app whose files changed between two revisions,
 * base against head, with no cluster. Exit 0 without differences, 1 with, 2 when something is wrong
 * (including a head that does not render).
 */
export async function diffRevisionsCommand(opts: RevisionDiffOptions): Promise<void> {
  const format = opts.output ?? 'text';
  if (!isDiffFormat(format)) throw new CliError('-o must be text, markdown, json or html', EXIT.usage);
  const config = loadConfig(opts.config, process.env);
  const apps = config.applications.filter((a) => !opts.app || a.name === opts.app);
  if (opts.app && apps.length === 0) throw new CliError(`application "${opts.app}" not found in ${config.file}`, EXIT.usage);

  const repos = new Map<string, { repo: GitRepo; close: () => void }>();
  const repoFor = async (sourceName: string): Promise<GitRepo> => {
    const hit = repos.get(sourceName);
    if (hit) return hit.repo;
    const spec = config.sources.find((s) => s.name === sourceName)!;
    let entry: { repo: GitRepo; close: () => void };
    const checkout = !opts.repo && spec.isRemote ? await checkoutOf(spec, config.dir) : undefined;
    if (opts.repo || !spec.isRemote || checkout) {
      // --repo is relative to the current directory; a local source was resolved against the config's folder.
      const dir = resolve(opts.repo ?? checkout ?? spec.repo);
      const gitDir = (await simpleGit(dir).raw(['rev-parse', '--absolute-git-dir'])).trim();
      const repo = new GitRepo(gitDir);
      entry = { repo, close: () => repo.close() };
    } else {
      const src = await GitSource.open(spec, config.cluster.dataDir, nullRecorder, silentLogger);
      await src.refresh();
      entry = { repo: src.repo, close: () => src.close() };
    }
    repos.set(sourceName, entry);
    return entry.repo;
  };

  const changes: Array<ResourceChange & { app: string }> = [];
  const errors: Array<{ app: string; message: string }> = [];
  let broken = false;
  let revisions: { base: { sha: string; subject: string }; head: { sha: string; subject: string } } | undefined;
  try {
    for (const app of apps) {
      const repo = await repoFor(app.source);
      const [base, head] = await Promise.all([repo.resolve(opts.base), repo.resolve(opts.head)]);
      if (!base || !head) throw new CliError(`revision "${!base ? opts.base : opts.head}" not found for source ${app.source}`, EXIT.usage);
      if (!revisions) {
        const [b, h] = await Promise.all([repo.commitInfo(base), repo.commitInfo(head)]);
        revisions = { base: { sha: base, subject: b.subject }, head: { sha: head, subject: h.subject } };
      }
      const touched = (await repo.changedFiles(base, head, app.path)).some((c) => isManifestFile(c.path));
      if (!touched) continue;
      const renderer = new AppRenderer({ ...app, syncPolicy: { ...app.syncPolicy } }, repo, undefined, undefined, chartTools);
      const [before, after] = await Promise.all([renderer.renderDetached(base), renderer.renderDetached(head)]);
      if (after.errors.length > 0) {
        broken = true;
        for (const e of after.errors) errors.push({ app: app.name, message: formatProblem(e) });
        continue;
      }
      // Base is the "live" side and the last applied one; unchanged objects count in the summary (a reviewer
      // sees how much of the app a change touches).
      const baseObjects = new Map<string, AppliedItem>(before.errors.length === 0 ? before.objects.map((o) => [o.key, { object: o.object }]) : []);
      const compared = await compareApp(after.objects, (_k, key) => baseObjects.get(key)?.object, { applied: baseObjects, listUnchanged: true, deletes: true });
      for (const c of compared.changes) changes.push({ ...c, app: app.name });
    }
  } finally {
    for (const r of repos.values()) r.close();
  }

  const report = buildReport({ changes, errors });
  const color = opts.color !== false && !process.env.NO_COLOR && Boolean(process.stdout.isTTY);
  const out = formatReport(report, format, { color, labels: LABELS, ...(revisions ? { revisions } : {}) });
  process.stdout.write(out.endsWith('\n') ? out : out + '\n');
  if (broken) throw new CliError('', EXIT.usage);
  if (hasDifferences(report)) throw new CliError('', EXIT.failed);
}
