/**
 * A values.schema.json checked by walking it beside the values, for the schemas most charts ship: types,
 * properties, items, required, enum, additionalProperties and the numeric, length and count limits,
 * with any titles, descriptions and defaults. Compiling a schema into code (what ajv does) pays off when
 * one schema checks many documents; a render checks one, and Bitnami's generated schemas of several
 * hundred kilobytes took longer to compile than the whole chart took to render.
 *
 * The issues are the ones ajv (adapters/json-schema.ts, `allErrors`) reports, in the same order at each
 * path: a test checks both on generated schemas and values. A schema that uses any other keyword ajv
 * knows (`$ref`, `pattern`, `oneOf`, `format`, …) is left to ajv: `checkPlainSchema` returns undefined.
 */
import type { SchemaIssue } from './values-schema.js';

/** Keywords that only describe, and keys no validator reads: ignored here as ajv ignores them. */
const ANNOTATIONS = new Set(['$schema', '$id', '$comment', 'title', 'description', 'default', 'examples', 'readOnly', 'writeOnly', 'deprecated', 'definitions', '$defs']);

/** Keywords ajv (draft-07 and its extras) acts on that this walker does not: their schemas go to ajv. */
const OTHERS = new Set([
  '$ref', '$dynamicRef', '$recursiveRef', '$anchor', '$dynamicAnchor', '$recursiveAnchor', '$vocabulary',
  'multipleOf', 'pattern', 'format', 'uniqueItems', 'maxProperties', 'minProperties', 'const',
  'contains', 'minContains', 'maxContains', 'dependencies', 'dependentRequired', 'dependentSchemas',
  'propertyNames', 'patternProperties', 'additionalItems', 'prefixItems', 'unevaluatedProperties', 'unevaluatedItems',
  'if', 'then', 'else', 'allOf', 'anyOf', 'oneOf', 'not', 'nullable', 'discriminator',
  'contentMediaType', 'contentEncoding', 'contentSchema', 'formatMinimum', 'formatMaximum', 'formatExclusiveMinimum', 'formatExclusiveMaximum',
]);

const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null', 'object', 'array']);

/** Thrown (and caught below) where a schema needs ajv. */
class NotPlain extends Error {}

const LIMITS: Record<string, { okStr: string; fails: (v: number, limit: number) => boolean }> = {
  maximum: { okStr: '<=', fails: (v, l) => v > l },
  minimum: { okStr: '>=', fails: (v, l) => v < l },
  exclusiveMaximum: { okStr: '<', fails: (v, l) => v >= l },
  exclusiveMinimum: { okStr: '>', fails: (v, l) => v <= l },
};

/** Issues of `values` against `schema` as ajv reports them; undefined when the schema is not plain (use ajv). */
export function checkPlainSchema(schema: unknown, values: unknown): SchemaIssue[] | undefined {
  const issues: SchemaIssue[] = [];
  try {
    check(schema, values, '', issues);
  } catch (err) {
    if (err instanceof NotPlain) return undefined;
    throw err;
  }
  return issues;
}

function isType(t: string, v: unknown): boolean {
  switch (t) {
    case 'string': return typeof v === 'string';
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'integer': return typeof v === 'number' && Number.isFinite(v) && v % 1 === 0;
    case 'boolean': return typeof v === 'boolean';
    case 'null': return v === null;
    case 'array': return Array.isArray(v);
    default: return v !== null && typeof v === 'object' && !Array.isArray(v);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Deep equality of JSON data, as ajv compares enum members. */
function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a !== a && b !== b;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => equal(x, bb[i]));
  }
  const ka = Object.keys(a);
  const bo = b as Record<string, unknown>;
  if (ka.length !== Object.keys(bo).length) return false;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && equal((a as Record<string, unknown>)[k], bo[k]));
}

/** A string's length in code points (ajv's ucs2length). */
function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    n++;
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
  }
  return n;
}

