import { changedResources, type DiffReport } from './report.js';
import { appSuffix, fieldsLine, resourceDiffLines, resourceTitle, summaryLine, type DiffLabels, type DiffLineKind } from './render-common.js';

export interface TextOptions {
  /** ANSI colours (a terminal). */
  color: boolean;
  labels?: DiffLabels;
  /** The two commits compared (pull-request previews): a first line names them. */
  revisions?: { base: { sha: string; subject?: string }; head: { sha: string; subject?: string } };
}

const RESET = '\x1b[0m';
const STYLE: Record<DiffLineKind | 'title' | 'error', string> = {
  'header-old': '\x1b[1m',
  'header-new': '\x1b[1m',
  hunk: '\x1b[36m',
  context: '',
  del: '\x1b[31m',
  add: '\x1b[32m',
  title: '\x1b[1m',
  error: '\x1b[31;1m',
};

/** The text rendering: a summary line, errors, then a unified YAML diff per changed resource. */
export function renderText(report: DiffReport, opts: TextOptions): string {
  const paint = (style: keyof typeof STYLE, s: string): string => (opts.color && STYLE[style] ? `${STYLE[style]}${s}${RESET}` : s);
  const lines: string[] = [];
  const rev = (label: string, r: { sha: string; subject?: string }) => `${label} ${r.sha.slice(0, 7)}${r.subject ? ` (${r.subject})` : ''}`;
  if (opts.revisions) lines.push(paint('title', `${rev(opts.labels?.before ?? 'base', opts.revisions.base)} -> ${rev(opts.labels?.after ?? 'head', opts.revisions.head)}`));
  lines.push(`Summary: ${summaryLine(report.summary)}`);
  for (const e of report.errors) lines.push(paint('error', `error${e.app ? ` (app ${e.app})` : ''}: ${e.message}`));
  for (const r of changedResources(report)) {
    lines.push('');
    lines.push(paint('title', `${r.action} ${resourceTitle(r)}${appSuffix(r)}`));
    if (r.fields.length > 0) lines.push(`fields: ${fieldsLine(r)}`);
    for (const l of resourceDiffLines(r, opts.labels)) lines.push(paint(l.kind, l.text));
  }
  return lines.join('\n') + '\n';
}
