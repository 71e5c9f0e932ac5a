/**
 * A pod's status as a pure function of time: where each container is in its image's timeline
 * (see image-catalogue.ts), from the moment the pod was scheduled.
 *
 *   healthy     ContainerCreating → running (after ≤1 s pull) → Ready at startupSeconds
 *   neverReady  ContainerCreating → running, never Ready
 *   crashLoop   ContainerCreating → runs max(startup,1 s) → crashes → CrashLoopBackOff (10 s, 20 s … 300 s) → …
 *   pullError   ContainerCreating → ImagePullBackOff (pod stays Pending)
 *
 * Pods that run to completion (a Job's pods): healthy containers run until startupSeconds and exit 0
 * (phase Succeeded). With restartPolicy Never a crashLoop container exits 1 once and stays terminated
 * (phase Failed); with OnFailure/Always it restarts with back-off as above.
 */
import type { KubeObject } from '../../../core/model/kube-object.js';
import { isPlainObject } from '../../../core/model/kube-object.js';
import { sha256Hex } from '../../../core/model/canonical.js';
import type { ImageCatalogue } from './image-catalogue.js';
import { asArray, asMap } from './json.js';
import { isoSeconds } from './time.js';

export interface PodTimeline {
  status: Record<string, unknown>;
  /** When the status will next change (ms), if ever. */
  nextAt?: number;
  /** When the pod became Ready (ms), if it is Ready. */
  readyAt?: number;
}

const MAX_PULL_MS = 1000;
const MIN_RUN_MS = 1000;
const BACKOFF_BASE_MS = 10_000;
const BACKOFF_MAX_MS = 300_000;

interface ContainerView {
  status: Record<string, unknown>;
  started: boolean;
  ready: boolean;
  /** Exit code once the container has terminated for good. */
  exitCode?: number;
  nextAt?: number;
  readyAt?: number;
}

export interface RunMode {
  /** The pod runs to completion (owned by a Job): healthy containers exit 0 after startupSeconds. */
  completes: boolean;
  restartPolicy: 'Always' | 'OnFailure' | 'Never';
}

