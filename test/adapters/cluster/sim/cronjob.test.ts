import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../../src/core/model/kube-object.js';
import { nextRun, parseCron } from '../../../../src/adapters/cluster/sim/cron.js';
import { manualSim, namespace, status, type Harness } from './helpers.js';

let h: Harness;
afterEach(async () => h?.cleanup());

function cronJob(name: string, schedule: string, opts: { image?: string; concurrencyPolicy?: string; suspend?: boolean; successfulJobsHistoryLimit?: number } = {}): KubeObject {
  const spec: Record<string, unknown> = {
    schedule,
    jobTemplate: {
      metadata: { labels: { app: name } },
      spec: { backoffLimit: 0, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: opts.image ?? 'quick:1' }] } } },
    },
  };
  for (const k of ['concurrencyPolicy', 'suspend', 'successfulJobsHistoryLimit'] as const) if (opts[k] !== undefined) spec[k] = opts[k];
  return { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name, namespace: 'app' }, spec };
}
const cjKey = (name: string) => ({ group: 'batch', kind: 'CronJob', namespace: 'app', name });
const minute = (iso: string) => Math.floor(Date.parse(iso) / 60_000);
async function jobNames(): Promise<string[]> {
  return (await h.sim.list({ group: 'batch', kind: 'Job', namespace: 'app' })).map((j) => j.metadata.name).sort();
}

async function setup(): Promise<void> {
  // T0 = 2026-01-02T03:04:05Z
  h = await manualSim({ images: [{ match: 'quick:*', startupSeconds: 10 }, { match: 'long:*', startupSeconds: 400 }, { match: '*:broken', behaviour: 'crashLoop' }] });
  await h.sim.apply(namespace('app'));
}

describe('cron schedules', () => {
  const at = (iso: string) => Date.parse(iso);
  const next = (s: string, iso: string) => new Date(nextRun(parseCron(s), at(iso))!).toISOString();
  it('fields, lists, ranges, steps, names and macros', () => {
    expect(next('*/15 * * * *', '2026-01-02T03:04:05Z')).toBe('2026-01-02T03:15:00.000Z');
    expect(next('5,20 9-10 * * *', '2026-01-02T10:20:00Z')).toBe('2026-01-03T09:05:00.000Z');
    expect(next('0 0 1 * *', '2026-01-02T00:00:00Z')).toBe('2026-02-01T00:00:00.000Z');
    expect(next('@hourly', '2026-01-02T03:04:05Z')).toBe('2026-01-02T04:00:00.000Z');
    expect(next('@daily', '2026-01-02T03:04:05Z')).toBe('2026-01-03T00:00:00.000Z');
    expect(next('@weekly', '2026-01-02T03:04:05Z')).toBe('2026-01-04T00:00:00.000Z'); // a Sunday
    expect(next('@yearly', '2026-01-02T03:04:05Z')).toBe('2027-01-01T00:00:00.000Z');
    expect(next('30 12 * jan-mar mon-fri', '2026-01-02T13:00:00Z')).toBe('2026-01-05T12:30:00.000Z');
    expect(next('0 0 * * 7', '2026-01-02T00:00:00Z')).toBe('2026-01-04T00:00:00.000Z');
    // both day fields restricted: either matches
    expect(next('0 0 15 * 1', '2026-01-02T00:00:00Z')).toBe('2026-01-05T00:00:00.000Z');
    expect(next('0 0 29 2 *', '2026-01-01T00:00:00Z')).toBe('2028-02-29T00:00:00.000Z');
    expect(next('10-20/5 * * * *', '2026-01-02T03:16:00Z')).toBe('2026-01-02T03:20:00.000Z');
    expect(() => parseCron('* * * *')).toThrow();
    expect(() => parseCron('60 * * * *')).toThrow();
    expect(() => parseCron('*/0 * * * *')).toThrow();
  });
});

