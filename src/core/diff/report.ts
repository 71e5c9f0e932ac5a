/**
 * The diff report model (SPEC §9): one model, four renderings. Resources in apply order.
 */
import type { KubeObject, ObjectKey } from '../model/kube-object.js';
import { applyOrder } from '../plan/apply-order.js';
import type { Action, FieldChange, Operation, ResourceChange } from './types.js';

export const REPORT_API_VERSION = 'tugboat.dev/v1alpha1';

export interface ReportKey {
  group: string;
  version: string;
  kind: string;
  namespace: string;
  name: string;
}

export interface ReportResource {
  key: ReportKey;
  app: string;
  action: Action;
  patch: Operation[];
  fields: FieldChange[];
  /** Projected live (secrets masked). Used by the text/markdown/html renderings; not part of the JSON. */
  before?: KubeObject;
  /** Desired as compared (secrets masked). Used by the text/markdown/html renderings; not part of the JSON. */
  after?: KubeObject;
}

export interface ReportError {
  app: string;
  message: string;
}

export interface DiffSummary {
  create: number;
  update: number;
  delete: number;
  unchanged: number;
}

export interface DiffReport {
  apiVersion: typeof REPORT_API_VERSION;
  summary: DiffSummary;
  resources: ReportResource[];
  errors: ReportError[];
}

export interface BuildReportInput {
  /** Changes; each may name its app, else `app` is used. */
  changes: Array<ResourceChange & { app?: string }>;
  errors?: Array<{ app?: string; message: string }>;
  /** Default app name for changes and errors that carry none. Default: "". */
  app?: string;
}

function objectKey(k: ReportKey): ObjectKey {
  return { group: k.group, kind: k.kind, namespace: k.namespace, name: k.name };
}

export function compareResources(a: ReportResource, b: ReportResource): number {
  return applyOrder(objectKey(a.key), objectKey(b.key)) || (a.app < b.app ? -1 : a.app > b.app ? 1 : 0);
}

export function buildReport(input: BuildReportInput): DiffReport {
  const dflt = input.app ?? '';
  const summary: DiffSummary = { create: 0, update: 0, delete: 0, unchanged: 0 };
  const resources: ReportResource[] = input.changes.map((c) => {
    summary[c.action]++;
    const r: ReportResource = {
      key: { group: c.key.group, version: c.version, kind: c.key.kind, namespace: c.key.namespace, name: c.key.name },
      app: c.app ?? dflt,
      action: c.action,
      patch: c.patch,
      fields: c.fields,
    };
    if (c.before) r.before = c.before;
    if (c.after) r.after = c.after;
    return r;
  });
  resources.sort(compareResources);
  const errors = (input.errors ?? []).map((e) => ({ app: e.app ?? dflt, message: e.message }));
  return { apiVersion: REPORT_API_VERSION, summary, resources, errors };
}

/** Several reports (one per app) as one. */
export function mergeReports(reports: DiffReport[]): DiffReport {
  const summary: DiffSummary = { create: 0, update: 0, delete: 0, unchanged: 0 };
  for (const r of reports) {
    summary.create += r.summary.create;
    summary.update += r.summary.update;
    summary.delete += r.summary.delete;
    summary.unchanged += r.summary.unchanged;
  }
  return {
    apiVersion: REPORT_API_VERSION,
    summary,
    resources: reports.flatMap((r) => r.resources).sort(compareResources),
    errors: reports.flatMap((r) => r.errors),
  };
}

/** True when anything would change (the CLI's exit code 1). Errors are reported separately. */
export function hasDifferences(report: DiffReport): boolean {
  return report.summary.create + report.summary.update + report.summary.delete > 0;
}

/** The resources that would change, in report order. */
export function changedResources(report: DiffReport): ReportResource[] {
  return report.resources.filter((r) => r.action !== 'unchanged');
}
