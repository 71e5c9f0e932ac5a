import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap } from '../helpers/manifests.js';
import { inProcessDaemon } from '../helpers/in-process.js';
import { waitFor } from '../helpers/daemon-process.js';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => { while (stops.length) await stops.pop()!(); });

/**
 * The source watch must see every commit, however soon it follows the previous one. The daemon's
 * safety poll is 30 s, so a commit seen only by the poll misses these 1 s limits by far.
 */
describe('commits in quick succession are each seen by the watch, not by the 30 s poll', () => {
  async function setup() {
    const repo = new TempGitRepo();
    repo.write('apps/a/cm.yaml', configMap('a', { n: '0' }));
    repo.commit('c0');
    const d = await inProcessDaemon('  - {name: a, source: src, path: apps/a, namespace: a, syncPolicy: {automated: true}}', repo.dir);
    stops.push(() => repo.cleanup(), () => d.stop());
    await waitFor('first sync', async () => d.state.getApp('a')?.syncedRevision === repo.head(), 30_000, 10);
    return { repo, d };
  }

  it('12 commits, each made as soon as the previous one is applied, are each applied within 1 s', async () => {
    const { repo, d } = await setup();
    const late: string[] = [];
    for (let i = 1; i <= 12; i++) {
      repo.write('apps/a/cm.yaml', configMap('a', { n: String(i) }));
      const started = Date.now();
      const sha = repo.commit(`c${i}`);
      // Generous deadline so a slow machine cannot fail it; the limit is checked below.
      await waitFor(`commit ${i} applied`, async () => d.state.getApp('a')?.syncedRevision === sha, 5_000, 5).catch(() => undefined);
      const took = Date.now() - started;
      if (took > 1000) late.push(`commit ${i}: ${took} ms`);
    }
    expect(late).toEqual([]);
    const live = await d.cluster.get({ group: '', kind: 'ConfigMap', namespace: 'a', name: 'a' });
    expect(live?.data).toEqual({ n: '12' });
  });

  it('a burst of 5 commits made within milliseconds: the last one is applied within 1 s', async () => {
    const { repo, d } = await setup();
    // One shell runs the five commits back to back, as a script or a rebase would.
    const script = [1, 2, 3, 4, 5].map((i) => `printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: a}\\ndata: {n: "b${i}"}\\n' > apps/a/cm.yaml && git commit -qam b${i}`).join(' && ');
    execFileSync('sh', ['-c', script], { cwd: repo.dir });
    // From the moment the last commit exists (the five git processes themselves are not the daemon's time).
    const started = Date.now();
    const sha = repo.head();
    await waitFor('last commit of the burst applied', async () => d.state.getApp('a')?.syncedRevision === sha, 5_000, 5).catch(() => undefined);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(d.state.getApp('a')?.syncedRevision).toBe(sha);
    const live = await d.cluster.get({ group: '', kind: 'ConfigMap', namespace: 'a', name: 'a' });
    expect(live?.data).toEqual({ n: 'b5' });
  });

  it('two commits 20 ms apart: the second is applied within 1 s', async () => {
    const { repo, d } = await setup();
    const script = `printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: a}\\ndata: {n: x}\\n' > apps/a/cm.yaml && git commit -qam x && sleep 0.02 && ` +
      `printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata: {name: a}\\ndata: {n: y}\\n' > apps/a/cm.yaml && git commit -qam y`;
    execFileSync('sh', ['-c', script], { cwd: repo.dir });
    const started = Date.now();
    const sha = repo.head();
    await waitFor('second commit applied', async () => d.state.getApp('a')?.syncedRevision === sha, 5_000, 5).catch(() => undefined);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(d.state.getApp('a')?.syncedRevision).toBe(sha);
  });
});
