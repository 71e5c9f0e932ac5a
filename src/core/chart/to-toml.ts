/**
 * Helm's `toToml`: a value as the BurntSushi/toml encoder writes it. Map keys sorted, plain keys before
 * tables, nil map values left out, sub-tables indented two spaces per level, a blank line before each
 * top-level table and each `[[array of tables]]` entry, floats as Go's %g with `.0` added to whole
 * numbers, arrays mixing tables and other values written inline (`{a = 1}`). An error comes back as
 * the output text, as Helm returns it.
 */
import { GoFloat } from '../template/index.js';
import { isPlainObject as isTable } from '../template/values.js';

class TomlError extends Error {}

/** An array every element of which is a table is written as `[[key]]` sections. */
function isTableArray(v: unknown): v is Array<Record<string, unknown>> {
  return Array.isArray(v) && v.length > 0 && v.every(isTable);
}

function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += '\\u' + c.toString(16).padStart(4, '0');
    else out += ch;
  }
  return out + '"';
}

function bareOrQuoted(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : quote(key);
}

/** strconv.FormatFloat(f, 'g', -1, 64), then `.0` when it reads as an integer. */
function float(f: number): string {
  if (Number.isNaN(f)) return 'nan';
  if (!Number.isFinite(f)) return f > 0 ? 'inf' : '-inf';
  let s: string;
  const [mantissa, expText] = Math.abs(f).toExponential().split('e') as [string, string];
  const exp = Number(expText);
  if (f !== 0 && (exp < -4 || exp >= 6)) {
    s = `${f < 0 ? '-' : ''}${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  } else {
    s = Object.is(f, -0) ? '-0' : String(f);
  }
  return s.includes('.') || s.includes('e') ? s : s + '.0';
}

function element(v: unknown): string {
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : float(v);
  if (v instanceof GoFloat) return float(v.value);
  if (Array.isArray(v)) {
    if (v.some((e) => e === null || e === undefined)) throw new TomlError('toml: cannot encode array with nil element');
    return `[${v.map(element).join(', ')}]`;
  }
  if (isTable(v)) {
    const keys = Object.keys(v).filter((k) => v[k] !== null && v[k] !== undefined).sort();
    return `{${keys.map((k) => `${bareOrQuoted(k)} = ${element(v[k])}`).join(', ')}}`;
  }
  const json = (v as { toJSON?: () => unknown } | null)?.toJSON;
  if (typeof json === 'function') return String(json.call(v));
  throw new TomlError(`toml: unsupported type: ${typeof v}`);
}

class Writer {
  out = '';
  private newline(): void {
    if (this.out !== '') this.out += '\n';
  }

  private indent(path: string[]): string {
    return '  '.repeat(Math.max(0, path.length - 1));
  }

  private keyOf(path: string[]): string {
    return path.map(bareOrQuoted).join('.');
  }

  table(path: string[], t: Record<string, unknown>): void {
    if (path.length === 1) this.newline();
    if (path.length > 0) {
      this.out += `${this.indent(path)}[${this.keyOf(path)}]`;
      this.newline();
    }
    this.body(path, t);
  }

  private body(path: string[], t: Record<string, unknown>): void {
    const keys = Object.keys(t).filter((k) => t[k] !== null && t[k] !== undefined);
    const sub = (k: string) => isTable(t[k]) || isTableArray(t[k]);
    const direct = keys.filter((k) => !sub(k)).sort();
    const tables = keys.filter(sub).sort();
    for (const k of direct) {
      const p = [...path, k];
      this.out += `${this.indent(p)}${bareOrQuoted(k)} = ${element(t[k])}`;
      this.newline();
    }
    for (const k of tables) {
      const v = t[k];
      if (isTable(v)) this.table([...path, k], v);
      else for (const entry of v as Array<Record<string, unknown>>) {
        const p = [...path, k];
        this.newline();
        this.out += `${this.indent(p)}[[${this.keyOf(p)}]]`;
        this.newline();
        this.body(p, entry);
      }
    }
  }
}

export function toToml(v: unknown): string {
  try {
    if (isTable(v)) {
      const w = new Writer();
      w.table([], v);
      return w.out;
    }
    // Go's encoder panics on a nil interface; the template engine reports the panic.
    if (v === null || v === undefined) throw new Error('reflect: call of reflect.Value.Type on zero Value');
    return element(v);
  } catch (err) {
    if (err instanceof TomlError) return err.message;
    throw err;
  }
}
