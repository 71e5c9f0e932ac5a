/**
 * A big first render says how far it got (SPEC §13: progress at least every few seconds): the renderer
 * ticks once per parsed file, and the ticker turns that into `progress` events of phase `render`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap } from '../helpers/manifests.js';
import { AppRenderer } from '../../src/app/render/app-renderer.js';
import { GitRepo } from '../../src/adapters/git/git-repo.js';
import { EventBus, type TugboatEvent } from '../../src/core/events.js';
import { passEmitter, progressTicker, PROGRESS_EVERY_MS } from '../../src/core/reconcile/pass-events.js';
import { POOL_THRESHOLD } from '../../src/app/render/parse-pool.js';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => { while (stops.length) await stops.pop()!(); });

const spec = { name: 'big', source: 'src', path: 'app', namespace: 'big', syncPolicy: { automated: true, prune: true, selfHeal: false }, ignoreDifferences: [], revisionHistoryLimit: 10 };

async function renderWithProgress(files: number, clockStep: 'per-read' | 'per-call' = 'per-read') {
  const repo = new TempGitRepo();
  stops.push(() => repo.cleanup());
  for (let i = 0; i < files; i++) repo.write(`app/cm-${i}.yaml`, configMap(`cm-${i}`));
  const sha = repo.commit('many files');
  const git = new GitRepo(join(repo.dir, '.git'));
  stops.push(() => git.close());
  // Every blob read costs 100 ms of (manual) clock time: a slow disk, or a huge app.
  // Or, for the worker pool (which reads ahead of the parse), every look at the clock is a second later.
  let now = 0;
  const clock = { now: () => (clockStep === 'per-call' ? (now += 1000) : now) };
  const slow = Object.create(git) as GitRepo;
  slow.readBlob = async (id: string) => { if (clockStep === 'per-read') now += 100; return git.readBlob(id); };
  const got: TugboatEvent[] = [];
  const bus = new EventBus();
  bus.subscribe((e) => got.push(e));
  let total = -1;
  let ticks = 0;
  const r = new AppRenderer(spec, slow);
  const out = await r.render(sha, (n) => {
    total = n;
    const tick = progressTicker(passEmitter(bus, clock, 'big', sha), clock, 'render', n, 0);
    return (k = 1) => { ticks += k; tick(k); };
  });
  return { out, total, ticks, got, now };
}

describe('render progress of a big app', () => {
  it('ticks once per parsed file and reports files rendered of the total at least every 5 s of clock time', async () => {
    const { out, total, ticks, got, now } = await renderWithProgress(150);
    expect(out.rendered.objects).toHaveLength(150);
    expect(total).toBe(150);
    expect(ticks).toBe(150);
    // 150 reads × 100 ms = 15 s of reading before parsing finishes; the progress lines come from the ticks.
    expect(now).toBe(15_000);
    const progress = got.filter((e) => e.name === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(1);
    for (const e of progress) {
      expect(e.fields).toMatchObject({ phase: 'render', total: 150 });
      expect(e.message).toMatch(/^rendered \d+ of 150 files$/);
      expect(e.app).toBe('big');
    }
  });

  it('the worker pool path (a render of more than POOL_THRESHOLD files) ticks per parsed chunk', async () => {
    const { out, total, ticks, got } = await renderWithProgress(POOL_THRESHOLD + 50, 'per-call');
    expect(out.rendered.objects).toHaveLength(POOL_THRESHOLD + 50);
    expect(total).toBe(POOL_THRESHOLD + 50);
    expect(ticks).toBe(POOL_THRESHOLD + 50);
    const progress = got.filter((e) => e.name === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    const times = progress.map((e) => e.time);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(PROGRESS_EVERY_MS);
    expect(progress.map((e) => e.fields?.done)).toEqual([...progress.map((e) => e.fields?.done as number)].sort((a, b) => a - b));
  });
});
