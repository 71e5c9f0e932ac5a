/**
 * The JSON Schema validator for values.schema.json: ajv (draft-07 and later keywords, all errors),
 * loaded the first time a chart with a schema is rendered.
 */
import { createRequire } from 'node:module';
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

export const validateJsonSchema: SchemaValidator = (schema, values) => {
  const check = instance().compile(schema);
  return check(values) ? [] : [...(check.errors ?? [])];
};
