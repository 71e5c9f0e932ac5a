import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createLogger } from '../../../src/adapters/log/logger.js';
import { logEvents } from '../../../src/adapters/log/event-log.js';
import { EventBus, type TugboatEvent } from '../../../src/core/events.js';
import { progressTicker, passEmitter } from '../../../src/core/reconcile/pass-events.js';
import { reconcileApp } from '../../../src/core/reconcile/reconcile-app.js';

function sink(): { out: Writable; lines: () => string[] } {
  let text = '';
  const out = new Writable({ write(chunk, _enc, cb) { text += String(chunk); cb(); } });
  return { out, lines: () => text.split('\n').filter(Boolean) };
}

const T0 = Date.parse('2026-11-21T10:00:00.000Z');

describe('createLogger', () => {
  it('text: <time> <level> "<message>" key=value, quoting values with spaces', () => {
    const s = sink();
    const log = createLogger({ format: 'text', out: s.out, now: () => T0 });
    log.info('sync finished', { event: 'sync.finished', app: 'web', created: 2, note: 'two words', empty: '' });
    expect(s.lines()).toEqual(['2026-11-21T10:00:00.000Z info "sync finished" event=sync.finished app=web created=2 note="two words" empty=""']);
  });

  it('json: one object per line with time, level, msg first; a field cannot overwrite them', () => {
    const s = sink();
    const log = createLogger({ format: 'json', out: s.out, now: () => T0 });
    log.warn('prune blocked', { event: 'prune.blocked', app: 'web', level: 'debug', msg: 'x', nested: { a: [1, 2] } });
    const o = JSON.parse(s.lines()[0]!);
    expect(o).toEqual({ time: '2026-11-21T10:00:00.000Z', level: 'warn', msg: 'prune blocked', event: 'prune.blocked', app: 'web', nested: { a: [1, 2] } });
  });

  it('drops lines below the level', () => {
    const s = sink();
    const log = createLogger({ level: 'warn', out: s.out, now: () => T0 });
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(s.lines().map((l) => l.split(' ')[1])).toEqual(['warn', 'error']);
  });

  it('never writes a known secret, URL credentials or a secret-named field, in message or fields, text or json', () => {
    for (const format of ['text', 'json'] as const) {
      const s = sink();
      const log = createLogger({ format, out: s.out, secrets: ['s3cr3t-token-value', 'https://hooks.slack.example/T0/B0/XyZ'] });
      log.error('fetch https://bob:hunter2@git.example/x.git failed with s3cr3t-token-value', {
        error: 'remote said s3cr3t-token-value',
        url: 'https://hooks.slack.example/T0/B0/XyZ',
        headers: { authorization: 'Bearer abc', other: 'fine' },
        password: 'p4ss',
        list: ['x s3cr3t-token-value y'],
      });
      const text = s.lines().join('\n');
      for (const leak of ['s3cr3t-token-value', 'hunter2', 'bob:', 'XyZ', 'Bearer abc', 'p4ss']) expect(text, `${format}: ${leak}`).not.toContain(leak);
      expect(text).toContain('***');
      expect(text).toContain('fine');
    }
  });
});

describe('logEvents: one line per event on the bus', () => {
  it('writes each event at its level with event, app, revision and its fields, rollout events included', () => {
    const s = sink();
    const bus = new EventBus();
    logEvents(bus, createLogger({ format: 'json', level: 'debug', out: s.out, now: () => T0 }));
    const events: TugboatEvent[] = [
      { time: T0, name: 'rollout.step', level: 'info', message: 'canary step 2: weight 50', app: 'web', revision: 'abc', fields: { rollout: 'web', step: 2, weight: 50, phase: 'Progressing' } },
      { time: T0, name: 'rollout.aborted', level: 'error', message: 'rollout aborted', app: 'web', revision: 'abc', fields: { rollout: 'web', reason: 'ProgressDeadlineExceeded' } },
      { time: T0, name: 'rollback', level: 'warn', message: 'auto-rollback', app: 'web', fields: { from: 'abc', to: 'def', cause: 'auto-rollback' } },
    ];
    for (const e of events) bus.emit(e);
    expect(s.lines().map((l) => JSON.parse(l))).toEqual([
      { time: '2026-11-21T10:00:00.000Z', level: 'info', msg: 'canary step 2: weight 50', event: 'rollout.step', app: 'web', revision: 'abc', rollout: 'web', step: 2, weight: 50, phase: 'Progressing' },
      { time: '2026-11-21T10:00:00.000Z', level: 'error', msg: 'rollout aborted', event: 'rollout.aborted', app: 'web', revision: 'abc', rollout: 'web', reason: 'ProgressDeadlineExceeded' },
      { time: '2026-11-21T10:00:00.000Z', level: 'warn', msg: 'auto-rollback', event: 'rollback', app: 'web', from: 'abc', to: 'def', cause: 'auto-rollback' },
    ]);
  });
});

