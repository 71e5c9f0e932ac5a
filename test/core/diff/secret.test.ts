import { describe, expect, it } from 'vitest';
import {
  buildReport,
  diffObject,
  renderHtml,
  renderJson,
  renderMarkdown,
  renderText,
} from '../../../src/core/diff/index.js';
import { sha256Hex } from '../../../src/core/model/canonical.js';
import type { KubeObject } from '../../../src/core/model/kube-object.js';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

const OLD_PASSWORD = 'hunter2-old-plaintext';
const NEW_PASSWORD = 'correct-horse-battery-staple';
const API_KEY = 'sk_live_51Hx-unchanged-key';
const TOKEN = 'tok-added-in-this-commit';

function secret(data: Record<string, string>, stringData?: Record<string, string>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'db', namespace: 'shop' },
    type: 'Opaque',
    data,
    ...(stringData ? { stringData } : {}),
  };
}

function live(data: Record<string, string>): KubeObject {
  const s = secret(data);
  s.metadata.uid = 'u';
  s.metadata.resourceVersion = '1';
  return s;
}

describe('secrets', () => {
  it('stringData in the manifest equals the same value in live data', () => {
    const desired = secret({}, { password: OLD_PASSWORD });
    const r = diffObject({ desired, live: live({ password: b64(OLD_PASSWORD) }) });
    expect(r.action).toBe('unchanged');
  });

  it('stringData is base64-encoded as UTF-8, like the API server does', () => {
    const value = 'pässwörd ✓ 🔑';
    const r = diffObject({ desired: secret({}, { password: value }), live: live({ password: b64(value) }) });
    expect(r.action).toBe('unchanged');
  });

  it('a changed value shows as "*** (changed)", an unchanged one as "***"', () => {
    const desired = secret({ password: b64(NEW_PASSWORD), apiKey: b64(API_KEY) });
    const r = diffObject({ desired, live: live({ password: b64(OLD_PASSWORD), apiKey: b64(API_KEY) }) });
    expect(r.action).toBe('update');
    expect(r.patch).toEqual([{ op: 'replace', path: '/data/password', value: '*** (changed)' }]);
    expect(r.fields).toEqual([{ path: '/data/password', origin: 'git' }]);
    expect((r.after as any).data).toEqual({ password: '*** (changed)', apiKey: '***' });
    expect((r.before as any).data).toEqual({ password: '***', apiKey: '***' });
  });

  it('a created secret shows every value as ***', () => {
    const r = diffObject({ desired: secret({ password: b64(NEW_PASSWORD) }, { token: TOKEN }) });
    expect(r.action).toBe('create');
    expect(r.patch.find((op) => op.path === '/data')).toEqual({ op: 'add', path: '/data', value: { password: '***', token: '***' } });
  });

  it('no rendering of the report carries a secret value, its base64 or its hash', () => {
    const changes = [
      diffObject({
        desired: secret({ password: b64(NEW_PASSWORD), apiKey: b64(API_KEY) }, { token: TOKEN }),
        live: live({ password: b64(OLD_PASSWORD), apiKey: b64(API_KEY) }),
        lastApplied: secret({ password: b64(OLD_PASSWORD), apiKey: b64(API_KEY) }),
      }),
      diffObject({ desired: { ...secret({ password: b64(NEW_PASSWORD) }), metadata: { name: 'new', namespace: 'shop' } } }),
      diffObject({ live: { ...live({ password: b64(OLD_PASSWORD) }), metadata: { name: 'gone', namespace: 'shop' } } }),
    ];
    expect(changes.map((c) => c.action)).toEqual(['update', 'create', 'delete']);
    const report = buildReport({ changes, errors: [], app: 'shop' });
    const outputs = [
      renderJson(report),
      renderText(report, { color: false }),
      renderText(report, { color: true }),
      renderMarkdown(report),
      renderHtml(report),
      JSON.stringify(report),
      JSON.stringify(changes),
    ];
    const forbidden = [OLD_PASSWORD, NEW_PASSWORD, API_KEY, TOKEN].flatMap((v) => [v, b64(v), sha256Hex(v), sha256Hex(b64(v))]);
    for (const out of outputs) {
      for (const f of forbidden) expect(out.includes(f), `leaked ${f}`).toBe(false);
      expect(out).not.toContain('\u0000');
    }
    expect(renderText(report, { color: false })).toContain('*** (changed)');
  });

  it('a Secret-named kind of another group is not masked', () => {
    const desired: KubeObject = { apiVersion: 'example.com/v1', kind: 'Secret', metadata: { name: 'x' }, data: { a: 'b' } };
    const r = diffObject({ desired });
    expect((r.after as any).data).toEqual({ a: 'b' });
  });
});
