/**
 * Line diff (Myers, "An O(ND) Difference Algorithm and Its Variations", 1986) and unified hunks.
 * Common prefix and suffix are trimmed first, so the usual small change in a large YAML document costs
 * little. Past MAX_EDIT_DISTANCE edits (a rewritten file) the middle is shown as deleted then inserted,
 * which keeps time and memory bounded (the trace is O(D²)).
 */

export type LineOp = ' ' | '-' | '+';
export interface LineEdit {
  op: LineOp;
  line: string;
}

const MAX_EDIT_DISTANCE = 2000;

function myers(a: readonly string[], b: readonly string[]): LineEdit[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    if (d > MAX_EDIT_DISTANCE) return undefined;
    // V as it was before step d, covering diagonals -d-1..d+1 (index k + d + 1).
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(a, b, trace);
    }
  }
  return undefined;
}

function backtrack(a: readonly string[], b: readonly string[], trace: Int32Array[]): LineEdit[] {
  const edits: LineEdit[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const get = (k: number): number => vd[k + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && get(k - 1) < get(k + 1)) ? k + 1 : k - 1;
    const prevX = get(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      edits.push({ op: ' ', line: a[x - 1]! });
      x--;
      y--;
    }
    if (d > 0) {
      if (x === prevX) edits.push({ op: '+', line: b[y - 1]! });
      else edits.push({ op: '-', line: a[x - 1]! });
    }
    x = prevX;
    y = prevY;
  }
  return edits.reverse();
}

/** Edit script turning `a` into `b`, line by line. */
export function diffLines(a: readonly string[], b: readonly string[]): LineEdit[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const midA = a.slice(start, endA);
  const midB = b.slice(start, endB);
  const middle = myers(midA, midB) ?? [
    ...midA.map((line): LineEdit => ({ op: '-', line })),
    ...midB.map((line): LineEdit => ({ op: '+', line })),
  ];
  return [
    ...a.slice(0, start).map((line): LineEdit => ({ op: ' ', line })),
    ...middle,
    ...a.slice(endA).map((line): LineEdit => ({ op: ' ', line })),
  ];
}

export interface Hunk {
  /** "@@ -l,s +l,s @@" */
  header: string;
  edits: LineEdit[];
}

function range(start: number, count: number): string {
  // GNU diff: an empty range names the line before it.
  if (count === 0) return `${start - 1},0`;
  return count === 1 ? `${start}` : `${start},${count}`;
}

/** Groups an edit script into unified-diff hunks with `context` unchanged lines around each change. */
export function hunks(edits: readonly LineEdit[], context = 3): Hunk[] {
  const out: Hunk[] = [];
  const changed: number[] = [];
  edits.forEach((e, i) => {
    if (e.op !== ' ') changed.push(i);
  });
  if (changed.length === 0) return out;
  // Line numbers (1-based) of a and b before each edit index.
  const aLine = new Array<number>(edits.length + 1);
  const bLine = new Array<number>(edits.length + 1);
  let la = 1;
  let lb = 1;
  for (let i = 0; i < edits.length; i++) {
    aLine[i] = la;
    bLine[i] = lb;
    if (edits[i]!.op !== '+') la++;
    if (edits[i]!.op !== '-') lb++;
  }
  aLine[edits.length] = la;
  bLine[edits.length] = lb;
  let i = 0;
  while (i < changed.length) {
    const from = Math.max(0, changed[i]! - context);
    let last = changed[i]!;
    i++;
    while (i < changed.length && changed[i]! - last <= 2 * context) last = changed[i++]!;
    const to = Math.min(edits.length, last + context + 1);
    const slice = edits.slice(from, to);
    const aCount = slice.filter((e) => e.op !== '+').length;
    const bCount = slice.filter((e) => e.op !== '-').length;
    out.push({ header: `@@ -${range(aLine[from]!, aCount)} +${range(bLine[from]!, bCount)} @@`, edits: slice });
  }
  return out;
}

/** Unified diff body (hunks only, no file headers) of two texts; empty when equal. */
export function unifiedLines(before: string, after: string, context = 3): Hunk[] {
  const split = (s: string): string[] => (s === '' ? [] : s.replace(/\n$/, '').split('\n'));
  return hunks(diffLines(split(before), split(after)), context);
}
