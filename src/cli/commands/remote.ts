import { call, type ClientOptions } from '../client.js';
import { CliError, EXIT } from '../exit-codes.js';
import { isDiffFormat } from '../../core/diff/formats.js';
import { rolloutRows } from './rollouts.js';
import { servingLine } from './serving.js';

interface AppStatus {
  name: string;
  namespace: string;
  sync: { status: string; revision: string; targetRevision: string };
  health: { status: string; message: string };
  operation?: { phase: string; message: string };
  conditions: Array<{ type: string; message: string }>;
  rollouts?: Parameters<typeof rolloutRows>[0];
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]! + 3))).join('').trimEnd()).join('\n') + '\n';
}

const short = (sha: string) => (sha ? sha.slice(0, 7) : '-');

export async function statusCommand(client: ClientOptions, app: string | undefined, opts: { output?: string }): Promise<void> {
  if (app) {
    const res = await call(client, 'GET', `/api/v1/applications/${encodeURIComponent(app)}`);
    if (opts.output === 'json') return void process.stdout.write(JSON.stringify(res.json(), null, 2) + '\n');
    const s = res.json() as AppStatus & { resources: Array<{ kind: string; namespace: string; name: string; status: string; health: { status: string; message: string } }> };
    const lines = [
      `Name:        ${s.name}`,
      `Namespace:   ${s.namespace}`,
      `Sync:        ${s.sync.status} to ${short(s.sync.revision)} (target ${short(s.sync.targetRevision)})`,
      `Health:      ${s.health.status}${s.health.message ? ' - ' + s.health.message : ''}`,
      `Operation:   ${s.operation ? `${s.operation.phase}: ${s.operation.message}` : '-'}`,
    ];
    const serving = servingLine(s);
    if (serving) lines.splice(3, 0, serving);
    for (const c of s.conditions) lines.push(`Condition:   ${c.type}: ${c.message.split('\n').join('\n             ')}`);
    process.stdout.write(lines.join('\n') + '\n\n');
    process.stdout.write(table([['KIND', 'NAMESPACE', 'NAME', 'STATUS', 'HEALTH', 'MESSAGE'], ...s.resources.map((r) => [r.kind, r.namespace, r.name, r.status, r.health.status, r.health.message])]));
    if (s.rollouts && s.rollouts.length > 0) {
      process.stdout.write('\n' + table([['ROLLOUT', 'STRATEGY', 'PHASE', 'STEP', 'WEIGHT', 'STABLE', 'NEW', 'MESSAGE'], ...rolloutRows(s.rollouts)]));
    }
    return;
  }
  const res = await call(client, 'GET', '/api/v1/applications');
  if (opts.output === 'json') return void process.stdout.write(JSON.stringify(res.json(), null, 2) + '\n');
  const items = (res.json() as { items: AppStatus[] }).items;
  process.stdout.write(table([['NAME', 'NAMESPACE', 'SYNC', 'HEALTH', 'REVISION', 'CONDITIONS'], ...items.map((a) => [a.name, a.namespace, a.sync.status, a.health.status, short(a.sync.revision), a.conditions.map((c) => c.type).join(',')])]));
}

export async function syncCommand(client: ClientOptions, app: string, opts: { revision?: string; dryRun?: boolean; prune?: boolean; output?: string }): Promise<void> {
  const res = await call(client, 'POST', `/api/v1/applications/${encodeURIComponent(app)}/sync`, {
    ...(opts.revision ? { revision: opts.revision } : {}),
    ...(opts.dryRun ? { dryRun: true } : {}),
    ...(opts.prune ? { prune: true } : {}),
  });
  const body = res.json() as { result: { kind: string; reason: string; changes: number; pendingPrune: number } | null; status: AppStatus };
  if (opts.output === 'json') process.stdout.write(JSON.stringify(body, null, 2) + '\n');
  else {
    const r = body.result;
    process.stdout.write(!r ? `${app}: no revision to sync yet\n` : opts.dryRun ? dryRunLine(app, r) : `${app}: ${r.kind} (${r.reason}), ${r.changes} changed, ${r.pendingPrune} awaiting prune\n`);
    for (const c of body.status.conditions) process.stdout.write(`  ${c.type}: ${c.message}\n`);
  }
  if (!body.result || body.result.kind === 'failed' || body.result.kind === 'stalled') {
    throw new CliError(`sync of ${app} did not succeed`, EXIT.failed);
  }
}

