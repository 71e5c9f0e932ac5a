/**
 * Semantic-version constraints as Helm checks a dependency's `version` against a subchart's
 * Chart.yaml version (Masterminds semver v3 rules): `||` between alternatives, commas or spaces
 * between conditions that must all hold; operators `=`, `!=`, `>`, `<`, `>=`, `<=`, `~`, `~>`, `^`;
 * `x`, `X`, `*` or missing parts as wildcards (`1.2` is `1.2.x`); hyphen ranges `1.2 - 1.4.5`.
 * A pre-release version satisfies only conditions that carry a pre-release themselves. An empty or
 * unreadable constraint, or an unreadable version, is never satisfied.
 */

interface Version {
  major: number;
  minor: number;
  patch: number;
  pre: string;
}

/** A constraint's version: which parts were written (the rest are wildcards). */
interface Partial {
  v: Version;
  /** Number of fixed parts: 0 (`*`), 1 (`1`), 2 (`1.2`) or 3. */
  fixed: number;
}

const VERSION = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;
const PARTIAL = /^v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

function parseVersion(s: string): Version | undefined {
  const m = VERSION.exec(s.trim());
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2] ?? 0), patch: Number(m[3] ?? 0), pre: m[4] ?? '' };
}

function parsePartial(s: string): Partial | undefined {
  const m = PARTIAL.exec(s);
  if (!m) return undefined;
  const parts = [m[1], m[2], m[3]];
  let fixed = 0;
  while (fixed < 3 && parts[fixed] !== undefined && !/^[xX*]$/.test(parts[fixed]!)) fixed++;
  const num = (i: number) => (i < fixed ? Number(parts[i]) : 0);
  return { v: { major: num(0), minor: num(1), patch: num(2), pre: m[4] ?? '' }, fixed };
}

function comparePre(a: string, b: string): number {
  if (a === b) return 0;
  if (a === '') return 1;
  if (b === '') return -1;
  const pa = a.split('.');
  const pb = b.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    const nx = /^\d+$/.test(x);
    const ny = /^\d+$/.test(y);
    if (nx && ny) return Number(x) - Number(y);
    if (nx) return -1;
    if (ny) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

function compare(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || comparePre(a.pre, b.pre);
}

/** The first version after every version the partial covers (`1.2` → 1.3.0). */
function bumped(p: Partial): Version {
  const { major, minor } = p.v;
  if (p.fixed === 1) return { major: major + 1, minor: 0, patch: 0, pre: '' };
  if (p.fixed === 2) return { major, minor: minor + 1, patch: 0, pre: '' };
  return p.v;
}

type Check = (v: Version) => boolean;

function condition(op: string, p: Partial): Check {
  const low = p.v;
  if (p.fixed === 0 && op !== '!=') return () => true;
  switch (op) {
    case '':
    case '=':
      return p.fixed === 3 ? (v) => compare(v, low) === 0 : (v) => compare(v, low) >= 0 && compare(v, bumped(p)) < 0;
    case '!=':
      return p.fixed === 3 ? (v) => compare(v, low) !== 0 : (v) => !(compare(v, low) >= 0 && compare(v, bumped(p)) < 0);
    case '>':
      return p.fixed === 3 ? (v) => compare(v, low) > 0 : (v) => compare(v, bumped(p)) >= 0;
    case '>=':
    case '=>':
      return (v) => compare(v, low) >= 0;
    case '<':
      return (v) => compare(v, low) < 0;
    case '<=':
    case '=<':
      return p.fixed === 3 ? (v) => compare(v, low) <= 0 : (v) => compare(v, bumped(p)) < 0;
    case '~':
    case '~>': {
      const high: Version = p.fixed === 1 ? { major: low.major + 1, minor: 0, patch: 0, pre: '' } : { major: low.major, minor: low.minor + 1, patch: 0, pre: '' };
      return (v) => compare(v, low) >= 0 && compare(v, high) < 0;
    }
    case '^': {
      let high: Version;
      if (low.major > 0 || p.fixed === 1) high = { major: low.major + 1, minor: 0, patch: 0, pre: '' };
      else if (low.minor > 0 || p.fixed === 2) high = { major: 0, minor: low.minor + 1, patch: 0, pre: '' };
      else high = { major: 0, minor: 0, patch: low.patch + 1, pre: '' };
      return (v) => compare(v, low) >= 0 && compare(v, high) < 0;
    }
    default:
      return () => false;
  }
}

const TERM = /^(!=|>=|=>|<=|=<|~>|[=<>~^])?\s*(\S+)$/;

/** One `||` alternative: every condition holds; a pre-release version needs a condition with a pre-release on the same major.minor.patch. */
function alternative(text: string): Check | undefined {
  const hyphen = /^\s*(\S+)\s+-\s+(\S+)\s*$/.exec(text);
  const terms = hyphen ? [`>=${hyphen[1]}`, `<=${hyphen[2]}`] : text.split(/[\s,]+/).filter((t) => t !== '');
  // Operators may be followed by spaces (`>= 1.0`): join such pairs back.
  const joined: string[] = [];
  for (const t of terms) {
    const last = joined[joined.length - 1];
    if (last !== undefined && /^(!=|>=|=>|<=|=<|~>|[=<>~^])$/.test(last)) joined[joined.length - 1] = last + t;
    else joined.push(t);
  }
  if (joined.length === 0) return undefined;
  const checks: Check[] = [];
  const pres: Version[] = [];
  for (const t of joined) {
    const m = TERM.exec(t);
    if (!m) return undefined;
    const p = parsePartial(m[2]!);
    if (!p) return undefined;
    if (p.v.pre !== '') pres.push(p.v);
    checks.push(condition(m[1] ?? '', p));
  }
  return (v) => {
    if (v.pre !== '' && !pres.some((p) => p.major === v.major && p.minor === v.minor && p.patch === v.patch)) return false;
    return checks.every((c) => c(v));
  };
}

/** Whether `version` satisfies `constraint` (Helm's IsCompatibleRange). */
export function satisfiesConstraint(constraint: unknown, version: unknown): boolean {
  if (typeof constraint !== 'string' || (typeof version !== 'string' && typeof version !== 'number')) return false;
  const v = parseVersion(String(version));
  if (!v || constraint.trim() === '') return false;
  const alternatives = constraint.split('||').map((a) => alternative(a.trim()));
  if (alternatives.some((a) => a === undefined)) return false;
  return alternatives.some((a) => a!(v));
}
