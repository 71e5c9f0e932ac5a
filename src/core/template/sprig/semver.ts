/**
 * Sprig semver functions with Masterminds/semver v3 rules: `semver` parses (non-strict:
 * `v` prefix, missing minor/patch), `semverCompare` checks a constraint: `=`/`!=`/`>`/`<`/
 * `>=`/`<=` (and `=>`/`=<`), `~`/`~>`, `^`, wildcards `x`/`X`/`*`, hyphen ranges `a - b`,
 * AND by `,` or space, OR by `||`. A version with a prerelease only satisfies constraints
 * that carry a prerelease themselves (`>=1.21-0`).
 * Error texts are those of Masterminds/semver v3.3+ (lower case), which current Helm ships.
 */
import type { FuncMap } from '../builtins.js';
import { GoFuncError } from '../errors.js';

const INVALID = 'invalid semantic version';

const VERSION_RE =
  /^v?([0-9]+)(\.[0-9]+)?(\.[0-9]+)?(-([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?(\+([0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*))?$/;

function parseUint(s: string): bigint {
  const n = BigInt(s);
  if (n > 2n ** 64n - 1n) {
    throw new GoFuncError(`error parsing version segment: strconv.ParseUint: parsing "${s}": value out of range`);
  }
  return n;
}

/** A Masterminds semver.Version (a *semver.Version in templates). */
export class SemVersion {
  static readonly goTypeName = '*semver.Version';
  readonly major: bigint;
  readonly minor: bigint;
  readonly patch: bigint;
  readonly pre: string;
  readonly metadata: string;
  readonly original: string;

  constructor(major: bigint, minor: bigint, patch: bigint, pre: string, metadata: string, original: string) {
    this.major = major;
    this.minor = minor;
    this.patch = patch;
    this.pre = pre;
    this.metadata = metadata;
    this.original = original;
  }

  static parse(v: string): SemVersion {
    const m = VERSION_RE.exec(v);
    if (!m) throw new GoFuncError(INVALID);
    const sv = new SemVersion(
      parseUint(m[1]),
      m[2] ? parseUint(m[2].slice(1)) : 0n,
      m[3] ? parseUint(m[3].slice(1)) : 0n,
      m[5] ?? '',
      m[8] ?? '',
      v,
    );
    if (sv.pre) {
      for (const p of sv.pre.split('.')) {
        if (/^[0-9]+$/.test(p) && p.length > 1 && p[0] === '0') throw new GoFuncError('version segment starts with 0');
      }
    }
    return sv;
  }

  Major(): number {
    return Number(this.major);
  }
  Minor(): number {
    return Number(this.minor);
  }
  Patch(): number {
    return Number(this.patch);
  }
  Prerelease(): string {
    return this.pre;
  }
  Metadata(): string {
    return this.metadata;
  }
  Original(): string {
    return this.original;
  }
  String(): string {
    return `${this.major}.${this.minor}.${this.patch}${this.pre ? '-' + this.pre : ''}${this.metadata ? '+' + this.metadata : ''}`;
  }
  Compare(o: SemVersion): number {
    return compareVersions(this, o);
  }
  LessThan(o: SemVersion): boolean {
    return compareVersions(this, o) < 0;
  }
  GreaterThan(o: SemVersion): boolean {
    return compareVersions(this, o) > 0;
  }
  Equal(o: SemVersion): boolean {
    return compareVersions(this, o) === 0;
  }
}

const cmp = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);

function comparePrePart(s: string, o: string): number {
  if (s === o) return 0;
  if (s === '') return -1;
  if (o === '') return 1;
  const sNum = /^[0-9]+$/.test(s) && BigInt(s) < 2n ** 64n;
  const oNum = /^[0-9]+$/.test(o) && BigInt(o) < 2n ** 64n;
  if (!sNum && !oNum) return s > o ? 1 : -1;
  if (!oNum) return -1;
  if (!sNum) return 1;
  return BigInt(s) > BigInt(o) ? 1 : -1;
}

function comparePrerelease(v: string, o: string): number {
  const sp = v.split('.');
  const op = o.split('.');
  for (let i = 0; i < Math.max(sp.length, op.length); i++) {
    const d = comparePrePart(sp[i] ?? '', op[i] ?? '');
    if (d !== 0) return d;
  }
  return 0;
}

export function compareVersions(v: SemVersion, o: SemVersion): number {
  const d = cmp(v.major, o.major) || cmp(v.minor, o.minor) || cmp(v.patch, o.patch);
  if (d !== 0) return d;
  if (v.pre === '' && o.pre === '') return 0;
  if (v.pre === '') return 1;
  if (o.pre === '') return -1;
  return comparePrerelease(v.pre, o.pre);
}

// ---- constraints ----

interface Constraint {
  op: string;
  con: SemVersion;
  dirty: boolean;
  minorDirty: boolean;
  patchDirty: boolean;
}

const OPS = ['>=', '=>', '<=', '=<', '!=', '~>', '>', '<', '=', '~', '^', ''];
const OPS_RE = OPS.map((o) => o.replace(/[\^]/g, '\\^')).join('|');
const CV = '(v?([0-9|xX*]+)(\\.[0-9|xX*]+)?(\\.[0-9|xX*]+)?(-([0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*))?(\\+([0-9A-Za-z-]+(\\.[0-9A-Za-z-]+)*))?)';
const CV_PLAIN = CV.replace(/\((?!\?)/g, '(?:');
const CONSTRAINT_RE = new RegExp(`^\\s*(${OPS_RE})\\s*${CV}\\s*$`);
const RANGE_RE = new RegExp(`\\s*(${CV_PLAIN})\\s+-\\s+(${CV_PLAIN})\\s*`, 'g');
const FIND_RE = new RegExp(`(?:${OPS_RE})\\s*${CV_PLAIN}`, 'g');
const VALID_RE = new RegExp(
  `^(?:\\s*(?:${OPS_RE})\\s*${CV_PLAIN}\\s*)(?:(?:\\s+|,\\s*)(?:${OPS_RE})\\s*${CV_PLAIN}\\s*)*$`,
);

const isX = (s: string): boolean => s === 'x' || s === 'X' || s === '*';

function parseConstraint(c: string): Constraint {
  const m = CONSTRAINT_RE.exec(c);
  if (!m) throw new GoFuncError(`improper constraint: ${c}`);
  const [, op, , major, minor = '', patch = '', preDash = ''] = m;
  let ver = m[2];
  let dirty = false;
  let minorDirty = false;
  let patchDirty = false;
  if (isX(major) || major === '') {
    ver = `0.0.0${preDash}`;
    dirty = true;
  } else if (isX(minor.slice(1)) || minor === '') {
    ver = `${major}.0.0${preDash}`;
    dirty = minorDirty = true;
  } else if (isX(patch.slice(1)) || patch === '') {
    ver = `${major}${minor}.0${preDash}`;
    dirty = patchDirty = true;
  }
  let con: SemVersion;
  try {
    con = SemVersion.parse(ver);
  } catch {
    throw new GoFuncError('constraint Parser Error');
  }
  return { op, con, dirty, minorDirty, patchDirty };
}

/** Masterminds NewConstraint: OR groups of AND constraints. */
export function parseConstraints(c: string): Constraint[][] {
  c = c.replace(RANGE_RE, (_all, a: string, b: string) => `>= ${a}, <= ${b} `);
  return c.split('||').map((v) => {
    if (!VALID_RE.test(v)) throw new GoFuncError(`improper constraint: ${v}`);
    const cs = v.match(FIND_RE) ?? [v];
    return cs.map(parseConstraint);
  });
}

function tilde(v: SemVersion, c: Constraint): boolean {
  if (v.LessThan(c.con)) return false;
  const con = c.con;
  if (con.major === 0n && con.minor === 0n && con.patch === 0n && !c.minorDirty && !c.patchDirty) return true;
  if (v.major !== con.major) return false;
  if (v.minor !== con.minor && !c.minorDirty) return false;
  return true;
}

function check(v: SemVersion, c: Constraint): boolean {
  const con = c.con;
  if (c.op !== '!=' && v.pre !== '' && con.pre === '') return false;
  switch (c.op) {
    case '':
    case '=':
      return c.dirty ? tilde(v, c) : v.Equal(con);
    case '!=':
      if (c.dirty) {
        if (v.pre !== '' && con.pre === '') return false;
        if (con.major !== v.major) return true;
        if (con.minor !== v.minor && !c.minorDirty) return true;
        if (c.minorDirty) return false;
        if (con.patch !== v.patch && !c.patchDirty) return true;
        if (c.patchDirty) {
          if (v.pre !== '' || con.pre !== '') return comparePrerelease(v.pre, con.pre) !== 0;
          return false;
        }
      }
      return !v.Equal(con);
    case '>':
      if (!c.dirty) return compareVersions(v, con) === 1;
      if (v.major > con.major) return true;
      if (v.major < con.major) return false;
      if (c.minorDirty) return false;
      if (c.patchDirty) return v.minor > con.minor;
      return compareVersions(v, con) === 1;
    case '<':
      return compareVersions(v, con) < 0;
    case '>=':
    case '=>':
      return compareVersions(v, con) >= 0;
    case '<=':
    case '=<':
      if (!c.dirty) return compareVersions(v, con) <= 0;
      if (v.major > con.major) return false;
      if (v.major === con.major && v.minor > con.minor && !c.minorDirty) return false;
      return true;
    case '~':
    case '~>':
      return tilde(v, c);
    case '^': {
      if (v.LessThan(con)) return false;
      if (con.major > 0n || c.minorDirty) return v.major === con.major;
      if (v.major > 0n) return false;
      if (con.minor > 0n || c.patchDirty) return v.minor === con.minor;
      if (v.minor > 0n) return false;
      return v.patch === con.patch;
    }
  }
  return false;
}

export function semverCompare(constraint: string, version: string): boolean {
  const cs = parseConstraints(constraint);
  const v = SemVersion.parse(version);
  return cs.some((and) => and.every((c) => check(v, c)));
}

export function semverFuncs(): FuncMap {
  return {
    semver: { fn: (v: string) => SemVersion.parse(v), params: ['string'] },
    semverCompare: { fn: semverCompare, params: ['string', 'string'] },
  };
}
