import { describe, expect, it } from 'vitest';
import { checkPlainSchema } from '../../../src/core/chart/schema-plain.js';
import { schemaProblems, type SchemaValidator } from '../../../src/core/chart/values-schema.js';
import { validateJsonSchema, validateWithAjv } from '../../../src/adapters/json-schema.js';

/** A small seeded generator, so a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof rng>;

const TYPES = ['string', 'number', 'integer', 'boolean', 'null', 'object', 'array'] as const;
const NAMES = ['a', 'b', 'image', 'tag', 'a/b', 'x~y', 'replicaCount', 'enabled'];

/** A random schema using only what the walker handles (depth-limited). */
function plainSchema(r: Rng, depth: number): unknown {
  if (r.chance(0.05)) return r.chance(0.7);
  const s: Record<string, unknown> = {};
  if (r.chance(0.85)) {
    const t = depth > 2 ? r.pick(['string', 'number', 'integer', 'boolean', 'null'] as const) : r.pick(TYPES);
    s.type = r.chance(0.15) ? [t, r.pick(TYPES)] : t;
  }
  if (r.chance(0.5)) s.description = 'something';
  if (r.chance(0.3)) s.default = r.pick([1, 'x', null, true]);
  if (r.chance(0.1)) s.title = 'T';
  if (r.chance(0.15)) s.enum = r.chance(0.2) ? [{ a: 1 }, [1, 2], 'x'] : r.pick([['a', 'b'], [1, 2, 3], [null, 'x'], [true], ['only']]);
  for (const kw of ['maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum']) if (r.chance(0.12)) s[kw] = r.int(10);
  for (const kw of ['maxLength', 'minLength', 'maxItems', 'minItems']) if (r.chance(0.12)) s[kw] = r.int(4);
  if (depth < 4) {
    if (r.chance(0.5)) {
      const props: Record<string, unknown> = {};
      for (let i = r.int(4); i > 0; i--) props[r.pick(NAMES)] = plainSchema(r, depth + 1);
      s.properties = props;
    }
    if (r.chance(0.3)) s.items = plainSchema(r, depth + 1);
    if (r.chance(0.25)) s.additionalProperties = r.chance(0.5) ? r.chance(0.5) : plainSchema(r, depth + 1);
    if (r.chance(0.25)) s.required = [r.pick(NAMES), r.pick(NAMES)].filter((v, i, a) => a.indexOf(v) === i);
  }
  return s;
}

/** Random values, often shaped by the schema (so deep paths are reached), often not. */
function value(r: Rng, schema: unknown, depth: number): unknown {
  const s = (schema && typeof schema === 'object' ? schema : {}) as Record<string, unknown>;
  const want = Array.isArray(s.type) ? r.pick(s.type as string[]) : (s.type as string | undefined);
  const t = r.chance(0.8) && want ? want : depth > 3 ? r.pick(['string', 'number', 'boolean', 'null']) : r.pick([...TYPES]);
  switch (t) {
    case 'string': return r.pick(['', 'a', 'ab', 'abc', 'abcde', 'b', 'x', '😀😀', 'only']);
    case 'number': return r.pick([0, 1, 2.5, 5, 9, 10, 11, -3]);
    case 'integer': return r.pick([0, 1, 3, 5, 9, 10, 12]);
    case 'boolean': return r.chance(0.5);
    case 'null': return null;
    case 'array': {
      const items = s.items;
      return Array.from({ length: r.int(5) }, () => value(r, items, depth + 1));
    }
    default: {
      const o: Record<string, unknown> = {};
      const props = (s.properties ?? {}) as Record<string, unknown>;
      for (const k of Object.keys(props)) if (r.chance(0.7)) o[k] = value(r, props[k], depth + 1);
      if (r.chance(0.4)) o[r.pick(['extra', 'z', 'a'])] = value(r, s.additionalProperties, depth + 1);
      return o;
    }
  }
}

const walker: SchemaValidator = (schema, values) => {
  const issues = checkPlainSchema(schema, values);
  if (!issues) throw new Error('not plain');
  return issues;
};

