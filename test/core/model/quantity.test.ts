import { describe, expect, it } from 'vitest';
import { canonicalQuantity, parseQuantity, quantitiesEqual } from '../../../src/core/model/quantity.js';

describe('quantities', () => {
  it.each([
    ['1000m', '1'], ['1', '1000m'], ['0.5', '500m'], [0.5, '500m'], [1, '1'], ['1Gi', '1024Mi'], ['1Mi', '1024Ki'],
    ['1e3', '1k'], ['1E3', '1000'], ['2k', '2000'], ['1.5Gi', '1536Mi'], ['0.1', '100m'], ['100m', '0.1'], ['1Ki', '1024'],
    ['128974848', '123Mi'], ['129e6', '129M'], ['0', '0m'], ['+1', '1'], ['12e-3', '12m'],
  ])('%s = %s', (a, b) => expect(quantitiesEqual(a, b)).toBe(true));

  it.each([
    ['1', '1001m'], ['1Gi', '1G'], ['1k', '1Ki'], ['500m', '0.51'], ['1', 'one'], ['1Mi', undefined], ['1', true],
  ])('%s ≠ %s', (a, b) => expect(quantitiesEqual(a, b)).toBe(false));

  it.each([
    ['1000m', '1'], ['0.5', '500m'], [0.5, '500m'], ['1024Mi', '1Gi'], ['1536Mi', '1536Mi'], ['1.5Gi', '1536Mi'],
    ['2048Ki', '2Mi'], ['1000Ki', '1000Ki'], ['0.5Ki', '512'], ['100Mi', '100Mi'], ['2000', '2k'], ['1500', '1500'],
    ['1e3', '1e3'], ['1000e0', '1e3'], ['1.5e3', '1500'], ['0.001', '1m'], ['0.0001', '100u'], ['1n', '1n'],
    ['0.0000000001', '1n'], ['-500m', '-500m'], ['0', '0'], ['0Mi', '0'], ['10G', '10G'], ['5000M', '5G'],
  ])('canonical(%s) = %s', (input, out) => expect(canonicalQuantity(input)).toBe(out));

  it('refuses what is not a quantity', () => {
    for (const bad of ['', 'abc', '1.2.3', '1 Gi', '1gi', 'Mi', '--1', Number.NaN, null, {}]) expect(parseQuantity(bad), String(bad)).toBeUndefined();
  });
});
