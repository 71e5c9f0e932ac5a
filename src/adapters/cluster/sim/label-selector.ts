/**
 * Kubernetes label selectors: the string form ("a=b,c!=d,e in (x,y),f notin (z),g,!h") and the
 * LabelSelector object form ({matchLabels, matchExpressions}) used by workloads.
 */
import { ClusterError } from '../../../core/ports.js';
import { isPlainObject } from '../../../core/model/kube-object.js';

export type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}
export type Selector = Requirement[];

export function matches(selector: Selector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  for (const r of selector) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.operator) {
      case 'In':
        if (!has || !r.values.includes(l[r.key]!)) return false;
        break;
      case 'NotIn':
        if (has && r.values.includes(l[r.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

function bad(sel: string, why: string): ClusterError {
  return new ClusterError(400, 'BadRequest', `unable to parse requirement: invalid label selector "${sel}": ${why}`);
}

/** Splits on commas that are not inside parentheses. */
function splitTerms(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((t) => t.trim()).filter((t) => t.length > 0);
}

const KEY = /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;

/** Parses the string form. Throws ClusterError(400) on a malformed selector. */
export function parseSelector(text: string | undefined): Selector {
  if (!text || !text.trim()) return [];
  let depth = 0;
  for (const ch of text) {
    depth += ch === '(' ? 1 : ch === ')' ? -1 : 0;
    if (depth < 0) break;
  }
  if (depth !== 0) throw bad(text, 'unbalanced parentheses');
  const out: Selector = [];
  for (const term of splitTerms(text)) {
    let m: RegExpMatchArray | null;
    if ((m = term.match(/^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/))) {
      const values = m[3]!.split(',').map((v) => v.trim()).filter((v) => v.length > 0);
      if (!KEY.test(m[1]!)) throw bad(text, `invalid key "${m[1]}"`);
      if (values.length === 0) throw bad(text, `"${m[2]}" needs at least one value in its parentheses`);
      out.push({ key: m[1]!, operator: m[2] === 'in' ? 'In' : 'NotIn', values });
    } else if ((m = term.match(/^([^=!\s]+)\s*(==|=|!=)\s*([^=!\s]*)$/))) {
      if (!KEY.test(m[1]!)) throw bad(text, `invalid key "${m[1]}"`);
      out.push({ key: m[1]!, operator: m[2] === '!=' ? 'NotIn' : 'In', values: [m[3]!] });
    } else if ((m = term.match(/^!\s*(\S+)$/))) {
      if (!KEY.test(m[1]!)) throw bad(text, `invalid key "${m[1]}"`);
      out.push({ key: m[1]!, operator: 'DoesNotExist', values: [] });
    } else if (KEY.test(term)) {
      out.push({ key: term, operator: 'Exists', values: [] });
    } else {
      throw bad(text, `cannot parse "${term}"`);
    }
  }
  return out;
}

/** Converts a LabelSelector object ({matchLabels, matchExpressions}). Invalid parts are ignored. */
export function fromLabelSelector(sel: unknown): Selector {
  if (!isPlainObject(sel)) return [];
  const out: Selector = [];
  const ml = sel['matchLabels'];
  if (isPlainObject(ml)) for (const [k, v] of Object.entries(ml)) out.push({ key: k, operator: 'In', values: [String(v)] });
  const me = sel['matchExpressions'];
  if (Array.isArray(me)) {
    for (const e of me) {
      if (!isPlainObject(e) || typeof e['key'] !== 'string') continue;
      const op = e['operator'];
      if (op !== 'In' && op !== 'NotIn' && op !== 'Exists' && op !== 'DoesNotExist') continue;
      const values = Array.isArray(e['values']) ? e['values'].map(String) : [];
      out.push({ key: e['key'], operator: op, values });
    }
  }
  return out;
}

/** Service-style selector: a plain map of label equalities. */
export function fromMap(map: unknown): Selector {
  if (!isPlainObject(map)) return [];
  return Object.entries(map).map(([k, v]) => ({ key: k, operator: 'In' as const, values: [String(v)] }));
}
