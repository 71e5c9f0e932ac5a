/**
 * The decisions of a pass as data (decide.ts), printed as a plan (plan-text.ts) and compared with golden
 * files: create, update, unchanged, prune, prune blocked, a quarantined revision, an invalid object, a
 * render error, and a failed apply (the executor on the simulated cluster, then requeue). The inputs are
 * built here, without a cluster; UPDATE_GOLDEN=1 rewrites the files, and a difference is a change in what
 * a pass decides or in how a plan is printed, to be reviewed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { compareApp } from '../../../src/core/diff/index.js';
import { splitApiVersion, type KubeObject } from '../../../src/core/model/kube-object.js';
import { ClusterError, type ClusterStore } from '../../../src/core/ports.js';
import type { DesiredObject } from '../../../src/core/render/assemble.js';
import type { AppliedObject, AppRecord, StateStore } from '../../../src/core/reconcile/app-state.js';
import type { AppSpec, Trigger } from '../../../src/core/reconcile/app-spec.js';
import { decide, onApplyFailed, type Observed, type PassFacts, type Plan } from '../../../src/core/reconcile/decide.js';
import { execute } from '../../../src/core/reconcile/execute.js';
import { formatPlan } from '../../../src/core/reconcile/plan-text.js';
import { passKind } from '../../../src/core/reconcile/reconcile-app.js';
import { createSimCluster } from '../../../src/adapters/cluster/sim/index.js';
import { expectGolden } from '../../helpers/golden.js';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'golden');

function golden(name: string, actual: string): void {
  expectGolden(GOLDEN, name, actual);
}

const REV = '1a2b3c4d5e6f7081928374655647382910abcdef';
const OLD = '0f0e0d0c0b0a09080706050403020100ffeeddcc';
const NOW = Date.UTC(2026, 11, 3, 12, 0, 0);
const APP: AppSpec = {
  name: 'guestbook', source: 'src', path: 'guestbook', namespace: 'guestbook',
  syncPolicy: { automated: true, prune: true, selfHeal: false }, ignoreDifferences: [], revisionHistoryLimit: 10,
};

function configMap(name: string, data: Record<string, string>): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'guestbook' }, data };
}
function secret(name: string, password: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'guestbook' }, stringData: { password } };
}
function deploymentOf(name: string, image: string): KubeObject {
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'guestbook' },
    spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image }] } } },
  };
}
function desired(o: KubeObject): DesiredObject {
  const key = `${splitApiVersion(o.apiVersion).group}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  return { key, object: o, hash: `h:${JSON.stringify(o).length}:${o.metadata.name}:${JSON.stringify(o.data ?? o.spec ?? o.stringData)}`, file: 'guestbook/app.yaml', line: 1 };
}
function inventoryOf(objs: DesiredObject[]): Map<string, AppliedObject> {
  return new Map(objs.map((d) => [d.key, { key: d.key, hash: d.hash, object: d.object }]));
}
function syncedRecord(extra: Partial<AppRecord> = {}): AppRecord {
  return { name: 'guestbook', conditions: [], quarantined: [], syncedRevision: OLD, syncedDigest: 'digest-old', targetRevision: OLD, ...extra };
}

/** Facts of a pass: the comparison computed from the given live objects and inventory (no cluster). */
async function factsOf(opts: {
  objects: DesiredObject[];
  live?: KubeObject[];
  inventory?: DesiredObject[];
  record?: AppRecord;
  trigger?: Trigger;
  digest?: string;
  errors?: PassFacts['rendered']['errors'];
  answers?: Partial<Omit<Observed, 'comparison'>>;
}): Promise<PassFacts & Partial<Observed>> {
  const live = new Map((opts.live ?? []).map((o) => [desired(o).key, o]));
  const inventory = inventoryOf(opts.inventory ?? []);
  const comparison = await compareApp(opts.objects, (_k, key) => live.get(key), { applied: inventory, detailCreates: false, sameHashUsesDesired: true });
  return {
    app: APP, revision: REV, trigger: opts.trigger ?? { kind: 'auto' },
    rendered: { objects: opts.objects, errors: opts.errors ?? [], digest: opts.digest ?? 'digest-new' },
    record: opts.record, started: NOW - 40, now: NOW,
    comparison: { comparison, inventory },
    ownership: [], validation: [], fieldConflicts: [], history: [],
    ...opts.answers,
  };
}

