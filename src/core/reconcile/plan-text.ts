/**
 * A plan of a pass as a text tree, for logs, `--dry-run` style output and golden tests:
 *
 *     Plan for app guestbook at 1a2b3c4d5e6f: synced (Synced)
 *       namespace  guestbook
 *       apply  create  apps/Deployment/guestbook/web
 *       prune  /ConfigMap/guestbook/old  (Background)
 *       condition PruneBlocked: …
 *
 * Objects appear by key only: no object data (a Secret's) is ever printed.
 */
import type { Plan, PlanResult } from './decide.js';
import { short } from './pass-events.js';

export function formatPlan(plan: Plan): string {
  const lines = [`Plan for app ${plan.app} at ${short(plan.revision)}: ${formatResult(plan.result)}${plan.mode === 'dryRun' ? ' [dry run]' : ''}`];
  for (const a of plan.actions) {
    switch (a.kind) {
      case 'ensureNamespace':
        lines.push(`  namespace  ${a.namespace}`);
        break;
      case 'apply':
        lines.push(`  apply  ${a.reason}  ${a.key}${plan.force ? '  (force)' : ''}`);
        break;
      case 'prune':
        lines.push(`  prune  ${a.key}  (${a.propagationPolicy})`);
        break;
      case 'record':
        lines.push(`  record  ${a.key}  (live matches; inventory only)`);
        break;
    }
  }
  for (const c of plan.conditions) {
    lines.push('clear' in c ? `  clear ${c.type}` : `  condition ${c.type}: ${indent(c.message)}`);
  }
  if (plan.history) {
    const h = plan.history;
    lines.push(`  history  ${h.cause}  digest ${h.digest.slice(0, 12)}${h.rollbackOf !== undefined ? `  rollbackOf ${h.rollbackOf}` : ''}`);
  }
  for (const e of plan.events) lines.push(`  event ${e.name} (${e.level}): ${indent(e.message)}`);
  return lines.join('\n') + '\n';
}

function formatResult(r: PlanResult): string {
  switch (r.kind) {
    case 'synced':
      return `synced (${r.reason})`;
    case 'unchanged':
      return `unchanged${r.outOfSync ? ', out of sync' : ''} (${r.reason})`;
    case 'requeue':
      return `requeue (${r.reason}${r.afterMs !== undefined ? `, after ${r.afterMs} ms` : ''})`;
    case 'stalled':
      return `stalled (${r.reason}): waits for a new revision`;
  }
}

/** Continuation lines of a multi-line message, under the line they belong to. */
function indent(message: string): string {
  return message.split('\n').join('\n      ');
}
