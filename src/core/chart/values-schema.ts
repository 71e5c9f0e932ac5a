/**
 * values.schema.json: the chart's JSON Schema checked against its final values, with errors worded like
 * Helm's (`- at '/replicaCount': got string, want integer`). The JSON Schema validator itself is
 * attached by whoever renders (adapters/json-schema.ts wraps ajv), so charts without a schema never
 * pay for loading one.
 */
import { toPlain } from '../template/index.js';

/** One failed check, as JSON Schema validators (ajv) report them. */
export interface SchemaIssue {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Checks `values` against `schema`; [] when they conform. */
export type SchemaValidator = (schema: object, values: unknown) => SchemaIssue[];

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  // Helm's values are float64: every number reads as "number".
  if (typeof v === 'number') return 'number';
  return typeof v;
}

function valueAt(root: unknown, pointer: string): unknown {
  let v = root;
  for (const part of pointer.split('/').slice(1)) {
    const k = part.replace(/~1/g, '/').replace(/~0/g, '~');
    v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  }
  return v;
}

function describe(e: SchemaIssue, values: unknown): string {
  const params = e.params;
  switch (e.keyword) {
    case 'required':
      return `missing property '${String(params.missingProperty)}'`;
    case 'type':
      return `got ${typeOf(valueAt(values, e.instancePath))}, want ${String(params.type)}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'maxItems':
      return `${e.keyword}: got ${JSON.stringify(valueAt(values, e.instancePath))}, want ${String(params.limit)}`;
    case 'enum': {
      const allowed = Array.isArray(params.allowedValues) ? (params.allowedValues as unknown[]) : [];
      if (allowed.some((a) => a !== null && typeof a === 'object')) return `'enum' failed`;
      const shown = allowed.map((a) => (a === null ? '<nil>' : typeof a === 'string' ? `'${a}'` : String(a)));
      return shown.length === 1 ? `value must be ${shown[0]}` : `value must be one of ${shown.join(', ')}`;
    }
    case 'additionalProperties':
      return `additional properties '${String(params.additionalProperty)}' not allowed`;
    default:
      return e.message ?? e.keyword;
  }
}

/** Problems of one chart's values against its schema, as Helm lists them; [] when they conform. */
export function schemaProblems(schemaText: string, values: Record<string, unknown>, where: string, validate: SchemaValidator | undefined): string[] {
  let schema: unknown;
  try {
    schema = JSON.parse(schemaText);
  } catch (err) {
    return [`${where}values.schema.json is not valid JSON: ${(err as Error).message}`];
  }
  if (!validate) return [`${where}values.schema.json cannot be checked: no JSON Schema validator is attached to this render`];
  const plain = toPlain(values);
  const issues = validate(schema as object, plain);
  // A value of the wrong type is reported for its type alone: Helm's validator checks nothing else there.
  const mistyped = new Set(issues.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  // Listed by the value's path, as Helm lists them.
  const kept = issues.filter((e) => e.keyword === 'type' || !mistyped.has(e.instancePath));
  const byPath = kept.map((e, i) => ({ e, i })).sort((a, b) => (a.e.instancePath < b.e.instancePath ? -1 : a.e.instancePath > b.e.instancePath ? 1 : a.i - b.i));
  return byPath.map(({ e }) => `- at '${e.instancePath}': ${describe(e, plain)}`);
}
