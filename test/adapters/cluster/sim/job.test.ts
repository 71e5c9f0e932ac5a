import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/core/model/kube-object.js';
import { manualSim, namespace, status, type Harness } from './helpers.js';

let h: Harness;
afterEach(async () => h?.cleanup());

function job(
  name: string,
  opts: { image?: string; completions?: number; parallelism?: number; backoffLimit?: number; restartPolicy?: string; activeDeadlineSeconds?: number; suspend?: boolean } = {},
): KubeObject {
  const s: Record<string, unknown> = {
    template: { spec: { restartPolicy: opts.restartPolicy ?? 'Never', containers: [{ name: 'main', image: opts.image ?? 'batch:1' }] } },
  };
  for (const k of ['completions', 'parallelism', 'backoffLimit', 'activeDeadlineSeconds', 'suspend'] as const) if (opts[k] !== undefined) s[k] = opts[k];
  return { apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: 'app' }, spec: s };
}
const jobKey = (name: string) => ({ group: 'batch', kind: 'Job', namespace: 'app', name });
async function pods(): Promise<KubeObject[]> {
  return h.sim.list({ kind: 'Pod', namespace: 'app' });
}
const phases = async () => (await pods()).map((p) => status(p).phase as string).sort();
const cond = (o: KubeObject | undefined, type: string) => status(o).conditions?.find((c: any) => c.type === type);

async function setup(): Promise<void> {
  h = await manualSim({ images: [{ match: 'slow:*', startupSeconds: 10 }, { match: '*:broken', behaviour: 'crashLoop' }] });
  await h.sim.apply(namespace('app'));
}