const web1 = desired(deploymentOf('web', 'nginx:1.25'));
const web2 = desired(deploymentOf('web', 'nginx:1.27'));
const cfg = desired(configMap('web-config', { color: 'blue' }));
const creds = desired(secret('web-creds', 'hunter2-do-not-print'));
const old = desired(configMap('old', { stale: 'yes' }));
const older = desired(configMap('older', { stale: 'yes' }));

describe('decide: the plan of a pass (golden)', () => {
  it('create: a first sync applies every object in apply order and records a history entry; no object data is printed', async () => {
    const plan = decide(await factsOf({ objects: [web1, cfg, creds] }));
    expect(plan.mode).toBe('sync');
    expect(passKind(plan.result)).toBe('synced');
    expect(plan.actions.map((a) => a.kind)).toEqual(['ensureNamespace', 'apply', 'apply', 'apply']);
    const text = formatPlan(plan);
    expect(text).not.toContain('hunter2');
    golden('create.txt', text);
  });

  it('update: only the object git changed is applied', async () => {
    const plan = decide(await factsOf({ objects: [web2, cfg], live: [web1.object, cfg.object], inventory: [web1, cfg], record: syncedRecord() }));
    expect(plan.actions.filter((a) => a.kind === 'apply').map((a) => a.kind === 'apply' && a.reason)).toEqual(['update']);
    golden('update.txt', formatPlan(plan));
  });

  it('unchanged: desired, live and the inventory agree: nothing to do', async () => {
    const plan = decide(await factsOf({ objects: [web1, cfg], live: [web1.object, cfg.object], inventory: [web1, cfg], record: syncedRecord({ syncedRevision: REV, syncedDigest: 'digest-new' }) }));
    expect(plan.mode).toBe('none');
    expect(plan.actions).toEqual([]);
    expect(passKind(plan.result)).toBe('unchanged');
    golden('unchanged.txt', formatPlan(plan));
  });

  it('prune: an object that left git is deleted, with the app\'s propagation policy', async () => {
    // The guard blocked a bigger prune before: its condition is cleared.
    const blocked = { type: 'PruneBlocked' as const, message: 'prune of 3 of 4 objects blocked', revision: OLD, lastTransitionTime: new Date(NOW - 60_000).toISOString() };
    const plan = decide(await factsOf({ objects: [web1, cfg, creds], live: [web1.object, cfg.object, creds.object, old.object], inventory: [web1, cfg, creds, old], record: syncedRecord({ conditions: [blocked] }) }));
    expect(plan.record.conditions).toEqual([]);
    expect(plan.actions.filter((a) => a.kind === 'prune')).toEqual([{ kind: 'prune', key: old.key, propagationPolicy: 'Background' }]);
    golden('prune.txt', formatPlan(plan));
  });

  it('prune blocked: deleting most of the app waits for a confirmed sync (PruneBlocked, an event, nothing deleted)', async () => {
    const plan = decide(await factsOf({ objects: [web1], live: [web1.object, old.object, older.object], inventory: [web1, old, older], record: syncedRecord() }));
    expect(plan.actions.some((a) => a.kind === 'prune')).toBe(false);
    expect(plan.conditions.map((c) => c.type)).toContain('PruneBlocked');
    expect(plan.view.pendingPrune).toEqual([old.key, older.key]);
    golden('prune-blocked.txt', formatPlan(plan));
  });

  it('quarantined revision: auto-sync does not apply a revision that was rolled back', async () => {
    const plan = decide(await factsOf({ objects: [web2], live: [web1.object], inventory: [web1], record: syncedRecord({ quarantined: [REV] }) }));
    expect(plan.actions).toEqual([]);
    expect(passKind(plan.result)).toBe('outOfSync');
    golden('quarantined.txt', formatPlan(plan));
  });

  it('invalid object: the API server\'s refusal stalls the pass before anything is written', async () => {
    const message = 'ConfigMap "web-config" is invalid: metadata.labels: Invalid value: "-bad-": a valid label must be an empty string or consist of alphanumeric characters';
    const plan = decide(await factsOf({ objects: [web1, cfg], answers: { validation: [message] } }));
    expect(plan.mode).toBe('none');
    expect(plan.result).toMatchObject({ kind: 'stalled', reason: 'InvalidObjects' });
    expect(plan.record.operation?.phase).toBe('Failed');
    golden('invalid-object.txt', formatPlan(plan));
  });

  it('render error: stalled until a new revision; nothing is read from the cluster', async () => {
    const facts = await factsOf({ objects: [], errors: [{ file: 'guestbook/app.yaml', line: 7, message: 'mapping values are not allowed here' }], record: syncedRecord() });
    const { comparison: _unused, ...withoutCluster } = facts;
    const plan = decide(withoutCluster);
    expect(plan.result).toMatchObject({ kind: 'stalled', reason: 'RenderFailed' });
    expect(passKind(plan.result)).toBe('stalled');
    golden('render-error.txt', formatPlan(plan));
  });

  it('the same facts give the same plan (no clock, no I/O)', async () => {
    const facts = await factsOf({ objects: [web2, cfg], live: [web1.object, cfg.object], inventory: [web1, cfg], record: syncedRecord() });
    expect(formatPlan(decide(facts))).toBe(formatPlan(decide(facts)));
    expect(facts.record).toEqual(syncedRecord());
  });

  it('asks only what its decisions need: no validation without a sync', async () => {
    const facts = await factsOf({ objects: [web2], live: [web1.object], inventory: [web1], record: syncedRecord({ quarantined: [REV] }) });
    const { validation: _v, ownership: _o, fieldConflicts: _f, history: _h, ...onlyComparison } = facts;
    expect(() => decide(onlyComparison)).not.toThrow();
    const syncing = await factsOf({ objects: [web2], live: [web1.object], inventory: [web1], record: syncedRecord() });
    const { validation: _v2, ...noValidation } = syncing;
    expect(() => decide(noValidation)).toThrow(/asks for validation/);
  });
});

