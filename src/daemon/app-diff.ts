import { parseKeyString } from '../core/model/kube-object.js';
import { buildReport, diffObject, renderHtml, renderJson, renderMarkdown, renderText, type ResourceChange } from '../core/diff/index.js';
import { ignoredPointers } from '../core/reconcile/app-spec.js';
import type { Daemon } from './daemon.js';
import { NotFoundError } from '../core/errors.js';
import { formatProblem } from '../core/render/manifest-parse.js';
import { renderJsonWithObjects } from './diff-objects.js';

export type DiffFormat = 'json' | 'text' | 'markdown' | 'html';

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
  const changes: ResourceChange[] = [];
  if (!rendered) {
    errors.push({ app, message: 'no revision has been read from the source yet' });
  } else if (rendered.errors.length > 0) {
    for (const e of rendered.errors) errors.push({ app, message: formatProblem(e) });
  } else {
    const applied = daemon.state.applied(app);
    const desiredKeys = new Set<string>();
    for (const d of rendered.objects) {
      desiredKeys.add(d.key);
      const k = parseKeyString(d.key);
      const live = await daemon.cluster.get(k);
      changes.push(diffObject({
        desired: d.object,
        live,
        lastApplied: applied.get(d.key)?.object,
        ignore: [{ jsonPointers: ignoredPointers(ctl.spec, k.group, k.kind, k.namespace, k.name) }],
      }));
    }
    for (const [key, a] of applied) {
      if (desiredKeys.has(key)) continue;
      const live = await daemon.cluster.get(parseKeyString(key));
      if (live) changes.push(diffObject({ live, lastApplied: a.object }));
    }
  }
  const report = buildReport({ changes, errors, app });
  switch (opts.format) {
    case 'json':
      return opts.objects ? renderJsonWithObjects(report) : renderJson(report);
    case 'text':
      return renderText(report, { color: opts.color ?? false });
    case 'markdown':
      return renderMarkdown(report);
    case 'html':
      return renderHtml(report);
  }
}
