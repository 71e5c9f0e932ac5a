/**
 * Job → Pods run to completion, following the Job docs:
 * - up to `parallelism` (default 1) pods run at once, never more than the completions still missing;
 *   without `completions` (work queue) no new pod starts once one has succeeded, and the Job is complete
 *   when one has succeeded and none is running;
 * - a failed pod (restartPolicy Never) is replaced after an exponential back-off (10 s, 20 s, 40 s … 6 min);
 *   with OnFailure the container restarts count as failures; more than `backoffLimit` (default 6)
 *   failures fail the Job (condition Failed, reason BackoffLimitExceeded) and its running pods are deleted;
 * - `activeDeadlineSeconds` fails the Job with reason DeadlineExceeded; `suspend` deletes running pods;
 * - `completions` successes: condition Complete, completionTime;
 * - `ttlSecondsAfterFinished`: a finished Job (and its pods) is deleted that long after it finished;
 * - completionMode Indexed: each pod gets a completion index 0..completions-1 (annotation, label,
 *   JOB_COMPLETION_INDEX, hostname <job>-<index>); the Job is complete when every index has succeeded,
 *   status.completedIndexes lists them as ranges ("0-2,4").
 */
import type { KubeObject } from '../../../core/model/kube-object.js';
import { isPlainObject, keyString } from '../../../core/model/kube-object.js';
import { QUOTA_RETRY_MS, type ControllerContext } from './controller-context.js';
import { ClusterError } from '../../../core/ports.js';
import { asArray, asMap } from './json.js';
import { randomSuffix } from './names.js';
import { recordKilling } from './pod-lifecycle.js';
import { isPodReady } from './pod-status.js';
import { controllerOf, podFromTemplate } from './replicaset-controller.js';
import { isoSeconds, parseIso } from './time.js';

export const JOB_CONTROLLER = 'job-controller';
const BACKOFF_BASE_MS = 10_000;
const BACKOFF_MAX_MS = 360_000;

