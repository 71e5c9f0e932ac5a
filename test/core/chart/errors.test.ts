import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ChartError, TemplateRenderError, renderChart } from '../../../src/core/chart/render-chart.js';
import { validateJsonSchema } from '../../../src/adapters/json-schema.js';

const errorGolden = JSON.parse(readFileSync(new URL('./golden/errors.json', import.meta.url), 'utf8')) as Array<{ name: string; template: string; message: string }>;

function chart(template: string, values = 'a: 1\n'): Map<string, string> {
  return new Map([
    ['Chart.yaml', 'apiVersion: v2\nname: errs\nversion: 0.1.0\n'],
    ['values.yaml', values],
    ['templates/t.yaml', template],
  ]);
}
const render = (files: Map<string, string>) => renderChart(files, { releaseName: 'r', namespace: 'default' });

describe('bad charts fail with the file, line and reason', () => {
  // Worded exactly as the real Helm v4 words them (scripts/gen-error-golden.mjs).
  for (const c of errorGolden) {
    it(`${c.name}, as Helm says it`, () => {
      let thrown: unknown;
      try {
        render(chart(c.template));
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(ChartError);
      expect((thrown as Error).message).toBe(c.message);
    });
  }

  it('a template error carries the template, line and column of the outermost template', () => {
    const err = (() => {
      try {
        render(chart('{{ define "inner" }}{{ .Values.q.r }}{{ end }}\nx: {{ include "inner" . }}'));
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(TemplateRenderError);
    expect(err).toMatchObject({ template: 'errs/templates/t.yaml', line: 2, column: 6 });
    expect(() => render(chart('a: 1\n{{ if .Values.a }}'))).toThrow(expect.objectContaining({ template: 'errs/templates/t.yaml', line: 2, column: undefined }));
  });

  it('include recursion stops at Helm\'s limit, quickly', () => {
    const started = Date.now();
    expect(() => render(chart('{{ define "loop" }}{{ include "loop" . }}{{ end }}x: {{ include "loop" . }}'))).toThrow(/rendering template has a nested reference name: loop: unable to execute template/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('a dependency listed in Chart.yaml but missing from charts/ is named', () => {
    const files = chart('x: 1');
    files.set('Chart.yaml', 'apiVersion: v2\nname: errs\nversion: 0.1.0\ndependencies:\n  - {name: missing-one, version: 1.0.0}\n');
    expect(() => render(files)).toThrow(/found in Chart\.yaml, but missing in charts\/ directory: missing-one/);
  });

  it('values violating values.schema.json are listed as Helm lists them', () => {
    const files = chart('x: 1', 'replicaCount: 1\nimage: {tag: "1"}\n');
    files.set('values.schema.json', JSON.stringify({ type: 'object', required: ['image'], properties: { replicaCount: { type: 'integer', minimum: 1 }, image: { type: 'object' } } }));
    expect(() => renderChart(files, { releaseName: 'r', namespace: 'd', validateSchema: validateJsonSchema, setFlags: [{ mode: 'typed', value: 'replicaCount=0' }] }))
      .toThrow("values don't meet the specifications of the schema(s) in the following chart(s):\nerrs:\n- at '/replicaCount': minimum: got 0, want 1");
    expect(() => renderChart(files, { releaseName: 'r', namespace: 'd', validateSchema: validateJsonSchema, setFlags: [{ mode: 'string', value: 'replicaCount=two' }, { mode: 'typed', value: 'image=null' }] }))
      .toThrow("errs:\n- at '': missing property 'image'\n- at '/replicaCount': got string, want integer");
    expect(renderChart(files, { releaseName: 'r', namespace: 'd', validateSchema: validateJsonSchema })).toHaveLength(1);
    // A schema nobody can check is an error, not a silent pass.
    expect(() => render(files)).toThrow('errs:\nvalues.schema.json cannot be checked: no JSON Schema validator is attached to this render');
  });

  it('release names are checked as Helm checks them', () => {
    expect(() => renderChart(chart('x: 1'), { releaseName: 'Bad_Name', namespace: 'd' })).toThrow(/release name check failed: release name "Bad_Name": invalid release name/);
    expect(() => renderChart(chart('x: 1'), { releaseName: 'a'.repeat(54), namespace: 'd' })).toThrow(/must not be longer than 53/);
  });

  it('output beyond the size limit fails cleanly', () => {
    expect(() => renderChart(chart('x: {{ range until 100000 }}xxxxxxxxxx{{ end }}'), { releaseName: 'r', namespace: 'd', maxOutputBytes: 64 * 1024 })).toThrow(/output/i);
  });

  it('a YAML alias bomb in values fails instead of expanding', () => {
    const bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n';
    expect(() => render(chart('x: 1', bomb))).toThrow(/alias/i);
  });

  it('a chart without Chart.yaml, a subchart without one, or a packed subchart handed to the core says so', () => {
    expect(() => renderChart(new Map([['templates/t.yaml', 'x: 1']]), { releaseName: 'r', namespace: 'd' })).toThrow(/Chart\.yaml file is missing/);
    const broken = chart('x: 1');
    broken.set('charts/sub/templates/a.yaml', 'x: 1');
    expect(() => render(broken)).toThrow(/charts\/sub\/Chart\.yaml file is missing/);
    const packed = chart('x: 1');
    packed.set('charts/sub-0.1.0.tgz', 'binary');
    expect(() => render(packed)).toThrow(/charts\/sub-0\.1\.0\.tgz: a packaged subchart must be unpacked before rendering/);
  });
});
