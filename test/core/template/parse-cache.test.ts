import { describe, expect, it } from 'vitest';
import { TemplateSet } from '../../../src/core/template/index.js';

const LIB = '{{- define "lib.name" -}}{{ .name | printf "%s!" }}{{- end -}}\n{{- define "lib.fail" -}}{{ .missing.field }}{{- end -}}\n';

describe('a text parsed again under another name (a library vendored by several subcharts)', () => {
  it('gives the same templates, located in the file parsed last', () => {
    const set = new TemplateSet();
    set.parse('a/charts/lib/templates/_names.tpl', LIB);
    set.parse('b/charts/lib/templates/_names.tpl', LIB);
    set.parse('main', '{{ template "lib.name" . }}|{{ template "lib.name" . }}');
    expect(set.execute('main', { name: 'x' })).toBe("x!|x!");
    expect(set.names()).toEqual(['a/charts/lib/templates/_names.tpl', 'b/charts/lib/templates/_names.tpl', 'lib.fail', 'lib.name', 'main']);
    set.parse('fails', '{{ template "lib.fail" . }}');
    expect(() => set.execute('fails', { missing: null })).toThrow(/^template: b\/charts\/lib\/templates\/_names\.tpl:2:/);
    expect(set.lookupTree('b/charts/lib/templates/_names.tpl')!.name).toBe('b/charts/lib/templates/_names.tpl');
    expect(set.lookupTree('a/charts/lib/templates/_names.tpl')!.parseName).toBe('a/charts/lib/templates/_names.tpl');
    // Parsed once: the second file's trees are the first's, relocated.
    expect(set.lookupTree('b/charts/lib/templates/_names.tpl')!.root).toBe(set.lookupTree('a/charts/lib/templates/_names.tpl')!.root);
  });
});