/** A dry run in the words of `tugboat status`: Synced when a sync would change nothing, OutOfSync with what it would do. */
function dryRunLine(app: string, r: { kind: string; reason: string; changes: number; pendingPrune: number }): string {
  if (r.kind === 'unchanged') return `${app}: Synced, nothing would change (dry run)\n`;
  if (r.kind !== 'outOfSync') return `${app}: ${r.kind} (${r.reason}), dry run\n`;
  return `${app}: OutOfSync, ${r.changes} would change${r.pendingPrune ? `, ${r.pendingPrune} awaiting prune` : ''} (dry run)\n`;
}

export async function historyCommand(client: ClientOptions, app: string, opts: { output?: string }): Promise<void> {
  const res = await call(client, 'GET', `/api/v1/applications/${encodeURIComponent(app)}/history`);
  if (opts.output === 'json') return void process.stdout.write(JSON.stringify(res.json(), null, 2) + '\n');
  const items = (res.json() as { items: Array<{ id: number; revision: string; deployedAt: string; cause: string; result: string; rollbackOf?: number }> }).items;
  process.stdout.write(table([['ID', 'DEPLOYED', 'REVISION', 'CAUSE', 'RESULT', 'ROLLBACK-OF'], ...items.map((h) => [String(h.id), h.deployedAt, short(h.revision), h.cause, h.result, h.rollbackOf ? String(h.rollbackOf) : ''])]));
}

export async function diffCommand(client: ClientOptions, app: string, opts: { revision?: string; output?: string }): Promise<void> {
  const format = opts.output ?? 'text';
  if (!isDiffFormat(format)) throw new CliError(`-o must be text, markdown, json or html`, EXIT.usage);
  const q = new URLSearchParams({ format });
  if (opts.revision) q.set('revision', opts.revision);
  const res = await call(client, 'GET', `/api/v1/applications/${encodeURIComponent(app)}/diff?${q}`);
  process.stdout.write(res.text.endsWith('\n') ? res.text : res.text + '\n');
  // Exit 1 when there are differences (like `diff` and `kubectl diff`).
  const json = format === 'json' ? (res.json() as { summary: { create: number; update: number; delete: number } }) : undefined;
  const differs = json ? json.summary.create + json.summary.update + json.summary.delete > 0 : await differsVia(client, app, opts.revision);
  if (differs) throw new CliError('', EXIT.failed);
}

async function differsVia(client: ClientOptions, app: string, revision?: string): Promise<boolean> {
  const q = new URLSearchParams({ format: 'json' });
  if (revision) q.set('revision', revision);
  const res = await call(client, 'GET', `/api/v1/applications/${encodeURIComponent(app)}/diff?${q}`);
  const s = (res.json() as { summary: { create: number; update: number; delete: number } }).summary;
  return s.create + s.update + s.delete > 0;
}

export async function rollbackCommand(client: ClientOptions, app: string, opts: { to?: string; gitRevert?: boolean; output?: string }): Promise<void> {
  const body: Record<string, unknown> = {};
  if (opts.to !== undefined) {
    if (/^\d+$/.test(opts.to)) body.id = Number(opts.to);
    else body.revision = opts.to;
  }
  if (opts.gitRevert) body.gitRevert = true;
  const res = await call(client, 'POST', `/api/v1/applications/${encodeURIComponent(app)}/rollback`, body);
  const out = res.json() as { result: { kind: string; history: { id: number; revision: string; rollbackOf?: number } | null } | null; status: AppStatus };
  if (opts.output === 'json') process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  else if (out.result?.history) {
    const h = out.result.history;
    process.stdout.write(`${app}: rolled back to ${short(h.revision)} (history ${h.rollbackOf}), recorded as entry ${h.id}\n`);
    for (const c of out.status.conditions) process.stdout.write(`  ${c.type}: ${c.message}\n`);
  }
  if (!out.result || out.result.kind === 'failed' || out.result.kind === 'stalled') throw new CliError(`rollback of ${app} did not succeed`, EXIT.failed);
}