/** A first sync of `count` ConfigMaps into `cluster` on `clock`, with an in-memory state store; the events it emitted. */
async function firstSyncOf(count: number, cluster: unknown, clock: { now: () => number }) {
  const records = new Map<string, any>();
  const state = {
    getApp: (n: string) => records.get(n), putApp: (r: any) => records.set(r.name, r), history: () => [], addHistory: (_a: string, e: any) => ({ id: 1, ...e }),
    applied: () => new Map(), ownersOf: () => new Map(), recordApplied: () => undefined, commitSync: (_a: string, c: any) => { records.set(c.record.name, c.record); return c.history ? { id: 1, ...c.history } : undefined; }, close: () => undefined,
  };
  const objects = Array.from({ length: count }, (_, i) => {
    const object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'big' }, data: { i: String(i) } };
    return { key: `/ConfigMap/big/cm-${i}`, hash: `h${i}`, object, file: 'x.yaml', line: 1 };
  });
  const got: TugboatEvent[] = [];
  const bus = new EventBus();
  bus.subscribe((e) => got.push(e));
  const silent = { debug() {}, info() {}, warn() {}, error() {} };
  const nullRec = { reconciled() {}, synced() {}, appInfo() {}, resources() {}, commitToApplied() {}, commitToHealthy() {}, rolledBack() {}, gitFetched() {}, rendered() {}, webhook() {} };
  const result = await reconcileApp({
    app: { name: 'big', source: 's', path: '.', namespace: 'big', syncPolicy: { automated: true, prune: true, selfHeal: true }, ignoreDifferences: [], revisionHistoryLimit: 10 },
    revision: 'a'.repeat(40), rendered: { objects, errors: [], digest: 'd' } as any, trigger: { kind: 'auto' }, scope: 'full',
  }, { cluster: cluster as any, state: state as any, clock, logger: silent, recorder: nullRec, events: bus });
  return { result, got };
}

describe('progress of a long sync', () => {
  it('the ticker emits at most once per 5 s of clock time and stays quiet for a short phase', () => {
    let now = 0;
    const clock = { now: () => now };
    const got: TugboatEvent[] = [];
    const bus = new EventBus();
    bus.subscribe((e) => got.push(e));
    const tick = progressTicker(passEmitter(bus, clock, 'web', 'abc'), clock, 'apply', 100);
    for (let i = 0; i < 100; i++) {
      now += 300; // 300 ms per object: 30 s in all
      tick();
    }
    const times = got.map((e) => e.time);
    expect(got.every((e) => e.name === 'progress' && e.fields?.phase === 'apply' && e.fields?.total === 100)).toBe(true);
    expect(got.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(5000);
    expect(times[0]).toBeLessThanOrEqual(5100);
    const quiet: TugboatEvent[] = [];
    const b2 = new EventBus();
    b2.subscribe((e) => quiet.push(e));
    const t2 = progressTicker(passEmitter(b2, clock, 'web', 'abc'), clock, 'apply', 10);
    for (let i = 0; i < 10; i++) { now += 10; t2(); }
    expect(quiet).toHaveLength(0);
  });

  it('a first sync of many objects on a slow cluster reports how many were applied at least every 5 s', async () => {
    let now = 1_000_000;
    const clock = { now: () => now };
    const store = new Map<string, unknown>();
    // A cluster that serves one apply at a time, each taking 200 ms of (manual) clock time.
    let server = Promise.resolve();
    const cluster = {
      get: async () => undefined,
      list: async () => [],
      validate: async () => [],
      apply: (o: any) => {
        server = server.then(() => { now += 200; store.set(o.metadata.name, o); });
        return server.then(() => ({ outcome: 'created' as const, object: o }));
      },
      delete: async () => true,
      watch: () => () => undefined,
      close: async () => undefined,
    };
    const { result, got } = await firstSyncOf(120, cluster, clock);
    expect(result.kind).toBe('synced');
    const progress = got.filter((e) => e.name === 'progress');
    // 120 objects × 200 ms = 24 s of applying: a line at least every 5 s of it.
    expect(progress.length).toBeGreaterThanOrEqual(4);
    expect(progress.map((e) => e.fields?.done)).toEqual([...progress.map((e) => e.fields?.done as number)].sort((a, b) => a - b));
    const start = got.find((e) => e.name === 'sync.started')!.time;
    const end = got.find((e) => e.name === 'sync.finished')!.time;
    const marks = [start, ...progress.map((e) => e.time), end];
    for (let i = 1; i < marks.length; i++) expect(marks[i]! - marks[i - 1]!).toBeLessThanOrEqual(5200);
    expect(got.find((e) => e.name === 'sync.finished')!.fields).toMatchObject({ created: 120, configured: 0, unchanged: 0, pruned: 0 });
  });

  it('a cluster that answers a batch of applies all at once still gives a progress line at least every 5 s', async () => {
    let now = 1_000_000;
    const clock = { now: () => now };
    // Applies queue up and are served in one go on the next turn of the event loop, 20 ms of clock time
    // each, and all answered together — as an in-process cluster doing its work synchronously does.
    let queue: Array<{ o: any; resolve: (r: any) => void }> = [];
    const serve = () => {
      const batch = queue;
      queue = [];
      for (const q of batch) now += 20;
      for (const q of batch) q.resolve({ outcome: 'created' as const, object: q.o });
    };
    const cluster = {
      get: async () => undefined, list: async () => [], validate: async () => [], delete: async () => true,
      watch: () => () => undefined, close: async () => undefined,
      apply: (o: any) => new Promise((resolve) => {
        if (queue.length === 0) setImmediate(serve);
        queue.push({ o, resolve });
      }),
    };
    const { result, got } = await firstSyncOf(1500, cluster, clock);
    expect(result.kind).toBe('synced');
    // 1,500 applies × 20 ms = 30 s of applying: one line at least every 5 s (plus the slack of one slice).
    const start = got.find((e) => e.name === 'sync.started')!.time;
    const end = got.find((e) => e.name === 'sync.finished')!.time;
    const marks = [start, ...got.filter((e) => e.name === 'progress').map((e) => e.time), end];
    expect(marks.length).toBeGreaterThanOrEqual(5);
    for (let i = 1; i < marks.length; i++) expect(marks[i]! - marks[i - 1]!).toBeLessThanOrEqual(5200);
  });
});
