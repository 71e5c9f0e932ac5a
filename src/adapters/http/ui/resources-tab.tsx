/** The resource tree: the app's objects and what the cluster made for them, by owner. */
import { useMemo, useState } from 'preact/hooks';
import { appPath, getJson } from './api.js';
import { refKey, type TreeNode } from './types.js';
import { Chip, useLoad } from './widgets.js';
import { ObjectDrawer } from './object-drawer.js';

/** Above this many nodes the tree opens collapsed: 2,000 objects are read by kind, not all at once. */
const EXPAND_LIMIT = 300;

/** Roots in the order people think of an app: namespaces, config, services, workloads. */
const KIND_ORDER = ['Namespace', 'CustomResourceDefinition', 'ServiceAccount', 'Secret', 'ConfigMap', 'PersistentVolumeClaim', 'Service', 'Deployment', 'Rollout', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod', 'Endpoints', 'Ingress'];
const rank = (k: string) => { const i = KIND_ORDER.indexOf(k); return i < 0 ? KIND_ORDER.length : i; };

interface Tree {
  roots: TreeNode[];
  children: Map<string, TreeNode[]>;
  total: number;
}

function buildTree(nodes: TreeNode[]): Tree {
  const byKey = new Set(nodes.map(refKey));
  const children = new Map<string, TreeNode[]>();
  const roots: TreeNode[] = [];
  for (const n of nodes) {
    const p = n.parent ? refKey(n.parent) : undefined;
    if (p && byKey.has(p)) {
      let list = children.get(p);
      if (!list) children.set(p, (list = []));
      list.push(n);
    } else roots.push(n);
  }
  const order = (a: TreeNode, b: TreeNode) => rank(a.kind) - rank(b.kind) || a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name);
  roots.sort(order);
  for (const list of children.values()) list.sort(order);
  return { roots, children, total: nodes.length };
}

export function ResourcesTab(props: { app: string; version: number }) {
  const { data, error } = useLoad((signal) => getJson<{ nodes: TreeNode[] }>(appPath(props.app, '/resource-tree'), signal), [props.app], props.version);
  const tree = useMemo(() => (data ? buildTree(data.nodes) : undefined), [data]);
  const [q, setQ] = useState('');
  const [open, setOpen] = useState<TreeNode | undefined>();
  const [toggled, setToggled] = useState(new Set<string>());
  if (error && !tree) return <p class="error" role="alert">{error}</p>;
  if (!tree) return <p class="muted">Loading…</p>;
  const expandedByDefault = tree.total <= EXPAND_LIMIT;
  const isOpen = (k: string) => toggled.has(k) !== expandedByDefault;
  const toggle = (k: string) => {
    const next = new Set(toggled);
    if (next.has(k)) next.delete(k); else next.add(k);
    setToggled(next);
  };
  const needle = q.trim().toLowerCase();
  const rows: preact.JSX.Element[] = [];
  const walk = (n: TreeNode, depth: number) => {
    const k = refKey(n);
    const kids = tree.children.get(k) ?? [];
    const hit = !needle || `${n.kind} ${n.name}`.toLowerCase().includes(needle);
    // A filter shows every match wherever it is in the tree.
    if (hit) rows.push(<NodeRow node={n} depth={needle ? 0 : depth} kids={kids.length} open={isOpen(k)} onToggle={() => toggle(k)} onOpen={() => setOpen(n)} />);
    if (needle || isOpen(k)) for (const c of kids) walk(c, depth + 1);
  };
  for (const r of tree.roots) walk(r, 0);
  return (
    <div class="resources">
      <div class="toolbar small">
        <span class="muted">{tree.total} objects{!expandedByDefault && ' · children collapsed'}</span>
        <input type="search" class="filter" aria-label="Filter resources" placeholder="Filter by kind or name…" value={q} onInput={(e) => setQ((e.target as HTMLInputElement).value)} />
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      <ul class="tree" role="list" aria-label="Resource tree">{rows}</ul>
      {open && <ObjectDrawer app={props.app} node={open} onClose={() => setOpen(undefined)} />}
    </div>
  );
}

function NodeRow(props: { node: TreeNode; depth: number; kids: number; open: boolean; onToggle(): void; onOpen(): void }) {
  const n = props.node;
  return (
    <li class="node" data-kind={n.kind} data-name={n.name} style={{ paddingLeft: `${0.5 + props.depth * 1.6}rem` }}>
      {props.kids > 0
        ? <button type="button" class="twisty" aria-expanded={props.open} aria-label={`${props.open ? 'Collapse' : 'Expand'} ${n.kind} ${n.name}`} onClick={props.onToggle}>{props.open ? '▾' : '▸'}</button>
        : <span class="twisty" aria-hidden="true" />}
      <span class={`kind kind-${n.kind}`}>{n.kind}</span>
      <button type="button" class="link node-name" title="Show the live object" onClick={props.onOpen}>{n.name}</button>
      {props.kids > 0 && !props.open && <span class="sub">{props.kids} children</span>}
      <Chip value={n.health.status} />
      {n.health.message && <span class="sub msg" title={n.health.message}>{n.health.message}</span>}
      {n.replicas && <span class="sub">{n.replicas.ready}/{n.replicas.desired} ready</span>}
      {n.images && <span class="images">{n.images.map((i) => <code class="image" title={i}>{i}</code>)}</span>}
      {n.namespace && <span class="ns sub">{n.namespace}</span>}
    </li>
  );
}
