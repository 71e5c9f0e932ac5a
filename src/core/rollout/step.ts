/**
 * The rollout state machine: step(spec, state, observed, now) → {state, actions, status, events, wakeAt}.
 * Pure: no I/O, no clock but `now`. Every pass runs one fixed sequence (DESIGN.md habit 6):
 *
 *   1. requests and a new template (a newer commit supersedes what is in progress)
 *   2. abort (requested, crashing pods, or the progress deadline)
 *   3. the strategy: blue/green (preview Service → ReplicaSets → promotion → active Service)
 *      or canary (ReplicaSets at the step's ratio → pauses → stable/canary Services)
 *   4. scale-down of old ReplicaSets after their delay, history cleanup
 *   5. status
 *
 * The caller persists `state` before it carries out `actions`; the actions are idempotent (scale to a
 * number, point a Service at a hash, ReplicaSets named by template hash), so a pass interrupted anywhere
 * and run again after a restart lands on the same step and creates nothing twice.
 */
import { resolveFenceposts } from '../model/int-or-percent.js';
import type {
  BlueGreenStrategy, CanaryStrategy, Observed, ObservedReplicaSet, RolloutAction, RolloutEvent, RolloutPhase, RolloutSpec, RolloutState,
  RolloutStatus, RolloutView, StepResult,
} from './types.js';
import { ROLLOUT_REASONS } from './reasons.js';

export function initialState(spec: RolloutSpec): RolloutState {
  return { strategy: spec.strategy.kind, phase: 'Progressing', message: '', currentStep: 0, weight: 0, scaleDownAt: {} };
}

/** Requests from `tugboat promote` / `tugboat abort`, recorded in the state before the next pass. */
export function requestPromote(state: RolloutState, full: boolean): RolloutState {
  return { ...state, promote: full ? 'full' : state.promote === 'full' ? 'full' : 'step' };
}
export function requestAbort(state: RolloutState): RolloutState {
  return { ...state, abort: true };
}
export function requestRetry(state: RolloutState): RolloutState {
  return { ...state, retry: true };
}

class Pass {
  readonly actions: RolloutAction[] = [];
  readonly events: RolloutEvent[] = [];
  wakeAt: number | undefined;
  aborted: StepResult['aborted'];
  promoted: StepResult['promoted'];

  constructor(readonly spec: RolloutSpec, readonly s: RolloutState, readonly obs: Observed, readonly now: number) {}

  rs(hash: string | undefined): ObservedReplicaSet | undefined {
    return hash ? this.obs.replicaSets.find((r) => r.hash === hash) : undefined;
  }
  wake(at: number): void {
    this.wakeAt = this.wakeAt === undefined ? at : Math.min(this.wakeAt, at);
  }
  scale(hash: string, replicas: number): void {
    // One scale per ReplicaSet and pass: a pass that moves through several steps keeps only the last.
    const earlier = this.actions.findIndex((a) => a.type === 'scaleReplicaSet' && a.hash === hash);
    if (earlier >= 0) this.actions.splice(earlier, 1);
    const cur = this.rs(hash);
    if (cur && cur.specReplicas === replicas) return;
    // A missing ReplicaSet at 0 replicas needs no object.
    if (!cur && replicas === 0) return;
    this.actions.push({ type: 'scaleReplicaSet', hash, replicas });
  }
  point(service: string | undefined, hash: string | undefined): void {
    if (!service || !hash) return;
    if (this.obs.services[service]?.hash === hash) return;
    this.actions.push({ type: 'pointService', service, hash });
  }
  emit(name: RolloutEvent['name'], message: string, extra: Record<string, unknown> = {}): void {
    this.events.push({ name, message, fields: { rollout: this.spec.name, step: this.s.currentStep, weight: this.s.weight, phase: this.s.phase, ...extra } });
  }
  setPhase(phase: RolloutPhase, message: string): void {
    this.s.phase = phase;
    this.s.message = message;
  }
}

