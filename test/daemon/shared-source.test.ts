import { afterEach, describe, expect, it } from 'vitest';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap } from '../helpers/manifests.js';
import { inProcessDaemon } from '../helpers/in-process.js';
import { waitFor } from '../helpers/daemon-process.js';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => { while (stops.length) await stops.pop()!(); });

const renders = (text: string, app: string) => Number(new RegExp(`tugboat_render_duration_seconds_count\\{app="${app}"\\} (\\d+)`).exec(text)?.[1] ?? 0);

describe('one source, several apps', () => {
  it('a commit under one app path re-renders only that app; both move to the new revision', async () => {
    const repo = new TempGitRepo();
    repo.write('apps/a/cm.yaml', configMap('a'));
    repo.write('apps/b/cm.yaml', configMap('b'));
    repo.commit('two apps');
    const d = await inProcessDaemon(
      '  - {name: a, source: src, path: apps/a, namespace: a, syncPolicy: {automated: true}}\n  - {name: b, source: src, path: apps/b, namespace: b, syncPolicy: {automated: true}}',
      repo.dir,
    );
    stops.push(() => repo.cleanup(), () => d.stop());
    expect(d.daemon.sources.size).toBe(1);
    await waitFor('both synced', async () => d.state.getApp('a')?.syncedRevision === repo.head() && d.state.getApp('b')?.syncedRevision === repo.head());
    const before = await d.metrics.metrics();
    repo.write('apps/a/cm.yaml', configMap('a', { changed: 'yes' }));
    const sha = repo.commit('change a');
    await waitFor('both at the new revision', async () => d.state.getApp('a')?.syncedRevision === sha && d.state.getApp('b')?.syncedRevision === sha);
    const after = await d.metrics.metrics();
    expect(renders(after, 'a')).toBe(renders(before, 'a') + 1);
    expect(renders(after, 'b')).toBe(renders(before, 'b'));
    expect(d.state.history('a')).toHaveLength(2);
    expect(d.state.history('b')).toHaveLength(1);
  });
});
