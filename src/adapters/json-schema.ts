/**
 * The JSON Schema validator for values.schema.json. A plain schema (types, properties, items, required,
 * enum, limits: core/chart/schema-plain.ts) is checked by walking it; any other goes to ajv (draft-07
 * and later keywords, all errors), loaded the first time such a schema is checked.
 */
import { createRequire } from 'node:module';
import { checkPlainSchema } from '../core/chart/schema-plain.js';
import type { SchemaIssue, SchemaValidator } from '../core/chart/values-schema.js';

type AjvInstance = { compile(schema: object): ((data: unknown) => boolean) & { errors?: SchemaIssue[] | null } };
let ajv: AjvInstance | undefined;

function instance(): AjvInstance {
  if (!ajv) {
    const { Ajv } = createRequire(import.meta.url)('ajv') as { Ajv: new (opts: object) => AjvInstance };
    ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
  }
  return ajv;
}

export const validateJsonSchema: SchemaValidator = (schema, values) => checkPlainSchema(schema, values) ?? validateWithAjv(schema, values);

/** ajv alone (the walker's own tests compare the two). */
export const validateWithAjv: SchemaValidator = (schema, values) => {
  const check = instance().compile(schema);
  return check(values) ? [] : [...(check.errors ?? [])];
};
