import { changedResources, type DiffReport } from './report.js';
import { fieldsLine, resourceDiffLines, resourceTitle, type DiffLabels } from './render-common.js';

export interface HtmlOptions {
  labels?: DiffLabels;
  /** Page title. Default: "Tugboat diff". */
  title?: string;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const CSS = `body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1f2328;background:#fff}
h1{font-size:1.4rem}
table{border-collapse:collapse;margin:1rem 0}
th,td{border:1px solid #d0d7de;padding:.3rem .7rem;text-align:left}
td.n{text-align:right}
details{border:1px solid #d0d7de;border-radius:6px;margin:.8rem 0;padding:.4rem .8rem}
summary{cursor:pointer;font-weight:600}
.action{display:inline-block;min-width:5.5em}
.create{color:#1a7f37}.update{color:#9a6700}.delete{color:#cf222e}
.fields{font-family:ui-monospace,monospace;font-size:.85rem;color:#57606a}
pre{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.85rem;overflow:auto;background:#f6f8fa;padding:.5rem}
.add{background:#dafbe1}.del{background:#ffebe9}.hunk{color:#0969da}.header-old,.header-new{font-weight:600}
.errors li{color:#cf222e}`;

/** The HTML rendering: one self-contained page (inline CSS, no scripts, no external assets). */
export function renderHtml(report: DiffReport, opts: HtmlOptions = {}): string {
  const title = escapeHtml(opts.title ?? 'Tugboat diff');
  const s = report.summary;
  const out: string[] = [];
  out.push('<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">');
  out.push(`<title>${title}</title>`, `<style>${CSS}</style>`, '</head>', '<body>', `<h1>${title}</h1>`);
  out.push('<table class="summary"><tr><th>Create</th><th>Update</th><th>Delete</th><th>Unchanged</th></tr>');
  out.push(`<tr><td class="n">${s.create}</td><td class="n">${s.update}</td><td class="n">${s.delete}</td><td class="n">${s.unchanged}</td></tr></table>`);
  if (report.errors.length > 0) {
    out.push('<h2>Errors</h2>', '<ul class="errors">');
    for (const e of report.errors) out.push(`<li>${e.app ? `<b>${escapeHtml(e.app)}</b>: ` : ''}${escapeHtml(e.message)}</li>`);
    out.push('</ul>');
  }
  const changed = changedResources(report);
  if (changed.length === 0) out.push('<p>No differences.</p>');
  for (const r of changed) {
    out.push('<details open>');
    out.push(
      `<summary><span class="action ${r.action}">${r.action}</span> ${escapeHtml(resourceTitle(r))}${r.app ? ` <small>(app ${escapeHtml(r.app)})</small>` : ''}</summary>`,
    );
    if (r.fields.length > 0) out.push(`<p class="fields">${escapeHtml(fieldsLine(r))}</p>`);
    // One span per line, newline inside, so the page copies as a plain unified diff.
    const lines = resourceDiffLines(r, opts.labels).map((l) => `<span class="${l.kind}">${escapeHtml(l.text)}\n</span>`);
    out.push(`<pre>${lines.join('')}</pre>`, '</details>');
  }
  out.push('</body>', '</html>', '');
  return out.join('\n');
}
