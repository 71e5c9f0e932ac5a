/**
 * Server-side printing: meta.k8s.io/v1 Tables for `kubectl get` (lists, single objects, watch events),
 * with the same columns `tugboat sim get` prints; `-o wide` columns carry priority 1.
 */
import type { KubeObject } from '../../core/model/kube-object.js';
import { printerFor } from './kube-printer.js';

/** True when the Accept header asks for a Table. */
export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}

function columns(kind: string): unknown[] {
  const p = printerFor(kind);
  const col = (name: string, priority: number) => ({
    name: name.charAt(0) + name.slice(1).toLowerCase(),
    type: 'string',
    format: name === 'NAME' ? 'name' : '',
    description: '',
    priority,
  });
  return [...p.head.map((h) => col(h, 0)), ...p.wideHead.map((h) => col(h, 1))];
}

function partial(o: KubeObject): unknown {
  const m = o.metadata;
  const meta: Record<string, unknown> = { name: m.name };
  for (const k of ['namespace', 'uid', 'resourceVersion', 'creationTimestamp', 'labels', 'annotations', 'ownerReferences']) {
    if (m[k] !== undefined) meta[k] = m[k];
  }
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: meta };
}

export function toTable(kind: string, items: KubeObject[], resourceVersion: string, opts: { withColumns?: boolean; now?: number } = {}): unknown {
  const p = printerFor(kind);
  const now = opts.now ?? Date.now();
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: opts.withColumns === false ? null : columns(kind),
    rows: items.map((o) => ({ cells: [...p.row(o, now), ...p.wide(o)], object: partial(o) })),
  };
}
