import { changedResources, type DiffReport } from './report.js';
import { resourceDiffLines, resourceTitle, type DiffLabels } from './render-common.js';
import { escapeHtml } from './render-html.js';

export interface MarkdownOptions {
  labels?: DiffLabels;
  /** Heading of the comment. Default: "Tugboat diff". */
  title?: string;
}

/** Markdown table cell: pipes and newlines would break the row. */
function cell(s: string): string {
  return escapeHtml(s).replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** Inline code that survives backticks inside (CommonMark code spans). */
function code(s: string): string {
  const ticks = s.includes('`') ? '``' : '`';
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${s}${pad}${ticks}`;
}

/** A code fence longer than any backtick run inside the block (CommonMark). */
function fence(body: string): string {
  let longest = 0;
  for (const m of body.matchAll(/`+/g)) longest = Math.max(longest, m[0].length);
  return '`'.repeat(Math.max(3, longest + 1));
}

/**
 * The markdown rendering, fit for a pull-request comment: a summary table, a table of the resources that
 * change, then one collapsible ```diff block per resource.
 */
export function renderMarkdown(report: DiffReport, opts: MarkdownOptions = {}): string {
  const s = report.summary;
  const out: string[] = [];
  out.push(`### ${escapeHtml(opts.title ?? 'Tugboat diff')}`, '');
  out.push('| Create | Update | Delete | Unchanged |', '|---:|---:|---:|---:|');
  out.push(`| ${s.create} | ${s.update} | ${s.delete} | ${s.unchanged} |`, '');
  if (report.errors.length > 0) {
    out.push('**Errors**', '');
    for (const e of report.errors) out.push(`- ${e.app ? `\`${cell(e.app)}\`: ` : ''}${cell(e.message)}`);
    out.push('');
  }
  const changed = changedResources(report);
  if (changed.length === 0) {
    out.push('No differences.', '');
    return out.join('\n');
  }
  out.push('| Action | Resource | App |', '|---|---|---|');
  for (const r of changed) out.push(`| ${r.action} | ${cell(resourceTitle(r))} | ${cell(r.app)} |`);
  out.push('');
  for (const r of changed) {
    const body = resourceDiffLines(r, opts.labels)
      .map((l) => l.text)
      .join('\n');
    const f = fence(body);
    out.push(`<details><summary><b>${r.action}</b> ${escapeHtml(resourceTitle(r))}${r.app ? ` (app ${escapeHtml(r.app)})` : ''}</summary>`, '');
    if (r.fields.length > 0) out.push(`Fields: ${r.fields.map((f) => `${code(f.path)} (${f.origin})`).join(', ')}`, '');
    out.push(`${f}diff`, body, f, '', '</details>', '');
  }
  return out.join('\n');
}
