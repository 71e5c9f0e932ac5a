import { describe, expect, it } from 'vitest';
import { buildReport, compareApp, formatReport, isDiffFormat, MASK, MASK_CHANGED, renderHtml, renderJson, renderJsonWithObjects, renderMarkdown, renderText, type AppliedItem, type DesiredItem } from '../../../src/core/diff/index.js';
import { keyOf, keyString, type KubeObject, type ObjectKey } from '../../../src/core/model/kube-object.js';
import { canonicalJson, sha256Hex } from '../../../src/core/model/canonical.js';
import { asLive, deployment } from './fixtures.js';

function item(o: KubeObject): DesiredItem {
  return { key: keyString(keyOf(o)), object: o, hash: sha256Hex(canonicalJson(o)) };
}

function secret(name: string, password: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'shop' }, type: 'Opaque', stringData: { password } } as KubeObject;
}

/** A fake cluster read that records which keys were fetched. */
function cluster(objects: KubeObject[]) {
  const byKey = new Map(objects.map((o) => [keyString(keyOf(o)), o]));
  const asked: string[] = [];
  return { asked, liveOf: async (_k: ObjectKey, key: string) => { asked.push(key); return byKey.get(key); } };
}

describe('compareApp', () => {
  const cases: Array<{
    name: string;
    desired: KubeObject;
    live?: KubeObject;
    /** Applied last; `true` means applied at the current desired (same hash). */
    applied?: KubeObject | true;
    ignore?: string[];
    action: string;
    fields: Array<{ path: string; origin: string }>;
    gitChanges: number;
    pending: boolean;
  }> = [
    { name: 'create: not in the cluster', desired: deployment(), action: 'create', fields: [{ path: '/apiVersion', origin: 'git' }, { path: '/kind', origin: 'git' }, { path: '/metadata', origin: 'git' }, { path: '/spec', origin: 'git' }], gitChanges: 1, pending: true },
    {
      name: 'update with drift origin: the cluster changed, git did not',
      desired: deployment(), applied: true, live: asLive(deployment({ replicas: 5 })),
      action: 'update', fields: [{ path: '/spec/replicas', origin: 'drift' }], gitChanges: 0, pending: true,
    },
    {
      name: 'update with git origin: a commit changed the image',
      desired: deployment({ image: 'web:2.0' }), applied: deployment(), live: asLive(deployment()),
      action: 'update', fields: [{ path: '/spec/template/spec/containers/0/image', origin: 'git' }], gitChanges: 1, pending: true,
    },
    { name: 'unchanged: live matches, already applied', desired: deployment(), applied: true, live: asLive(deployment()), action: 'unchanged', fields: [], gitChanges: 0, pending: false },
    { name: 'unchanged but not yet recorded as applied: pending', desired: deployment(), live: asLive(deployment()), action: 'unchanged', fields: [], gitChanges: 0, pending: true },
    {
      name: 'ignored pointer: replicas scaled by an autoscaler',
      desired: deployment(), applied: true, live: asLive(deployment({ replicas: 9 })), ignore: ['/spec/replicas'],
      action: 'unchanged', fields: [], gitChanges: 0, pending: false,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const d = item(c.desired);
      const applied = new Map<string, AppliedItem>();
      if (c.applied === true) applied.set(d.key, { object: c.desired, hash: d.hash });
      else if (c.applied) applied.set(d.key, { object: c.applied, hash: item(c.applied).hash });
      const { liveOf } = cluster(c.live ? [c.live] : []);
      const r = await compareApp([d], liveOf, { applied, listUnchanged: true, ...(c.ignore ? { ignoreFor: () => [{ jsonPointers: c.ignore }] } : {}) });
      expect(r.changes).toHaveLength(1);
      expect(r.changes[0]!.action).toBe(c.action);
      expect(r.changes[0]!.fields).toEqual(c.fields);
      expect(r.unchanged).toBe(c.action === 'unchanged' ? 1 : 0);
      expect(r.compared.get(d.key)).toBe(c.action === 'unchanged' ? 'Synced' : 'OutOfSync');
      expect(r.gitChanges).toBe(c.gitChanges);
      expect(r.pending.map((p) => p.key)).toEqual(c.pending ? [d.key] : []);
      expect(r.pendingLive.has(d.key)).toBe(c.pending && c.live !== undefined);
      expect(r.removed).toEqual([]);
    });
  }

  it('masks a Secret: the changed value is never in the change, only that it changed', async () => {
    const desired = item(secret('db', 'hunter2-new'));
    const live = asLive({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, type: 'Opaque', data: { password: Buffer.from('hunter2-old').toString('base64') } } as KubeObject);
    const { liveOf } = cluster([live]);
    const r = await compareApp([desired], liveOf, { applied: new Map([[desired.key, { object: secret('db', 'hunter2-old') }]]) });
    expect(r.changes).toHaveLength(1);
    const text = JSON.stringify(r.changes);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain(Buffer.from('hunter2-old').toString('base64'));
    expect(r.changes[0]!.action).toBe('update');
    expect(r.changes[0]!.fields).toEqual([{ path: '/data/password', origin: 'git' }]);
    expect(r.changes[0]!.patch).toEqual([{ op: 'replace', path: '/data/password', value: MASK_CHANGED }]);
    expect((r.changes[0]!.before as any).data.password).toBe(MASK);
    const report = buildReport({ changes: r.changes, app: 'shop' });
    for (const f of ['json', 'text', 'markdown', 'html'] as const) expect(formatReport(report, f)).not.toContain('hunter2');
  });

  it('lists unchanged objects only when asked, and counts them either way', async () => {
    const d = item(deployment());
    const { liveOf } = cluster([asLive(deployment())]);
    const applied = new Map([[d.key, { object: d.object, hash: d.hash }]]);
    expect((await compareApp([d], liveOf, { applied })).changes).toEqual([]);
    expect((await compareApp([d], liveOf, { applied })).unchanged).toBe(1);
    expect((await compareApp([d], liveOf, { applied, listUnchanged: true })).changes.map((c) => c.action)).toEqual(['unchanged']);
  });

  it('reports applied objects that left git as prune candidates, and as deletes when asked and still live', async () => {
    const keep = item(deployment());
    const gone = deployment({ name: 'old' });
    const vanished = deployment({ name: 'vanished' });
    const applied = new Map<string, AppliedItem>([
      [keep.key, { object: keep.object, hash: keep.hash }],
      [item(gone).key, { object: gone, hash: item(gone).hash }],
      [item(vanished).key, { object: vanished, hash: item(vanished).hash }],
    ]);
    const { liveOf } = cluster([asLive(deployment()), asLive(gone)]);
    const quiet = await compareApp([keep], liveOf, { applied });
    expect(quiet.removed).toEqual([item(gone).key, item(vanished).key]);
    expect(quiet.changes).toEqual([]);
    const r = await compareApp([keep], liveOf, { applied, deletes: true });
    expect(r.changes.map((c) => [c.action, c.key.name])).toEqual([['delete', 'old']]);
    expect(r.changes[0]!.before?.metadata.name).toBe('old');
  });

  it('with a scope, compares only the keys in it plus objects whose desired hash is new', async () => {
    const a = item(deployment({ name: 'a' }));
    const b = item(deployment({ name: 'b' }));
    const c = item(deployment({ name: 'c', image: 'web:2.0' }));
    const applied = new Map<string, AppliedItem>([
      [a.key, { object: a.object, hash: a.hash }],
      [b.key, { object: b.object, hash: b.hash }],
      [c.key, { object: deployment({ name: 'c' }), hash: 'older' }],
    ]);
    const k = cluster([asLive(a.object), asLive(b.object), asLive(deployment({ name: 'c' }))]);
    let each = 0;
    const r = await compareApp([a, b, c], k.liveOf, { applied, scope: new Set([a.key]), onEach: () => each++ });
    expect(k.asked).toEqual([a.key, c.key]);
    expect(each).toBe(3);
    expect([...r.compared]).toEqual([[a.key, 'Synced'], [c.key, 'OutOfSync']]);
  });

  it('without detailCreates, a create carries no field-level diff', async () => {
    const d = item(deployment());
    const r = await compareApp([d], cluster([]).liveOf, { detailCreates: false });
    expect(r.changes).toEqual([{ key: keyOf(d.object), version: 'v1', action: 'create', patch: [], fields: [] }]);
  });
});