function containerAt(c: Record<string, unknown>, podName: string, start: number, now: number, cat: ImageCatalogue, mode: RunMode): ContainerView {
  const name = String(c['name'] ?? '');
  const image = String(c['image'] ?? '');
  const prof = cat.profile(image);
  const pull = Math.min(prof.startupMs, MAX_PULL_MS);
  const base = {
    name,
    image,
    imageID: `sim.local/${image.split(':')[0]}@sha256:${sha256Hex(image)}`,
  };
  const cid = (n: number) => `containerd://${sha256Hex(`${podName}/${name}/${n}`)}`;
  const t = now - start;
  if (t < pull) {
    return {
      status: { ...base, imageID: '', ready: false, restartCount: 0, started: false, state: { waiting: { reason: 'ContainerCreating' } }, lastState: {} },
      started: false,
      ready: false,
      nextAt: start + pull,
    };
  }
  switch (prof.behaviour) {
    case 'pullError':
      return {
        status: {
          ...base,
          imageID: '',
          ready: false,
          restartCount: 0,
          started: false,
          state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${image}"` } },
          lastState: {},
        },
        started: false,
        ready: false,
      };
    case 'neverReady':
      return {
        status: { ...base, containerID: cid(0), ready: false, restartCount: 0, started: true, state: { running: { startedAt: isoSeconds(start + pull) } }, lastState: {} },
        started: true,
        ready: false,
      };
    case 'crashLoop': {
      const run = Math.max(prof.startupMs, MIN_RUN_MS);
      let s = start + pull;
      if (mode.restartPolicy === 'Never') {
        if (now < s + run) {
          return {
            status: { ...base, containerID: cid(0), ready: false, restartCount: 0, started: true, state: { running: { startedAt: isoSeconds(s) } }, lastState: {} },
            started: true,
            ready: false,
            nextAt: s + run,
          };
        }
        const terminated = { exitCode: 1, reason: 'Error', startedAt: isoSeconds(s), finishedAt: isoSeconds(s + run), containerID: cid(0) };
        return {
          status: { ...base, containerID: cid(0), ready: false, restartCount: 0, started: false, state: { terminated }, lastState: {} },
          started: true,
          ready: false,
          exitCode: 1,
        };
      }
      for (let k = 0; ; k++) {
        if (now < s + run) {
          return {
            status: {
              ...base,
              containerID: cid(k),
              ready: false,
              restartCount: k,
              started: true,
              state: { running: { startedAt: isoSeconds(s) } },
              lastState: k === 0 ? {} : { terminated: { exitCode: 1, reason: 'Error', startedAt: isoSeconds(s - run), finishedAt: isoSeconds(s) } },
            },
            started: true,
            ready: false,
            nextAt: s + run,
          };
        }
        const crashAt = s + run;
        const backoff = Math.min(BACKOFF_BASE_MS * 2 ** k, BACKOFF_MAX_MS);
        if (now < crashAt + backoff) {
          return {
            status: {
              ...base,
              containerID: cid(k),
              ready: false,
              restartCount: k + 1,
              started: false,
              state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${backoff / 1000}s restarting failed container=${name} pod=${podName}` } },
              lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: isoSeconds(s), finishedAt: isoSeconds(crashAt), containerID: cid(k) } },
            },
            started: true,
            ready: false,
            nextAt: crashAt + backoff,
          };
        }
        s = crashAt + backoff;
      }
    }
    case 'healthy':
    default: {
      if (mode.completes) {
        const end = start + Math.max(prof.startupMs, pull);
        if (now < end) {
          return {
            status: { ...base, containerID: cid(0), ready: true, restartCount: 0, started: true, state: { running: { startedAt: isoSeconds(start + pull) } }, lastState: {} },
            started: true,
            ready: true,
            readyAt: start + pull,
            nextAt: end,
          };
        }
        const terminated = { exitCode: 0, reason: 'Completed', startedAt: isoSeconds(start + pull), finishedAt: isoSeconds(end), containerID: cid(0) };
        return {
          status: { ...base, containerID: cid(0), ready: false, restartCount: 0, started: false, state: { terminated }, lastState: {} },
          started: true,
          ready: false,
          exitCode: 0,
        };
      }
      // A readiness probe starts probing initialDelaySeconds after the container starts.
      const probe = c['readinessProbe'] as { initialDelaySeconds?: unknown } | undefined;
      const delay = typeof probe?.initialDelaySeconds === 'number' ? probe.initialDelaySeconds * 1000 : 0;
      const readyAt = Math.max(start + prof.startupMs, start + pull + delay);
      const ready = now >= readyAt;
      return {
        status: { ...base, containerID: cid(0), ready, restartCount: 0, started: true, state: { running: { startedAt: isoSeconds(start + pull) } }, lastState: {} },
        started: true,
        ready,
        ...(ready ? { readyAt } : { nextAt: readyAt }),
      };
    }
  }
}

export function qosClass(pod: KubeObject): string {
  const containers = asArray(asMap(pod['spec'])['containers']).filter(isPlainObject);
  let any = false;
  let guaranteed = containers.length > 0;
  for (const c of containers) {
    const res = asMap(c['resources']);
    const req = asMap(res['requests']);
    const lim = asMap(res['limits']);
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      if (lim[r] === undefined || (req[r] !== undefined && req[r] !== lim[r])) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export function podTimeline(
  pod: KubeObject,
  start: number,
  now: number,
  cat: ImageCatalogue,
  placement: { nodeName: string; hostIP: string; podIP: string },
): PodTimeline {
  const containers = asArray(asMap(pod['spec'])['containers']).filter(isPlainObject);
  const mode = runMode(pod);
  const views = containers.map((c) => containerAt(c, pod.metadata.name, start, now, cat, mode));
  const allStarted = views.every((v) => v.started);
  const allReady = views.length > 0 && views.every((v) => v.ready);
  const done = views.length > 0 && views.every((v) => v.exitCode !== undefined);
  const phase = done ? (views.every((v) => v.exitCode === 0) ? 'Succeeded' : 'Failed') : allStarted ? 'Running' : 'Pending';
  const notReadyReason = done ? 'PodCompleted' : 'ContainersNotReady';
  const readyAt = allReady ? Math.max(...views.map((v) => v.readyAt ?? start)) : undefined;
  const nexts = views.map((v) => v.nextAt).filter((x): x is number => x !== undefined && x > now);
  const startIso = isoSeconds(start);
  const readyIso = readyAt !== undefined ? isoSeconds(readyAt) : startIso;
  const cond = (type: string, ok: boolean, at: string, reason?: string) => ({
    type,
    status: ok ? 'True' : 'False',
    lastProbeTime: null,
    lastTransitionTime: at,
    ...(reason ? { reason } : {}),
  });
  const status: Record<string, unknown> = {
    phase,
    conditions: [
      cond('PodReadyToStartContainers', !done, startIso),
      cond('Initialized', true, startIso),
      cond('Ready', allReady, readyIso, allReady ? undefined : notReadyReason),
      cond('ContainersReady', allReady, readyIso, allReady ? undefined : notReadyReason),
      cond('PodScheduled', true, startIso),
    ],
    hostIP: placement.hostIP,
    hostIPs: [{ ip: placement.hostIP }],
    podIP: placement.podIP,
    podIPs: [{ ip: placement.podIP }],
    startTime: startIso,
    containerStatuses: views.map((v) => v.status),
    qosClass: qosClass(pod),
  };
  const out: PodTimeline = { status };
  if (nexts.length > 0) out.nextAt = Math.min(...nexts);
  if (readyAt !== undefined) out.readyAt = readyAt;
  return out;
}

/** How the pod's containers run: to completion for a Job's pods; restartPolicy as in the spec. */
export function runMode(pod: KubeObject): RunMode {
  const rp = asMap(pod['spec'])['restartPolicy'];
  const restartPolicy = rp === 'Never' || rp === 'OnFailure' ? rp : 'Always';
  const owner = (pod.metadata.ownerReferences ?? []).find((r) => r && r.controller === true);
  return { completes: owner?.kind === 'Job' && restartPolicy !== 'Always', restartPolicy };
}

/** Whether a pod's Ready condition is True. */
export function isPodReady(pod: KubeObject): boolean {
  const conds = asArray(asMap(pod['status'])['conditions']);
  return conds.some((c) => isPlainObject(c) && c['type'] === 'Ready' && c['status'] === 'True');
}
