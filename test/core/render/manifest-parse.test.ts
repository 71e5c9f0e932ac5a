import { describe, expect, it } from 'vitest';
import { parseManifestFile } from '../../../src/core/render/manifest-parse.js';
import { assembleApp, TRACKING_ANNOTATION } from '../../../src/core/render/assemble.js';

describe('parseManifestFile', () => {
  const cases: Array<{ name: string; file: string; text: string; objects: number; errors: RegExp[] }> = [
    { name: 'multi-document YAML gives one object per document', file: 'a.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n', objects: 2, errors: [] },
    { name: 'empty documents and comments are skipped', file: 'a.yaml', text: '# only a comment\n---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n', objects: 1, errors: [] },
    { name: 'JSON files are read', file: 'a.json', text: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}', objects: 1, errors: [] },
    { name: 'kind List is expanded', file: 'l.yaml', text: 'apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n', objects: 2, errors: [] },
    { name: 'invalid YAML names the line', file: 'bad.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata: [1\n', objects: 0, errors: [/^invalid YAML/] },
    { name: 'a missing kind is an error at the document line', file: 'k.yaml', text: 'apiVersion: v1\nmetadata: {name: a}\n', objects: 0, errors: [/missing kind/] },
    { name: 'missing apiVersion and name are both listed', file: 'k.yaml', text: 'kind: ConfigMap\nmetadata: {}\n', objects: 0, errors: [/missing apiVersion, metadata\.name/] },
    { name: 'a scalar document is not an object', file: 's.yaml', text: 'just a string\n', objects: 0, errors: [/expected a mapping/] },
    { name: 'duplicate keys are invalid YAML', file: 'd.yaml', text: 'apiVersion: v1\nkind: ConfigMap\nkind: Secret\nmetadata: {name: a}\n', objects: 0, errors: [/invalid YAML/] },
    { name: 'invalid JSON names the line', file: 'b.json', text: '{\n"apiVersion": "v1",\n,}', objects: 0, errors: [/invalid JSON/] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = parseManifestFile(c.file, c.text);
      expect(r.objects).toHaveLength(c.objects);
      expect(r.errors.map((e) => e.message)).toHaveLength(c.errors.length);
      c.errors.forEach((re, i) => expect(r.errors[i]!.message).toMatch(re));
    });
  }

  it('reports the line where each document starts', () => {
    const r = parseManifestFile('m.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n\napiVersion: v1\nmetadata: {name: b}\n');
    expect(r.objects[0]!.line).toBe(1);
    expect(r.errors[0]!.line).toBe(6);
  });

  it('reports the line of a YAML syntax error', () => {
    const r = parseManifestFile('m.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: {a: b\n');
    expect(r.errors[0]!.line).toBeGreaterThanOrEqual(5);
  });
});

describe('assembleApp', () => {
  const parse = (path: string, text: string) => ({ path, parsed: parseManifestFile(path, text) });

  it('sets the app namespace on namespaced objects only and tracks every object', () => {
    const r = assembleApp([
      parse('a.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r, namespace: ignored}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b, namespace: other}\n'),
    ], { app: 'web', namespace: 'web' });
    expect(r.errors).toEqual([]);
    const byName = Object.fromEntries(r.objects.map((o) => [o.object.metadata.name, o.object]));
    expect(byName.a!.metadata.namespace).toBe('web');
    expect(byName.b!.metadata.namespace).toBe('other');
    expect(byName.r!.metadata.namespace).toBeUndefined();
    expect(byName.a!.metadata.annotations![TRACKING_ANNOTATION]).toBe('web:/ConfigMap:web/a');
  });

  it('rejects two objects with the same group/kind/namespace/name, naming both places', () => {
    const r = assembleApp([
      parse('b.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n'),
      parse('a.yaml', 'apiVersion: v1\nkind: Secret\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: web}\n'),
    ], { app: 'web', namespace: 'web' });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ file: 'b.yaml', line: 1 });
    expect(r.errors[0]!.message).toContain('also defined at a.yaml:5');
  });

  it('the same objects in another file layout give the same digest; a changed value changes it', () => {
    const one = assembleApp([parse('x.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n')], { app: 'w', namespace: 'w' });
    const two = assembleApp([
      parse('b.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n'),
      parse('a.json', '{"kind":"ConfigMap","apiVersion":"v1","data":{"k":"v"},"metadata":{"name":"a"}}'),
    ], { app: 'w', namespace: 'w' });
    expect(two.digest).toBe(one.digest);
    const three = assembleApp([parse('x.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v2}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n')], { app: 'w', namespace: 'w' });
    expect(three.digest).not.toBe(one.digest);
  });
});