export function step(spec: RolloutSpec, prev: RolloutState | undefined, obs: Observed, now: number): StepResult {
  const s: RolloutState = structuredClone(prev ?? initialState(spec));
  s.strategy = spec.strategy.kind;
  const p = new Pass(spec, s, obs, now);
  const h = spec.templateHash;

  // 1. A new template: the newest commit wins. What was in progress is scaled down at once (never
  // orphaned); the stable side keeps serving.
  if (s.currentHash !== h) {
    if (s.currentHash && s.currentHash !== s.stableHash) s.scaleDownAt[s.currentHash] = now;
    const superseded = s.currentHash;
    s.currentHash = h;
    s.currentRevision = spec.revision;
    delete s.scaleDownAt[h];
    delete s.promote;
    delete s.abort;
    delete s.retry;
    delete s.abortReason;
    delete s.readyAt;
    delete s.promoting;
    delete s.pauseStartedAt;
    delete s.canaryScale;
    s.stepStartedAt = now;
    if (!s.stableHash || h === s.stableHash) {
      // The first template of a Rollout is not a rollout (nothing to shift traffic from), and going back
      // to the stable template needs no steps.
      s.stableHash = h;
      s.stableRevision = spec.revision;
      s.currentStep = spec.strategy.kind === 'canary' ? spec.strategy.steps.length : 1;
      s.weight = 100;
      p.setPhase('Progressing', superseded ? 'back to the stable ReplicaSet' : 'creating the first ReplicaSet');
    } else {
      s.currentStep = 0;
      s.weight = 0;
      p.setPhase('Progressing', `rolling out ${spec.name}-${h}`);
      p.emit('rollout.step', `rollout ${spec.name}: new revision ${short(spec.revision)}${superseded && superseded !== s.stableHash ? ' supersedes the one in progress' : ''}`);
    }
  } else if (s.currentRevision !== spec.revision) {
    // Same pod template at a newer commit (another file changed): nothing to roll.
    s.currentRevision = spec.revision;
    if (s.currentHash === s.stableHash) s.stableRevision = spec.revision;
  }
  if (s.retry && s.phase === 'Aborted') {
    s.currentStep = 0;
    s.weight = 0;
    s.stepStartedAt = now;
    delete s.abortReason;
    delete s.scaleDownAt[h];
    delete s.readyAt;
    delete s.promoting;
    delete s.pauseStartedAt;
    p.setPhase('Progressing', `retrying ${spec.name}-${h}`);
  }
  delete s.retry;

  const inRollout = () => s.currentHash !== s.stableHash && s.phase !== 'Aborted';

  // 2. Abort: asked for, pods that crash or cannot pull, or no progress within the deadline (pauses excepted).
  if (inRollout()) {
    const cur = p.rs(h);
    // Waiting for a person (a pause, promote) or for autoPromotionSeconds is not a lack of progress.
    const waiting = s.phase === 'Paused' || (s.readyAt !== undefined && !s.promoting);
    let reason: string | undefined;
    let message = '';
    if (s.abort) {
      reason = ROLLOUT_REASONS.manualAbort;
      message = 'aborted by user';
    } else if (cur?.podProblem) {
      reason = ROLLOUT_REASONS.podsCrashing;
      message = `new pods fail: ${cur.podProblem}`;
    } else if (!waiting && s.stepStartedAt !== undefined && now >= s.stepStartedAt + spec.progressDeadlineSeconds * 1000) {
      reason = ROLLOUT_REASONS.progressDeadline;
      message = `no progress within progressDeadlineSeconds (${spec.progressDeadlineSeconds}s)`;
    }
    if (reason) {
      const delay = spec.strategy.abortScaleDownDelaySeconds * 1000;
      s.scaleDownAt[h] = now + delay;
      s.abortReason = reason;
      s.weight = 0;
      delete s.promoting;
      delete s.readyAt;
      delete s.pauseStartedAt;
      p.setPhase('Aborted', `${message}; traffic stays on ${spec.name}-${s.stableHash} (revision ${short(s.stableRevision)})`);
      p.emit('rollout.aborted', `rollout ${spec.name} aborted: ${message}`, { reason });
      p.aborted = { reason, message, revision: s.currentRevision ?? spec.revision, stableRevision: s.stableRevision ?? '', manual: reason === ROLLOUT_REASONS.manualAbort };
    }
  }
  delete s.abort;
  if (!inRollout()) delete s.promote;

  // 3. The strategy.
  if (spec.strategy.kind === 'blueGreen') blueGreen(p, spec.strategy, inRollout());
  else canary(p, spec.strategy, inRollout());
  // The progress deadline of the step the strategy left it at (none while waiting for a person or a delay).
  if (inRollout() && s.stepStartedAt !== undefined && !(s.phase === 'Paused' || (s.readyAt !== undefined && !s.promoting))) {
    p.wake(s.stepStartedAt + spec.progressDeadlineSeconds * 1000);
  }

  // 4. Old ReplicaSets: scaled to 0 once their delay is over; idle ones beyond the history limit deleted.
  const bgDelay = spec.strategy.kind === 'blueGreen' ? spec.strategy.scaleDownDelaySeconds * 1000 : 0;
  const live = new Set([s.stableHash, inRollout() ? h : undefined].filter(Boolean));
  for (const r of obs.replicaSets) {
    if (live.has(r.hash)) continue;
    if (r.specReplicas === 0) {
      delete s.scaleDownAt[r.hash];
      continue;
    }
    const at = (s.scaleDownAt[r.hash] ??= now + bgDelay);
    if (at <= now) {
      p.scale(r.hash, 0);
      delete s.scaleDownAt[r.hash];
    } else p.wake(at);
  }
  for (const k of Object.keys(s.scaleDownAt)) if (!obs.replicaSets.some((r) => r.hash === k)) delete s.scaleDownAt[k];
  const idle = obs.replicaSets
    .filter((r) => !live.has(r.hash) && r.hash !== h && r.specReplicas === 0 && r.replicas === 0)
    .sort((a, b) => b.createdAt - a.createdAt || (a.name < b.name ? -1 : 1));
  for (const r of idle.slice(spec.revisionHistoryLimit)) p.actions.push({ type: 'deleteReplicaSet', hash: r.hash });

  return { state: s, actions: p.actions, status: statusOf(spec, s, obs), events: p.events, wakeAt: p.wakeAt, aborted: p.aborted, promoted: p.promoted };
}