describe('cronjob controller', () => {
  it('creates a Job at each scheduled minute, tracks status and keeps 3 successful Jobs', async () => {
    await setup();
    await h.sim.apply(cronJob('tick', '*/5 * * * *'));
    await h.sim.settle();
    expect(await jobNames()).toEqual([]);
    await h.sim.advance(55_000); // 03:05:00
    expect(await jobNames()).toEqual([`tick-${minute('2026-01-02T03:05:00Z')}`]);
    const [job] = await h.sim.list({ group: 'batch', kind: 'Job', namespace: 'app' });
    expect(job!.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'CronJob', name: 'tick', controller: true });
    expect(job!.metadata.labels).toMatchObject({ app: 'tick' });
    let st = status(await h.sim.get(cjKey('tick')));
    expect(st.lastScheduleTime).toBe('2026-01-02T03:05:00Z');
    expect(st.active).toEqual([expect.objectContaining({ kind: 'Job', name: job!.metadata.name })]);
    await h.sim.advance(15_000);
    st = status(await h.sim.get(cjKey('tick')));
    expect(st.active).toBeUndefined();
    expect(st.lastSuccessfulTime).toBe('2026-01-02T03:05:10Z');
    await h.sim.advance(25 * 60_000); // runs at :10 :15 :20 :25 :30
    expect(await jobNames()).toEqual(['03:20', '03:25', '03:30'].map((t) => `tick-${minute(`2026-01-02T${t}:00Z`)}`));
    expect(status(await h.sim.get(cjKey('tick'))).lastScheduleTime).toBe('2026-01-02T03:30:00Z');
    expect(h.sim.events('app').some((e) => e['reason'] === 'SuccessfulDelete' && e['message'] === `Deleted job tick-${minute('2026-01-02T03:05:00Z')}`)).toBe(true);
  });

  it('keeps one failed Job by default', async () => {
    await setup();
    await h.sim.apply(cronJob('bad', '* * * * *', { image: 'app:broken' }));
    await h.sim.advance(4 * 60_000);
    const jobs = await h.sim.list({ group: 'batch', kind: 'Job', namespace: 'app' });
    const failed = jobs.filter((j) => status(j).conditions?.some((c: any) => c.type === 'Failed' && c.status === 'True'));
    expect(failed).toHaveLength(1);
    expect(failed[0]!.metadata.name).toBe(`bad-${minute('2026-01-02T03:08:00Z')}`);
  });

  it('Forbid waits for the running Job; Replace deletes it; Allow runs alongside', async () => {
    await setup();
    await h.sim.apply(cronJob('forbid', '*/5 * * * *', { image: 'long:1', concurrencyPolicy: 'Forbid' }));
    await h.sim.apply(cronJob('replace', '*/5 * * * *', { image: 'long:1', concurrencyPolicy: 'Replace' }));
    await h.sim.apply(cronJob('allow', '*/5 * * * *', { image: 'long:1' }));
    await h.sim.advance(55_000 + 5 * 60_000 + 30_000); // 03:10:30; the 03:05 jobs run until 03:11:40
    const names = await jobNames();
    const m5 = minute('2026-01-02T03:05:00Z');
    const m10 = minute('2026-01-02T03:10:00Z');
    expect(names.filter((n) => n.startsWith('forbid-'))).toEqual([`forbid-${m5}`]);
    expect(names.filter((n) => n.startsWith('replace-'))).toEqual([`replace-${m10}`]);
    expect(names.filter((n) => n.startsWith('allow-'))).toEqual([`allow-${m10}`, `allow-${m5}`].sort());
    expect(status(await h.sim.get(cjKey('allow'))).active).toHaveLength(2);
    expect(status(await h.sim.get(cjKey('forbid'))).lastScheduleTime).toBe('2026-01-02T03:05:00Z');
    // once the first finishes, the missed run starts
    await h.sim.advance(90_000);
    expect((await jobNames()).filter((n) => n.startsWith('forbid-'))).toEqual([`forbid-${m10}`, `forbid-${m5}`].sort());
    expect(status(await h.sim.get(cjKey('forbid'))).lastScheduleTime).toBe('2026-01-02T03:10:00Z');
  });

  it('an invalid schedule or policy is refused with 422', async () => {
    await setup();
    await expect(h.sim.apply(cronJob('bad', '* * *'))).rejects.toThrow('CronJob.batch "bad" is invalid: spec.schedule: Invalid value: "* * *"');
    await expect(h.sim.apply(cronJob('bad', '* * * * *', { concurrencyPolicy: 'Sometimes' }))).rejects.toThrow(
      'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
    );
  });

  it('suspend creates nothing', async () => {
    await setup();
    await h.sim.apply(cronJob('off', '@hourly', { suspend: true }));
    await h.sim.advance(2 * 3600_000);
    expect(await jobNames()).toEqual([]);
    expect(status(await h.sim.get(cjKey('off'))).lastScheduleTime).toBeUndefined();
  });
});
