import { changedResources, type DiffReport } from './report.js';
import { resourceDiffLines, resourceTitle, type DiffLabels } from './render-common.js';
import { escapeHtml } from './render-html.js';

export interface RevisionRef {
  sha: string;
  /** The commit's subject line. */
  subject?: string;
}

export interface MarkdownOptions {
  labels?: DiffLabels;
  /** Heading of the comment. Default: "Tugboat diff". */
  title?: string;
  /** The two commits compared (pull-request previews): named under the heading with short SHAs and subjects. */
  revisions?: { base: RevisionRef; head: RevisionRef };
  /**
   * Longest output in characters. Default 65,000: GitHub refuses comments over 65,536. Diffs past the
   * limit are left out (the last one shown may be cut) and a note says how many.
   */
  maxLength?: number;
}

export const MARKDOWN_MAX_LENGTH = 65_000;

function revisionLine(label: string, r: RevisionRef): string {
  return `**${label}** ${code(r.sha.slice(0, 7))}${r.subject ? ` ${cell(r.subject)}` : ''}`;
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
  if (opts.revisions) {
    out.push(`${revisionLine(opts.labels?.before ?? 'base', opts.revisions.base)} → ${revisionLine(opts.labels?.after ?? 'head', opts.revisions.head)}`, '');
  }
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
  const max = opts.maxLength ?? MARKDOWN_MAX_LENGTH;
  // Room kept for the truncation note, so adding it never crosses the limit.
  const budget = max - 400;
  let length = out.reduce((n, l) => n + l.length + 1, 0);
  const push = (...lines: string[]): void => {
    out.push(...lines);
    for (const l of lines) length += l.length + 1;
  };
  push('| Action | Resource | App |', '|---|---|---|');
  let rows = 0;
  for (const r of changed) {
    const row = `| ${r.action} | ${cell(resourceTitle(r))} | ${cell(r.app)} |`;
    // The table gets at most half the budget; the diffs are what reviewers read.
    if (length + row.length + 1 > budget / 2) break;
    push(row);
    rows++;
  }
  if (rows < changed.length) push(`| … | ${changed.length - rows} more | |`);
  push('');
  let shown = 0;
  let cut = false;
  for (const r of changed) {
    const fieldsText = r.fields.length > 0 ? `Fields: ${r.fields.map((f) => `${code(f.path)} (${f.origin})`).join(', ')}` : undefined;
    const head = [`<details><summary><b>${r.action}</b> ${escapeHtml(resourceTitle(r))}${r.app ? ` (app ${escapeHtml(r.app)})` : ''}</summary>`, ''];
    if (fieldsText) head.push(fieldsText, '');
    let lines = resourceDiffLines(r, opts.labels).map((l) => l.text);
    const block = (body: string[]) => {
      const f = fence(body.join('\n'));
      return [...head, `${f}diff`, ...body, f, '', '</details>', ''];
    };
    let candidate = block(lines);
    const size = candidate.reduce((n, l) => n + l.length + 1, 0);
    if (length + size > budget) {
      // Show the start of the first diff that does not fit, when a useful part of it does.
      const room = budget - length - (size - lines.reduce((n, l) => n + l.length + 1, 0)) - 40;
      if (room < 200) break;
      let used = 0;
      let keep = 0;
      while (keep < lines.length && used + lines[keep]!.length + 1 <= room) used += lines[keep++]!.length + 1;
      lines = [...lines.slice(0, keep), `# … ${lines.length - keep} more lines`];
      candidate = block(lines);
      cut = true;
    }
    push(...candidate);
    shown++;
    if (cut) break;
  }
  if (shown < changed.length || cut) {
    const omitted = changed.length - shown;
    const parts = [omitted > 0 ? `${omitted} of ${changed.length} resource diffs left out` : '', cut ? 'the last diff shown is cut short' : ''].filter(Boolean);
    push(`> **Truncated:** ${parts.join('; ')} to stay under ${max.toLocaleString('en-US')} characters (GitHub's comment limit). Run \`tugboat diff\` locally (\`-o text\` or \`-o html\`) for the full report.`, '');
  }
  return out.join('\n');
}