/** Not in a rollout: the stable ReplicaSet at full size, every Service on it. */
function steady(p: Pass, services: Array<string | undefined>): void {
  const { spec, s } = p;
  const stable = s.stableHash!;
  p.scale(stable, spec.replicas);
  for (const svc of services) p.point(svc, stable);
  if (s.phase === 'Aborted') return;
  const r = p.rs(stable);
  if (r?.podProblem) p.setPhase('Degraded', `stable pods fail: ${r.podProblem}`);
  else if (r && r.specReplicas === spec.replicas && r.available >= spec.replicas) {
    if (s.phase !== 'Healthy') p.setPhase('Healthy', '');
  } else p.setPhase('Progressing', `waiting for ${spec.name}-${stable}: ${r?.available ?? 0} of ${spec.replicas} available`);
}

function blueGreen(p: Pass, bg: BlueGreenStrategy, rolling: boolean): void {
  const { spec, s, now } = p;
  if (!rolling) return steady(p, [bg.activeService, bg.previewService]);
  const h = s.currentHash!;
  const n = spec.replicas;
  const preview = s.promoting ? n : Math.min(bg.previewReplicaCount ?? n, n);
  // preview Service → ReplicaSets → pause/promotion → active Service
  p.point(bg.previewService, h);
  p.scale(s.stableHash!, n);
  p.scale(h, preview);
  p.point(bg.activeService, s.stableHash);
  const cur = p.rs(h);
  const ready = cur !== undefined && cur.specReplicas === preview && cur.available >= preview;
  if (!ready) {
    p.setPhase('Progressing', `waiting for ${spec.name}-${h}: ${cur?.available ?? 0} of ${preview} available`);
    return;
  }
  if (!s.promoting) {
    if (s.readyAt === undefined) {
      s.readyAt = now;
      s.stepStartedAt = now;
    }
    const promoteAt = s.readyAt + bg.autoPromotionSeconds * 1000;
    const go = s.promote !== undefined || (bg.autoPromotionEnabled && now >= promoteAt);
    if (!go) {
      if (!bg.autoPromotionEnabled) {
        if (s.phase !== 'Paused') {
          s.pauseStartedAt = now;
          p.setPhase('Paused', `${spec.name}-${h} is ready behind the preview service; waiting for promote`);
          p.emit('rollout.paused', `rollout ${spec.name} paused: waiting for promote`);
        }
      } else {
        p.setPhase('Progressing', `promoting ${spec.name}-${h} in ${Math.ceil((promoteAt - now) / 1000)}s`);
        p.wake(promoteAt);
      }
      return;
    }
    delete s.promote;
    delete s.pauseStartedAt;
    s.promoting = true;
    s.stepStartedAt = now;
    if (preview < n) {
      p.scale(h, n);
      p.setPhase('Progressing', `promoting: scaling ${spec.name}-${h} to ${n}`);
      return;
    }
  }
  const full = cur.specReplicas === n && cur.available >= n;
  if (!full) {
    p.setPhase('Progressing', `promoting: ${cur.available} of ${n} available`);
    return;
  }
  // The switch: only now, with the new ReplicaSet fully available.
  promote(p, [bg.activeService, bg.previewService]);
}

