import type { KubeObject } from '../../core/model/kube-object.js';

type Row = string[];
type Obj = KubeObject & Record<string, any>;

/** kubectl's short human durations: 45s, 3m12s, 47m, 5h3m, 20h, 3d4h, 12d. */
export function humanAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return `${m}m${s % 60 ? `${s % 60}s` : ''}`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return `${h}h${m % 60 ? `${m % 60}m` : ''}`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 8) return `${d}d${h % 24 ? `${h % 24}h` : ''}`;
  return `${d}d`;
}

const age = (o: Obj, now: number) => (o.metadata.creationTimestamp ? humanAge(now - Date.parse(o.metadata.creationTimestamp)) : '<unknown>');
const n = (v: unknown) => (typeof v === 'number' ? v : 0);

function podStatus(p: Obj): { ready: string; status: string; restarts: number } {
  const cs: any[] = p.status?.containerStatuses ?? [];
  const total = (p.spec?.containers ?? []).length;
  const ready = cs.filter((c) => c.ready).length;
  const restarts = cs.reduce((a, c) => a + n(c.restartCount), 0);
  let status: string = p.status?.phase ?? 'Pending';
  for (const c of cs) {
    const reason = c.state?.waiting?.reason ?? c.state?.terminated?.reason;
    if (reason) status = reason;
  }
  if (p.metadata.deletionTimestamp) status = 'Terminating';
  return { ready: `${ready}/${total}`, status, restarts };
}

function ports(svc: Obj): string {
  return (svc.spec?.ports ?? []).map((p: any) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',') || '<none>';
}

function images(o: Obj): { names: string; images: string } {
  const cs: any[] = o.spec?.template?.spec?.containers ?? [];
  return { names: cs.map((c) => c.name).join(','), images: cs.map((c) => c.image).join(',') };
}

function selector(sel: any): string {
  const m = sel?.matchLabels ?? sel;
  if (!m || typeof m !== 'object') return '<none>';
  return Object.entries(m).filter(([, v]) => typeof v === 'string').map(([k, v]) => `${k}=${v}`).join(',') || '<none>';
}

interface Printer {
  head: string[];
  row: (o: Obj, now: number) => Row;
  wideHead?: string[];
  wide?: (o: Obj) => Row;
}

