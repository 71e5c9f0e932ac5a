/** A tree node's live object as YAML, read from the API (Secret values arrive masked). */
import { useEffect, useRef } from 'preact/hooks';
import { appPath, getText } from './api.js';
import type { TreeNode } from './types.js';
import { useLoad } from './widgets.js';

export function ObjectDrawer(props: { app: string; node: TreeNode; onClose(): void }) {
  const n = props.node;
  const qs = new URLSearchParams({ group: n.group, kind: n.kind, namespace: n.namespace, name: n.name, format: 'yaml' });
  const { data, error } = useLoad((signal) => getText(appPath(props.app, `/resource?${qs}`), signal), [props.app, qs.toString()]);
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => { close.current?.focus(); }, [n]);
  return (
    <aside class="drawer" role="complementary" aria-label={`Live object ${n.kind} ${n.name}`} onKeyDown={(e) => { if (e.key === 'Escape') props.onClose(); }}>
      <div class="drawer-head">
        <h2>{n.kind} <span class="mono">{n.namespace ? `${n.namespace}/` : ''}{n.name}</span></h2>
        <button type="button" ref={close} class="secondary" onClick={props.onClose}>Close</button>
      </div>
      {error ? <p class="error" role="alert">{error}</p> : data === undefined ? <p class="muted">Loading…</p> : <pre class="yaml">{data}</pre>}
    </aside>
  );
}
