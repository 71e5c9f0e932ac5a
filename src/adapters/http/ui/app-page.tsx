/** `/applications/NAME`: the app's state, the Sync button, its rollouts and four tabs. */
import { useEffect, useState } from 'preact/hooks';
import { appPath, postJson } from './api.js';
import { appHref, navigate } from './router.js';
import { onAppActivity, type StoreState } from './store.js';
import type { AppStatus } from './types.js';
import { Chip, ConfirmDialog, Rev, Time, useDebouncedVersion } from './widgets.js';
import { ResourcesTab } from './resources-tab.js';
import { DiffTab } from './diff-tab.js';
import { HistoryTab } from './history-tab.js';
import { EventsTab } from './events-tab.js';
import { RolloutsPanel } from './rollouts-panel.js';
import { toast } from './toasts.js';

const TABS = [
  { id: 'resources', label: 'Resources' },
  { id: 'diff', label: 'Diff' },
  { id: 'history', label: 'History' },
  { id: 'events', label: 'Events' },
] as const;

export function AppPage(props: { store: StoreState; app: string; tab: string }) {
  const status = props.store.apps.get(props.app);
  // Every change of this app (a status from the stream, one of its events) reloads the open tab, at most
  // every 300 ms: live without polling anything.
  const [version, bump] = useDebouncedVersion(300);
  useEffect(() => onAppActivity((app) => { if (app === props.app) bump(); }), [props.app]);
  const tab = TABS.some((t) => t.id === props.tab) ? props.tab : 'resources';

  if (!status) {
    return (
      <main class="page">
        <Crumbs app={props.app} />
        {props.store.loaded ? <p class="error" role="alert">No application named “{props.app}”.</p> : <p class="muted">Loading…</p>}
      </main>
    );
  }
  const select = (id: string) => navigate(appHref(props.app, id), true);
  const onKey = (e: KeyboardEvent) => {
    const i = TABS.findIndex((t) => t.id === tab);
    const next = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i + TABS.length - 1) % TABS.length : -1;
    if (next < 0) return;
    e.preventDefault();
    select(TABS[next]!.id);
    document.getElementById(`tab-${TABS[next]!.id}`)?.focus();
  };
  return (
    <main class="page">
      <Crumbs app={props.app} />
      <AppHeader status={status} />
      {(status.rollouts?.length ?? 0) > 0 && <RolloutsPanel app={props.app} namespace={status.namespace ?? ''} rollouts={status.rollouts!} version={version} />}
      <div class="tabs" role="tablist" aria-label="Application views" onKeyDown={onKey}>
        {TABS.map((t) => (
          <button type="button" role="tab" id={`tab-${t.id}`} aria-selected={tab === t.id} aria-controls={`panel-${t.id}`} tabIndex={tab === t.id ? 0 : -1} onClick={() => select(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      <section class="tabpanel" role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'resources' && <ResourcesTab app={props.app} version={version} />}
        {tab === 'diff' && <DiffTab app={props.app} version={version} />}
        {tab === 'history' && <HistoryTab app={props.app} version={version} />}
        {tab === 'events' && <EventsTab app={props.app} version={version} />}
      </section>
    </main>
  );
}

function Crumbs(props: { app: string }) {
  return (
    <nav class="crumbs" aria-label="Breadcrumb">
      <a href="/">Applications</a> <span aria-hidden="true">/</span> <span aria-current="page">{props.app}</span>
    </nav>
  );
}

function AppHeader({ status: s }: { status: AppStatus }) {
  const op = s.operation;
  return (
    <header class="app-header">
      <div class="app-title">
        <h1>{s.name}</h1>
        <SyncButton app={s.name} />
      </div>
      <dl class="facts">
        <div><dt>Sync</dt><dd><Chip value={s.sync.status} /> <span data-testid="revision"><Rev rev={s.sync.revision} /></span>
          {s.sync.targetRevision && s.sync.targetRevision !== s.sync.revision && <span class="sub"> newest <Rev rev={s.sync.targetRevision} /></span>}</dd></div>
        <div><dt>Health</dt><dd><Chip value={s.health.status} /> {s.health.message && <span class="sub">{s.health.message}</span>}</dd></div>
        <div><dt>Last operation</dt><dd>{op ? <><Chip value={op.phase} /> {op.cause && <span class="sub">{op.cause}</span>} <Time iso={op.finishedAt ?? op.startedAt} /> {op.message && <span class="sub">{op.message}</span>}</> : '—'}</dd></div>
        <div><dt>Source</dt><dd><code>{s.source.repo}</code> <span class="sub">{s.source.branch} · {s.source.path}</span></dd></div>
        <div><dt>Namespace</dt><dd>{s.namespace ?? '—'}</dd></div>
        {s.summary && <div><dt>Resources</dt><dd>{s.summary.resources} <span class="sub">({s.summary.outOfSync} out of sync)</span></dd></div>}
      </dl>
      {s.conditions.length > 0 && (
        <ul class="conditions" aria-label="Conditions">
          {s.conditions.map((c) => <li><b>{c.type}</b> {c.message}</li>)}
        </ul>
      )}
    </header>
  );
}

interface SyncAnswer {
  result: { kind: string; reason?: string; changes: number; pendingPrune: number } | null;
}

function SyncButton(props: { app: string }) {
  const [open, setOpen] = useState(false);
  const [prune, setPrune] = useState(false);
  const [dryRun, setDryRun] = useState(false);
  const [revision, setRevision] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const body: Record<string, unknown> = { prune, dryRun };
      if (revision.trim()) body.revision = revision.trim();
      const ans = await postJson<SyncAnswer>(appPath(props.app, '/sync'), body);
      const r = ans.result;
      toast(r ? `${dryRun ? 'Dry run' : 'Sync'} of ${props.app}: ${r.changes} change${r.changes === 1 ? '' : 's'}${r.pendingPrune ? `, ${r.pendingPrune} to prune` : ''}${r.reason ? ` (${r.reason})` : ''}` : `Sync of ${props.app}: nothing to do yet`);
      setOpen(false);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" class="primary" onClick={() => { setOpen(true); setError(undefined); }}>Sync</button>
      {open && (
        <ConfirmDialog title={`Sync ${props.app}`} action="Sync" busy={busy} error={error} onConfirm={run} onCancel={() => setOpen(false)}>
          <label class="check"><input type="checkbox" checked={prune} onChange={(e) => setPrune((e.target as HTMLInputElement).checked)} /> Prune: delete objects that left git (confirms a blocked prune)</label>
          <label class="check"><input type="checkbox" checked={dryRun} onChange={(e) => setDryRun((e.target as HTMLInputElement).checked)} /> Dry run: compute and validate, change nothing</label>
          <label class="field">Revision (optional)<input type="text" value={revision} placeholder="newest commit of the branch" onInput={(e) => setRevision((e.target as HTMLInputElement).value)} /></label>
        </ConfirmDialog>
      )}
    </>
  );
}
