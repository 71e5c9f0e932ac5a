import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../src/config/index.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1h30m', 5_400_000],
    ['2h5m10s250ms', 7_510_250],
    ['1.5s', 1_500],
    ['0s', 0],
    [' 10s ', 10_000],
  ])('%s → %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '30', 's', '5 m', '1d', '30sec', '-5s', '30s1m', '1s1s', 'abc', '1m 30s', '5M'])('rejects %j', (text) => {
    expect(() => parseDuration(text)).toThrow(/invalid duration/);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [500, '500ms'],
    [1_000, '1s'],
    [30_000, '30s'],
    [90_000, '1m30s'],
    [180_000, '3m'],
    [3_600_000, '1h'],
    [5_400_500, '1h30m500ms'],
  ])('%i ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('round-trips', () => {
    for (const ms of [1, 999, 1_001, 61_000, 3_661_001]) expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});