const PRINTERS: Record<string, Printer> = {
  Pod: {
    head: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
    row: (o, now) => { const s = podStatus(o); return [o.metadata.name, s.ready, s.status, String(s.restarts), age(o, now)]; },
    wideHead: ['IP', 'NODE'],
    wide: (o) => [o.status?.podIP ?? '<none>', o.spec?.nodeName ?? '<none>'],
  },
  Deployment: {
    head: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
    row: (o, now) => [o.metadata.name, `${n(o.status?.readyReplicas)}/${o.spec?.replicas ?? 1}`, String(n(o.status?.updatedReplicas)), String(n(o.status?.availableReplicas)), age(o, now)],
    wideHead: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    wide: (o) => { const i = images(o); return [i.names, i.images, selector(o.spec?.selector)]; },
  },
  ReplicaSet: {
    head: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
    row: (o, now) => [o.metadata.name, String(o.spec?.replicas ?? 1), String(n(o.status?.replicas)), String(n(o.status?.readyReplicas)), age(o, now)],
    wideHead: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    wide: (o) => { const i = images(o); return [i.names, i.images, selector(o.spec?.selector)]; },
  },
  StatefulSet: {
    head: ['NAME', 'READY', 'AGE'],
    row: (o, now) => [o.metadata.name, `${n(o.status?.readyReplicas)}/${o.spec?.replicas ?? 1}`, age(o, now)],
  },
  DaemonSet: {
    head: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
    row: (o, now) => [o.metadata.name, String(n(o.status?.desiredNumberScheduled)), String(n(o.status?.currentNumberScheduled)), String(n(o.status?.numberReady)), String(n(o.status?.updatedNumberScheduled)), String(n(o.status?.numberAvailable)), age(o, now)],
  },
  Job: {
    head: ['NAME', 'STATUS', 'COMPLETIONS', 'AGE'],
    row: (o, now) => {
      const conds: any[] = o.status?.conditions ?? [];
      const status = conds.find((c) => c.type === 'Complete' && c.status === 'True') ? 'Complete' : conds.find((c) => c.type === 'Failed' && c.status === 'True') ? 'Failed' : 'Running';
      return [o.metadata.name, status, `${n(o.status?.succeeded)}/${o.spec?.completions ?? 1}`, age(o, now)];
    },
  },
  Service: {
    head: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    row: (o, now) => [o.metadata.name, o.spec?.type ?? 'ClusterIP', o.spec?.clusterIP ?? '<none>', o.status?.loadBalancer?.ingress?.[0]?.ip ?? '<none>', ports(o), age(o, now)],
    wideHead: ['SELECTOR'],
    wide: (o) => [selector(o.spec?.selector)],
  },
  Endpoints: {
    head: ['NAME', 'ENDPOINTS', 'AGE'],
    row: (o, now) => {
      const eps: string[] = [];
      for (const s of o.subsets ?? []) for (const a of s.addresses ?? []) for (const p of s.ports ?? [{}]) eps.push(p.port ? `${a.ip}:${p.port}` : a.ip);
      return [o.metadata.name, eps.length > 3 ? `${eps.slice(0, 3).join(',')} + ${eps.length - 3} more...` : eps.join(',') || '<none>', age(o, now)];
    },
  },
  Node: {
    head: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
    row: (o, now) => {
      const ready = (o.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
      const status = ready?.status === 'True' ? 'Ready' : 'NotReady';
      return [o.metadata.name, o.spec?.unschedulable ? `${status},SchedulingDisabled` : status, '<none>', age(o, now), o.status?.nodeInfo?.kubeletVersion ?? 'v1.33.0-sim'];
    },
  },
  Namespace: { head: ['NAME', 'STATUS', 'AGE'], row: (o, now) => [o.metadata.name, o.status?.phase ?? 'Active', age(o, now)] },
  ConfigMap: { head: ['NAME', 'DATA', 'AGE'], row: (o, now) => [o.metadata.name, String(Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length), age(o, now)] },
  Secret: { head: ['NAME', 'TYPE', 'DATA', 'AGE'], row: (o, now) => [o.metadata.name, o.type ?? 'Opaque', String(Object.keys({ ...(o.data ?? {}), ...(o.stringData ?? {}) }).length), age(o, now)] },
  Event: {
    head: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'],
    row: (o, now) => [o.lastTimestamp ? humanAge(now - Date.parse(o.lastTimestamp)) : '<unknown>', o.type ?? 'Normal', o.reason ?? '', `${String(o.involvedObject?.kind ?? '').toLowerCase()}/${o.involvedObject?.name ?? ''}`, o.message ?? ''],
  },
};

const DEFAULT: Printer = { head: ['NAME', 'AGE'], row: (o, now) => [o.metadata.name, age(o, now)] };

export function table(rows: Row[]): string {
  if (rows.length === 0) return '';
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]! + 3))).join('').trimEnd()).join('\n') + '\n';
}

/** Formats objects of one kind as `kubectl get` does (wide adds its extra columns; allNamespaces a NAMESPACE column). */
export function printTable(kind: string, items: KubeObject[], opts: { wide?: boolean; allNamespaces?: boolean; now?: number }): string {
  const p = PRINTERS[kind] ?? DEFAULT;
  const now = opts.now ?? Date.now();
  const head = [...(opts.allNamespaces ? ['NAMESPACE'] : []), ...p.head, ...(opts.wide && p.wideHead ? p.wideHead : [])];
  const rows = items.map((o) => [
    ...(opts.allNamespaces ? [o.metadata.namespace ?? ''] : []),
    ...p.row(o as Obj, now),
    ...(opts.wide && p.wide ? p.wide(o as Obj) : []),
  ]);
  return table([head, ...rows]);
}

/** The columns of one kind (kubectl's server-side printing), for the sim's Kubernetes API Tables. */
export function printerFor(kind: string): { head: string[]; wideHead: string[]; row(o: KubeObject, now: number): Row; wide(o: KubeObject): Row } {
  const p = PRINTERS[kind] ?? DEFAULT;
  return { head: p.head, wideHead: p.wideHead ?? [], row: (o, now) => p.row(o as Obj, now), wide: (o) => (p.wide ? p.wide(o as Obj) : []) };
}
