/** The app's events: the cluster's about its objects and Tugboat's own, newest first. */
import { appPath, getJson } from './api.js';
import type { AppEvent } from './types.js';
import { Time, useLoad } from './widgets.js';

export function EventsTab(props: { app: string; version: number }) {
  const { data, error } = useLoad((signal) => getJson<{ items: AppEvent[] }>(appPath(props.app, '/events?limit=300'), signal), [props.app], props.version);
  if (error && !data) return <p class="error" role="alert">{error}</p>;
  if (!data) return <p class="muted">Loading…</p>;
  if (data.items.length === 0) return <p class="muted">No events yet.</p>;
  return (
    <table class="grid events">
      <thead><tr><th>When</th><th>Type</th><th>Reason</th><th>Object</th><th>Message</th><th>From</th></tr></thead>
      <tbody>
        {data.items.map((e) => (
          <tr class={e.type === 'Warning' ? 'warning' : ''}>
            <td><Time iso={e.time} /></td>
            <td>{e.type}</td>
            <td><b>{e.reason}</b>{e.count && e.count > 1 ? <span class="sub"> ×{e.count}</span> : null}</td>
            <td>{e.object ? <span class="mono">{e.object.kind}/{e.object.name}</span> : <span class="muted">—</span>}</td>
            <td class="msg-cell">{e.message}</td>
            <td><span class={`source ${e.source ?? 'cluster'}`}>{e.source === 'tugboat' ? 'Tugboat' : 'cluster'}</span></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
