/** The one place that turns a diff report into one of its four renderings. */
import type { DiffReport } from './report.js';
import { renderJson } from './render-json.js';
import { renderJsonWithObjects } from './render-json-objects.js';
import { renderText } from './render-text.js';
import { renderMarkdown, type RevisionRef } from './render-markdown.js';
import { renderHtml } from './render-html.js';
import type { DiffLabels } from './render-common.js';
import type { DiffFormat } from './formats.js';

export interface FormatOptions {
  /** ANSI colours in the text rendering. Default false. */
  color?: boolean;
  /** Names of the two sides (e.g. base/head); json has none. */
  labels?: DiffLabels;
  /** The two commits compared, named at the top of the text and markdown renderings. */
  revisions?: { base: RevisionRef; head: RevisionRef };
  /** json only: each resource's two sides as YAML too (the UI's side-by-side view). */
  objects?: boolean;
}

export function formatReport(report: DiffReport, format: DiffFormat, opts: FormatOptions = {}): string {
  const labels = opts.labels ? { labels: opts.labels } : {};
  const revisions = opts.revisions ? { revisions: opts.revisions } : {};
  switch (format) {
    case 'json':
      return opts.objects ? renderJsonWithObjects(report) : renderJson(report);
    case 'text':
      return renderText(report, { color: opts.color ?? false, ...labels, ...revisions });
    case 'markdown':
      return renderMarkdown(report, { ...labels, ...revisions });
    case 'html':
      return renderHtml(report, labels);
  }
}
