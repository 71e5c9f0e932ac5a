/**
 * Pod health, following Argo CD's gitops-engine (pkg/health/health_pod.go).
 */
import type { KubeObject } from '../model/kube-object.js';
import type { Health } from './status.js';
import { arr, num, obj, str, type Obj } from './fields.js';

/** Waiting reasons that mean the container will not start by itself (ErrImagePull, CrashLoopBackOff, …). */
function isBadWaitingReason(reason: string): boolean {
  return reason.startsWith('Err') || reason.endsWith('Error') || reason.endsWith('BackOff');
}

function failMessage(ctr: Obj): string {
  const terminated = obj(obj(ctr.state).terminated);
  if (Object.keys(terminated).length === 0) return '';
  if (str(terminated.message)) return str(terminated.message);
  if (terminated.reason === 'OOMKilled') return 'OOMKilled';
  const code = num(terminated.exitCode);
  if (code !== 0) return `container "${str(ctr.name)}" failed with exit code ${code}`;
  return '';
}

function isReady(status: Obj): boolean {
  return arr(status.conditions).some((c) => c.type === 'Ready' && c.status === 'True');
}

export function podHealth(o: KubeObject): Health {
  const spec = obj(o.spec);
  const status = obj(o.status);
  const restartPolicy = str(spec.restartPolicy) || 'Always';
  const message = str(status.message);
  const containers = arr(status.containerStatuses);
  const initContainers = arr(status.initContainerStatuses);

  // Argo CD applies this only to restartPolicy Always: a finite pod (a hook) may recover from a pull error.
  if (restartPolicy === 'Always') {
    const bad: string[] = [];
    for (const c of [...initContainers, ...containers]) {
      const waiting = obj(obj(c.state).waiting);
      const reason = str(waiting.reason);
      if (reason && isBadWaitingReason(reason)) {
        // Argo CD shows only waiting.message; the reason leads here so the cause is always named.
        const msg = str(waiting.message);
        bad.push(`container "${str(c.name)}": ${reason}${msg ? `: ${msg}` : ''}`);
      }
    }
    if (bad.length > 0) return { status: 'Degraded', message: bad.join(', ') };
  }

  switch (str(status.phase)) {
    case 'Pending':
      return { status: 'Progressing', message };
    case 'Succeeded':
      return { status: 'Healthy', message };
    case 'Failed': {
      if (message) return { status: 'Degraded', message };
      for (const c of [...initContainers, ...containers]) {
        const m = failMessage(c);
        if (m) return { status: 'Degraded', message: m };
      }
      return { status: 'Degraded', message: '' };
    }
    case 'Running': {
      if (restartPolicy !== 'Always') {
        // Finite pods (OnFailure/Never) are still working towards completion.
        return { status: 'Progressing', message };
      }
      if (isReady(status)) return { status: 'Healthy', message };
      // Not ready and a container has terminated before: it is failing, not starting.
      if (containers.some((c) => Object.keys(obj(obj(c.lastState).terminated)).length > 0)) {
        return { status: 'Degraded', message };
      }
      return { status: 'Progressing', message };
    }
    default:
      return { status: 'Unknown', message };
  }
}
