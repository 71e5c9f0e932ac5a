/**
 * CronJob → Jobs, following the CronJob docs (schedules in UTC, see cron.ts):
 * - at each scheduled minute a Job `<cronjob>-<scheduled minute since the epoch>` is made from
 *   `jobTemplate` (only the most recent missed time runs; `startingDeadlineSeconds` drops a run that is
 *   too late);
 * - `concurrencyPolicy`: Allow (default) runs alongside, Forbid skips while a Job is active (the run
 *   happens when it finishes, deadline permitting), Replace deletes the active Jobs first;
 * - `suspend` creates nothing; finished Jobs beyond `successfulJobsHistoryLimit` (3) /
 *   `failedJobsHistoryLimit` (1) are deleted oldest first;
 * - status: `active` (references), `lastScheduleTime`, `lastSuccessfulTime`.
 */
import type { KubeObject } from '../../../core/model/kube-object.js';
import { isPlainObject, keyString } from '../../../core/model/kube-object.js';
import type { ControllerContext } from './controller-context.js';
import { nextRun, parseCron, type CronSchedule } from './cron.js';
import { asArray, asMap, clone } from './json.js';
import { controllerOf } from './replicaset-controller.js';
import { isoSeconds, parseIso } from './time.js';

export const CRONJOB_CONTROLLER = 'cronjob-controller';
export const SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
const MAX_MISSED = 100;

function finishedAs(job: KubeObject): 'Complete' | 'Failed' | undefined {
  for (const c of asArray(asMap(job['status'])['conditions'])) {
    if (!isPlainObject(c) || c['status'] !== 'True') continue;
    if (c['type'] === 'Complete' || c['type'] === 'Failed') return c['type'];
  }
  return undefined;
}

function ref(job: KubeObject): Record<string, unknown> {
  return { apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, namespace: job.metadata.namespace, uid: job.metadata.uid, resourceVersion: job.metadata.resourceVersion };
}

function scheduledMs(ctx: ControllerContext, job: KubeObject): number {
  return parseIso(job.metadata.annotations?.[SCHEDULED_TIMESTAMP]) ?? ctx.store.record(ctx.keyOf(job))?.createdMs ?? 0;
}