/** A state store that keeps what the executor writes. */
function memoryState() {
  const puts: AppRecord[] = [];
  const recorded: AppliedObject[][] = [];
  const store = {
    putApp: (r: AppRecord) => { puts.push(structuredClone(r)); },
    recordApplied: (_app: string, upserts: AppliedObject[]) => { recorded.push(upserts); },
  } as unknown as StateStore;
  return { store, puts, recorded };
}

describe('execute: a plan on the simulated cluster', () => {
  const dirs: string[] = [];
  const closers: Array<() => void> = [];
  afterEach(() => {
    while (closers.length) closers.pop()!();
    while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
  });
  async function sim() {
    const dir = mkdtempSync(join(tmpdir(), 'tugboat-execute-'));
    dirs.push(dir);
    const cluster = await createSimCluster({ dataDir: dir, nodes: 0, mode: 'manual' });
    closers.push(() => cluster.close());
    return cluster;
  }
  const clock = { now: () => NOW };
  const emitted: string[] = [];
  const emit = (name: string) => { emitted.push(name); };

  it('writes the intent first, creates the namespace, applies in order and returns what the cluster returned', async () => {
    const cluster = await sim();
    const { store, puts } = memoryState();
    const plan = decide(await factsOf({ objects: [web1, cfg] }));
    const done = await execute(plan, { cluster, state: store, clock, emit });
    expect(done.ok).toBe(true);
    expect(puts.map((r) => r.operation?.phase)).toEqual(['Running']);
    expect(await cluster.get({ group: '', kind: 'Namespace', namespace: '', name: 'guestbook' })).toBeDefined();
    expect(done.applied.map((a) => a.key)).toEqual([cfg.key, web1.key]);
    expect(done.outcomes).toEqual({ created: 2, configured: 0, unchanged: 0 });
    // The objects as the server holds them: uid and resourceVersion filled in.
    const web = done.objects.get(web1.key)!;
    expect(web.metadata.uid).toBeTruthy();
    expect(web.metadata.resourceVersion).toBe((await cluster.get({ group: 'apps', kind: 'Deployment', namespace: 'guestbook', name: 'web' }))!.metadata.resourceVersion);
    expect([...done.objects.keys()].sort()).toEqual([cfg.key, web1.key].sort());
    expect(emitted).toContain('sync.started');
  });

  it('a dry run writes nothing', async () => {
    const cluster = await sim();
    await cluster.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'guestbook' } });
    const { store, puts } = memoryState();
    const plan = decide(await factsOf({ objects: [cfg], trigger: { kind: 'manual', prune: false, dryRun: true } }));
    expect(plan.mode).toBe('dryRun');
    const done = await execute(plan, { cluster, state: store, clock, emit });
    expect(done.applied).toEqual([]);
    expect(puts).toEqual([]);
    expect(await cluster.get({ group: '', kind: 'ConfigMap', namespace: 'guestbook', name: 'web-config' })).toBeUndefined();
  });

  it('prunes what left git', async () => {
    const cluster = await sim();
    await cluster.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'guestbook' } });
    for (const d of [cfg, creds, old, web1]) await cluster.apply(d.object);
    const { store } = memoryState();
    const plan = decide(await factsOf({ objects: [web1, cfg, creds], live: [web1.object, cfg.object, creds.object, old.object], inventory: [web1, cfg, creds, old], record: syncedRecord() }));
    const done = await execute(plan, { cluster, state: store, clock, emit });
    expect(done.pruned).toEqual([old.key]);
    expect(await cluster.get({ group: '', kind: 'ConfigMap', namespace: 'guestbook', name: 'old' })).toBeUndefined();
  });

  it('failed apply (golden): the objects of the tiers before the failure are returned, the plan is requeued', async () => {
    const inner = await sim();
    // The cluster refuses Deployments (an admission webhook, a quota): ConfigMaps go out in an earlier tier.
    const cluster: ClusterStore = Object.create(inner, {
      apply: { value: async (o: KubeObject, opts?: Parameters<ClusterStore['apply']>[1]) => {
        if (o.kind === 'Deployment') throw new ClusterError(503, 'ServiceUnavailable', 'the server is currently unable to handle the request');
        return inner.apply(o, opts);
      } },
    });
    const { store } = memoryState();
    const facts = await factsOf({ objects: [web1, cfg] });
    const plan = decide(facts);
    const done = await execute(plan, { cluster, state: store, clock, emit });
    expect(done.ok).toBe(false);
    expect(done.error).toBeInstanceOf(ClusterError);
    expect(done.applied.map((a) => a.key)).toEqual([cfg.key]);
    expect([...done.objects.keys()]).toEqual([cfg.key]);
    const failed: Plan = onApplyFailed(facts, plan, { message: (done.error as Error).message, applied: done.applied.length }, NOW + 1000);
    expect(failed.result).toMatchObject({ kind: 'requeue', reason: 'ApplyFailed' });
    expect(passKind(failed.result)).toBe('failed');
    expect(failed.record.operation?.phase).toBe('Failed');
    golden('failed-apply.txt', formatPlan(failed));
  });
});
