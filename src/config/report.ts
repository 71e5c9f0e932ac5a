/**
 * Collects the problems found in one config file, each with its key path, line and what was expected, in the
 * wording every check shares: `expected X, got Y` and `required key missing: expected X`. Values of secret keys
 * and of `${VAR}`-substituted strings are never echoed.
 */
import { isAlias, isMap, isScalar, isSeq, type Document } from 'yaml';
import type { ConfigIssue } from './types.js';

export type Seg = string | number;

/** Keys whose values are never echoed in error messages. */
const SECRET_KEYS = new Set(['token', 'webhookSecret', 'secret']);

/** `['applications', 1, 'syncPolicy', 'prune']` → `applications[1].syncPolicy.prune`. */
export function formatPath(segs: readonly Seg[]): string {
  let out = '';
  for (const seg of segs) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

interface Located extends ConfigIssue {
  stage: number;
  /** Position of the key among its siblings at each level (see Reporter's `orderOf`), for issues on one line. */
  order: number[];
  /** Offset of the key in the file. */
  offset: number;
  seq: number;
}

function compareOrder(a: number[], b: number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

export class Reporter {
  private readonly found: Located[] = [];
  private readonly pathsWithIssues = new Set<string>();
  /** Paths whose string value had a `${VAR}` in it (never echoed: may be a secret). */
  readonly substitutedPaths = new Set<string>();
  /** Paths whose whole value was one `${VAR}` (may be coerced to a number or boolean). */
  readonly wholePaths = new Set<string>();
  /** Paths whose substitution failed: already reported, not checked further. */
  readonly badPaths = new Set<string>();

  /**
   * `orderOf(segs)` ranks a key path among its siblings at each level (the order in which keys are checked:
   * unknown keys first, then the schema's order), so problems on one line (`{a: 1, b: 2}`) are listed in a
   * stable reading order. Issues are listed by line, then that order.
   */
  constructor(
    private readonly doc: Document,
    private readonly lineAt: (offset: number) => number,
    private readonly orderOf: (segs: readonly Seg[]) => number[] = () => [],
  ) {}

  get issues(): ConfigIssue[] {
    return [...this.found]
      .sort((a, b) => (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER) ||
        a.stage - b.stage || compareOrder(a.order, b.order) || a.offset - b.offset || a.seq - b.seq)
      .map(({ stage: _t, order: _r, offset: _o, seq: _s, ...issue }) => issue);
  }

  /** Issues of an earlier stage come first on a line (0: `${NAME}` substitution, 1: everything after). */
  stage = 0;

  /** True when a problem was reported at exactly this path (its value is not to be checked further). */
  hasIssue(segs: readonly Seg[]): boolean {
    return this.pathsWithIssues.has(formatPath(segs));
  }

  isBad(segs: readonly Seg[]): boolean {
    return this.badPaths.has(formatPath(segs));
  }

  /** A value that passed the schema at this path (no issue there, no failed substitution). */
  isSound(segs: readonly Seg[]): boolean {
    return !this.hasIssue(segs) && !this.isBad(segs);
  }

  /** Reports a problem; unless `opts.final` is false, the value at segs is not checked further (hasIssue). */
  fail(segs: readonly Seg[], message: string, expected?: string, opts: { final?: boolean } = {}): void {
    const issue: Located = {
      path: formatPath(segs), message, stage: this.stage, order: this.orderOf(segs), offset: Number.MAX_SAFE_INTEGER, seq: this.found.length,
    };
    const at = this.locate(segs);
    if (at !== undefined) {
      issue.line = this.lineAt(at);
      issue.offset = at;
    }
    if (expected !== undefined) issue.expected = expected;
    this.found.push(issue);
    if (opts.final !== false) this.pathsWithIssues.add(issue.path);
  }

  /** Adds a hint to the message of the issue reported last. */
  appendToLast(text: string): void {
    const last = this.found[this.found.length - 1];
    if (last) last.message += text;
  }

  /** `expected X, got Y` (or `required key missing: expected X`). */
  wrong(segs: readonly Seg[], expected: string, value: unknown): void {
    if (value === undefined) this.fail(segs, `required key missing: expected ${expected}`, expected);
    else this.fail(segs, `expected ${expected}, got ${this.describe(segs, value)}`, expected);
  }

  isSecret(segs: readonly Seg[]): boolean {
    const last = segs[segs.length - 1];
    return (typeof last === 'string' && SECRET_KEYS.has(last)) || this.substitutedPaths.has(formatPath(segs));
  }

  describe(segs: readonly Seg[], v: unknown): string {
    if (v === null) return 'null';
    if (Array.isArray(v)) return 'a list';
    if (typeof v === 'object') return 'a mapping';
    if (this.isSecret(segs)) return typeof v === 'string' ? 'a string (value hidden)' : `a ${typeof v} (value hidden)`;
    if (typeof v === 'string') return JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}...` : v);
    return String(v);
  }

  /** Offset of the key (for mapping entries) or item (for list entries) at segs, or of its nearest ancestor. */
  private locate(segs: readonly Seg[]): number | undefined {
    let node: unknown = this.doc.contents;
    let at = rangeStart(node);
    for (const seg of segs) {
      if (isAlias(node)) node = node.resolve(this.doc);
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(seg));
        if (!pair) break;
        at = rangeStart(pair.key) ?? at;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number') {
        const item = node.items[seg];
        if (item === undefined) break;
        at = rangeStart(item) ?? at;
        node = item;
      } else {
        break;
      }
    }
    return at;
  }
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
  return range ? range[0] : undefined;
}