describe('values.schema.json checked by walking the schema', () => {
  it('says exactly what ajv says, in the same order, on 1,500 generated schemas and values', () => {
    const r = rng(20261204);
    let failing = 0;
    for (let n = 0; n < 1500; n++) {
      const schema = { $schema: 'http://json-schema.org/draft-07/schema#', ...(plainSchema(r, 0) as object) };
      const values = value(r, schema, 0);
      const mine = schemaProblems(JSON.stringify(schema), values as Record<string, unknown>, '', walker);
      const ajv = schemaProblems(JSON.stringify(schema), values as Record<string, unknown>, '', validateWithAjv);
      expect(mine, `case ${n}: ${JSON.stringify(schema)} with ${JSON.stringify(values)}`).toEqual(ajv);
      // The raw issues agree too, path by path (the order of issues at different paths does not matter).
      const byPath = (xs: Array<{ instancePath: string; keyword: string; params: Record<string, unknown> }>) =>
        xs.map((e, i) => ({ e, i })).sort((a, b) => (a.e.instancePath < b.e.instancePath ? -1 : a.e.instancePath > b.e.instancePath ? 1 : a.i - b.i))
          .map(({ e }) => ({ instancePath: e.instancePath, keyword: e.keyword, params: e.params }))
          .filter((e, _i, all) => !all.some((t) => t.keyword === 'type' && t.instancePath === e.instancePath) || e.keyword === 'type');
      expect(byPath(walker(schema, values)), `case ${n}`).toEqual(byPath(validateWithAjv(schema, values)));
      if (mine.length > 0) failing++;
    }
    // The generator reaches both outcomes often.
    expect(failing).toBeGreaterThan(400);
    expect(failing).toBeLessThan(1450);
  });

  it('leaves a schema with any other keyword ajv knows to ajv, wherever the keyword sits', () => {
    for (const inner of [{ $ref: '#/definitions/x' }, { pattern: '^a' }, { oneOf: [{ type: 'string' }] }, { format: 'email' }, { const: 1 }, { patternProperties: { '^x': {} } }, { items: [{}, {}] }, { type: 'any' }]) {
      const schema = { type: 'object', properties: { a: { type: 'object', properties: { b: inner } } } };
      expect(checkPlainSchema(schema, { a: { b: 'x' } }), JSON.stringify(inner)).toBeUndefined();
    }
    // Keys no validator reads are no reason to leave it: ajv ignores them too.
    expect(checkPlainSchema({ type: 'object', 'x-form': 'wide', properties: { a: { type: 'string', examples: ['x'] } } }, { a: 1 })).toEqual([
      { instancePath: '/a', keyword: 'type', params: { type: 'string' }, message: 'must be string' },
    ]);
  });

  it('a large generated schema of the Bitnami kind (~300 kB: types, descriptions, defaults) is walked, and reports as ajv does', () => {
    const r = rng(7);
    // Values shaped like a big chart's: nested maps of settings, lists of objects.
    const values: Record<string, unknown> = {};
    const fill = (o: Record<string, unknown>, depth: number) => {
      for (let i = 0; i < (depth === 0 ? 60 : 8); i++) {
        const k = `key${depth}_${i}`;
        const roll = r.int(depth > 3 ? 4 : 6);
        if (roll === 0) o[k] = `text-${i}`;
        else if (roll === 1) o[k] = i;
        else if (roll === 2) o[k] = i % 2 === 0;
        else if (roll === 3) o[k] = [`a${i}`, `b${i}`];
        else { const child: Record<string, unknown> = {}; fill(child, depth + 1); o[k] = child; }
      }
    };
    fill(values, 0);
    const schemaOf = (v: unknown): Record<string, unknown> => {
      const base = { description: 'A setting of this chart, described at length as generated schemas do.', default: v !== null && typeof v === 'object' ? undefined : v };
      if (Array.isArray(v)) return { ...base, type: 'array', items: { type: 'string' } };
      if (v !== null && typeof v === 'object') return { type: 'object', properties: Object.fromEntries(Object.entries(v).map(([k, x]) => [k, schemaOf(x)])) };
      return { ...base, type: typeof v === 'number' ? 'number' : typeof v };
    };
    const schema = { $schema: 'http://json-schema.org/schema#', type: 'object', properties: schemaOf(values).properties };
    expect(JSON.stringify(schema).length).toBeGreaterThan(200_000);
    expect(checkPlainSchema(schema, values)).toEqual([]);
    // A user's values with three mistakes.
    const wrong = structuredClone(values) as Record<string, Record<string, unknown>>;
    const firstMap = Object.keys(wrong).find((k) => wrong[k] !== null && typeof wrong[k] === 'object' && !Array.isArray(wrong[k]))!;
    const inner = Object.keys(wrong[firstMap]!)[0]!;
    wrong[firstMap]![inner] = Array.isArray(wrong[firstMap]![inner]) ? 'not a list' : [1];
    const scalar = Object.keys(wrong).find((k) => typeof wrong[k] === 'string')!;
    (wrong as Record<string, unknown>)[scalar] = 5;
    const text = JSON.stringify(schema);
    const mine = schemaProblems(text, wrong, '', validateJsonSchema);
    expect(mine).toEqual(schemaProblems(text, wrong, '', validateWithAjv));
    expect(mine.length).toBe(2);
    expect(mine.join('\n')).toContain(`- at '/${scalar}': got number, want string`);
  });
});
