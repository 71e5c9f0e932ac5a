/** Field selectors ("metadata.name=web,status.phase!=Running"): equality on dotted paths of the object. */
import { ClusterError } from '../../core/ports.js';
import type { KubeObject } from '../../core/model/kube-object.js';

export interface FieldRequirement { path: string[]; value: string; negate: boolean }

export function parseFieldSelector(text: string | undefined): FieldRequirement[] {
  if (!text) return [];
  const out: FieldRequirement[] = [];
  for (const term of text.split(',').map((t) => t.trim()).filter(Boolean)) {
    const m = term.match(/^([A-Za-z0-9_.]+)\s*(==|=|!=)\s*(.*)$/);
    if (!m) throw new ClusterError(400, 'BadRequest', `invalid field selector: "${term}"`);
    out.push({ path: m[1]!.split('.'), value: m[3]!, negate: m[2] === '!=' });
  }
  return out;
}

function valueAt(obj: unknown, path: string[]): string {
  let cur: unknown = obj;
  for (const p of path) {
    if (typeof cur !== 'object' || cur === null) return '';
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur === undefined || cur === null ? '' : String(cur);
}

export function fieldsMatch(reqs: FieldRequirement[], obj: KubeObject): boolean {
  return reqs.every((r) => (valueAt(obj, r.path) === r.value) !== r.negate);
}
