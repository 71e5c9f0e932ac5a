import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStateStore } from '../../../src/adapters/state/sqlite-state-store.js';
import type { AppliedObject } from '../../../src/core/reconcile/app-state.js';

const stops: Array<() => void> = [];
afterEach(() => { while (stops.length) stops.pop()!(); });

function cm(name: string, data: Record<string, string>): AppliedObject {
  return { key: `/ConfigMap/a/${name}`, hash: `h-${name}-${JSON.stringify(data)}`, object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'a' }, data } };
}

describe('SqliteStateStore inventory read back after a restart', () => {
  it('gives the same rows, objects parsed on first read, and later writes win over what was read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tugboat-state-'));
    stops.push(() => rmSync(dir, { recursive: true, force: true }));
    const first = new SqliteStateStore(dir);
    first.recordApplied('a', [cm('x', { k: '1' }), cm('y', { k: '2' }), cm('z', { k: '3' })], []);
    first.close();

    const second = new SqliteStateStore(dir);
    stops.push(() => second.close());
    const m = second.applied('a');
    expect([...m.keys()].sort()).toEqual(['/ConfigMap/a/x', '/ConfigMap/a/y', '/ConfigMap/a/z']);
    expect(m.get('/ConfigMap/a/x')!.hash).toBe(cm('x', { k: '1' }).hash);
    expect(m.get('/ConfigMap/a/x')!.object).toEqual(cm('x', { k: '1' }).object);
    // read twice: the same parsed object
    expect(m.get('/ConfigMap/a/x')!.object).toBe(m.get('/ConfigMap/a/x')!.object);
    // an upsert and a removal after the read-back replace the lazily read rows
    second.recordApplied('a', [cm('y', { k: 'new' })], ['/ConfigMap/a/z']);
    expect(second.applied('a').get('/ConfigMap/a/y')!.object).toEqual(cm('y', { k: 'new' }).object);
    expect(second.applied('a').has('/ConfigMap/a/z')).toBe(false);
    // and it is all on disk
    const third = new SqliteStateStore(dir);
    stops.push(() => third.close());
    const again = third.applied('a');
    expect([...again.keys()].sort()).toEqual(['/ConfigMap/a/x', '/ConfigMap/a/y']);
    expect(again.get('/ConfigMap/a/y')!.object).toEqual(cm('y', { k: 'new' }).object);
    // a plain-looking row: spreads and JSON carry the object
    expect(JSON.parse(JSON.stringify(again.get('/ConfigMap/a/x')))).toEqual(cm('x', { k: '1' }));
    expect({ ...again.get('/ConfigMap/a/x')! }).toEqual(cm('x', { k: '1' }));
  });
});
