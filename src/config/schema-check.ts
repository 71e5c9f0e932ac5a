/**
 * Checks the shape of tugboat.yaml against CONFIG_SCHEMA with ajv and reports each ajv error in the wording
 * of the Reporter (`expected X, got Y`, `required key missing: expected X`, `unknown key (did you mean …)`).
 *
 * Before ajv runs, `prepare` walks the data beside the schema: a key of a known mapping whose value is null
 * (an empty YAML value) is dropped, as if absent; a value that was one whole `${NAME}` becomes a number or
 * boolean where the schema wants one (`port: ${PORT}`).
 */
import { createRequire } from 'node:module';
import { CONFIG_SCHEMA } from './schema.js';
import { validate as validateConfigShape } from './schema-validator.generated.js';
import { formatPath, type Reporter, type Seg } from './report.js';

type Schema = Record<string, unknown>;

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  data?: unknown;
  parentSchema?: Schema;
  propertyName?: string;
}
type Validate = ((data: unknown) => boolean) & { errors?: AjvError[] | null };
interface AjvLike {
  addKeyword(def: string): unknown;
  compile(schema: object): Validate;
}

/** The ajv options the config schema is compiled with (strict, so a typo in the schema fails at once). */
export const AJV_OPTIONS = Object.freeze({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false });
/** Annotation keywords of CONFIG_SCHEMA (see schema.ts). */
export const ANNOTATION_KEYWORDS = ['x-expected', 'x-message'] as const;

/**
 * A draft 2020-12 ajv instance that knows the annotation keywords. Used to generate schema-validator.generated.ts
 * (ajv's standalone code, so loading a config needs neither ajv nor a schema compile: ~0.5 s saved at start).
 */
export function createAjv(extra: object = {}): AjvLike {
  const { Ajv2020 } = createRequire(import.meta.url)('ajv/dist/2020') as { Ajv2020: new (opts: object) => AjvLike };
  const ajv = new Ajv2020({ ...AJV_OPTIONS, ...extra });
  for (const k of ANNOTATION_KEYWORDS) ajv.addKeyword(k);
  return ajv;
}

