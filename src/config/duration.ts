/**
 * Durations as written in tugboat.yaml: `500ms`, `30s`, `5m`, `1h`, and combinations such as `1m30s`
 * or `1h30m` (Go's time.ParseDuration style, restricted to h, m, s and ms). Values are milliseconds.
 */

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
const PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/y;

/** Parses a duration such as `500ms`, `30s`, `5m`, `1h` or `1m30s` into milliseconds. Throws on anything else. */
export function parseDuration(s: string): number {
  if (typeof s !== 'string') throw new Error(`invalid duration ${JSON.stringify(s)}: expected a string like 30s`);
  const text = s.trim();
  if (text === '') throw new Error('invalid duration "": expected a value like 500ms, 30s, 5m or 1h');
  let total = 0;
  let pos = 0;
  const seen = new Set<string>();
  let lastRank = -1;
  const rank: Record<string, number> = { h: 0, m: 1, s: 2, ms: 3 };
  while (pos < text.length) {
    PART.lastIndex = pos;
    const m = PART.exec(text);
    if (!m) {
      throw new Error(`invalid duration ${JSON.stringify(s)}: expected a value like 500ms, 30s, 5m, 1h or 1m30s`);
    }
    const unit = m[2]!;
    // Units must be in decreasing order and appear at most once ("1m30s", not "30s1m" or "1s2s").
    if (seen.has(unit) || rank[unit]! <= lastRank) {
      throw new Error(`invalid duration ${JSON.stringify(s)}: units must appear once each, largest first (like 1h30m)`);
    }
    seen.add(unit);
    lastRank = rank[unit]!;
    total += Number(m[1]) * UNIT_MS[unit]!;
    pos = PART.lastIndex;
  }
  return Math.round(total);
}

/** Formats milliseconds the way users write them: 500 → `500ms`, 30000 → `30s`, 90000 → `1m30s`, 3600000 → `1h`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 0) return `-${formatDuration(-ms)}`;
  let rest = Math.round(ms);
  if (rest === 0) return '0s';
  let out = '';
  for (const unit of ['h', 'm', 's', 'ms'] as const) {
    const size = UNIT_MS[unit]!;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
