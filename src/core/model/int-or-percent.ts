/**
 * Kubernetes' int-or-percent arithmetic (maxSurge / maxUnavailable), shared by the simulated cluster's
 * Deployment and DaemonSet controllers and by Tugboat's own Rollouts, so both roll by the same numbers.
 */

/** An int-or-percent value scaled against `total`: percentages round up or down as asked. */
export function scaledValue(v: unknown, total: number, roundUp: boolean, fallback: string): number {
  const raw = v === undefined || v === null ? fallback : v;
  if (typeof raw === 'number') return Math.max(0, Math.floor(raw));
  const s = String(raw);
  const m = s.match(/^(\d+)%$/);
  if (m) {
    const x = (Number(m[1]) * total) / 100;
    return roundUp ? Math.ceil(x) : Math.floor(x);
  }
  const n = Number(s);
  return Number.isFinite(n) ? Math.max(0, Math.floor(n)) : 0;
}

/** True for what Kubernetes accepts as an int-or-percent: a non-negative integer or "N%". */
export function isIntOrPercent(v: unknown): boolean {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0;
  return typeof v === 'string' && /^(\d+%?)$/.test(v);
}

/** maxSurge rounds up, maxUnavailable rounds down; if both are 0, maxUnavailable becomes 1. */
export function resolveFenceposts(maxSurge: unknown, maxUnavailable: unknown, replicas: number, fallback = '25%'): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge, replicas, true, fallback);
  let unavailable = scaledValue(maxUnavailable, replicas, false, fallback);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}
