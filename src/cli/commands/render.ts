import { stringify } from 'yaml';
import { loadConfig } from '../../config/index.js';
import { GitSource } from '../../adapters/git/source.js';
import { nullRecorder, silentLogger } from '../../core/ports.js';
import { AppRenderer } from '../../app/render/app-renderer.js';
import { sortForApply } from '../../core/plan/index.js';
import { APP_ANNOTATION, MANAGED_BY, MANAGED_BY_LABEL, TRACKING_ANNOTATION } from '../../core/render/assemble.js';
import { CliError, EXIT } from '../exit-codes.js';
import { seedExampleRepos } from '../../adapters/git/seed-repo.js';
import { formatProblem } from '../../core/render/manifest-parse.js';
import { chartTools } from '../../adapters/chart-tools.js';

/** Prints an app's desired objects at a revision, without a daemon or a cluster. */
export async function renderCommand(appName: string, opts: { config: string; revision?: string }): Promise<void> {
  const config = loadConfig(opts.config, process.env);
  const app = config.applications.find((a) => a.name === appName);
  if (!app) throw new CliError(`application "${appName}" not found in ${config.file}`, EXIT.usage);
  const spec = config.sources.find((s) => s.name === app.source)!;
  await seedExampleRepos(config, silentLogger);
  const source = await GitSource.open(spec, config.cluster.dataDir, nullRecorder, silentLogger);
  try {
    if (spec.isRemote) await source.refresh();
    const rev = await source.repo.resolve(opts.revision ?? `refs/heads/${spec.branch}`);
    if (!rev) throw new CliError(`revision "${opts.revision ?? spec.branch}" not found in source ${spec.name}`, EXIT.usage);
    const renderer = new AppRenderer({ ...app, syncPolicy: { ...app.syncPolicy } }, source.repo, undefined, undefined, chartTools);
    const { rendered } = await renderer.render(rev);
    if (rendered.errors.length > 0) {
      throw new CliError(rendered.errors.map((e) => formatProblem(e)).join('\n'), EXIT.usage);
    }
    const docs = sortForApply(rendered.objects.map((d) => d.object)).map((o) => {
      const annotations = { ...(o.metadata.annotations ?? {}) };
      delete annotations[TRACKING_ANNOTATION];
      delete annotations[APP_ANNOTATION];
      const labels = { ...(o.metadata.labels ?? {}) };
      if (labels[MANAGED_BY_LABEL] === MANAGED_BY) delete labels[MANAGED_BY_LABEL];
      const metadata = { ...o.metadata, annotations, labels };
      if (Object.keys(annotations).length === 0) delete (metadata as { annotations?: unknown }).annotations;
      if (Object.keys(labels).length === 0) delete (metadata as { labels?: unknown }).labels;
      return stringify({ ...o, metadata }, { lineWidth: 0 });
    });
    process.stdout.write(docs.map((d) => '---\n' + d).join(''));
  } finally {
    source.close();
  }
}
