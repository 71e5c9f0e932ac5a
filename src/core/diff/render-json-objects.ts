import { reportToJson } from './render-json.js';
import type { DiffReport } from './report.js';
import { toYaml } from './render-common.js';

/**
 * The JSON diff (SPEC §9) plus, per resource, the two sides as YAML (`before`: live as compared,
 * `after`: desired), Secret values already masked by the diff. The UI draws its side-by-side and
 * unified views from them; the plain JSON stays as SPEC §9 fixes it.
 */
export function renderJsonWithObjects(report: DiffReport): string {
  const base = reportToJson(report) as { resources: Array<Record<string, unknown>> };
  report.resources.forEach((r, i) => {
    if (r.action === 'unchanged') return;
    const out = base.resources[i]!;
    if (r.action !== 'create' && r.before) out.before = toYaml(r.before);
    if (r.action !== 'delete' && r.after) out.after = toYaml(r.after);
  });
  return JSON.stringify(base, null, 2) + '\n';
}
