import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  buildReport,
  diffObject,
  hasDifferences,
  mergeReports,
  renderHtml,
  renderJson,
  renderMarkdown,
  renderText,
  type DiffReport,
} from '../../../src/core/diff/index.js';
import type { KubeObject } from '../../../src/core/model/kube-object.js';
import { asLive, deployment } from './fixtures.js';
import { expectGolden } from '../../helpers/golden.js';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'golden');

function golden(name: string, actual: string): void {
  expectGolden(GOLDEN, name, actual);
}

const namespace: KubeObject = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } };
const service = (port: number): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { selector: { app: 'web' }, ports: [{ name: 'http', port, targetPort: 8080 }] },
});
const configMap = (data: Record<string, string>, name = 'web-config'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: 'shop' },
  data,
});
const webhook: KubeObject = {
  apiVersion: 'admissionregistration.k8s.io/v1',
  kind: 'ValidatingWebhookConfiguration',
  metadata: { name: 'shop-policy' },
  webhooks: [{ name: 'policy.shop.example.com', sideEffects: 'None', admissionReviewVersions: ['v1'] }],
};
const secret = (password: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 'db', namespace: 'shop' },
  stringData: { password, user: 'shop' },
});

/** A report touching every action and origin, given in scrambled order to exercise sorting. */
function sampleReport(): DiffReport {
  const lastDeploy = deployment({ env: [{ name: 'MODE', value: 'prod' }, { name: 'DEBUG', value: '1' }] });
  const changes = [
    diffObject({ desired: webhook }),
    diffObject({
      desired: deployment({ image: 'web:1.1' }),
      live: asLive(lastDeploy, (o) => (o.spec.replicas = 5)),
      lastApplied: lastDeploy,
    }),
    diffObject({ desired: service(80), live: asLive(service(80)), lastApplied: service(80) }),
    diffObject({ live: asLive(configMap({ old: 'yes' })), lastApplied: configMap({ old: 'yes' }) }),
    diffObject({ desired: secret('n3w-s3cret<&>'), live: asLive({ ...secret('x'), stringData: undefined, data: { password: 'b2xk', user: 'c2hvcA==' } }) }),
    diffObject({ desired: namespace, live: asLive(namespace) }),
    diffObject({
      desired: configMap({ 'app.properties': 'color=blue\nsize=```big```\n<b>bold</b>' }, 'web-props'),
      live: asLive(configMap({ 'app.properties': 'color=red\n' }, 'web-props')),
    }),
  ];
  return buildReport({ changes, errors: [{ app: 'shop', message: 'templates/ingress.yaml:3: unknown field "spec.tls[0].hostz"' }], app: 'shop' });
}

describe('diff report', () => {
  it('counts actions and sorts resources in apply order', () => {
    const r = sampleReport();
    expect(r.apiVersion).toBe('tugboat.dev/v1alpha1');
    expect(r.summary).toEqual({ create: 1, update: 3, delete: 1, unchanged: 2 });
    expect(r.resources.map((x) => `${x.key.kind}/${x.key.name}`)).toEqual([
      'Namespace/shop',
      'Secret/db',
      'ConfigMap/web-config',
      'ConfigMap/web-props',
      'Service/web',
      'Deployment/web',
      'ValidatingWebhookConfiguration/shop-policy',
    ]);
    expect(r.resources[5]!.fields).toEqual([
      { path: '/spec/replicas', origin: 'drift' },
      { path: '/spec/template/spec/containers/0/env/1', origin: 'removed' },
      { path: '/spec/template/spec/containers/0/image', origin: 'git' },
    ]);
    expect(hasDifferences(r)).toBe(true);
  });

  it('the json rendering has exactly the contract fields', () => {
    const json = JSON.parse(renderJson(sampleReport()));
    expect(Object.keys(json)).toEqual(['apiVersion', 'summary', 'resources', 'errors']);
    for (const res of json.resources) expect(Object.keys(res)).toEqual(['key', 'app', 'action', 'patch', 'fields']);
    expect(json.resources[0].key).toEqual({ group: '', version: 'v1', kind: 'Namespace', namespace: '', name: 'shop' });
  });

  it('a report with no differences says so', () => {
    const r = buildReport({ changes: [diffObject({ desired: namespace, live: asLive(namespace) })] });
    expect(hasDifferences(r)).toBe(false);
    expect(renderText(r, { color: false })).toBe('Summary: 0 to create, 0 to update, 0 to delete, 1 unchanged\n');
    expect(renderMarkdown(r)).toContain('No differences.');
  });

  it('merged reports add up and stay sorted', () => {
    const a = buildReport({ changes: [diffObject({ desired: deployment() })], app: 'a' });
    const b = buildReport({ changes: [diffObject({ desired: namespace })], app: 'b' });
    const m = mergeReports([a, b]);
    expect(m.summary.create).toBe(2);
    expect(m.resources.map((r) => r.app)).toEqual(['b', 'a']);
  });

  it('text colours only when asked', () => {
    const r = sampleReport();
    expect(renderText(r, { color: false })).not.toContain('\x1b[');
    const coloured = renderText(r, { color: true });
    expect(coloured).toContain('\x1b[32m+');
    expect(coloured).toContain('\x1b[31m-');
  });

  it('markdown is safe for a pull-request comment', () => {
    const md = renderMarkdown(sampleReport());
    // the ConfigMap value holds ``` — the fence must be longer
    expect(md).toContain('````diff');
    expect(md).not.toMatch(/<summary>[^\n]*<b>bold/);
    expect((md.match(/<details>/g) ?? []).length).toBe(5);
  });

  it('html is one self-contained, escaped page', () => {
    const html = renderHtml(sampleReport());
    expect(html).not.toMatch(/<(script|link|img)\b/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toContain('<b>bold</b>');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt;');
  });

  describe('golden renderings', () => {
    const r = sampleReport();
    it('json', () => golden('report.json', renderJson(r)));
    it('text', () => golden('report.txt', renderText(r, { color: false })));
    it('text with colour', () => golden('report.color.txt', renderText(r, { color: true })));
    it('markdown', () => golden('report.md', renderMarkdown(r)));
    it('html', () => golden('report.html', renderHtml(r)));
  });
});