export function syncCronJob(ctx: ControllerContext, key: string): void {
  const cj = ctx.store.get(key);
  if (!cj || !cj.metadata.uid) return;
  const now = ctx.now();
  const ns = cj.metadata.namespace ?? 'default';
  const spec = asMap(cj['spec']);
  const prev = asMap(cj['status']);
  let schedule: CronSchedule;
  try {
    schedule = parseCron(String(spec['schedule'] ?? ''));
  } catch (e) {
    ctx.events.record(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: "${String(spec['schedule'])}" : ${e instanceof Error ? e.message : String(e)}`, CRONJOB_CONTROLLER);
    return;
  }

  let jobs = ctx.store.ownedBy(cj.metadata.uid, 'Job').filter((j) => controllerOf(j)?.uid === cj.metadata.uid);
  let lastSuccessful = parseIso(prev['lastSuccessfulTime']);
  for (const j of jobs) {
    if (finishedAs(j) !== 'Complete') continue;
    const done = parseIso(asMap(j['status'])['completionTime']);
    if (done !== undefined && (lastSuccessful === undefined || done > lastSuccessful)) lastSuccessful = done;
  }

  // the most recent scheduled time not yet run
  let lastSchedule = parseIso(prev['lastScheduleTime']);
  const since = lastSchedule ?? ctx.store.record(key)?.createdMs ?? now;
  let due: number | undefined;
  let missed = 0;
  for (let t = nextRun(schedule, since); t !== undefined && t <= now; t = nextRun(schedule, t)) {
    due = t;
    if (++missed > MAX_MISSED * 10) break;
  }
  if (missed > MAX_MISSED) {
    ctx.events.record(cj, 'Warning', 'TooManyMissedTimes', `too many missed start times: ${missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`, CRONJOB_CONTROLLER);
  }
  const deadline = typeof spec['startingDeadlineSeconds'] === 'number' ? spec['startingDeadlineSeconds'] * 1000 : undefined;
  if (due !== undefined && deadline !== undefined && due + deadline < now) {
    ctx.events.record(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${isoSeconds(due)}`, CRONJOB_CONTROLLER);
    lastSchedule = due;
    due = undefined;
  }

  const active = () => jobs.filter((j) => finishedAs(j) === undefined);
  if (due !== undefined && spec['suspend'] !== true) {
    const policy = spec['concurrencyPolicy'] ?? 'Allow';
    const name = `${cj.metadata.name}-${Math.floor(due / 60_000)}`;
    const jobKey = keyString({ group: 'batch', kind: 'Job', namespace: ns, name });
    if (ctx.store.get(jobKey)) {
      lastSchedule = due; // already made
    } else if (policy === 'Forbid' && active().length > 0) {
      ctx.events.record(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid', CRONJOB_CONTROLLER);
    } else {
      if (policy === 'Replace') {
        for (const j of active()) {
          ctx.delete(ctx.keyOf(j), CRONJOB_CONTROLLER);
          ctx.events.record(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${j.metadata.name}`, CRONJOB_CONTROLLER);
        }
        jobs = jobs.filter((j) => ctx.store.get(ctx.keyOf(j)));
      }
      const tmpl = asMap(spec['jobTemplate']);
      const tmeta = asMap(tmpl['metadata']);
      const metadata: KubeObject['metadata'] = {
        name,
        namespace: ns,
        ownerReferences: [{ apiVersion: cj.apiVersion, kind: 'CronJob', name: cj.metadata.name, uid: cj.metadata.uid, controller: true, blockOwnerDeletion: true }],
        annotations: { ...(isPlainObject(tmeta['annotations']) ? (clone(tmeta['annotations']) as Record<string, string>) : {}), [SCHEDULED_TIMESTAMP]: isoSeconds(due) },
      };
      if (isPlainObject(tmeta['labels'])) metadata.labels = clone(tmeta['labels'] as Record<string, string>);
      const job = ctx.create({ apiVersion: 'batch/v1', kind: 'Job', metadata, spec: clone(asMap(tmpl['spec'])) }, CRONJOB_CONTROLLER);
      jobs.push(job);
      ctx.events.record(cj, 'Normal', 'SuccessfulCreate', `Created job ${name}`, CRONJOB_CONTROLLER);
      lastSchedule = due;
    }
  }

  // history limits: oldest finished Jobs go first
  const limits = { Complete: numberOr(spec['successfulJobsHistoryLimit'], 3), Failed: numberOr(spec['failedJobsHistoryLimit'], 1) };
  for (const kind of ['Complete', 'Failed'] as const) {
    const done = jobs.filter((j) => finishedAs(j) === kind).sort((a, b) => scheduledMs(ctx, a) - scheduledMs(ctx, b));
    for (const j of done.slice(0, Math.max(0, done.length - limits[kind]))) {
      ctx.delete(ctx.keyOf(j), CRONJOB_CONTROLLER);
      ctx.events.record(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${j.metadata.name}`, CRONJOB_CONTROLLER);
    }
  }
  jobs = jobs.filter((j) => ctx.store.get(ctx.keyOf(j)));

  const status: Record<string, unknown> = {};
  const act = active().sort((a, b) => scheduledMs(ctx, a) - scheduledMs(ctx, b));
  if (act.length) status['active'] = act.map(ref);
  if (lastSchedule !== undefined) status['lastScheduleTime'] = isoSeconds(lastSchedule);
  if (lastSuccessful !== undefined) status['lastSuccessfulTime'] = isoSeconds(lastSuccessful);
  ctx.update(key, (d) => void (d['status'] = status), CRONJOB_CONTROLLER);

  if (spec['suspend'] !== true) {
    const next = nextRun(schedule, Math.max(now, lastSchedule ?? 0));
    if (next !== undefined) ctx.wakeAt('cronjob', key, next);
  }
}

function numberOr(v: unknown, d: number): number {
  return typeof v === 'number' && v >= 0 ? v : d;
}
