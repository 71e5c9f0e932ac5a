/** `/`: one row per app, a filter box and counts by health. */
import { useMemo, useState } from 'preact/hooks';
import { appHref } from './router.js';
import type { StoreState } from './store.js';
import type { AppStatus } from './types.js';
import { Chip, Rev, Time } from './widgets.js';

const HEALTH_ORDER = ['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown'];

function matches(a: AppStatus, q: string): boolean {
  if (!q) return true;
  const hay = `${a.name} ${a.namespace ?? ''} ${a.sync.status} ${a.health.status} ${a.source.path} ${a.conditions.map((c) => c.type).join(' ')}`.toLowerCase();
  return q.toLowerCase().split(/\s+/).every((w) => hay.includes(w));
}

export function AppList(props: { store: StoreState }) {
  const [q, setQ] = useState(() => new URLSearchParams(location.search).get('q') ?? '');
  const [health, setHealth] = useState<string | undefined>(undefined);
  const all = useMemo(() => [...props.store.apps.values()].sort((a, b) => a.name.localeCompare(b.name)), [props.store.apps]);
  const counts = useMemo(() => {
    const c = new Map<string, number>();
    for (const a of all) c.set(a.health.status, (c.get(a.health.status) ?? 0) + 1);
    return c;
  }, [all]);
  const shown = all.filter((a) => matches(a, q) && (!health || a.health.status === health));
  return (
    <main class="page">
      <div class="toolbar">
        <h1>Applications <span class="count">{all.length}</span></h1>
        <div class="health-counts" role="group" aria-label="Filter by health">
          {HEALTH_ORDER.filter((h) => counts.has(h)).map((h) => (
            <button type="button" class={`count-button ${health === h ? 'active' : ''}`} aria-pressed={health === h} onClick={() => setHealth(health === h ? undefined : h)}>
              <Chip value={h} /> <b>{counts.get(h)}</b>
            </button>
          ))}
        </div>
        <input type="search" class="filter" placeholder="Filter by name, namespace, status…" aria-label="Filter applications" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
      </div>
      {props.store.error && <p class="error" role="alert">{props.store.error}</p>}
      {!props.store.loaded ? <p class="muted">Loading…</p> : (
        <table class="grid apps">
          <thead>
            <tr><th>Name</th><th>Namespace</th><th>Sync</th><th>Health</th><th>Revision</th><th>Last operation</th><th>Conditions</th></tr>
          </thead>
          <tbody>
            {shown.map((a) => <AppRow key={a.name} app={a} />)}
          </tbody>
        </table>
      )}
      {props.store.loaded && shown.length === 0 && <p class="muted">{all.length === 0 ? 'No applications are configured.' : 'No application matches the filter.'}</p>}
    </main>
  );
}

function AppRow({ app: a }: { app: AppStatus }) {
  const op = a.operation;
  return (
    <tr data-app={a.name}>
      <td class="name"><a href={appHref(a.name)}>{a.name}</a></td>
      <td>{a.namespace ?? ''}</td>
      <td><Chip value={a.sync.status} /></td>
      <td>
        <Chip value={a.health.status} />
        {a.health.message && <div class="sub" title={a.health.message}>{a.health.message}</div>}
      </td>
      <td>
        <Rev rev={a.sync.revision} />
        {a.sync.targetRevision && a.sync.targetRevision !== a.sync.revision && <span class="sub"> → <Rev rev={a.sync.targetRevision} /></span>}
      </td>
      <td>
        {op ? <div class="op"><Chip value={op.phase} /> <Time iso={op.finishedAt ?? op.startedAt} />{op.message && <span class="sub" title={op.message}> · {op.message}</span>}</div> : <span class="muted">—</span>}
      </td>
      <td>
        {a.conditions.length === 0 ? <span class="muted">—</span> : a.conditions.map((c) => (
          <div class="condition" title={c.message}><b>{c.type}</b> {c.message}</div>
        ))}
      </td>
    </tr>
  );
}