describe('formatReport', () => {
  it('dispatches each format to its rendering with the options it takes', async () => {
    const r = await compareApp([item(deployment({ image: 'web:2.0' }))], cluster([asLive(deployment())]).liveOf, { applied: new Map([[item(deployment()).key, { object: deployment() }]]) });
    const report = buildReport({ changes: r.changes, app: 'shop' });
    const labels = { before: 'base', after: 'head' };
    const revisions = { base: { sha: 'a'.repeat(40), subject: 'one' }, head: { sha: 'b'.repeat(40), subject: 'two' } };
    expect(formatReport(report, 'json')).toBe(renderJson(report));
    expect(formatReport(report, 'json', { objects: true })).toBe(renderJsonWithObjects(report));
    expect(formatReport(report, 'text', { color: true, labels, revisions })).toBe(renderText(report, { color: true, labels, revisions }));
    expect(formatReport(report, 'text')).toBe(renderText(report, { color: false }));
    expect(formatReport(report, 'markdown', { labels, revisions })).toBe(renderMarkdown(report, { labels, revisions }));
    expect(formatReport(report, 'html', { labels, revisions })).toBe(renderHtml(report, { labels }));
    expect(isDiffFormat('markdown')).toBe(true);
    expect(isDiffFormat('yaml')).toBe(false);
  });
});
