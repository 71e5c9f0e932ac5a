import { describe, expect, it } from 'vitest';
import { parseRollout, checkRolloutServices } from '../../../src/core/rollout/index.js';
import { rolloutManifest } from './world.js';

const BG = { blueGreen: { activeService: 'web', previewService: 'web-preview' } };

function errorsOf(m: unknown): string[] {
  const r = parseRollout(m as never);
  return r.ok ? [] : r.errors;
}

describe('Rollout validation', () => {
  it('fills the documented defaults', () => {
    const r = parseRollout(rolloutManifest(BG) as never, 'abc');
    expect(r.ok && r.spec.strategy).toEqual({ kind: 'blueGreen', activeService: 'web', previewService: 'web-preview', autoPromotionEnabled: true, autoPromotionSeconds: 0, scaleDownDelaySeconds: 30, abortScaleDownDelaySeconds: 30 });
    expect(r.ok && r.spec).toMatchObject({ revision: 'abc', progressDeadlineSeconds: 600, revisionHistoryLimit: 10, replicas: 4 });
    const c = parseRollout(rolloutManifest({ canary: { steps: [{ setWeight: 20 }, { pause: { duration: '1m' } }, { pause: {} }] } }) as never);
    expect(c.ok && c.spec.strategy).toMatchObject({ kind: 'canary', maxSurge: '25%', maxUnavailable: '25%', steps: [{ setWeight: 20 }, { pause: { duration: 60 } }, { pause: {} }] });
  });

  it('an unknown field is named with its path', () => {
    const m = rolloutManifest({ blueGreen: { activeService: 'web', autoPromote: true } });
    expect(errorsOf(m)).toEqual(['spec.strategy.blueGreen.autoPromote: unknown field']);
    const top = { ...rolloutManifest(BG), extra: 1 };
    expect(errorsOf(top)).toEqual(['extra: unknown field']);
  });

  it('a missing activeService is a required value', () => {
    expect(errorsOf(rolloutManifest({ blueGreen: { previewService: 'p' } }))).toEqual(['spec.strategy.blueGreen.activeService: Required value']);
  });

  it('a selector that does not match the template labels is refused', () => {
    const m = rolloutManifest(BG) as any;
    m.spec.selector.matchLabels = { app: 'other' };
    expect(errorsOf(m)[0]).toContain('spec.template.metadata.labels: Invalid value');
    expect(errorsOf(m)[0]).toContain('`selector` does not match template `labels`');
  });

  it.each([[-1], [101], [12.5], ['50']])('weight %j is out of 0–100', (w) => {
    const errs = errorsOf(rolloutManifest({ canary: { steps: [{ setWeight: 10 }, { setWeight: w }] } }));
    expect(errs).toEqual([`spec.strategy.canary.steps[1].setWeight: Invalid value: ${JSON.stringify(w)}: must be an integer from 0 to 100`]);
  });

  it('every problem is reported at once, with the API server\'s wording', () => {
    const r = parseRollout(rolloutManifest({ canary: { maxSurge: 'lots', steps: [{ pause: { duration: 'soon' } }, { jump: 1 }] } }) as never);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toHaveLength(3);
    expect(r.message).toMatch(/^Rollout\.tugboat\.dev "web" is invalid: /);
  });

  it('both strategies, or neither, is an error', () => {
    expect(errorsOf(rolloutManifest({ ...BG, canary: { steps: [] } }))).toEqual(['spec.strategy: Invalid value: only one of blueGreen or canary may be set']);
    expect(errorsOf(rolloutManifest({}))).toEqual(['spec.strategy: Invalid value: one of blueGreen or canary must be set']);
  });

  it('Services named by the strategy must exist', () => {
    const r = parseRollout(rolloutManifest(BG) as never);
    if (!r.ok) throw new Error(r.message);
    expect(checkRolloutServices(r.spec, (s) => s === 'web')).toEqual([
      'Rollout.tugboat.dev "web" is invalid: spec.strategy.blueGreen.previewService: Not found: Service "web-preview" does not exist in namespace "ns"',
    ]);
    expect(checkRolloutServices(r.spec, () => true)).toEqual([]);
  });
});
