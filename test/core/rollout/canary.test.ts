import { describe, expect, it } from 'vitest';
import { step, requestAbort, requestPromote, canaryCounts, ROLLOUT_REASONS } from '../../../src/core/rollout/index.js';
import { World, specOf } from './world.js';

const S = 1000;
const STEPS = [{ setWeight: 25 }, { pause: {} }, { setWeight: 50 }, { pause: { duration: '30s' } }, { setWeight: 75 }];
const CANARY = { canary: { stableService: 'web-stable', canaryService: 'web-canary', maxSurge: 1, maxUnavailable: 0, steps: STEPS } };
const v1 = specOf(CANARY, { image: 'web:1' });
const v2 = specOf(CANARY, { image: 'web:2' });
const v3 = specOf(CANARY, { image: 'web:3' });

function healthyAtV1(): World {
  const w = new World(v1, ['web-stable', 'web-canary']);
  w.settle();
  return w;
}

const counts = (w: World) => ({ canary: w.replicas(v2), stable: w.replicas(v1) });

describe('canary weights without a traffic router are replica ratios', () => {
  it.each([
    [4, 25, 1, 3],
    [4, 50, 2, 2],
    [4, 0, 0, 4],
    [4, 100, 4, 0],
    [10, 33, 3, 7],
    [50, 25, 13, 37],
    [3, 50, 2, 1],
  ])('%i replicas at weight %i → %i canary, %i stable', (n, weight, canary, stable) => {
    expect(canaryCounts(n, weight)).toEqual({ canary, stable });
  });
  it('setCanaryScale sets the canary side explicitly', () => {
    expect(canaryCounts(4, 25, { replicas: 2 })).toEqual({ canary: 2, stable: 3 });
    expect(canaryCounts(10, 0, { weight: 50 })).toEqual({ canary: 5, stable: 10 });
  });
});