describe('job controller', () => {
  it('a Job pod runs for startupSeconds, succeeds, and the Job completes', async () => {
    await setup();
    await h.sim.apply(job('once', { image: 'slow:1' }));
    await h.sim.advance(5000);
    const [p] = await pods();
    expect(status(p).phase).toBe('Running');
    expect(p!.metadata.labels).toMatchObject({ 'job-name': 'once', 'batch.kubernetes.io/job-name': 'once' });
    expect(p!.metadata.labels?.['controller-uid']).toBe((await h.sim.get(jobKey('once')))!.metadata.uid);
    expect(status(await h.sim.get(jobKey('once')))).toMatchObject({ active: 1, ready: 1, startTime: '2026-01-02T03:04:05Z' });
    await h.sim.advance(5000);
    const [done] = await pods();
    expect(status(done).phase).toBe('Succeeded');
    expect(status(done).containerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(cond(done, 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' });
    const j = await h.sim.get(jobKey('once'));
    expect(status(j)).toMatchObject({ succeeded: 1, ready: 0, completionTime: '2026-01-02T03:04:15Z' });
    expect(status(j).active).toBeUndefined();
    expect(cond(j, 'Complete')).toMatchObject({ status: 'True', reason: 'CompletionsReached' });
    // v1.31+: the interim condition, then the terminal one
    expect(status(j).conditions.map((c: any) => c.type)).toEqual(['SuccessCriteriaMet', 'Complete']);
    expect(h.sim.events('app').find((e) => e['reason'] === 'Completed')).toMatchObject({ message: 'Job completed', involvedObject: { kind: 'Job', name: 'once' } });
  });

  it('a healthy image in a Job succeeds after the default 1 s', async () => {
    await setup();
    await h.sim.apply(job('quick'));
    await h.sim.advance(1000);
    expect(await phases()).toEqual(['Succeeded']);
    expect(cond(await h.sim.get(jobKey('quick')), 'Complete')?.status).toBe('True');
  });

  it.each([
    { completions: 5, parallelism: 2, maxActive: 2, pods: 5 },
    { completions: 3, parallelism: 5, maxActive: 3, pods: 3 },
    { completions: 4, parallelism: 1, maxActive: 1, pods: 4 },
  ])('completions $completions with parallelism $parallelism runs at most $maxActive at once', async ({ completions, parallelism, maxActive, pods: total }) => {
    await setup();
    await h.sim.apply(job('batch', { image: 'slow:1', completions, parallelism }));
    let most = 0;
    for (let i = 0; i < 60 && !cond(await h.sim.get(jobKey('batch')), 'Complete'); i++) {
      await h.sim.advance(1000);
      most = Math.max(most, status(await h.sim.get(jobKey('batch'))).active ?? 0);
    }
    expect(most).toBe(maxActive);
    expect(await phases()).toEqual(Array(total).fill('Succeeded'));
    expect(status(await h.sim.get(jobKey('batch')))).toMatchObject({ succeeded: completions });
    expect(cond(await h.sim.get(jobKey('batch')), 'Complete')?.status).toBe('True');
  });

  it('a work queue Job (parallelism, no completions) completes when a pod succeeds and none run', async () => {
    await setup();
    await h.sim.apply(job('queue', { image: 'slow:1', parallelism: 3 }));
    await h.sim.advance(11_000);
    expect(await phases()).toEqual(['Succeeded', 'Succeeded', 'Succeeded']);
    expect(cond(await h.sim.get(jobKey('queue')), 'Complete')?.status).toBe('True');
  });

  it.each([
    { backoffLimit: 0, pods: 1 },
    { backoffLimit: 2, pods: 3 },
  ])('a crashLoop image fails pods; after backoffLimit $backoffLimit the Job fails with BackoffLimitExceeded', async ({ backoffLimit, pods: n }) => {
    await setup();
    await h.sim.apply(job('bad', { image: 'app:broken', backoffLimit }));
    await h.sim.advance(600_000);
    expect(await phases()).toEqual(Array(n).fill('Failed'));
    const failedPod = (await pods())[0]!;
    expect(status(failedPod).containerStatuses[0].state.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    const j = await h.sim.get(jobKey('bad'));
    expect(status(j)).toMatchObject({ failed: n });
    expect(cond(j, 'Failed')).toMatchObject({ status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
    expect(cond(j, 'Complete')).toBeUndefined();
    expect(status(j).conditions.map((c: any) => c.type)).toEqual(['FailureTarget', 'Failed']);
    expect(h.sim.events('app').some((e) => e['reason'] === 'BackoffLimitExceeded' && e['type'] === 'Warning')).toBe(true);
  });

  it('failed pods are replaced after an exponential back-off (10 s, then 20 s)', async () => {
    await setup();
    await h.sim.apply(job('bad', { image: 'app:broken', backoffLimit: 5 }));
    await h.sim.advance(2000); // pod 1 pulled (1 s) and crashed (1 s)
    expect(await phases()).toEqual(['Failed']);
    await h.sim.advance(9000);
    expect(await phases()).toEqual(['Failed']);
    await h.sim.advance(1000);
    expect((await pods()).length).toBe(2);
    await h.sim.advance(2000); // pod 2 failed at +14 s
    await h.sim.advance(19_000);
    expect((await pods()).length).toBe(2);
    await h.sim.advance(1000);
    expect((await pods()).length).toBe(3);
  });

  it('with restartPolicy OnFailure container restarts count against backoffLimit', async () => {
    await setup();
    await h.sim.apply(job('bad', { image: 'app:broken', backoffLimit: 2, restartPolicy: 'OnFailure' }));
    await h.sim.advance(600_000);
    expect(await pods()).toEqual([]);
    expect(cond(await h.sim.get(jobKey('bad')), 'Failed')).toMatchObject({ reason: 'BackoffLimitExceeded' });
  });

  it('activeDeadlineSeconds fails a Job that runs too long', async () => {
    await setup();
    await h.sim.apply(job('long', { image: 'slow:1', activeDeadlineSeconds: 5 }));
    await h.sim.advance(5000);
    expect(await pods()).toEqual([]);
    expect(cond(await h.sim.get(jobKey('long')), 'Failed')).toMatchObject({ reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' });
  });

  it('deleting a Job deletes its pods', async () => {
    await setup();
    await h.sim.apply(job('x', { image: 'slow:1', parallelism: 2, completions: 2 }));
    await h.sim.advance(1000);
    expect((await pods()).length).toBe(2);
    await h.sim.delete(jobKey('x'));
    await h.sim.settle();
    expect(await pods()).toEqual([]);
  });

  it.each([
    { kind: 'Job', restartPolicy: undefined, message: 'Job.batch "j" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"' },
    { kind: 'Job', restartPolicy: 'Always', message: 'Job.batch "j" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"' },
    { kind: 'Job', restartPolicy: 'OnFailure', message: undefined },
    { kind: 'Deployment', restartPolicy: 'Never', message: 'Deployment.apps "j" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"' },
  ])('validation: a $kind with restartPolicy $restartPolicy', async ({ kind, restartPolicy, message }) => {
    await setup();
    const labels = { app: 'j' };
    const podSpec: Record<string, unknown> = { containers: [{ name: 'main', image: 'x' }] };
    if (restartPolicy) podSpec['restartPolicy'] = restartPolicy;
    const obj: KubeObject =
      kind === 'Job'
        ? { apiVersion: 'batch/v1', kind, metadata: { name: 'j', namespace: 'app' }, spec: { template: { spec: podSpec } } }
        : { apiVersion: 'apps/v1', kind, metadata: { name: 'j', namespace: 'app' }, spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: podSpec } } };
    const err = await h.sim.apply(obj).then(() => undefined, (e: Error) => e);
    if (message === undefined) expect(err).toBeUndefined();
    else expect(err).toMatchObject({ code: 422, message });
  });

  it('a suspended Job runs no pods until it is resumed', async () => {
    await setup();
    await h.sim.apply(job('later', { image: 'slow:1', suspend: true }));
    await h.sim.advance(5000);
    expect(await pods()).toEqual([]);
    expect(cond(await h.sim.get(jobKey('later')), 'Suspended')).toMatchObject({ status: 'True', reason: 'JobSuspended' });
    await h.sim.apply(job('later', { image: 'slow:1', suspend: false }));
    await h.sim.advance(1000);
    expect(await phases()).toEqual(['Running']);
    expect(cond(await h.sim.get(jobKey('later')), 'Suspended')).toMatchObject({ status: 'False', reason: 'JobResumed' });
    await h.sim.advance(10_000);
    expect(cond(await h.sim.get(jobKey('later')), 'Complete')?.status).toBe('True');
  });

  it.each([
    { ttl: 0, gone: 0 },
    { ttl: 30, gone: 30_000 },
  ])('ttlSecondsAfterFinished $ttl deletes the finished Job and its pods', async ({ ttl, gone }) => {
    await setup();
    const j = job('tmp');
    (j as any).spec.ttlSecondsAfterFinished = ttl;
    await h.sim.apply(j);
    await h.sim.advance(1000);
    if (gone > 0) {
      expect(cond(await h.sim.get(jobKey('tmp')), 'Complete')?.status).toBe('True');
      await h.sim.advance(gone - 1000);
      expect(await h.sim.get(jobKey('tmp'))).toBeDefined();
      await h.sim.advance(1000);
    }
    expect(await h.sim.get(jobKey('tmp'))).toBeUndefined();
    expect(await pods()).toEqual([]);
  });

  it("a Job's pod template is immutable", async () => {
    await setup();
    await h.sim.apply(job('fixed', { image: 'slow:1' }));
    const err = await h.sim.apply(job('fixed', { image: 'slow:2' })).then(() => undefined, (e: Error) => e);
    expect(err).toMatchObject({ code: 422, causes: [{ field: 'spec.template', reason: 'FieldValueInvalid' }] });
    expect(err!.message).toMatch(/^Job\.batch "fixed" is invalid: spec\.template: Invalid value: .*: field is immutable$/);
    await h.sim.apply(job('fixed', { image: 'slow:1', parallelism: 2 }));
  });

  it('an Indexed Job runs each completion index once and reports completedIndexes', async () => {
    await setup();
    const j = job('idx', { image: 'slow:1', completions: 5, parallelism: 2 });
    (j as any).spec.completionMode = 'Indexed';
    await h.sim.apply(j);
    await h.sim.settle();
    let ps = await pods();
    expect(ps.map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']).sort()).toEqual(['0', '1']);
    const p0 = ps.find((p) => p.metadata.labels?.['batch.kubernetes.io/job-completion-index'] === '0')!;
    expect(p0.metadata.name).toMatch(/^idx-0-[a-z0-9]{5}$/);
    expect((p0 as any).spec.hostname).toBe('idx-0');
    expect((p0 as any).spec.containers[0].env).toEqual([{ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } }]);
    await h.sim.advance(10_000);
    expect(status(await h.sim.get(jobKey('idx')))).toMatchObject({ succeeded: 2, completedIndexes: '0-1', active: 2 });
    await h.sim.advance(20_000);
    ps = await pods();
    expect(ps.map((p) => p.metadata.annotations?.['batch.kubernetes.io/job-completion-index']).sort()).toEqual(['0', '1', '2', '3', '4']);
    const done = await h.sim.get(jobKey('idx'));
    expect(status(done)).toMatchObject({ succeeded: 5, completedIndexes: '0-4' });
    expect(cond(done, 'Complete')?.status).toBe('True');
  });

  it('an Indexed Job needs completions', async () => {
    await setup();
    const j = job('idx');
    (j as any).spec.completionMode = 'Indexed';
    const err = await h.sim.apply(j).then(() => undefined, (e: Error) => e);
    expect(err).toMatchObject({ code: 422, message: 'Job.batch "idx" is invalid: spec.completions: Required value: when completion mode is Indexed' });
  });

  it('a finished Job keeps its counts when its pods are evicted later', async () => {
    await setup();
    await h.sim.apply(job('done', { completions: 2, parallelism: 2 }));
    await h.sim.advance(2000);
    expect(status(await h.sim.get(jobKey('done')))).toMatchObject({ succeeded: 2 });
    for (const n of h.sim.nodes()) await h.sim.failNode(n.metadata.name);
    await h.sim.advance(400_000);
    expect(await pods()).toEqual([]);
    const j = await h.sim.get(jobKey('done'));
    expect(status(j)).toMatchObject({ succeeded: 2 });
    expect(cond(j, 'Complete')?.status).toBe('True');
  });
});
