import { afterEach, describe, expect, it } from 'vitest';
import { cpSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TempGitRepo } from '../helpers/temp-git.js';
import { inProcessDaemon } from '../helpers/in-process.js';
import { waitFor } from '../helpers/daemon-process.js';

const HELLO = fileURLToPath(new URL('../../helm-like-charts/hello', import.meta.url));
const IMPORTS = fileURLToPath(new URL('../fixtures/charts/imports', import.meta.url));
const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => { while (stops.length) await stops.pop()!(); });

describe('an app whose path holds Chart.yaml', () => {
  it('is rendered with the app chart settings, and a template error is a RenderError that changes nothing', async () => {
    const repo = new TempGitRepo();
    cpSync(HELLO, join(repo.dir, 'apps/hello'), { recursive: true });
    repo.commit('hello chart');
    const d = await inProcessDaemon(
      '  - name: hello\n    source: src\n    path: apps/hello\n    namespace: web\n    chart: {releaseName: demo, valueFiles: [ci/prod-values.yaml], values: {service: {port: 8080}}}\n    syncPolicy: {automated: true}',
      repo.dir,
    );
    stops.push(() => repo.cleanup(), () => d.stop());
    await waitFor('synced', async () => d.state.getApp('hello')?.syncedRevision === repo.head());
    const deploy = await d.cluster.get({ group: 'apps', kind: 'Deployment', namespace: 'web', name: 'demo-hello' });
    expect((deploy!.spec as { replicas: number }).replicas).toBe(4);
    const svc = await d.cluster.get({ group: '', kind: 'Service', namespace: 'web', name: 'demo-hello' });
    expect((svc!.spec as { ports: Array<{ port: number }> }).ports[0]!.port).toBe(8080);
    const cm = await d.cluster.get({ group: '', kind: 'ConfigMap', namespace: 'web', name: 'demo-hello' });
    expect((cm!.data as Record<string, string>).GREETING).toBe('WELCOME');

    repo.write('apps/hello/templates/configmap.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ include "hello.fullname" . }}\ndata:\n  X: {{ .Values.nope.deeper }}\n');
    const bad = repo.commit('nil pointer');
    const rec = await waitFor('RenderError', async () => {
      const r = d.state.getApp('hello');
      return r?.conditions.some((c) => c.type === 'RenderError' && c.revision === bad) ? r : undefined;
    });
    const msg = rec.conditions.find((c) => c.type === 'RenderError')!.message;
    // file:line:column under the app's path, then Helm's own wording of the error.
    expect(msg).toMatch(/^apps\/hello\/templates\/configmap\.yaml:6:\d+: hello\/templates\/configmap\.yaml:6:\d+\n  executing "hello\/templates\/configmap\.yaml" at <\.Values\.nope\.deeper>:\n    nil pointer evaluating interface \{\}\.deeper$/);
    expect(((await d.cluster.get({ group: '', kind: 'ConfigMap', namespace: 'web', name: 'demo-hello' }))!.data as Record<string, string>).GREETING).toBe('WELCOME');
  });

  it('with a packaged subchart (charts/*.tgz, a binary blob in git) and import-values renders it all', async () => {
    const repo = new TempGitRepo();
    cpSync(IMPORTS, join(repo.dir, 'apps/imports'), { recursive: true });
    repo.commit('chart with a packed dependency');
    const d = await inProcessDaemon('  - name: imports\n    source: src\n    path: apps/imports\n    namespace: team\n    syncPolicy: {automated: true}', repo.dir);
    stops.push(() => repo.cleanup(), () => d.stop());
    await waitFor('synced', async () => d.state.getApp('imports')?.syncedRevision === repo.head());
    const packed = await d.cluster.get({ group: '', kind: 'ConfigMap', namespace: 'team', name: 'imports-packed' });
    expect(packed!.data).toMatchObject({ greeting: 'hi from the parent', version: '1.2.3', file: 'a file inside the archive\n' });
    const values = await d.cluster.get({ group: '', kind: 'ConfigMap', namespace: 'team', name: 'imports-values' });
    expect(values!.data).toMatchObject({ x: '1', w: '40', v: '5', subcharts: 'packed,second,sub' });
  });

  it('answers lookup from the cluster (objects, lists, and a required looked-up value)', async () => {
    const repo = new TempGitRepo();
    repo.write('apps/c/Chart.yaml', 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
    repo.write('apps/c/templates/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: first\ndata:\n  a: "1"\n');
    repo.commit('chart');
    const d = await inProcessDaemon('  - name: c\n    source: src\n    path: apps/c\n    namespace: team\n    syncPolicy: {automated: true}', repo.dir);
    stops.push(() => repo.cleanup(), () => d.stop());
    await waitFor('synced', async () => d.state.getApp('c')?.syncedRevision === repo.head());
    await d.cluster.apply({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'external', namespace: 'team' }, data: { password: 's3cret', replicas: '3' } }, { manager: 'someone-else' });
    repo.write('apps/c/templates/uses.yaml', [
      '{{- $ext := lookup "v1" "ConfigMap" .Release.Namespace "external" }}',
      '{{- $all := lookup "v1" "ConfigMap" .Release.Namespace "" }}',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: uses',
      'data:',
      '  fromExternal: {{ required "external must exist" $ext.data.password | sha256sum | trunc 8 | quote }}',
      '  listKind: {{ $all.kind | quote }}',
      '  names: {{ range $all.items }}{{ .metadata.name }},{{ end }}',
      '  missing: {{ lookup "v1" "Secret" "team" "nope" | len | quote }}',
      '  namespaceKind: {{ (lookup "v1" "Namespace" "" "team").kind | quote }}',
      '',
    ].join('\n'));
    repo.commit('lookup');
    await waitFor('synced', async () => d.state.getApp('c')?.syncedRevision === repo.head());
    const uses = await d.cluster.get({ group: '', kind: 'ConfigMap', namespace: 'team', name: 'uses' });
    const fromExternal = createHash('sha256').update('s3cret').digest('hex').slice(0, 8);
    expect(uses!.data).toEqual({ fromExternal, listKind: 'ConfigMapList', names: 'external,first,', missing: '0', namespaceKind: 'Namespace' });
  });
});
