import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { median } from './stats.js';

const BIN = fileURLToPath(new URL('../../bin/tugboat.js', import.meta.url));
const WEBAPP = fileURLToPath(new URL('../../helm-like-charts/webapp', import.meta.url));

/** The webapp chart plus `count` extra templates that use include, toYaml, tpl and range, as real charts do. */
export function bigChart(count: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'tugboat-bigchart-'));
  cpSync(WEBAPP, dir, { recursive: true });
  mkdirSync(join(dir, 'templates'), { recursive: true });
  for (let i = 0; i < count; i++) {
    writeFileSync(join(dir, 'templates', `extra-${i}.yaml`), `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "webapp.fullname" . }}-${i}
  labels:
    {{- include "webapp.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      {{- include "webapp.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "webapp.selectorLabels" . | nindent 8 }}
    spec:
      containers:
        - name: c${i}
          image: {{ include "webapp.image" . | quote }}
          env:
            {{- range $k, $v := .Values.env }}
            - name: {{ $k }}
              value: {{ $v | quote }}
            {{- end }}
            - name: GREETING
              value: {{ tpl .Values.greeting . | quote }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
`);
  }
  return dir;
}

function timeProcess(cmd: string, args: string[]): { ms: number; out: string } {
  const t = performance.now();
  const out = execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { ms: performance.now() - t, out };
}

/** `tugboat template` against `helm template` on a chart of hundreds of templates, whole processes. */
export function templateBench(helm: string | undefined, runs: number): Record<string, unknown> {
  if (!helm) return { bench: 'template-vs-helm', skipped: 'set HELM to a helm v4 binary to compare (README: Development)' };
  const dir = bigChart(300);
  try {
    const args = ['template', 'bench', dir, '--set', 'resources.requests.cpu=100m'];
    const ours: number[] = [];
    const theirs: number[] = [];
    let same = true;
    for (let i = 0; i < runs; i++) {
      const a = timeProcess(process.execPath, [BIN, ...args]);
      const b = timeProcess(helm, args);
      ours.push(a.ms);
      theirs.push(b.ms);
      same &&= a.out === b.out;
    }
    const o = median(ours);
    const h = median(theirs);
    return { bench: 'template-vs-helm', templates: 300 + 9, runs, medianMs: o, baseline: { what: 'helm template, same chart and flags', medianMs: h }, ratio: o / h, identicalOutput: same, target: { ratio: 1 } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
