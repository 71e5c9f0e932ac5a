import type { DiffReport } from './report.js';

/** The JSON rendering (SPEC §9): the report without the before/after objects the other renderings use. */
export function reportToJson(report: DiffReport): unknown {
  return {
    apiVersion: report.apiVersion,
    summary: report.summary,
    resources: report.resources.map((r) => ({
      key: r.key,
      app: r.app,
      action: r.action,
      patch: r.patch,
      fields: r.fields,
    })),
    errors: report.errors,
  };
}

export function renderJson(report: DiffReport): string {
  return JSON.stringify(reportToJson(report), null, 2) + '\n';
}
