/** Pieces shared by the text, markdown and html renderings. */
import { stringify } from 'yaml';
import { isPlainObject, type KubeObject } from '../model/kube-object.js';
import { unifiedLines, type Hunk } from './line-diff.js';
import type { ReportResource } from './report.js';

export interface DiffLabels {
  /** Name of the old side in headers. Default: "live". */
  before?: string;
  /** Name of the new side in headers. Default: "desired". */
  after?: string;
}

/** "Deployment.apps guestbook/frontend", "Namespace guestbook". */
export function resourceTitle(r: ReportResource): string {
  const kind = r.key.group ? `${r.key.kind}.${r.key.group}` : r.key.kind;
  return r.key.namespace ? `${kind} ${r.key.namespace}/${r.key.name}` : `${kind} ${r.key.name}`;
}

/** "apps/v1 Deployment guestbook/frontend" — for ---/+++ headers. */
function headerName(r: ReportResource): string {
  const gv = r.key.group ? `${r.key.group}/${r.key.version}` : r.key.version;
  return r.key.namespace ? `${gv} ${r.key.kind} ${r.key.namespace}/${r.key.name}` : `${gv} ${r.key.kind} ${r.key.name}`;
}

/** apiVersion, kind, metadata first, then the rest in their order. */
function ordered(o: KubeObject): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of ['apiVersion', 'kind', 'metadata']) if (k in o) out[k] = o[k];
  for (const k of Object.keys(o)) if (!(k in out)) out[k] = o[k];
  return out;
}

export function toYaml(o: KubeObject | undefined): string {
  if (!o || !isPlainObject(o)) return '';
  return stringify(ordered(o), { lineWidth: 0, aliasDuplicateObjects: false });
}

export type DiffLineKind = 'header-old' | 'header-new' | 'hunk' | 'context' | 'del' | 'add';

export interface DiffLine {
  kind: DiffLineKind;
  text: string;
}

/** The unified YAML diff of one resource, as typed lines (renderers add colour or markup). */
export function resourceDiffLines(r: ReportResource, labels: DiffLabels = {}): DiffLine[] {
  const name = headerName(r);
  const beforeLabel = labels.before ?? 'live';
  const afterLabel = labels.after ?? 'desired';
  const before = r.action === 'create' ? '' : toYaml(r.before);
  const after = r.action === 'delete' ? '' : toYaml(r.after);
  const out: DiffLine[] = [
    { kind: 'header-old', text: r.action === 'create' ? '--- /dev/null' : `--- ${beforeLabel}: ${name}` },
    { kind: 'header-new', text: r.action === 'delete' ? '+++ /dev/null' : `+++ ${afterLabel}: ${name}` },
  ];
  const hs: Hunk[] = unifiedLines(before, after);
  for (const h of hs) {
    out.push({ kind: 'hunk', text: h.header });
    for (const e of h.edits) {
      out.push({ kind: e.op === '+' ? 'add' : e.op === '-' ? 'del' : 'context', text: `${e.op}${e.line}` });
    }
  }
  return out;
}

/** "/spec/replicas (drift), /data/password (git)". */
export function fieldsLine(r: ReportResource): string {
  return r.fields.map((f) => `${f.path} (${f.origin})`).join(', ');
}

export function summaryLine(s: { create: number; update: number; delete: number; unchanged: number }): string {
  return `${s.create} to create, ${s.update} to update, ${s.delete} to delete, ${s.unchanged} unchanged`;
}

export function appSuffix(r: ReportResource): string {
  return r.app ? ` (app ${r.app})` : '';
}