/** Null-drops and `${NAME}` coercions (see the file comment); returns the data to validate and the dropped paths. */
export function prepare(data: unknown, report: Reporter): { data: unknown; nullPaths: Set<string> } {
  const nullPaths = new Set<string>();
  const walk = (v: unknown, s: Schema | undefined, segs: Seg[]): unknown => {
    if (s === undefined) return v;
    const types = typesOf(s);
    if (isPlainObject(v) && types.includes('object')) {
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const extra = isPlainObject(s.additionalProperties) ? (s.additionalProperties as Schema) : undefined;
      const out: Record<string, unknown> = {};
      for (const [k, val] of Object.entries(v)) {
        if (Object.hasOwn(props, k)) {
          if (val === null) nullPaths.add(formatPath([...segs, k]));
          else out[k] = walk(val, props[k], [...segs, k]);
        } else {
          out[k] = extra ? walk(val, extra, [...segs, k]) : val;
        }
      }
      return out;
    }
    if (Array.isArray(v) && types.includes('array') && isPlainObject(s.items)) {
      return v.map((item, i) => walk(item, s.items as Schema, [...segs, i]));
    }
    const numeric = types.includes('integer') || types.includes('number');
    if (typeof v === 'string' && report.wholePaths.has(formatPath(segs)) && !types.includes('string')) {
      if (numeric && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
      if (types.includes('boolean') && (v === 'true' || v === 'false')) return v === 'true';
    }
    if (typeof v === 'number' && !Number.isFinite(v) && numeric) report.wrong(segs, expectedOf(s), v);
    return v;
  };
  return { data: walk(data, CONFIG_SCHEMA, []), nullPaths };
}

/** Validates prepared data; every ajv error becomes one issue (at most one per key path). */
export function checkSchema(data: unknown, nullPaths: ReadonlySet<string>, report: Reporter): void {
  const validate = validateConfigShape as unknown as Validate;
  if (validate(data)) return;
  const errors = [...(validate.errors ?? [])];
  // Unknown keys first (a mapping's keys are read before its values), then the type error of a value (it
  // says the most: a string, not a list), then emptiness, then the finer rules (pattern, range).
  const rank = (e: AjvError) =>
    e.keyword === 'additionalProperties' ? 0 : e.keyword === 'type' ? 1 : e.keyword === 'minLength' || e.keyword === 'minItems' ? 2 : 3;
  errors.sort((a, b) => rank(a) - rank(b));
  for (const e of errors) {
    const segs = segsOf(e.instancePath, data);
    const s = e.parentSchema ?? {};
    if (e.keyword === 'if' || e.keyword === 'propertyNames') continue; // wrappers: their inner error is reported
    if (e.keyword === 'required') {
      const key = String(e.params.missingProperty);
      const at = [...segs, key];
      const props = s.properties as Record<string, Schema> | undefined;
      const expected = expectedOf((props && Object.hasOwn(props, key) ? props[key] : schemaAt([...segs.map(String), key])) ?? {});
      report.wrong(at, expected, nullPaths.has(formatPath(at)) ? null : undefined);
      continue;
    }
    if (e.keyword === 'additionalProperties') {
      const key = String(e.params.additionalProperty);
      const keys = Object.keys((s.properties ?? {}) as object);
      const hint = closest(key, keys);
      report.fail(
        [...segs, key],
        `unknown key${hint ? ` (did you mean "${hint}"?)` : ''}; expected one of: ${keys.join(', ')}`,
        `one of: ${keys.join(', ')}`,
      );
      continue;
    }
    if (e.propertyName !== undefined) {
      const at = [...segs, e.propertyName];
      if (!report.hasIssue(at)) report.fail(at, String(s['x-message'] ?? 'invalid key'), s['x-expected'] as string | undefined);
      continue;
    }
    if (report.hasIssue(segs) || report.isBad(segs)) continue;
    const explicit = typeof s['x-expected'] === 'string';
    if (!explicit && e.keyword === 'minLength' && e.data === '') {
      report.fail(segs, 'expected a non-empty string, got ""', 'a non-empty string');
    } else if (!explicit && e.keyword === 'minItems' && Array.isArray(e.data) && e.data.length === 0) {
      report.fail(segs, 'expected a non-empty list, got []', 'a non-empty list');
    } else {
      const expected = expectedOf(s);
      report.wrong(segs, expected, e.data);
      const v = e.data;
      if (e.keyword === 'type' && expected === 'a string' && (typeof v === 'number' || typeof v === 'boolean') && !report.isSecret(segs)) {
        report.appendToLast(` (quote it: "${String(v)}")`);
      }
    }
  }
}

/** The "expected …" text of a schema node: its `x-expected`, else derived from const, enum, type and range. */
export function expectedOf(s: Schema): string {
  if (typeof s['x-expected'] === 'string') return s['x-expected'];
  if ('const' in s) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return `one of ${s.enum.join(', ')}`;
  const [type] = typesOf(s);
  if (type === 'integer' || type === 'number') {
    const min = s.minimum as number;
    const max = s.maximum as number | undefined;
    const range = max !== undefined ? ` between ${min} and ${max}` : min === 0 ? ' >= 0' : ` >= ${min}`;
    return `${type === 'integer' ? 'an integer' : 'a number'}${range}`;
  }
  return { string: 'a string', boolean: 'a boolean', object: 'a mapping', array: 'a list' }[type ?? ''] ?? 'a valid value';
}

/** The schema node for a key path (property names and list indexes as strings), or undefined. */
export function schemaAt(path: readonly string[]): Schema | undefined {
  let s: Schema | undefined = CONFIG_SCHEMA;
  for (const seg of path) {
    if (!s) return undefined;
    const props = s.properties as Record<string, Schema> | undefined;
    if (props && Object.hasOwn(props, seg)) s = props[seg];
    else if (/^\d+$/.test(seg) && isPlainObject(s.items)) s = s.items as Schema;
    else if (isPlainObject(s.additionalProperties)) s = s.additionalProperties as Schema;
    else return undefined;
  }
  return s;
}

/**
 * The rank of each key of a path among its siblings, in the order keys are checked: unknown keys first, then
 * the schema's property order; list items by index. In three mappings the hand-written validator this
 * replaced read keys in another order, kept here (`CHECK_ORDER`) so messages come in the same order.
 */
export function orderOf(segs: readonly Seg[]): number[] {
  const out: number[] = [];
  let s: Schema | undefined = CONFIG_SCHEMA;
  const names: string[] = [];
  for (const seg of segs) {
    if (typeof seg === 'number') {
      out.push(seg);
      s = s && isPlainObject(s.items) ? (s.items as Schema) : undefined;
      continue;
    }
    const props = (s?.properties ?? {}) as Record<string, Schema>;
    const keys = CHECK_ORDER[names.join('.')] ?? Object.keys(props);
    const i = Object.hasOwn(props, seg) ? keys.indexOf(seg) : -1;
    out.push(i);
    s = i < 0 ? undefined : props[seg];
    names.push(seg);
  }
  return out;
}
const CHECK_ORDER: Record<string, string[]> = {
  'applications.syncPolicy': ['rollbackOnFailure', 'automated', 'prune', 'selfHeal', 'forceConflicts', 'prunePropagationPolicy'],
  'applications.chart': ['valueFiles', 'values', 'releaseName'],
  'notifications.targets': ['name', 'type', 'url', 'secret', 'token', 'repository'],
};

function typesOf(s: Schema): string[] {
  if (Array.isArray(s.type)) return s.type as string[];
  if (typeof s.type === 'string') return [s.type];
  return [];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** `/applications/0/name` → ['applications', 0, 'name'] (indexes are numbers where the data holds a list). */
function segsOf(pointer: string, data: unknown): Seg[] {
  if (pointer === '') return [];
  const segs: Seg[] = [];
  let node = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      segs.push(Number(key));
      node = node[Number(key)];
    } else {
      segs.push(key);
      node = isPlainObject(node) ? node[key] : undefined;
    }
  }
  return segs;
}

/** The allowed key closest to a mistyped one (edit distance ≤ 2, or same letters ignoring case). */
function closest(key: string, allowed: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDist = Infinity;
  for (const a of allowed) {
    const d = a.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, a);
    if (d < bestDist) {
      best = a;
      bestDist = d;
    }
  }
  return bestDist <= Math.min(2, Math.floor(key.length / 2)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}
