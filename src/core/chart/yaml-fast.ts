/**
 * A fast reader for the plain shape most YAML in charts has (values files, Chart.yaml, rendered
 * manifests, `fromYaml` of `toYaml` output): block mappings and sequences, plain and quoted scalars on
 * one line, literal block scalars (`|`, `|-`, `|+`), one-line flow collections. It gives exactly what
 * the general reader (the `yaml` package with Helm's options, yaml-read.ts) gives for such text, and
 * gives up (BAIL) at anything else — anchors, tags, folded or multi-line scalars, tabs, several
 * documents, anything unusual or wrong — so that the general reader decides, errors included.
 */
import { parseDocument, type DocumentOptions, type ParseOptions, type SchemaOptions } from 'yaml';

/** The fast reader's "not mine": the caller reads the text with the general reader. */
export const BAIL: unique symbol = Symbol('bail');

class Bail {}
const bail = new Bail();

/** A mapping key the fast reader handles: plain (no spaces or indicators) or quoted without escapes. */
const KEY = /^(?:([A-Za-z0-9_][A-Za-z0-9_./-]*)|"([^"\\]*)"|'([^']*)') *:(?: +|$)/;
const FLOW_KEY = /^([A-Za-z_][A-Za-z0-9_./-]*) *: +/;
/** YAML 1.1 words that are not strings (yaml package's yaml-1.1 schema: bool and null). */
const WORDS = new Map<string, unknown>([
  ...['Y', 'y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((w) => [w, true] as const),
  ...['N', 'n', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((w) => [w, false] as const),
  ...['null', 'Null', 'NULL', '~'].map((w) => [w, null] as const),
]);
const SMALL_INT = /^(?:0|[1-9][0-9]{0,14})$/;
const INDICATORS = '-?:,[]{}#&*!|>\'"%@`';

/** Scalars resolved by the general reader (numbers in their many YAML 1.1 forms), by text. */
const resolved = new Map<string, unknown>();

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function plainValue(s: string, opts: ParseOptions & DocumentOptions & SchemaOptions): unknown {
  const c = s.charCodeAt(0);
  if (isLetter(c)) {
    const w = WORDS.get(s);
    return w === undefined ? s : w;
  }
  if (s === '~') return null;
  if (SMALL_INT.test(s)) return Number(s);
  const hit = resolved.get(s);
  if (hit !== undefined || resolved.has(s)) return hit;
  const doc = parseDocument(s, opts);
  if (doc.errors.length > 0 || doc.warnings.length > 0) throw bail;
  const v = doc.toJS() as unknown;
  if (v !== null && typeof v === 'object') throw bail;
  if (resolved.size < 10000) resolved.set(s, v);
  return v;
}

/** A multi-line plain scalar: a string, unless the general reader would read its folded text otherwise. */
function multiLineValue(s: string, opts: ParseOptions & DocumentOptions & SchemaOptions): unknown {
  const v = plainValue(s.includes('\n') ? s.replace(/\n/g, ' ') : s, opts);
  if (typeof v !== 'string') throw bail;
  return s;
}

interface Line {
  text: string;
  indent: number;
  /** Blank or a comment: not content (outside block scalars). */
  skip: boolean;
}

class Reader {
  private readonly lines: Line[];

  constructor(text: string, private readonly opts: ParseOptions & DocumentOptions & SchemaOptions) {
    const raw = text.split('\n');
    const lines: Line[] = [];
    let content = false;
    for (const t of raw) {
      let i = 0;
      while (t.charCodeAt(i) === 32) i++;
      let skip = i === t.length || t.charCodeAt(i) === 35;
      if (i === 0 && !skip && (t.startsWith('---') || t.startsWith('...') || t.charCodeAt(0) === 37)) {
        // A document start marker alone on its line: before any content it opens the (first) document,
        // after content it ends it (only the first document counts). Anything else there is the general reader's.
        if (!/^---(?: +(?:#.*)?)?$/.test(t)) throw bail;
        if (content) {
          lines.push({ text: '', indent: 0, skip: true });
          break;
        }
        skip = true;
      }
      if (!skip) content = true;
      lines.push({ text: t, indent: i, skip });
    }
    this.lines = lines;
  }

  /** The index of the next content line at or after `i`, or -1. */
  next(i: number): number {
    const lines = this.lines;
    while (i < lines.length && lines[i]!.skip) i++;
    return i < lines.length ? i : -1;
  }

  read(): unknown {
    const li = this.next(0);
    if (li < 0) return null;
    const line = this.lines[li]!;
    const [v, after] = this.node(li, line.indent, -1);
    if (after !== -1) throw bail;
    return v;
  }

  /** A block node starting at line `li`, column `col`, inside a parent at column `parent`. */
  private node(li: number, col: number, parent: number): [unknown, number] {
    const rest = this.lines[li]!.text.slice(col);
    if (rest === '-' || rest.startsWith('- ')) return this.seq(li, col);
    if (KEY.test(rest)) return this.map(li, col);
    return this.inline(li, col, parent);
  }

  /** The key of a KEY match as the general reader gives it (a plain key that reads as a number becomes its text). */
  private key(m: RegExpExecArray): string {
    let key: string;
    if (m[1] !== undefined) {
      key = m[1];
      if (WORDS.has(key)) throw bail;
      if (!isLetter(key.charCodeAt(0))) {
        const v = plainValue(key, this.opts);
        if (typeof v !== 'string') throw bail;
      }
    } else key = m[2] ?? m[3]!;
    if (key === '__proto__') throw bail;
    return key;
  }

  private isDash(li: number, col: number): boolean {
    const t = this.lines[li]!.text;
    return t.charCodeAt(col) === 45 && (t.length === col + 1 || t.charCodeAt(col + 1) === 32);
  }

  private map(li: number, col: number): [Record<string, unknown>, number] {
    const out: Record<string, unknown> = {};
    let first = true;
    for (;;) {
      const line = this.lines[li]!;
      if (!first && line.indent !== col) throw bail;
      first = false;
      const rest = line.text.slice(col);
      const m = KEY.exec(rest);
      if (!m) throw bail;
      const key = this.key(m);
      const vcol = col + m[0].length;
      let value: unknown;
      let after: number;
      const v = line.text.slice(vcol);
      if (v === '' || v.charCodeAt(0) === 35) {
        const nl = this.next(li + 1);
        if (nl >= 0 && this.lines[nl]!.indent > col) [value, after] = this.node(nl, this.lines[nl]!.indent, col);
        else if (nl >= 0 && this.lines[nl]!.indent === col && this.isDash(nl, col)) [value, after] = this.seq(nl, col);
        else [value, after] = [null, nl];
      } else {
        [value, after] = this.inline(li, vcol, col);
      }
      out[key] = value;
      if (after < 0) return [out, -1];
      const ind = this.lines[after]!.indent;
      if (ind < col) return [out, after];
      if (ind > col) throw bail;
      li = after;
    }
  }

  private seq(li: number, col: number): [unknown[], number] {
    const out: unknown[] = [];
    for (;;) {
      const line = this.lines[li]!;
      if (line.indent !== col || !this.isDash(li, col)) {
        // Only the first item may start inside a line (`- - x` is the general reader's).
        throw bail;
      }
      let c = col + 1;
      while (line.text.charCodeAt(c) === 32) c++;
      let value: unknown;
      let after: number;
      if (c >= line.text.length || line.text.charCodeAt(c) === 35) {
        const nl = this.next(li + 1);
        if (nl >= 0 && this.lines[nl]!.indent > col) [value, after] = this.node(nl, this.lines[nl]!.indent, col);
        else [value, after] = [null, nl];
      } else {
        const rest = line.text.slice(c);
        if (rest === '-' || rest.startsWith('- ')) throw bail;
        if (KEY.test(rest)) [value, after] = this.map(li, c);
        else [value, after] = this.inline(li, c, col);
      }
      out.push(value);
      if (after < 0) return [out, -1];
      const next = this.lines[after]!;
      if (next.indent < col || (next.indent === col && !this.isDash(after, col))) return [out, after];
      if (next.indent > col) throw bail;
      li = after;
    }
  }

  /** A scalar or flow collection starting at `col` of line `li` (a block scalar takes the lines below). */
  private inline(li: number, col: number, parent: number): [unknown, number] {
    const text = this.lines[li]!.text;
    const c = text.charCodeAt(col);
    let value: unknown;
    let end: number;
    switch (c) {
      case 124: // |
        return this.literal(li, text.slice(col + 1), parent);
      case 34: // "
        [value, end] = doubleQuoted(text, col);
        break;
      case 39: // '
        [value, end] = singleQuoted(text, col);
        break;
      case 91: // [
      case 123: { // {
        const f = new Flow(text, col, this.opts);
        value = f.value();
        end = f.pos;
        break;
      }
      case 62: case 38: case 42: case 33: case 37: case 64: case 96: case 63: case 58: case 44: case 35: case 45:
        // > & * ! % @ ` ? : , # and a leading dash: folded scalars, anchors, aliases, tags, reserved
        // characters; `-`, `?` and `:` begin a plain scalar when a non-space follows.
        if ((c !== 45 && c !== 63 && c !== 58) || text.length === col + 1 || text.charCodeAt(col + 1) === 32) throw bail;
        return this.plainLines(li, col, parent);
      default:
        return this.plainLines(li, col, parent);
    }
    // After the value only a comment may follow on the line.
    let i = end;
    while (text.charCodeAt(i) === 32) i++;
    if (i < text.length && (text.charCodeAt(i) !== 35 || i === end)) throw bail;
    const nl = this.next(li + 1);
    // A more indented line below would continue a multi-line scalar: the general reader's.
    if (nl >= 0 && this.lines[nl]!.indent > parent) throw bail;
    return [value, nl];
  }

  /**
   * A plain scalar from `col` of line `li`, continued on more indented lines below (folded: a line
   * break is a space, an empty line a line break); a comment ends it.
   */
  private plainLines(li: number, col: number, parent: number): [unknown, number] {
    const text = this.lines[li]!.text;
    const cut = text.indexOf(' #', col);
    const first = (cut < 0 ? text.slice(col) : text.slice(col, cut)).trimEnd();
    if (first.includes(': ') || first.endsWith(':')) throw bail;
    if (cut >= 0) {
      // A comment ends the scalar: a more indented line below would be an error.
      const nl = this.next(li + 1);
      if (nl >= 0 && this.lines[nl]!.indent > parent) throw bail;
      return [plainValue(first, this.opts), nl];
    }
    let s = first;
    let breaks = 0;
    let j = li + 1;
    for (; j < this.lines.length; j++) {
      const l = this.lines[j]!;
      if (l.indent === l.text.length) {
        breaks++;
        continue;
      }
      if (l.skip || l.indent <= parent) break;
      const part = l.text.slice(l.indent).trimEnd();
      if (part.includes(': ') || part.endsWith(':') || part.includes(' #') || INDICATORS.includes(part.charAt(0))) throw bail;
      s += breaks === 0 ? ' ' + part : '\n'.repeat(breaks) + part;
      breaks = 0;
    }
    const nl = this.next(j);
    if (nl >= 0 && this.lines[nl]!.indent > parent) throw bail;
    return [s === first ? plainValue(s, this.opts) : multiLineValue(s, this.opts), nl];
  }

  /** A literal block scalar; `header` is what follows `|` on its line. */
  private literal(li: number, header: string, parent: number): [string, number] {
    const h = /^([+-]?) *(?:#.*)?$/.exec(header);
    if (!h) throw bail;
    const chomp = h[1];
    const lines = this.lines;
    let j = li + 1;
    let indent = -1;
    const leading: number[] = [];
    for (; j < lines.length; j++) {
      const l = lines[j]!;
      if (l.indent === l.text.length) {
        leading.push(l.text.length);
        continue;
      }
      if (l.indent > parent) indent = l.indent;
      break;
    }
    if (indent < 0) {
      // No content: the scalar is empty; the lines that follow belong to the parent.
      if (j >= lines.length && lines[lines.length - 1]!.text !== '') throw bail;
      if (chomp === '+' || leading.some((n) => n > parent + 1)) throw bail;
      return ['', this.next(li + 1)];
    }
    if (leading.some((n) => n > indent)) throw bail;
    const body: string[] = leading.map(() => '');
    for (; j < lines.length; j++) {
      const l = lines[j]!;
      if (l.indent === l.text.length) {
        if (l.text.length > indent) throw bail;
        body.push('');
        continue;
      }
      if (l.indent < indent) {
        if (l.indent > parent) throw bail;
        break;
      }
      body.push(l.text.slice(indent));
    }
    // The text's last line has no line break: the general reader's (so is a block that reaches it).
    if (j >= lines.length && lines[lines.length - 1]!.text !== '') throw bail;
    if (j >= lines.length) body.pop(); // the empty string after the final line break
    let last = body.length;
    while (last > 0 && body[last - 1] === '') last--;
    let value: string;
    if (chomp === '+') value = body.length === 0 ? '' : body.join('\n') + '\n';
    else if (last === 0) value = '';
    else value = body.slice(0, last).join('\n') + (chomp === '-' ? '' : '\n');
    return [value, this.next(j)];
  }
}

function doubleQuoted(text: string, col: number): [string, number] {
  let out = '';
  let i = col + 1;
  let from = i;
  for (;;) {
    if (i >= text.length) throw bail; // continues on the next line
    const c = text.charCodeAt(i);
    if (c === 34) {
      out += text.slice(from, i);
      return [out, i + 1];
    }
    if (c === 92) {
      out += text.slice(from, i);
      const e = text.charAt(i + 1);
      if (e === '"' || e === '\\' || e === '/') out += e;
      else if (e === 'n') out += '\n';
      else if (e === 't') out += '\t';
      else throw bail;
      i += 2;
      from = i;
      continue;
    }
    i++;
  }
}

function singleQuoted(text: string, col: number): [string, number] {
  let out = '';
  let i = col + 1;
  for (;;) {
    const q = text.indexOf("'", i);
    if (q < 0) throw bail;
    out += text.slice(i, q);
    if (text.charCodeAt(q + 1) === 39) {
      out += "'";
      i = q + 2;
      continue;
    }
    return [out, q + 1];
  }
}

/** A flow collection that closes on its line, of plain, quoted and flow items. */
class Flow {
  pos: number;

  constructor(private readonly text: string, col: number, private readonly opts: ParseOptions & DocumentOptions & SchemaOptions) {
    this.pos = col;
  }

  private space(): void {
    while (this.text.charCodeAt(this.pos) === 32) this.pos++;
  }

  value(): unknown {
    const t = this.text;
    const c = t.charCodeAt(this.pos);
    if (c === 91) return this.list();
    if (c === 123) return this.object();
    if (c === 34) {
      const [v, end] = doubleQuoted(t, this.pos);
      this.pos = end;
      return v;
    }
    if (c === 39) {
      const [v, end] = singleQuoted(t, this.pos);
      this.pos = end;
      return v;
    }
    let end = this.pos;
    while (end < t.length) {
      const d = t.charCodeAt(end);
      if (d === 44 || d === 93 || d === 125 || d === 91 || d === 123 || d === 35 || d === 58 || d === 38 || d === 42 || d === 33 || d === 63 || d === 124 || d === 62 || d === 37 || d === 64 || d === 96 || d === 34 || d === 39) break;
      end++;
    }
    const s = t.slice(this.pos, end).trimEnd();
    if (s === '' || (s.charCodeAt(0) === 45 && (s.length === 1 || s.charCodeAt(1) === 32))) throw bail;
    this.pos = this.pos + s.length;
    return plainValue(s, this.opts);
  }

  private list(): unknown[] {
    const out: unknown[] = [];
    this.pos++;
    this.space();
    if (this.text.charCodeAt(this.pos) === 93) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.space();
      out.push(this.value());
      this.space();
      const c = this.text.charCodeAt(this.pos);
      this.pos++;
      if (c === 93) return out;
      if (c !== 44) throw bail;
    }
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.pos++;
    this.space();
    if (this.text.charCodeAt(this.pos) === 125) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.space();
      const m = FLOW_KEY.exec(this.text.slice(this.pos));
      if (!m) throw bail;
      const key = m[1]!;
      if (WORDS.has(key) || key === '__proto__') throw bail;
      this.pos += m[0].length;
      out[key] = this.value();
      this.space();
      const c = this.text.charCodeAt(this.pos);
      this.pos++;
      if (c === 125) return out;
      if (c !== 44) throw bail;
    }
  }
}

/** `text` read as the general reader reads its first document, or BAIL when that reader must decide. */
export function readYamlFast(text: string, opts: ParseOptions & DocumentOptions & SchemaOptions): unknown {
  // Tabs, carriage returns, byte order marks and other unusual characters: the general reader's.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 ? c !== 10 : c >= 127 && c < 160) return BAIL;
    if (c === 0xfeff) return BAIL;
  }
  try {
    return new Reader(text, opts).read();
  } catch (err) {
    if (err === bail) return BAIL;
    throw err;
  }
}
