import { describe, expect, it } from 'vitest';
import { fromLabelSelector, matches, parseSelector } from '../../../../src/adapters/cluster/sim/label-selector.js';
import { ClusterError } from '../../../../src/core/ports.js';
import { resolveFenceposts } from '../../../../src/adapters/cluster/sim/rollout-math.js';
import { templateHash } from '../../../../src/adapters/cluster/sim/names.js';
import { globToRegExp } from '../../../../src/adapters/cluster/sim/image-catalogue.js';

describe('label selectors', () => {
  const l = { app: 'web', tier: 'fe', 'example.com/team': 'a' };
  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app!=db', true],
    ['tier in (fe,be)', true],
    ['tier in (be)', false],
    ['tier notin (be, db)', true],
    ['tier notin (fe)', false],
    ['example.com/team', true],
    ['!example.com/team', false],
    ['!missing', true],
    ['missing', false],
    ['missing!=x', true],
    ['missing in (x)', false],
    ['app=web, tier in (fe), !missing', true],
  ])('%s → %s', (sel, want) => {
    expect(matches(parseSelector(sel), l)).toBe(want);
  });

  it('rejects garbage', () => {
    expect(() => parseSelector('a=b=c')).toThrow(ClusterError);
    expect(() => parseSelector('in (x)')).toThrow(ClusterError);
  });

  it('LabelSelector objects', () => {
    const s = fromLabelSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe'] }, { key: 'x', operator: 'DoesNotExist' }] });
    expect(matches(s, l)).toBe(true);
    expect(matches(s, { app: 'web', tier: 'be' })).toBe(false);
  });
});

describe('rollout arithmetic and names', () => {
  it('surge rounds up, unavailable rounds down, both 0 → unavailable 1', () => {
    expect(resolveFenceposts('25%', '25%', 10)).toEqual({ surge: 3, unavailable: 2 });
    expect(resolveFenceposts(undefined, undefined, 1)).toEqual({ surge: 1, unavailable: 0 });
    expect(resolveFenceposts(0, '10%', 3)).toEqual({ surge: 0, unavailable: 1 });
    expect(resolveFenceposts(2, 0, 3)).toEqual({ surge: 2, unavailable: 0 });
  });

  it('template hashes are stable, short, and key-order independent', () => {
    const a = templateHash({ metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'a', image: 'i' }] } });
    const b = templateHash({ spec: { containers: [{ image: 'i', name: 'a' }] }, metadata: { labels: { app: 'x' } } });
    expect(a).toBe(b);
    expect(a).toMatch(/^[a-z0-9]{10}$/);
    expect(templateHash({ spec: { containers: [{ name: 'a', image: 'j' }] } })).not.toBe(a);
  });

  it('image globs', () => {
    expect(globToRegExp('*:broken').test('registry.local/app:broken')).toBe(true);
    expect(globToRegExp('registry.local/slow/*').test('registry.local/slow/api:1')).toBe(true);
    expect(globToRegExp('registry.local/slow/*').test('registry.local/fast/api:1')).toBe(false);
  });
});
