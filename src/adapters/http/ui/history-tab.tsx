/** The app's deployments, newest first, each with a Rollback button that asks first. */
import { useState } from 'preact/hooks';
import { appPath, getJson, postJson } from './api.js';
import type { HistoryEntry } from './types.js';
import { toast } from './toasts.js';
import { Chip, ConfirmDialog, Rev, Time, useLoad } from './widgets.js';

export function HistoryTab(props: { app: string; version: number }) {
  const { data, error } = useLoad((signal) => getJson<{ items: HistoryEntry[] }>(appPath(props.app, '/history'), signal), [props.app], props.version);
  const [confirm, setConfirm] = useState<HistoryEntry | undefined>();
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<string | undefined>();
  if (error && !data) return <p class="error" role="alert">{error}</p>;
  if (!data) return <p class="muted">Loading…</p>;
  const items = [...data.items].reverse();
  const rollback = async (e: HistoryEntry) => {
    setBusy(true);
    setActionError(undefined);
    try {
      const ans = await postJson<{ result: { kind: string; history: HistoryEntry | null } | null }>(appPath(props.app, '/rollback'), { id: e.id });
      const h = ans.result?.history;
      toast(h ? `Rolled back ${props.app} to #${e.id} (${e.revision.slice(0, 7)}): entry #${h.id}` : `Rollback of ${props.app} to #${e.id}: ${ans.result?.kind ?? 'done'}`);
      setConfirm(undefined);
    } catch (err) {
      setActionError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="history">
      {items.length === 0 ? <p class="muted">Nothing deployed yet.</p> : (
        <table class="grid">
          <thead><tr><th>ID</th><th>Revision</th><th>Cause</th><th>Result</th><th>Deployed</th><th><span class="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {items.map((e, i) => (
              <tr data-history-id={e.id}>
                <td>#{e.id}{i === 0 && <span class="sub"> current</span>}</td>
                <td>
                  <Rev rev={e.revision} /> {e.commit && <span class="commit-msg">{e.commit.message}</span>}
                  {e.commit?.author && <div class="sub">{e.commit.author}</div>}
                </td>
                <td>{e.cause}{e.rollbackOf !== undefined && <span class="sub"> of #{e.rollbackOf}</span>}</td>
                <td><Chip value={e.result} />{e.message && <div class="sub">{e.message}</div>}</td>
                <td><Time iso={e.deployedAt} /></td>
                <td><button type="button" class="secondary" onClick={() => { setActionError(undefined); setConfirm(e); }} aria-describedby={`hist-${e.id}`}>Rollback</button>
                  <span id={`hist-${e.id}`} class="sr-only">to #{e.id} ({e.revision.slice(0, 7)})</span></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {confirm && (
        <ConfirmDialog title={`Roll back ${props.app}?`} action="Rollback" danger busy={busy} error={actionError} onConfirm={() => void rollback(confirm)} onCancel={() => setConfirm(undefined)}>
          <p>Re-apply history entry <b>#{confirm.id}</b>, revision <Rev rev={confirm.revision} />{confirm.commit && <> “{confirm.commit.message}”</>}.</p>
          <p class="muted">The revision deployed now is quarantined: auto-sync waits for a newer commit.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
