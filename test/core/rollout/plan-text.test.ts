/**
 * Golden transcripts of the printable plan (formatStep): every pass of a scripted blue/green and canary
 * rollout on a manual clock, as the text tree the logs show. UPDATE_GOLDEN=1 rewrites the files; a
 * difference is a change in what the state machine does or in how it is printed, and must be reviewed.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatStep, requestAbort, requestPromote } from '../../../src/core/rollout/index.js';
import { World, specOf } from './world.js';
import { expectGolden } from '../../helpers/golden.js';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const S = 1000;

function golden(name: string, actual: string): void {
  expectGolden(GOLDEN, name, actual);
}

/** Records each pass as the plan text, under a heading saying what happened before it. */
class Transcript {
  private readonly out: string[] = [];
  private readonly start: number;
  constructor(readonly w: World) {
    this.start = w.now;
  }
  /** Passes until one has no actions (as World.settle), printing each. */
  settle(what: string): void {
    this.out.push(`# t=${(this.w.now - this.start) / 1000}s ${what}`);
    for (let i = 0; i < 30; i++) {
      const r = this.w.pass();
      this.out.push(formatStep(this.w.spec, r, this.w.now));
      if (r.actions.length === 0) return;
    }
    throw new Error('the state machine did not settle');
  }
  advance(ms: number, what: string): void {
    this.w.now += ms;
    this.settle(what);
  }
  text(): string {
    return this.out.join('\n') + '\n';
  }
}

describe('printable rollout plan (golden)', () => {
  it('blue/green: preview, autoPromotionSeconds, the switch, scaleDownDelaySeconds', () => {
    const BG = { blueGreen: { activeService: 'web', previewService: 'web-preview', autoPromotionSeconds: 30, scaleDownDelaySeconds: 30 } };
    const v1 = specOf(BG, { image: 'web:1', revision: 'a1a1a1a1a1a1a1a1' });
    const v2 = specOf(BG, { image: 'web:2', revision: 'b2b2b2b2b2b2b2b2' });
    const w = new World(v1, ['web', 'web-preview']);
    const t = new Transcript(w);
    t.settle('first template');
    w.spec = v2;
    w.slow.add(v2.templateHash);
    t.settle('commit of web:2 (pods not ready yet)');
    w.slow.delete(v2.templateHash);
    w.kubelet();
    t.advance(5 * S, 'web:2 pods ready');
    t.advance(30 * S, 'autoPromotionSeconds later');
    t.advance(30 * S, 'scaleDownDelaySeconds later');
    golden('blue-green.txt', t.text());
  });

  it('blue/green: autoPromotionEnabled false waits for promote; previewReplicaCount; abort of the next one', () => {
    const BG = { blueGreen: { activeService: 'web', previewService: 'web-preview', autoPromotionEnabled: false, previewReplicaCount: 1, scaleDownDelaySeconds: 10, abortScaleDownDelaySeconds: 5 } };
    const v1 = specOf(BG, { image: 'web:1', revision: 'a1a1a1a1a1a1a1a1' });
    const v2 = specOf(BG, { image: 'web:2', revision: 'b2b2b2b2b2b2b2b2' });
    const v3 = specOf(BG, { image: 'web:3', revision: 'c3c3c3c3c3c3c3c3' });
    const w = new World(v1, ['web', 'web-preview']);
    const t = new Transcript(w);
    t.settle('first template');
    w.spec = v2;
    t.settle('commit of web:2');
    t.advance(600 * S, 'ten minutes later, still waiting');
    w.state = requestPromote(w.state!, false);
    t.settle('tugboat promote');
    t.advance(10 * S, 'scaleDownDelaySeconds later');
    w.spec = v3;
    t.settle('commit of web:3');
    w.state = requestAbort(w.state!);
    t.settle('tugboat abort');
    t.advance(5 * S, 'abortScaleDownDelaySeconds later');
    golden('blue-green-manual.txt', t.text());
  });

  it('canary: setWeight, an open pause, promote, a timed pause, full promotion', () => {
    const C = { canary: { stableService: 'web-stable', canaryService: 'web-canary', maxSurge: 1, maxUnavailable: 0, steps: [{ setWeight: 25 }, { pause: {} }, { setWeight: 50 }, { pause: { duration: '30s' } }, { setWeight: 75 }, { pause: { duration: '10s' } }] } };
    const v1 = specOf(C, { image: 'web:1', revision: 'a1a1a1a1a1a1a1a1' });
    const v2 = specOf(C, { image: 'web:2', revision: 'b2b2b2b2b2b2b2b2' });
    const w = new World(v1, ['web-stable', 'web-canary']);
    const t = new Transcript(w);
    t.settle('first template');
    w.spec = v2;
    t.settle('commit of web:2');
    t.advance(3600 * S, 'an hour later, still paused');
    w.state = requestPromote(w.state!, false);
    t.settle('tugboat promote');
    t.advance(30 * S, 'the 30s pause is over');
    t.advance(10 * S, 'the 10s pause is over');
    golden('canary.txt', t.text());
  });

  it('canary: setCanaryScale, promote --full, crashing pods abort the next one', () => {
    const C = { canary: { maxSurge: '25%', maxUnavailable: 0, abortScaleDownDelaySeconds: 5, steps: [{ setCanaryScale: { replicas: 1 } }, { setWeight: 50 }, { pause: {} }] } };
    const v1 = specOf(C, { image: 'web:1', revision: 'a1a1a1a1a1a1a1a1' });
    const v2 = specOf(C, { image: 'web:2', revision: 'b2b2b2b2b2b2b2b2' });
    const v3 = specOf(C, { image: 'web:3', revision: 'c3c3c3c3c3c3c3c3' });
    const w = new World(v1, []);
    const t = new Transcript(w);
    t.settle('first template');
    w.spec = v2;
    t.settle('commit of web:2');
    w.state = requestPromote(w.state!, true);
    t.settle('tugboat promote --full');
    w.bad.add(v3.templateHash);
    w.spec = v3;
    t.settle('commit of web:3, whose pods crash');
    t.advance(5 * S, 'abortScaleDownDelaySeconds later');
    golden('canary-full-abort.txt', t.text());
  });
});
