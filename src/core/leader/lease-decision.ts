/**
 * Leader election over a `coordination.k8s.io/v1` Lease, as pure decisions: given the Lease as last read,
 * when this candidate first saw that version of it, and the time now, what to write (if anything).
 *
 * Expiry is judged by the candidate's own clock from the moment it observed the holder's last renewal
 * (the Lease's resourceVersion changed), never from the timestamps another machine wrote, so clock skew
 * between replicas cannot make two of them leaders. The leader steps down when it has not renewed for
 * `renewDeadlineMs`, which is shorter than the lease duration: it has stopped acting before anyone else
 * may take the Lease.
 */

export const LEADER_LEASE = { namespace: 'tugboat-system', name: 'tugboat-leader' } as const;

/** The Lease spec fields leader election uses (`coordination.k8s.io/v1` LeaseSpec). */
export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  /** RFC 3339 with microseconds, as the API server stores MicroTime. */
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export interface LeaseRecord {
  spec: LeaseSpec;
  resourceVersion: string;
}

/** The Lease on the API server: read, created, updated with optimistic concurrency. */
export interface LeaseClient {
  get(): Promise<LeaseRecord | undefined>;
  /** Throws LeaseConflictError when the Lease already exists. */
  create(spec: LeaseSpec): Promise<LeaseRecord>;
  /** Replaces the spec if the Lease is still at `resourceVersion`; throws LeaseConflictError otherwise. */
  update(spec: LeaseSpec, resourceVersion: string): Promise<LeaseRecord>;
}

/** Someone else wrote the Lease first (HTTP 409): they won this round. */
export class LeaseConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LeaseConflictError';
  }
}

export interface LeaseTiming {
  leaseDurationMs: number;
  /** The leader gives up when its last successful renewal is this old. */
  renewDeadlineMs: number;
  /** How often candidates try to acquire and the leader renews. */
  retryPeriodMs: number;
}

/** Kubernetes' leader-election defaults (15 s / 10 s / 2 s), scaled to another lease duration. */
export function leaseTiming(leaseDurationMs = 15_000): LeaseTiming {
  return {
    leaseDurationMs,
    renewDeadlineMs: Math.round((leaseDurationMs * 2) / 3),
    retryPeriodMs: Math.round((leaseDurationMs * 2) / 15),
  };
}

/** When this candidate first saw the current version of the Lease (its own clock). */
export interface Observation {
  resourceVersion: string;
  observedAt: number;
}

export type LeaseDecision =
  | { action: 'create'; spec: LeaseSpec }
  | { action: 'update'; spec: LeaseSpec; resourceVersion: string; kind: 'renew' | 'acquire' }
  | { action: 'wait'; holder: string; expiresAt: number };

/** Keeps the observation when the Lease is the version seen before, or starts a new one at `now`. */
export function observe(prev: Observation | undefined, lease: LeaseRecord | undefined, now: number): Observation | undefined {
  if (!lease) return undefined;
  if (prev && prev.resourceVersion === lease.resourceVersion) return prev;
  return { resourceVersion: lease.resourceVersion, observedAt: now };
}

/** The Lease's duration as its holder wrote it, else ours. */
function durationMs(spec: LeaseSpec, timing: LeaseTiming): number {
  const s = spec.leaseDurationSeconds;
  return typeof s === 'number' && s > 0 ? s * 1000 : timing.leaseDurationMs;
}

export function isoMicro(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * What `identity` does now. `observation` must come from observe() on this same Lease read.
 */
export function decide(input: {
  identity: string;
  now: number;
  lease: LeaseRecord | undefined;
  observation: Observation | undefined;
  timing: LeaseTiming;
}): LeaseDecision {
  const { identity, now, lease, timing } = input;
  const seconds = Math.round(timing.leaseDurationMs / 1000);
  const fresh = (transitions: number): LeaseSpec => ({
    holderIdentity: identity,
    leaseDurationSeconds: seconds,
    acquireTime: isoMicro(now),
    renewTime: isoMicro(now),
    leaseTransitions: transitions,
  });
  if (!lease) return { action: 'create', spec: fresh(0) };
  const spec = lease.spec;
  const transitions = spec.leaseTransitions ?? 0;
  const holder = spec.holderIdentity ?? '';
  if (holder === identity) {
    return {
      action: 'update',
      kind: 'renew',
      resourceVersion: lease.resourceVersion,
      spec: { ...spec, leaseDurationSeconds: seconds, acquireTime: spec.acquireTime ?? isoMicro(now), renewTime: isoMicro(now) },
    };
  }
  // Released (empty holder): free to take at once.
  if (holder === '') return { action: 'update', kind: 'acquire', resourceVersion: lease.resourceVersion, spec: fresh(transitions + 1) };
  const observedAt = input.observation && input.observation.resourceVersion === lease.resourceVersion ? input.observation.observedAt : now;
  const expiresAt = observedAt + durationMs(spec, timing);
  if (now < expiresAt) return { action: 'wait', holder, expiresAt };
  return { action: 'update', kind: 'acquire', resourceVersion: lease.resourceVersion, spec: fresh(transitions + 1) };
}

/** The leader must stop acting: its last successful renewal is `renewDeadlineMs` old. */
export function mustStepDown(lastRenewedAt: number, now: number, timing: LeaseTiming): boolean {
  return now - lastRenewedAt >= timing.renewDeadlineMs;
}

/** The spec a leader writes when it shuts down cleanly, so a standby need not wait out the lease. */
export function releasedSpec(spec: LeaseSpec, now: number): LeaseSpec {
  return { ...spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: isoMicro(now) };
}