interface Condition {
  type: string;
  status: string;
  lastProbeTime: string;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

const INDEX_KEY = 'batch.kubernetes.io/job-completion-index';

function indexOf(p: KubeObject): number | undefined {
  const v = p.metadata.annotations?.[INDEX_KEY];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** 0,1,2,4 → "0-2,4" */
function ranges(xs: number[]): string {
  const sorted = [...new Set(xs)].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    out.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return out.join(',');
}

/** "0-2,4" → 0,1,2,4 */
function parseRanges(v: unknown): number[] {
  if (typeof v !== 'string' || v === '') return [];
  const out: number[] = [];
  for (const part of v.split(',')) {
    const m = part.match(/^(\d+)(?:-(\d+))?$/);
    if (!m) continue;
    const a = Number(m[1]);
    const b = m[2] !== undefined ? Number(m[2]) : a;
    for (let i = a; i <= b && out.length < 100_000; i++) out.push(i);
  }
  return out;
}

function optNum(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function completionsOf(spec: Record<string, unknown>): number | undefined {
  return optNum(spec['completions']);
}

function phaseOf(p: KubeObject): unknown {
  return asMap(p['status'])['phase'];
}

function restarts(p: KubeObject): number {
  return asArray(asMap(p['status'])['containerStatuses']).reduce<number>((n, c) => n + (isPlainObject(c) ? Number(c['restartCount'] ?? 0) : 0), 0);
}

/** When the pod's last container finished (seconds precision, as in the status). */
function finishedAt(p: KubeObject): number {
  let at = 0;
  for (const c of asArray(asMap(p['status'])['containerStatuses'])) {
    const t = parseIso(asMap(asMap(asMap(c)['state'])['terminated'])['finishedAt']);
    if (t !== undefined) at = Math.max(at, t);
  }
  return at;
}

export function syncJob(ctx: ControllerContext, key: string): void {
  const job = ctx.store.get(key);
  if (!job || !job.metadata.uid) return;
  const name = job.metadata.name;
  const uid = job.metadata.uid;
  const spec = asMap(job['spec']);
  const parallelism = Math.max(0, optNum(spec['parallelism']) ?? 1);
  const completions = optNum(spec['completions']);
  const backoffLimit = optNum(spec['backoffLimit']) ?? 6;
  const deadline = optNum(spec['activeDeadlineSeconds']);
  const suspended = spec['suspend'] === true;
  const restartPolicy = asMap(asMap(spec['template'])['spec'])['restartPolicy'];
  const now = ctx.now();
  const nowIso = isoSeconds(now);
  const prev = asMap(job['status']);
  let conds = asArray(prev['conditions']).filter(isPlainObject) as unknown as Condition[];
  const has = (type: string) => conds.some((c) => c.type === type && c.status === 'True');
  const setCond = (type: string, status: string, reason?: string, message?: string) => {
    const old = conds.find((c) => c.type === type);
    if (old && old.status === status && old.reason === reason) return;
    const c: Condition = { type, status, lastProbeTime: nowIso, lastTransitionTime: nowIso };
    if (reason) c.reason = reason;
    if (message) c.message = message;
    conds = [...conds.filter((x) => x.type !== type), c];
  };

  const owned = () => ctx.store.ownedBy(uid, 'Pod').filter((p) => controllerOf(p)?.uid === uid);
  const remove = (p: KubeObject) => {
    recordKilling(ctx, p);
    ctx.delete(ctx.keyOf(p), JOB_CONTROLLER);
    ctx.events.record(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, JOB_CONTROLLER);
  };

  let pods = owned();
  let active = pods.filter((p) => phaseOf(p) !== 'Succeeded' && phaseOf(p) !== 'Failed');
  const indexed = spec['completionMode'] === 'Indexed' && completionsOf(spec) !== undefined;
  const succeededPods = pods.filter((p) => phaseOf(p) === 'Succeeded');
  // counts stick once seen (like the controller's finalizer-based tracking): a finished pod that is
  // deleted later (evicted, garbage-collected) still counts
  const doneIndexes = new Set([...succeededPods.map(indexOf), ...parseRanges(prev['completedIndexes'])].filter((i): i is number => i !== undefined && i < (completionsOf(spec) ?? 0)));
  const succeeded = indexed ? doneIndexes.size : Math.max(optNum(prev['succeeded']) ?? 0, succeededPods.length);
  const failedPods = pods.filter((p) => phaseOf(p) === 'Failed');
  const failed = Math.max(optNum(prev['failed']) ?? 0, failedPods.length);
  const restartFailures = restartPolicy === 'OnFailure' ? active.reduce((n, p) => n + restarts(p), 0) : 0;
  const startMs = parseIso(prev['startTime']) ?? (suspended ? undefined : now);
  let completionTime = prev['completionTime'];

  const finished = has('Complete') || has('Failed');
  const ttl = optNum(spec['ttlSecondsAfterFinished']);
  if (finished && ttl !== undefined) {
    const doneCond = conds.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
    const doneAt = parseIso(prev['completionTime']) ?? parseIso(doneCond?.lastTransitionTime) ?? now;
    if (now >= doneAt + ttl * 1000) {
      ctx.delete(key, 'ttl-after-finished-controller');
      return;
    }
    ctx.wakeAt('job', key, doneAt + ttl * 1000);
  }
  if (!finished) {
    let failure: { reason: string; message: string } | undefined;
    if (failed + restartFailures > backoffLimit) failure = { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
    else if (deadline !== undefined && startMs !== undefined && !suspended) {
      if (now >= startMs + deadline * 1000) failure = { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
      else ctx.wakeAt('job', key, startMs + deadline * 1000);
    }
    const complete = completions !== undefined ? succeeded >= completions : succeeded > 0 && active.length === 0;
    if (failure) {
      // the interim condition first (v1.31+), the terminal one once no pod runs (here at once: deletion is immediate)
      setCond('FailureTarget', 'True', failure.reason, failure.message);
      for (const p of active) remove(p);
      setCond('Failed', 'True', failure.reason, failure.message);
      ctx.events.record(job, 'Warning', failure.reason, failure.message, JOB_CONTROLLER);
    } else if (complete) {
      setCond('SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods');
      for (const p of active) remove(p);
      setCond('Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods');
      completionTime = nowIso;
      ctx.events.record(job, 'Normal', 'Completed', 'Job completed', JOB_CONTROLLER);
    } else if (suspended) {
      for (const p of active) remove(p);
      setCond('Suspended', 'True', 'JobSuspended', 'Job suspended');
    } else {
      if (has('Suspended')) setCond('Suspended', 'False', 'JobResumed', 'Job resumed');
      const want = completions !== undefined ? Math.min(parallelism, completions - succeeded) : succeeded > 0 ? 0 : parallelism;
      if (active.length < want) {
        // back-off after failures: 10 s doubled per failure, at most 6 min, from the last failure
        const lastFailure = failedPods.reduce((m, p) => Math.max(m, finishedAt(p)), 0);
        const notBefore = failed > 0 ? lastFailure + Math.min(BACKOFF_BASE_MS * 2 ** (failed - 1), BACKOFF_MAX_MS) : 0;
        if (now < notBefore) ctx.wakeAt('job', key, notBefore);
        else {
          // Indexed: the lowest indexes that have neither succeeded nor a running pod
          const running = new Set(active.map(indexOf));
          const free: number[] = [];
          for (let i = 0; indexed && i < completions! && free.length < want - active.length; i++) if (!doneIndexes.has(i) && !running.has(i)) free.push(i);
          for (let i = active.length; i < want; i++) {
            const index = indexed ? free.shift() : undefined;
            if (indexed && index === undefined) break;
            const prefix = index === undefined ? `${name}-` : `${name}-${index}-`;
            let podName: string;
            do podName = `${prefix}${randomSuffix()}`;
            while (ctx.store.get(keyString({ group: '', kind: 'Pod', namespace: job.metadata.namespace ?? '', name: podName })));
            const pod = podFromTemplate(job, asMap(spec['template']), podName, prefix);
            pod.metadata.labels = {
              ...(pod.metadata.labels ?? {}),
              'batch.kubernetes.io/controller-uid': uid,
              'batch.kubernetes.io/job-name': name,
              'controller-uid': uid,
              'job-name': name,
            };
            if (index !== undefined) {
              pod.metadata.labels[INDEX_KEY] = String(index);
              pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [INDEX_KEY]: String(index) };
              const pspec = pod['spec'] as Record<string, unknown>;
              pspec['hostname'] = `${name}-${index}`;
              for (const c of asArray(pspec['containers'])) {
                if (!isPlainObject(c)) continue;
                c['env'] = [...asArray(c['env']).filter((e) => asMap(e)['name'] !== 'JOB_COMPLETION_INDEX'), { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { fieldPath: `metadata.labels['${INDEX_KEY}']` } } }];
              }
            }
            try {
              ctx.create(pod, JOB_CONTROLLER);
            } catch (e) {
              // refused (ResourceQuota): the FailedCreate event is recorded; try again later
              if (!(e instanceof ClusterError) || e.code !== 403) throw e;
              ctx.wakeAt('job', key, now + QUOTA_RETRY_MS);
              break;
            }
            ctx.events.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${podName}`, JOB_CONTROLLER);
          }
        }
      } else if (active.length > want) {
        for (const p of active.slice(want)) remove(p);
      }
    }
  }

  pods = owned();
  active = pods.filter((p) => phaseOf(p) !== 'Succeeded' && phaseOf(p) !== 'Failed');
  const status: Record<string, unknown> = {};
  if (conds.length) status['conditions'] = conds;
  if (startMs !== undefined) status['startTime'] = prev['startTime'] ?? isoSeconds(startMs);
  if (typeof completionTime === 'string') status['completionTime'] = completionTime;
  if (active.length) status['active'] = active.length;
  status['ready'] = active.filter(isPodReady).length;
  status['terminating'] = 0;
  if (succeeded) status['succeeded'] = succeeded;
  if (indexed && doneIndexes.size) status['completedIndexes'] = ranges([...doneIndexes]);
  if (failed) status['failed'] = failed;
  status['uncountedTerminatedPods'] = {};
  ctx.update(key, (d) => void (d['status'] = status), JOB_CONTROLLER);
  if (!finished && ttl !== undefined && (has('Complete') || has('Failed'))) ctx.wakeAt('job', key, now + ttl * 1000);
}
