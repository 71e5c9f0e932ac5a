/**
 * values.schema.json: the chart's JSON Schema checked against its final values, with errors worded like
 * Helm's (`- at '/replicaCount': got string, want integer`).
 */
import { Ajv, type ErrorObject } from 'ajv';
import { toPlain } from '../template/index.js';

const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
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

function describe(e: ErrorObject, values: unknown): string {
  const params = e.params as Record<string, unknown>;
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
    case 'enum':
      return `value must be one of ${JSON.stringify(params.allowedValues)}`;
    case 'additionalProperties':
      return `additional properties '${String(params.additionalProperty)}' not allowed`;
    default:
      return e.message ?? e.keyword;
  }
}

/** Problems of one chart's values against its schema, as Helm lists them; [] when they conform. */
export function schemaProblems(schemaText: string, values: Record<string, unknown>, where: string): string[] {
  let schema: unknown;
  try {
    schema = JSON.parse(schemaText);
  } catch (err) {
    return [`${where}values.schema.json is not valid JSON: ${(err as Error).message}`];
  }
  const plain = toPlain(values);
  const validate = ajv.compile(schema as object);
  if (validate(plain)) return [];
  return (validate.errors ?? []).map((e) => `- at '${e.instancePath}': ${describe(e, plain)}`);
}
