/** Health of one object or of an app (SPEC §4 `health.status`). */
export type HealthStatus = 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing' | 'Unknown';

export interface Health {
  status: HealthStatus;
  message: string;
}

/**
 * Most healthy first, least healthy last: the order of Argo CD's gitops-engine
 * (pkg/health/health.go `healthOrder`, used by `IsWorse`). An app's health is the worst of its resources.
 * Unknown ranks worst: when we cannot tell, we must not report the app as fine.
 */
export const HEALTH_ORDER: readonly HealthStatus[] = ['Healthy', 'Suspended', 'Progressing', 'Missing', 'Degraded', 'Unknown'];

const RANK: Record<HealthStatus, number> = {
  Healthy: 0,
  Suspended: 1,
  Progressing: 2,
  Missing: 3,
  Degraded: 4,
  Unknown: 5,
};

/** True when `b` is a worse condition than `a` (gitops-engine `IsWorse(current=a, new=b)`). */
export function isWorse(a: HealthStatus, b: HealthStatus): boolean {
  return RANK[b] > RANK[a];
}

/** The worse of two statuses. */
export function worst(a: HealthStatus, b: HealthStatus): HealthStatus {
  return RANK[b] > RANK[a] ? b : a;
}

/** The worst of many healths (the first one with that status keeps its message); Healthy for none. */
export function worstOf(healths: Iterable<Health>): Health {
  let out: Health = { status: 'Healthy', message: '' };
  for (const h of healths) if (isWorse(out.status, h.status)) out = h;
  return out;
}