/** The new ReplicaSet becomes stable; the old one is scaled down by step 4 after its delay. */
function promote(p: Pass, services: Array<string | undefined>): void {
  const { spec, s } = p;
  const h = s.currentHash!;
  for (const svc of services) p.point(svc, h);
  s.stableHash = h;
  s.stableRevision = s.currentRevision;
  s.weight = 100;
  s.currentStep = spec.strategy.kind === 'canary' ? spec.strategy.steps.length : 1;
  delete s.promoting;
  delete s.readyAt;
  delete s.pauseStartedAt;
  delete s.canaryScale;
  p.setPhase('Healthy', '');
  p.promoted = { revision: s.currentRevision ?? spec.revision };
  p.emit('rollout.promoted', `rollout ${spec.name} fully promoted to revision ${short(s.currentRevision)}`);
}

function canary(p: Pass, c: CanaryStrategy, rolling: boolean): void {
  const { spec, s, now } = p;
  if (!rolling) return steady(p, [c.stableService, c.canaryService]);
  const h = s.currentHash!;
  const stable = s.stableHash!;
  p.point(c.stableService, stable);
  p.point(c.canaryService, h);
  if (s.promote === 'full') {
    s.currentStep = c.steps.length;
    s.stepStartedAt = now;
    delete s.promote;
    delete s.pauseStartedAt;
  }
  for (;;) {
    if (s.currentStep >= c.steps.length) {
      s.weight = 100;
      delete s.canaryScale;
      scaleCanary(p, c, true);
      if (!canaryFull(p)) {
        p.setPhase('Progressing', `promoting: ${p.rs(h)?.available ?? 0} of ${spec.replicas} canary pods available`);
        return;
      }
      return promote(p, [c.stableService, c.canaryService]);
    }
    const st = c.steps[s.currentStep]!;
    if ('pause' in st) {
      const d = st.pause.duration;
      if (s.promote === 'step' || (d !== undefined && s.pauseStartedAt !== undefined && now >= s.pauseStartedAt + d * 1000)) {
        delete s.promote;
        advance(p);
        continue;
      }
      if (!scaleCanary(p, c)) {
        p.setPhase('Progressing', `step ${s.currentStep}: waiting for the canary ratio`);
        return;
      }
      if (s.pauseStartedAt === undefined) {
        s.pauseStartedAt = now;
        p.setPhase('Paused', d === undefined ? `paused at step ${s.currentStep}: waiting for promote` : `paused at step ${s.currentStep} for ${d}s`);
        p.emit('rollout.paused', `rollout ${spec.name} paused at step ${s.currentStep}${d === undefined ? ': waiting for promote' : ` for ${d}s`}`, d === undefined ? {} : { duration: d });
      }
      if (d !== undefined) p.wake(s.pauseStartedAt + d * 1000);
      return;
    }
    if (s.promote === 'step') {
      // promote outside a pause skips the step being worked on.
      delete s.promote;
      if ('setWeight' in st) s.weight = st.setWeight;
      advance(p);
      continue;
    }
    if ('setWeight' in st) {
      s.weight = st.setWeight;
      if (!s.canaryScale?.matchTrafficWeight) delete s.canaryScale;
    } else s.canaryScale = st.setCanaryScale;
    if (!scaleCanary(p, c)) {
      p.setPhase('Progressing', `step ${s.currentStep}: weight ${s.weight}, scaling`);
      return;
    }
    advance(p);
  }
}

function advance(p: Pass): void {
  const { s, spec, now } = p;
  s.currentStep++;
  s.stepStartedAt = now;
  delete s.pauseStartedAt;
  s.phase = 'Progressing';
  p.emit('rollout.step', `rollout ${spec.name} at step ${s.currentStep} (weight ${s.weight})`);
}

/** Canary weight W of N replicas is round(N×W/100) canary pods, the rest stable (no traffic router). */
export function canaryCounts(replicas: number, weight: number, scale?: RolloutState['canaryScale']): { canary: number; stable: number } {
  const byWeight = Math.round((replicas * weight) / 100);
  let canary = byWeight;
  if (scale?.replicas !== undefined) canary = scale.replicas;
  else if (scale?.weight !== undefined) canary = Math.round((replicas * scale.weight) / 100);
  return { canary, stable: replicas - byWeight };
}

