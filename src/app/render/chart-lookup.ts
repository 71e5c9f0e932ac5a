/**
 * Helm's `lookup` for charts the daemon renders: objects come from the cluster store. The core renders
 * synchronously, so a render first records which objects its templates asked for (answering `{}`),
 * those are read from the cluster, and the chart is rendered again with them, up to a few rounds
 * (a lookup may depend on another's result). Values come back as Kubernetes' unstructured decoding
 * gives them to Helm: whole numbers as int64, others as float64.
 */
import type { ClusterStore } from '../../core/ports.js';
import type { KubeObject } from '../../core/model/kube-object.js';
import { GoFloat } from '../../core/template/values.js';

export type LookupSource = Pick<ClusterStore, 'get' | 'list'>;
type Lookup = (apiVersion: string, kind: string, namespace: string, name: string) => unknown;

const MAX_ROUNDS = 4;

function unstructured(v: unknown): unknown {
  if (typeof v === 'number') return Number.isInteger(v) ? BigInt(v) : new GoFloat(v);
  if (Array.isArray(v)) return v.map(unstructured);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unstructured(x)]));
  return v;
}

async function fetchOne(source: LookupSource, apiVersion: string, kind: string, namespace: string, name: string): Promise<unknown> {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  if (name === '') {
    const items = await source.list({ group, kind, namespace: namespace === '' ? undefined : namespace });
    return { apiVersion, kind: `${kind}List`, metadata: { resourceVersion: '' }, items: items.map((o: KubeObject) => unstructured(o)) };
  }
  const obj = await source.get({ group, kind, namespace, name });
  return obj ? unstructured(obj) : {};
}

/** A fresh copy for each call, as Helm decodes a fresh map each time (templates may modify it). */
function copy(v: unknown): unknown {
  if (v instanceof GoFloat) return new GoFloat(v.value);
  if (Array.isArray(v)) return v.map(copy);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)]));
  return v;
}

/**
 * Runs `render` with a lookup backed by `source` until every object it asks for was read. A render
 * that fails while it still asked for unread objects (say, `required` on a looked-up field) is tried
 * again once they are read; a failure with everything read is the chart's error.
 */
export async function renderWithLookup<T>(source: LookupSource | undefined, render: (lookup: Lookup | undefined) => T): Promise<T> {
  if (!source) return render(undefined);
  const known = new Map<string, unknown>();
  for (let round = 1; ; round++) {
    const asked: Array<[string, string, string, string]> = [];
    const lookup: Lookup = (apiVersion, kind, namespace, name) => {
      const id = JSON.stringify([apiVersion, kind, namespace, name]);
      if (known.has(id)) return copy(known.get(id));
      asked.push([apiVersion, kind, namespace, name]);
      return {};
    };
    let result: T;
    try {
      result = render(lookup);
    } catch (err) {
      if (asked.length === 0 || round === MAX_ROUNDS) throw err;
      await readAll(source, asked, known);
      continue;
    }
    if (asked.length === 0 || round === MAX_ROUNDS) return result;
    await readAll(source, asked, known);
  }
}

async function readAll(source: LookupSource, asked: Array<[string, string, string, string]>, known: Map<string, unknown>): Promise<void> {
  for (const [a, k, ns, n] of asked) known.set(JSON.stringify([a, k, ns, n]), await fetchOne(source, a, k, ns, n));
}
