import { describe, expect, it } from 'vitest';
import { step, requestAbort, requestPromote, formatStep, ROLLOUT_REASONS } from '../../../src/core/rollout/index.js';
import { World, specOf } from './world.js';
import type { RolloutSpec } from '../../../src/core/rollout/index.js';

const S = 1000;
const BG = { blueGreen: { activeService: 'web', previewService: 'web-preview', autoPromotionSeconds: 30, scaleDownDelaySeconds: 30 } };
const v1 = specOf(BG, { image: 'web:1' });
const v2 = specOf(BG, { image: 'web:2' });
const v3 = specOf(BG, { image: 'web:3' });

/** A world at v1, healthy, with v2 committed; `slowV2` keeps v2's pods from becoming available. */
function rolling(strategy = BG, opts: { slowV2?: boolean } = {}) {
  const a = specOf(strategy, { image: 'web:1' });
  const b = specOf(strategy, { image: 'web:2' });
  const w = new World(a, ['web', 'web-preview']);
  w.settle();
  if (opts.slowV2) w.slow.add(b.templateHash);
  w.commit(b);
  return { w, a, b };
}

describe('blue/green state machine', () => {
  it('the first template is deployed at full size with both services on it, then Healthy', () => {
    const w = new World(v1, ['web', 'web-preview']);
    const first = w.pass();
    expect(first.actions).toEqual([
      { type: 'scaleReplicaSet', hash: v1.templateHash, replicas: 4 },
      { type: 'pointService', service: 'web', hash: v1.templateHash },
      { type: 'pointService', service: 'web-preview', hash: v1.templateHash },
    ]);
    const r = w.settle();
    expect(r.state).toMatchObject({ phase: 'Healthy', stableHash: v1.templateHash, weight: 100 });
    expect(r.events).toEqual([]);
  });

  it('preview service points at the new ReplicaSet before promotion; active stays on stable while it comes up', () => {
    const { w, a, b } = rolling(BG, { slowV2: true });
    expect(w.serviceHash('web-preview')).toBe(b.templateHash);
    expect(w.serviceHash('web')).toBe(a.templateHash);
    expect(w.replicas(b)).toBe(4);
    expect(w.replicas(a)).toBe(4);
    expect(w.last.state.phase).toBe('Progressing');
    expect(w.last.state.message).toContain('0 of 4 available');
  });

  it('the switch waits autoPromotionSeconds after the new ReplicaSet is fully ready, then scaleDownDelaySeconds for the old one', () => {
    const { w, a, b } = rolling(BG, { slowV2: true });
    w.advance(100 * S); // not ready: no timer starts
    expect(w.serviceHash('web')).toBe(a.templateHash);
    w.slow.delete(b.templateHash);
    w.kubelet();
    const ready = w.settle();
    const readyAt = w.now;
    expect(ready.state.phase).toBe('Progressing');
    expect(ready.wakeAt).toBe(readyAt + 30 * S);
    expect(formatStep(b, ready, w.now)).toMatchInlineSnapshot(`
      "Rollout web (blueGreen) Progressing step 0 weight 0: promoting web-${b.templateHash} in 30s
      └─ wake in 30s"
    `);
    w.advance(29 * S);
    expect(w.serviceHash('web')).toBe(a.templateHash);
    const sw = w.advance(1 * S);
    expect(w.serviceHash('web')).toBe(b.templateHash);
    expect(w.serviceHash('web-preview')).toBe(b.templateHash);
    expect(sw.state).toMatchObject({ phase: 'Healthy', stableHash: b.templateHash, stableRevision: b.revision, weight: 100 });
    expect(w.events.map((e) => e.name)).toContain('rollout.promoted');
    expect(w.replicas(a)).toBe(4); // kept for scaleDownDelaySeconds
    expect(sw.wakeAt).toBe(w.now + 30 * S);
    w.advance(29 * S);
    expect(w.replicas(a)).toBe(4);
    w.advance(1 * S);
    expect(w.replicas(a)).toBe(0);
    expect(w.replicas(b)).toBe(4);
  });

  it('autoPromotionEnabled: false pauses until promote, however long it waits', () => {
    const { w, a, b } = rolling({ blueGreen: { activeService: 'web', previewService: 'web-preview', autoPromotionEnabled: false, scaleDownDelaySeconds: 30 } });
    expect(w.last.state.phase).toBe('Paused');
    expect(w.events.filter((e) => e.name === 'rollout.paused')).toHaveLength(1);
    const later = w.advance(3600 * S);
    expect(later.state.phase).toBe('Paused');
    expect(later.wakeAt).toBeUndefined();
    expect(w.serviceHash('web')).toBe(a.templateHash);
    w.state = requestPromote(w.state!, false);
    w.settle();
    expect(w.serviceHash('web')).toBe(b.templateHash);
    expect(w.state.phase).toBe('Healthy');
  });

  it('previewReplicaCount runs a small preview; promotion scales it to full size before the switch', () => {
    const strategy = { blueGreen: { activeService: 'web', previewService: 'web-preview', previewReplicaCount: 1, autoPromotionEnabled: false } };
    const { w, a, b } = rolling(strategy);
    expect(w.replicas(b)).toBe(1);
    expect(w.state!.phase).toBe('Paused');
    w.slow.add(b.templateHash);
    w.state = requestPromote(w.state!, false);
    w.settle();
    expect(w.replicas(b)).toBe(4);
    expect(w.serviceHash('web')).toBe(a.templateHash); // not fully ready yet
    w.slow.delete(b.templateHash);
    w.kubelet();
    w.settle();
    expect(w.serviceHash('web')).toBe(b.templateHash);
  });

  it('crashing new pods abort the rollout: traffic never leaves stable, the new ReplicaSet goes after abortScaleDownDelaySeconds', () => {
    const w = new World(v1, ['web', 'web-preview']);
    w.settle();
    w.bad.add(v2.templateHash);
    const r = w.commit(v2);
    expect(r.state.phase).toBe('Aborted');
    expect(w.serviceHash('web')).toBe(v1.templateHash);
    expect(w.serviceHash('web-preview')).toBe(v1.templateHash);
    const abortedPass = w.events.find((e) => e.name === 'rollout.aborted');
    expect(abortedPass?.fields).toMatchObject({ reason: ROLLOUT_REASONS.podsCrashing, rollout: 'web' });
    expect(w.replicas(v2)).toBe(4);
    w.advance(30 * S);
    expect(w.replicas(v2)).toBe(0);
    expect(w.replicas(v1)).toBe(4);
    // Not retried: the same template stays aborted.
    expect(w.advance(600 * S).state.phase).toBe('Aborted');
    expect(w.replicas(v2)).toBe(0);
  });

  it('the abort result carries the revision to quarantine and the stable one', () => {
    const w = new World(v1, ['web', 'web-preview']);
    w.settle();
    w.bad.add(v2.templateHash);
    w.spec = v2;
    let aborted;
    for (let i = 0; i < 5 && !aborted; i++) aborted = w.pass().aborted;
    expect(aborted).toEqual({ reason: ROLLOUT_REASONS.podsCrashing, message: 'new pods fail: CrashLoopBackOff', revision: v2.revision, stableRevision: v1.revision, manual: false });
  });

  it('a rollout that makes no progress within progressDeadlineSeconds is aborted', () => {
    const strat = BG;
    const a = specOf(strat, { image: 'web:1', progressDeadlineSeconds: 60 });
    const b = specOf(strat, { image: 'web:2', progressDeadlineSeconds: 60 });
    const w = new World(a, ['web', 'web-preview']);
    w.settle();
    w.slow.add(b.templateHash);
    const r = w.commit(b);
    expect(r.wakeAt).toBe(w.now + 60 * S);
    w.advance(59 * S);
    expect(w.state!.phase).toBe('Progressing');
    w.advance(1 * S);
    expect(w.state!).toMatchObject({ phase: 'Aborted', abortReason: ROLLOUT_REASONS.progressDeadline });
    expect(w.serviceHash('web')).toBe(a.templateHash);
  });

  // Checkpoints of a blue/green rollout of v2 over v1, with automatic and with manual promotion.
  const MANUAL = { blueGreen: { activeService: 'web', previewService: 'web-preview', autoPromotionEnabled: false, previewReplicaCount: 2, scaleDownDelaySeconds: 30 } };
  const checkpoints: Array<[string, typeof BG | typeof MANUAL, (w: World, v2: RolloutSpec) => void]> = [
    ['while the new ReplicaSet comes up', BG, (w, v2) => { w.slow.add(v2.templateHash); w.commit(v2); }],
    ['while waiting autoPromotionSeconds', BG, (w, v2) => { w.commit(v2); w.advance(10 * S); }],
    ['during scaleDownDelaySeconds after the switch', BG, (w, v2) => { w.commit(v2); w.advance(30 * S); w.advance(5 * S); }],
    ['while paused for promote (autoPromotionEnabled: false)', MANUAL, (w, v2) => { w.commit(v2); w.advance(120 * S); }],
    ['while promotion scales the preview to full size', MANUAL, (w, v2) => { w.commit(v2); w.slow.add(v2.templateHash); w.state = requestPromote(w.state!, false); w.settle(); }],
  ];

  for (const [name, strategy, reach] of checkpoints) {
    const v1 = specOf(strategy, { image: 'web:1' });
    const v2 = specOf(strategy, { image: 'web:2' });
    const v3 = specOf(strategy, { image: 'web:3' });
    const finish = (w: World) => {
      if (strategy === MANUAL && w.state!.phase === 'Paused') {
        w.state = requestPromote(w.state!, false);
        w.settle();
      }
      w.advance(30 * S);
      w.advance(30 * S);
    };

    it(`abort ${name}: active ends on the stable side and nothing is left scaled up`, () => {
      const w = new World(v1, ['web', 'web-preview']);
      w.settle();
      reach(w, v2);
      const stableBefore = w.state!.stableHash!;
      w.state = requestAbort(w.state!);
      w.settle();
      expect(w.serviceHash('web')).toBe(stableBefore);
      w.advance(60 * S);
      const up = [...w.rs.values()].filter((r) => r.specReplicas > 0).map((r) => r.hash);
      expect(up).toEqual([stableBefore]);
    });

    it(`a newer commit ${name} supersedes it: the stable side keeps serving, no half-promoted ReplicaSet stays up`, () => {
      const w = new World(v1, ['web', 'web-preview']);
      w.settle();
      reach(w, v2);
      const stableBefore = w.state!.stableHash!;
      w.slow.delete(v2.templateHash);
      w.spec = v3;
      const first = w.pass();
      expect(first.state.currentHash).toBe(v3.templateHash);
      expect(first.state.currentStep).toBe(0);
      expect(w.serviceHash('web')).toBe(stableBefore);
      w.settle();
      finish(w);
      expect(w.serviceHash('web')).toBe(v3.templateHash);
      const up = [...w.rs.values()].filter((r) => r.specReplicas > 0).map((r) => r.hash);
      expect(up).toEqual([v3.templateHash]);
    });

    it(`a restart ${name} resumes at the same step and creates no extra ReplicaSet`, () => {
      const w = new World(v1, ['web', 'web-preview']);
      w.settle();
      reach(w, v2);
      const persisted = JSON.parse(JSON.stringify(w.state));
      const before = step(w.spec, w.state, w.observed(), w.now);
      const after = step(w.spec, persisted, w.observed(), w.now);
      expect(after.actions).toEqual(before.actions);
      expect(after.state).toEqual(before.state);
      // A crash after the first action of a pass, then the rest on restart.
      w.pass({ crashAfterActions: 1 });
      w.state = JSON.parse(JSON.stringify(w.state));
      expect(w.state!.currentStep).toBe(before.state.currentStep);
      expect(w.state!.phase).toBe(before.state.phase);
      w.slow.clear();
      w.kubelet();
      finish(w);
      expect([...w.created].sort()).toEqual([v1.templateHash, v2.templateHash].sort());
      expect(w.serviceHash('web')).toBe(v2.templateHash);
    });
  }

  it('a commit back to the stable template ends the rollout at once', () => {
    const { w, a, b } = rolling(BG, { slowV2: true });
    w.commit(specOf(BG, { image: 'web:1', revision: 'rev-revert' }));
    expect(w.state).toMatchObject({ phase: 'Healthy', stableHash: a.templateHash, stableRevision: 'rev-revert' });
    expect(w.replicas(b)).toBe(0);
  });
});
