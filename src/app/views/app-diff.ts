import { buildReport, compareApp, formatReport, type DiffFormat, type ResourceChange } from '../../core/diff/index.js';
import { ignoredPointers } from '../../core/reconcile/app-spec.js';
import type { Daemon } from '../../daemon/daemon.js';
import { NotFoundError } from '../../core/errors.js';
import { formatProblem } from '../../core/render/manifest-parse.js';

export type { DiffFormat };

/** Desired state (at the target revision, or the one given) against the live cluster. */
export async function appDiff(daemon: Daemon, app: string, opts: { format: DiffFormat; revision?: string; color?: boolean; objects?: boolean }): Promise<string> {
  const ctl = daemon.app(app);
  let rendered;
  if (opts.revision) {
    const rev = await ctl.source.repo.resolve(opts.revision);
    if (!rev) throw new NotFoundError(`revision "${opts.revision}" not found in source ${ctl.source.name}`);
    rendered = await ctl.renderer.renderDetached(rev);
  } else {
    const last = ctl.renderer.lastRendered;
    const rev = ctl.source.revision;
    rendered = last && last.revision === rev ? last.rendered : rev ? await ctl.renderer.renderDetached(rev) : undefined;
  }
  const errors: Array<{ app: string; message: string }> = [];
  let changes: ResourceChange[] = [];
  if (!rendered) {
    errors.push({ app, message: 'no revision has been read from the source yet' });
  } else if (rendered.errors.length > 0) {
    for (const e of rendered.errors) errors.push({ app, message: formatProblem(e) });
  } else {
    changes = (await compareApp(rendered.objects, (k) => daemon.cluster.get(k), {
      applied: daemon.state.applied(app),
      ignoreFor: (k) => [{ jsonPointers: ignoredPointers(ctl.spec, k.group, k.kind, k.namespace, k.name) }],
      listUnchanged: true,
      deletes: true,
    })).changes;
  }
  const report = buildReport({ changes, errors, app });
  return formatReport(report, opts.format, { color: opts.color ?? false, objects: opts.objects ?? false });
}