const pointerPart = (k: string) => k.replace(/~/g, '~0').replace(/\//g, '~1');

function limitNumber(schema: Record<string, unknown>, kw: string): number | undefined {
  const l = schema[kw];
  if (l === undefined) return undefined;
  if (typeof l !== 'number') throw new NotPlain();
  return l;
}

function check(schema: unknown, data: unknown, path: string, out: SchemaIssue[]): void {
  if (schema === true) return;
  if (schema === false) {
    out.push({ instancePath: path, keyword: 'false schema', params: {}, message: 'boolean schema is false' });
    return;
  }
  if (!isObject(schema)) throw new NotPlain();
  for (const k in schema) if (OTHERS.has(k)) throw new NotPlain();

  // type: a value of none of the declared types is one issue.
  const type = schema.type;
  let types: string[] = [];
  if (type !== undefined) {
    types = typeof type === 'string' ? [type] : Array.isArray(type) ? (type as string[]) : [];
    if (types.length === 0 || !types.every((t) => typeof t === 'string' && JSON_TYPES.has(t))) throw new NotPlain();
    // ajv with an integer type among others checks "integer" as its own type; a value fitting none fails once.
    if (!types.some((t) => isType(t, data))) {
      // The other keywords still apply, each to the values of its own type (an array under an object
      // type still has its items checked), as ajv goes on with all errors.
      out.push({ instancePath: path, keyword: 'type', params: { type }, message: `must be ${types.join(',')}` });
    }
  }

  // Keywords for any type.
  if (schema.enum !== undefined) {
    if (!Array.isArray(schema.enum)) throw new NotPlain();
    if (!schema.enum.some((e) => equal(e, data))) {
      out.push({ instancePath: path, keyword: 'enum', params: { allowedValues: schema.enum }, message: 'must be equal to one of the allowed values' });
    }
  }

  // Numbers.
  for (const kw of ['maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum']) {
    const limit = limitNumber(schema, kw);
    if (limit === undefined || typeof data !== 'number') continue;
    const { okStr, fails } = LIMITS[kw]!;
    if (fails(data, limit)) out.push({ instancePath: path, keyword: kw, params: { comparison: okStr, limit }, message: `must be ${okStr} ${limit}` });
  }

  // Strings.
  for (const kw of ['maxLength', 'minLength']) {
    const limit = limitNumber(schema, kw);
    if (limit === undefined || typeof data !== 'string') continue;
    const n = codePoints(data);
    if (kw === 'maxLength' ? n > limit : n < limit) {
      out.push({ instancePath: path, keyword: kw, params: { limit }, message: `must NOT have ${kw === 'maxLength' ? 'more' : 'fewer'} than ${limit} characters` });
    }
  }

  // Arrays.
  for (const kw of ['maxItems', 'minItems']) {
    const limit = limitNumber(schema, kw);
    if (limit === undefined || !Array.isArray(data)) continue;
    if (kw === 'maxItems' ? data.length > limit : data.length < limit) {
      out.push({ instancePath: path, keyword: kw, params: { limit }, message: `must NOT have ${kw === 'maxItems' ? 'more' : 'fewer'} than ${limit} items` });
    }
  }
  if (schema.items !== undefined) {
    if (Array.isArray(schema.items)) throw new NotPlain();
    if (Array.isArray(data)) for (let i = 0; i < data.length; i++) check(schema.items, data[i], `${path}/${i}`, out);
  }

  // Objects.
  if (schema.required !== undefined) {
    if (!Array.isArray(schema.required) || !schema.required.every((r) => typeof r === 'string')) throw new NotPlain();
    if (isObject(data)) {
      for (const r of schema.required as string[]) {
        if (data[r] === undefined) out.push({ instancePath: path, keyword: 'required', params: { missingProperty: r }, message: `must have required property '${r}'` });
      }
    }
  }
  const props = schema.properties;
  if (props !== undefined && !isObject(props)) throw new NotPlain();
  const extra = schema.additionalProperties;
  if (extra !== undefined && isObject(data)) {
    for (const k of Object.keys(data)) {
      if (props && Object.prototype.hasOwnProperty.call(props, k)) continue;
      if (extra === false) {
        out.push({ instancePath: path, keyword: 'additionalProperties', params: { additionalProperty: k }, message: 'must NOT have additional properties' });
      } else {
        check(extra, data[k], `${path}/${pointerPart(k)}`, out);
      }
    }
  }
  if (props && isObject(data)) {
    for (const k of Object.keys(props)) {
      if (!Object.prototype.hasOwnProperty.call(data, k) || data[k] === undefined) continue;
      check(props[k], data[k], `${path}/${pointerPart(k)}`, out);
    }
  }
}