/**
 * Moves both ReplicaSets towards the step's counts within maxSurge / maxUnavailable (as a Deployment
 * would): the canary grows into the surge, the stable side shrinks only as far as availability allows.
 * True once both sides are at their counts and the canary pods are available.
 */
function scaleCanary(p: Pass, c: CanaryStrategy, final = false): boolean {
  const { spec, s } = p;
  const n = spec.replicas;
  const want = canaryCounts(n, s.weight, s.canaryScale);
  // At full promotion the last stable pod stays until the Services have switched to the canary side
  // (promote() then scales it down), so a stable Service never has an empty set of endpoints; the
  // canary may surge by one to get there.
  const keepLast = final && want.stable === 0 && (p.rs(s.stableHash)?.specReplicas ?? 0) > 0;
  if (keepLast) want.stable = 1;
  const cur = p.rs(s.currentHash);
  const st = p.rs(s.stableHash);
  const { surge, unavailable } = resolveFenceposts(c.maxSurge, c.maxUnavailable, n);
  const curSpec = cur?.specReplicas ?? 0;
  const curAvail = cur?.available ?? 0;
  const stSpec = st?.specReplicas ?? 0;
  const stAvail = st?.available ?? 0;
  const maxTotal = n + (keepLast ? Math.max(surge, 1) : surge);
  const minAvailable = n - unavailable;
  const canaryTarget = want.canary <= curSpec ? want.canary : curSpec + Math.min(want.canary - curSpec, Math.max(0, maxTotal - stSpec - curSpec));
  let stableTarget = want.stable;
  if (want.stable < stSpec) {
    const removable = (stSpec - stAvail) + Math.max(0, stAvail + Math.min(curAvail, canaryTarget) - minAvailable);
    stableTarget = Math.max(want.stable, stSpec - removable);
  }
  p.scale(s.currentHash!, canaryTarget);
  p.scale(s.stableHash!, stableTarget);
  return canaryTarget === want.canary && stableTarget === want.stable && curAvail >= want.canary;
}

/** Promotion is complete on the canary side once all spec.replicas canary pods are available. */
function canaryFull(p: Pass): boolean {
  const cur = p.rs(p.s.currentHash);
  return cur !== undefined && cur.specReplicas === p.spec.replicas && cur.available >= p.spec.replicas;
}

function statusOf(spec: RolloutSpec, s: RolloutState, obs: Observed): RolloutStatus {
  const cur = obs.replicaSets.find((r) => r.hash === s.currentHash);
  const sum = (f: 'replicas' | 'ready' | 'available') => obs.replicaSets.reduce((n, r) => n + r[f], 0);
  const rolling = s.currentHash !== s.stableHash && s.phase !== 'Aborted';
  const status: RolloutStatus = {
    phase: s.phase,
    message: s.message,
    currentStepIndex: s.currentStep,
    currentPodHash: s.currentHash ?? '',
    stableRS: s.stableHash ?? '',
    replicas: sum('replicas'),
    updatedReplicas: cur?.replicas ?? 0,
    readyReplicas: sum('ready'),
    availableReplicas: sum('available'),
    weight: s.weight,
    abort: s.phase === 'Aborted',
  };
  if (spec.strategy.kind === 'blueGreen') {
    status.blueGreen = { activeSelector: s.stableHash ?? '', previewSelector: rolling ? s.currentHash ?? '' : s.stableHash ?? '' };
  } else {
    status.canary = { weight: s.weight, ...(spec.strategy.stableService ? { stableService: spec.strategy.stableService } : {}), ...(spec.strategy.canaryService ? { canaryService: spec.strategy.canaryService } : {}) };
  }
  return status;
}

/** AppStatus.rollouts[] of one Rollout (SPEC §4). */
export function rolloutView(name: string, s: RolloutState): RolloutView {
  const rolling = s.currentHash !== s.stableHash && s.phase !== 'Aborted';
  return {
    name,
    strategy: s.strategy,
    phase: s.phase,
    currentStep: s.currentStep,
    weight: s.weight,
    stableRevision: s.stableRevision ?? '',
    activeRevision: s.stableRevision ?? '',
    previewRevision: rolling || s.phase === 'Aborted' ? s.currentRevision ?? '' : '',
    message: s.message,
  };
}

function short(rev: string | undefined): string {
  return rev ? rev.slice(0, 12) : '-';
}