describe('canary state machine', () => {
  it('steps: 1/3 at weight 25, a pause without duration waits for promote, 2/2, a timed pause continues by itself, then full promotion', () => {
    const w = healthyAtV1();
    w.commit(v2);
    expect(counts(w)).toEqual({ canary: 1, stable: 3 });
    expect(w.state).toMatchObject({ phase: 'Paused', currentStep: 1, weight: 25 });
    expect(w.serviceHash('web-canary')).toBe(v2.templateHash);
    expect(w.serviceHash('web-stable')).toBe(v1.templateHash);
    const idle = w.advance(3600 * S);
    expect(idle.state.phase).toBe('Paused');
    expect(idle.wakeAt).toBeUndefined();
    expect(counts(w)).toEqual({ canary: 1, stable: 3 });

    w.state = requestPromote(w.state!, false);
    const timed = w.settle();
    expect(counts(w)).toEqual({ canary: 2, stable: 2 });
    expect(timed.state).toMatchObject({ phase: 'Paused', currentStep: 3, weight: 50 });
    expect(timed.wakeAt).toBe(w.now + 30 * S);
    w.advance(29 * S);
    expect(w.state!.currentStep).toBe(3);
    const done = w.advance(1 * S);
    expect(counts(w)).toEqual({ canary: 4, stable: 0 });
    expect(done.state).toMatchObject({ phase: 'Healthy', stableHash: v2.templateHash, weight: 100, currentStep: 5 });
    expect(w.serviceHash('web-stable')).toBe(v2.templateHash);
    expect(w.serviceHash('web-canary')).toBe(v2.templateHash);
    expect(w.events.map((e) => `${e.name}:${e.fields.step}`)).toEqual([
      'rollout.step:0', 'rollout.step:1', 'rollout.paused:1', 'rollout.step:2', 'rollout.step:3', 'rollout.paused:3', 'rollout.step:4', 'rollout.step:5', 'rollout.promoted:5',
    ]);
  });

  it('maxSurge and maxUnavailable bound each move: with surge 1 and unavailable 0 available pods never drop below spec.replicas', () => {
    const w = healthyAtV1();
    w.slow.add(v2.templateHash);
    w.commit(v2);
    // canary grows into the surge; stable waits for canary pods to be available
    expect(counts(w)).toEqual({ canary: 1, stable: 4 });
    w.slow.delete(v2.templateHash);
    w.kubelet();
    w.settle();
    expect(counts(w)).toEqual({ canary: 1, stable: 3 });
    for (const r of w.rs.values()) expect(r.specReplicas).toBeGreaterThanOrEqual(0);
  });

  it('surge 0 and unavailable 1 scales stable down first, one pod at a time', () => {
    const strategy = { canary: { maxSurge: 0, maxUnavailable: 1, steps: [{ setWeight: 50 }, { pause: {} }] } };
    const a = specOf(strategy, { image: 'web:1' });
    const b = specOf(strategy, { image: 'web:2' });
    const w = new World(a, []);
    w.settle();
    w.slow.add(b.templateHash);
    w.spec = b;
    w.pass();
    expect({ canary: w.replicas(b), stable: w.replicas(a) }).toEqual({ canary: 0, stable: 3 });
    w.pass();
    expect({ canary: w.replicas(b), stable: w.replicas(a) }).toEqual({ canary: 1, stable: 3 });
    w.slow.delete(b.templateHash);
    w.kubelet();
    w.settle();
    expect({ canary: w.replicas(b), stable: w.replicas(a) }).toEqual({ canary: 2, stable: 2 });
  });

  it('the stable service always has available pods behind it, through full promotion', () => {
    const w = healthyAtV1();
    const check = () => {
      const hash = w.serviceHash('web-stable');
      expect(w.rs.get(hash!)?.available ?? 0).toBeGreaterThan(0);
    };
    w.spec = v2;
    for (let i = 0; i < 10; i++) { w.pass(); check(); }
    w.state = requestPromote(w.state!, true);
    w.slow.add(v2.templateHash);
    for (let i = 0; i < 10; i++) { w.pass(); check(); }
    expect(counts(w)).toEqual({ canary: 2, stable: 3 }); // maxUnavailable 0: stable waits for canary pods
    w.slow.delete(v2.templateHash);
    w.kubelet();
    for (let i = 0; i < 10; i++) { w.pass(); check(); }
    expect(counts(w)).toEqual({ canary: 4, stable: 0 });
    expect(w.state!.phase).toBe('Healthy');
  });

  it('promote --full skips the remaining steps', () => {
    const w = healthyAtV1();
    w.commit(v2);
    w.state = requestPromote(w.state!, true);
    const r = w.settle();
    expect(r.state).toMatchObject({ phase: 'Healthy', stableHash: v2.templateHash });
    expect(counts(w)).toEqual({ canary: 4, stable: 0 });
  });

  it('crashing canary pods abort: stable back to full size, canary scaled down after abortScaleDownDelaySeconds', () => {
    const w = healthyAtV1();
    w.bad.add(v2.templateHash);
    w.commit(v2);
    expect(w.state).toMatchObject({ phase: 'Aborted', abortReason: ROLLOUT_REASONS.podsCrashing, weight: 0 });
    expect(w.serviceHash('web-canary')).toBe(v1.templateHash);
    expect(w.replicas(v1)).toBe(4);
    w.advance(30 * S);
    expect(counts(w)).toEqual({ canary: 0, stable: 4 });
  });

  const checkpoints: Array<[string, (w: World) => void]> = [
    ['while step 0 scales the canary', (w) => { w.slow.add(v2.templateHash); w.commit(v2); }],
    ['in the pause without duration (step 1)', (w) => { w.commit(v2); }],
    ['in the timed pause (step 3)', (w) => { w.commit(v2); w.state = requestPromote(w.state!, false); w.settle(); w.advance(10 * S); }],
    ['while step 2 scales to weight 50', (w) => { w.commit(v2); w.slow.add(v2.templateHash); w.state = requestPromote(w.state!, false); w.settle(); }],
    ['while step 4 scales to weight 75', (w) => { w.commit(v2); w.state = requestPromote(w.state!, false); w.settle(); w.slow.add(v2.templateHash); w.advance(30 * S); }],
    ['during the final scale-up', (w) => { w.commit(v2); w.state = requestPromote(w.state!, false); w.settle(); w.slow.add(v2.templateHash); w.advance(30 * S); }],
  ];

  for (const [name, reach] of checkpoints) {
    it(`abort ${name}: all traffic returns to stable, the canary goes after its delay`, () => {
      const w = healthyAtV1();
      reach(w);
      w.state = requestAbort(w.state!);
      const r = w.settle();
      expect(r.state.phase).toBe('Aborted');
      expect(w.replicas(v1)).toBe(4);
      expect(w.serviceHash('web-stable')).toBe(v1.templateHash);
      expect(w.serviceHash('web-canary')).toBe(v1.templateHash);
      w.advance(30 * S);
      expect(w.replicas(v2)).toBe(0);
    });

    it(`a newer commit ${name} supersedes it: the old canary is scaled down at once, the new one starts at step 0`, () => {
      const w = healthyAtV1();
      reach(w);
      w.slow.delete(v2.templateHash);
      w.kubelet();
      w.spec = v3;
      const r = w.settle();
      expect(w.replicas(v2)).toBe(0);
      expect(r.state).toMatchObject({ currentHash: v3.templateHash, stableHash: v1.templateHash, currentStep: 1, phase: 'Paused' });
      expect(w.replicas(v3)).toBe(1);
      expect(w.replicas(v1)).toBe(3);
    });

    it(`a restart ${name} resumes at the same step, creating no extra ReplicaSet`, () => {
      const w = healthyAtV1();
      reach(w);
      const persisted = JSON.parse(JSON.stringify(w.state));
      const a = step(w.spec, w.state, w.observed(), w.now);
      const b = step(w.spec, persisted, w.observed(), w.now);
      expect(b.actions).toEqual(a.actions);
      expect(b.state).toEqual(a.state);
      w.pass({ crashAfterActions: 1 });
      w.state = JSON.parse(JSON.stringify(w.state));
      const resumed = w.settle();
      expect(resumed.state.currentStep).toBe(a.state.currentStep);
      expect([...w.created].sort()).toEqual([v1.templateHash, v2.templateHash].sort());
    });
  }

  it('an open pause survives a restart: still paused, same step, no timer', () => {
    const w = healthyAtV1();
    w.commit(v2);
    w.state = JSON.parse(JSON.stringify(w.state));
    const r = w.advance(120 * S);
    expect(r.state).toMatchObject({ phase: 'Paused', currentStep: 1 });
    expect(r.actions).toEqual([]);
  });
});
