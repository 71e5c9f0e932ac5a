/** Kubernetes timestamps: RFC 3339 with seconds precision, e.g. 2026-01-02T03:04:05Z. */
let cachedSecond = NaN;
let cachedText = '';

export function isoSeconds(ms: number): string {
  const sec = Math.floor(ms / 1000);
  if (sec !== cachedSecond) {
    cachedSecond = sec;
    cachedText = new Date(sec * 1000).toISOString().slice(0, 19) + 'Z';
  }
  return cachedText;
}

export function parseIso(s: unknown): number | undefined {
  if (typeof s !== 'string') return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}
