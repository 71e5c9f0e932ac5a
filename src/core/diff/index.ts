export type { Action, DiffInput, FieldChange, FieldOrigin, IgnoreDifference, Operation, ResourceChange } from './types.js';
export { ACTIONS } from './types.js';
export { diffObject, diffAll, type DiffAllInput } from './diff-object.js';
export {
  normalizeLive,
  projectLive,
  omitEmpty,
  isVacuous,
  semanticEqual,
  SERVER_OWNED_METADATA,
  SERVER_OWNED_ANNOTATIONS,
} from './normalize.js';
export { isSecret, MASK, MASK_CHANGED } from './secret.js';
export {
  buildReport,
  mergeReports,
  hasDifferences,
  changedResources,
  REPORT_API_VERSION,
  type BuildReportInput,
  type DiffReport,
  type DiffSummary,
  type ReportError,
  type ReportKey,
  type ReportResource,
} from './report.js';
export { renderJson, reportToJson } from './render-json.js';
export { renderText, type TextOptions } from './render-text.js';
export { renderMarkdown, type MarkdownOptions } from './render-markdown.js';
export { renderHtml, escapeHtml, type HtmlOptions } from './render-html.js';
export type { DiffLabels } from './render-common.js';
export { diffLines, hunks, unifiedLines, type Hunk, type LineEdit } from './line-diff.js';
export { compareApp, type AppComparison, type AppliedItem, type CompareOptions, type DesiredItem } from './compare-app.js';
export { formatReport, type FormatOptions } from './format-report.js';
export { isDiffFormat, DIFF_FORMATS, DIFF_CONTENT_TYPES, type DiffFormat } from './formats.js';
export { renderJsonWithObjects } from './render-json-objects.js';
