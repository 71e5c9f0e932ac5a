import { stringify } from 'yaml';
import type { KubeObject } from '../../core/model/kube-object.js';
import { resolveResource } from '../../core/model/kinds.js';
import { call, type ClientOptions } from '../client.js';
import { CliError, EXIT } from '../exit-codes.js';
import { humanAge, printTable, table } from '../../adapters/kube-api/kube-printer.js';

export interface GetOptions {
  namespace?: string;
  allNamespaces?: boolean;
  selector?: string;
  output?: string;
}

function resource(kind: string) {
  const t = resolveResource(kind);
  if (!t) throw new CliError(`the server doesn't have a resource type "${kind}"`, EXIT.usage);
  return t;
}

function query(opts: GetOptions): string {
  const q = new URLSearchParams();
  if (opts.allNamespaces) q.set('allNamespaces', 'true');
  else if (opts.namespace) q.set('namespace', opts.namespace);
  if (opts.selector) q.set('labelSelector', opts.selector);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export async function simGet(client: ClientOptions, kind: string, name: string | undefined, opts: GetOptions): Promise<void> {
  const t = resource(kind);
  const path = `/api/v1/sim/resources/${t.plural}${name ? `/${encodeURIComponent(name)}` : ''}${query(opts)}`;
  const res = await call(client, 'GET', path);
  const body = res.json() as KubeObject | { items: KubeObject[] };
  if (opts.output === 'json') return void process.stdout.write(JSON.stringify(body, null, 2) + '\n');
  if (opts.output === 'yaml') return void process.stdout.write(stringify(body, { lineWidth: 0 }));
  const items = 'items' in body && Array.isArray(body.items) ? body.items : [body as KubeObject];
  if (items.length === 0) {
    const where = opts.allNamespaces || !t.namespaced ? '' : ` in ${opts.namespace ?? 'default'} namespace`;
    process.stderr.write(`No resources found${where}.\n`);
    return;
  }
  process.stdout.write(printTable(t.kind, items, { wide: opts.output === 'wide', allNamespaces: opts.allNamespaces && t.namespaced }));
}

export async function simDescribe(client: ClientOptions, kind: string, name: string, opts: { namespace?: string }): Promise<void> {
  const t = resource(kind);
  const obj = (await call(client, 'GET', `/api/v1/sim/resources/${t.plural}/${encodeURIComponent(name)}${query(opts)}`)).json() as KubeObject & Record<string, unknown>;
  const events = ((await call(client, 'GET', `/api/v1/sim/events${query({ namespace: obj.metadata.namespace })}`)).json() as { items: Array<Record<string, any>> }).items
    .filter((e) => e.involvedObject?.kind === obj.kind && e.involvedObject?.name === obj.metadata.name);
  const kv = (m: Record<string, string> | undefined) => (m && Object.keys(m).length ? Object.entries(m).map(([k, v]) => `${k}=${v}`).join('\n              ') : '<none>');
  const lines = [
    `Name:         ${obj.metadata.name}`,
    ...(t.namespaced ? [`Namespace:    ${obj.metadata.namespace ?? ''}`] : []),
    `Labels:       ${kv(obj.metadata.labels)}`,
    `Annotations:  ${kv(obj.metadata.annotations)}`,
    `API Version:  ${obj.apiVersion}`,
    `Kind:         ${obj.kind}`,
    `Created:      ${obj.metadata.creationTimestamp ?? '<unknown>'}`,
  ];
  const rest: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) if (!['apiVersion', 'kind', 'metadata'].includes(k)) rest[k] = v;
  let out = lines.join('\n') + '\n';
  if (Object.keys(rest).length) out += stringify(rest, { lineWidth: 0 });
  out += 'Events:';
  if (events.length === 0) out += '  <none>\n';
  else {
    const now = Date.now();
    out += '\n' + table([['  Type', 'Reason', 'Age', 'From', 'Message'], ...events.map((e) => [`  ${e.type ?? 'Normal'}`, e.reason ?? '', e.lastTimestamp ? humanAge(now - Date.parse(e.lastTimestamp)) : '', e.source?.component ?? '', e.message ?? ''])]);
  }
  process.stdout.write(out);
}

export async function simDelete(client: ClientOptions, kind: string, name: string, opts: { namespace?: string }): Promise<void> {
  const t = resource(kind);
  await call(client, 'DELETE', `/api/v1/sim/resources/${t.plural}/${encodeURIComponent(name)}${query(opts)}`);
  process.stdout.write(`${t.singular}${t.group ? '.' + t.group : ''} "${name}" deleted\n`);
}

export async function simScale(client: ClientOptions, kind: string, name: string, opts: { namespace?: string; replicas?: string }): Promise<void> {
  const t = resource(kind);
  const replicas = opts.replicas === undefined ? NaN : Number(opts.replicas);
  if (!Number.isInteger(replicas) || replicas < 0) throw new CliError(`--replicas must be a whole number of 0 or more, got "${opts.replicas ?? ''}"`, EXIT.usage);
  await call(client, 'POST', `/api/v1/sim/resources/${t.plural}/${encodeURIComponent(name)}/scale${query(opts)}`, { replicas });
  process.stdout.write(`${t.singular}${t.group ? '.' + t.group : ''}/${name} scaled\n`);
}

export async function simEvents(client: ClientOptions, opts: { namespace?: string; output?: string }): Promise<void> {
  const body = (await call(client, 'GET', `/api/v1/sim/events${query(opts)}`)).json() as { items: KubeObject[] };
  if (opts.output === 'json') return void process.stdout.write(JSON.stringify(body, null, 2) + '\n');
  if (body.items.length === 0) return void process.stderr.write('No events found.\n');
  process.stdout.write(printTable('Event', body.items, { allNamespaces: !opts.namespace }));
}

export async function simNode(client: ClientOptions, action: string, node: string): Promise<void> {
  if (action !== 'fail' && action !== 'recover') throw new CliError(`node action must be fail or recover, got "${action}"`, EXIT.usage);
  await call(client, 'POST', `/api/v1/sim/nodes/${encodeURIComponent(node)}/${action}`);
  process.stdout.write(`node/${node} ${action === 'fail' ? 'failed' : 'recovered'}\n`);
}
