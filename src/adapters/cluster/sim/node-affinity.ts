/**
 * Scheduling predicates shared by the scheduler, the node lifecycle (NoExecute eviction) and the
 * DaemonSet controller: taints against tolerations, nodeSelector and node affinity terms.
 *
 * Semantics (from the Kubernetes docs "Taints and Tolerations" and "Assigning Pods to Nodes"):
 * - a toleration matches a taint when keys are equal (or the toleration's key is empty with operator
 *   Exists), the value is equal (operator Equal, the default) or ignored (Exists), and the effect is
 *   equal or the toleration's effect is empty;
 * - nodeSelectorTerms are ORed, the matchExpressions of one term are ANDed; Gt/Lt compare integers.
 */
import { isPlainObject } from '../../../core/model/kube-object.js';
import { asArray, asMap, asStringMap } from './json.js';

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  key: string;
  value?: string;
  effect: TaintEffect;
  timeAdded?: string;
}

export interface Toleration {
  key?: string;
  operator?: 'Exists' | 'Equal';
  value?: string;
  effect?: TaintEffect | '';
  tolerationSeconds?: number;
}

export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

export function taintsOf(node: Record<string, unknown>): Taint[] {
  return asArray(asMap(node['spec'])['taints'])
    .filter(isPlainObject)
    .filter((t) => typeof t['key'] === 'string' && typeof t['effect'] === 'string')
    .map((t) => t as unknown as Taint);
}

export function tolerationsOf(pod: Record<string, unknown>): Toleration[] {
  return asArray(asMap(pod['spec'])['tolerations']).filter(isPlainObject).map((t) => t as unknown as Toleration);
}

export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  const op = t.operator ?? 'Equal';
  if (op === 'Exists') return !t.key || t.key === taint.key;
  return (t.key ?? '') === taint.key && (t.value ?? '') === (taint.value ?? '');
}

/** The first taint with one of `effects` that no toleration matches. */
export function untoleratedTaint(taints: Taint[], tolerations: Toleration[], effects: TaintEffect[]): Taint | undefined {
  return taints.find((taint) => effects.includes(taint.effect) && !tolerations.some((t) => tolerates(t, taint)));
}

/** How Kubernetes prints a taint in a FailedScheduling message: {key: value}. */
export function taintText(t: Taint): string {
  return `{${t.key}: ${t.value ?? ''}}`;
}

interface NodeView {
  name: string;
  labels: Record<string, string>;
}

function matchExpression(expr: Record<string, unknown>, value: (key: string) => string | undefined): boolean {
  const key = String(expr['key'] ?? '');
  const values = asArray(expr['values']).map(String);
  const v = value(key);
  switch (expr['operator']) {
    case 'In':
      return v !== undefined && values.includes(v);
    case 'NotIn':
      return v === undefined || !values.includes(v);
    case 'Exists':
      return v !== undefined;
    case 'DoesNotExist':
      return v === undefined;
    case 'Gt':
    case 'Lt': {
      if (v === undefined || values.length !== 1 || !/^-?\d+$/.test(v) || !/^-?\d+$/.test(values[0]!)) return false;
      const a = BigInt(v);
      const b = BigInt(values[0]!);
      return expr['operator'] === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** One NodeSelectorTerm: its matchExpressions (labels) and matchFields (metadata.name) all hold. An empty term matches nothing. */
export function termMatches(term: unknown, node: NodeView): boolean {
  const t = asMap(term);
  const exprs = asArray(t['matchExpressions']).filter(isPlainObject);
  const fields = asArray(t['matchFields']).filter(isPlainObject);
  if (exprs.length === 0 && fields.length === 0) return false;
  return (
    exprs.every((e) => matchExpression(e, (k) => node.labels[k])) &&
    fields.every((e) => matchExpression(e, (k) => (k === 'metadata.name' ? node.name : undefined)))
  );
}

/** nodeSelector and requiredDuringSchedulingIgnoredDuringExecution both hold. */
export function nodeMatchesPod(pod: Record<string, unknown>, node: NodeView): boolean {
  const spec = asMap(pod['spec']);
  const selector = asStringMap(spec['nodeSelector']);
  if (!Object.entries(selector).every(([k, v]) => node.labels[k] === v)) return false;
  const required = asMap(asMap(asMap(spec['affinity'])['nodeAffinity'])['requiredDuringSchedulingIgnoredDuringExecution']);
  const terms = required['nodeSelectorTerms'];
  if (!Array.isArray(terms)) return true;
  return terms.some((term) => termMatches(term, node));
}

/** Sum of the weights of the preferred node-affinity terms this node matches. */
export function preferredAffinityScore(pod: Record<string, unknown>, node: NodeView): number {
  const prefs = asArray(asMap(asMap(asMap(pod['spec'])['affinity'])['nodeAffinity'])['preferredDuringSchedulingIgnoredDuringExecution']);
  let score = 0;
  for (const p of prefs) {
    if (!isPlainObject(p)) continue;
    if (termMatches(p['preference'], node)) score += typeof p['weight'] === 'number' ? p['weight'] : 0;
  }
  return score;
}
