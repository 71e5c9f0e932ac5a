import { describe, expect, it } from 'vitest';
import { TemplateSet, floatify } from '../../../../src/core/template/index.js';
import { sprigFuncs } from '../../../../src/core/template/sprig/index.js';
import { run } from './run.js';
import { systemTemplateClock } from '../../../../src/adapters/template-clock.js';

/** Typical Helm chart helpers, run with values decoded the Helm way (numbers are float64). */
const helpers = `
{{- define "app.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- define "app.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}
{{- define "app.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- define "app.labels" -}}
helm.sh/chart: {{ include "app.chart" . }}
app.kubernetes.io/name: {{ include "app.name" . }}
{{- if .Chart.AppVersion }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}
{{- end }}
`;

function render(text: string, values: Record<string, unknown>): string {
  const t = new TemplateSet(
    {
      ...sprigFuncs(systemTemplateClock),
      include: {
        fn: (ctx: { executeTemplate(n: string, d: unknown): string }, name: string, data: unknown) => ctx.executeTemplate(name, data),
        params: ['string', 'any'],
        needsContext: true,
      },
    },
    { missingKey: 'zero' },
  );
  t.parse('_helpers.tpl', helpers);
  t.parse('deploy.yaml', text);
  return t.execute('deploy.yaml', {
    Chart: { Name: 'web', Version: '1.2.3+build', AppVersion: '2.0' },
    Release: { Name: 'prod' },
    Values: floatify(values),
  });
}

describe('sprig in chart-style templates', () => {
  it('renders the usual naming and label helpers', () => {
    const out = render(
      'name: {{ include "app.fullname" . }}\nlabels:\n{{- include "app.labels" . | nindent 2 }}\nreplicas: {{ .Values.replicas | default 1 }}\n',
      { replicas: 3 },
    );
    expect(out).toBe(
      'name: prod-web\nlabels:\n  helm.sh/chart: web-1.2.3_build\n  app.kubernetes.io/name: web\n  app.kubernetes.io/version: "2.0"\nreplicas: 3\n',
    );
  });

  it('truncates long names to 63 bytes and drops a trailing dash', () => {
    const out = render('{{ include "app.fullname" . }}', { fullnameOverride: 'a'.repeat(62) + '-b' });
    expect(out).toBe('a'.repeat(62));
  });

  it('merges values with defaults without overwriting set keys', () => {
    const out = render(
      '{{- $d := dict "image" (dict "tag" "latest" "pullPolicy" "IfNotPresent") "port" 80 }}{{ $v := merge (deepCopy .Values) $d }}{{ $v.image.tag }} {{ $v.image.pullPolicy }} {{ $v.port }}',
      { image: { tag: 'v1' }, port: 8080 },
    );
    expect(out).toBe('v1 IfNotPresent 8080');
  });

  it('works with float64 values in math and conversions', () => {
    const out = render('{{ add .Values.a 1 }} {{ .Values.a | int }} {{ mul .Values.a 2 | toString }} {{ .Values.big }} {{ int64 .Values.big }}', {
      a: 2,
      big: 1000000,
    });
    expect(out).toBe('3 2 4 1e+06 1000000');
  });

  it('checks the Kubernetes version like charts do', () => {
    const text = '{{ if semverCompare ">=1.19-0" .v }}networking.k8s.io/v1{{ else }}networking.k8s.io/v1beta1{{ end }}';
    expect(run(text, { v: 'v1.27.3-gke.100' })).toBe('networking.k8s.io/v1');
    expect(run(text, { v: 'v1.18.2' })).toBe('networking.k8s.io/v1beta1');
  });

  it('builds lists and joins them', () => {
    const text = '{{ $hosts := list }}{{ range .hosts }}{{ $hosts = append $hosts (printf "%s.example.com" .) }}{{ end }}{{ join "," $hosts }}';
    expect(run(text, { hosts: ['a', 'b'] })).toBe('a.example.com,b.example.com');
  });
});
