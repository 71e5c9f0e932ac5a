import { afterEach, describe, expect, it } from 'vitest';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap } from '../helpers/manifests.js';
import { inProcessDaemon } from '../helpers/in-process.js';
import { waitFor } from '../helpers/daemon-process.js';
import { AppRenderer } from '../../src/app/render/app-renderer.js';
import { formatProblem } from '../../src/core/render/manifest-parse.js';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => { while (stops.length) await stops.pop()!(); });

/**
 * An app path that is gone or is a symbolic link used to render as an app without objects: with
 * prune on, that deletes everything the app deployed. It is a RenderError naming the path instead.
 */
describe("an app path that does not exist or is a symbolic link is a RenderError, nothing applied or pruned", () => {
  it('deleting the folder or replacing it with a link stalls the app with the path and the reason; the objects stay', async () => {
    const repo = new TempGitRepo();
    repo.write('apps/a/cm.yaml', configMap('a', { n: '0' }));
    repo.write('apps/b/cm.yaml', configMap('b'));
    const c0 = repo.commit('c0');
    const d = await inProcessDaemon('  - {name: a, source: src, path: apps/a, namespace: a, syncPolicy: {automated: true, prune: true}}', repo.dir);
    stops.push(() => repo.cleanup(), () => d.stop());
    await waitFor('first sync', async () => d.state.getApp('a')?.syncedRevision === c0, 30_000, 10);
    const live = () => d.cluster.get({ group: '', kind: 'ConfigMap', namespace: 'a', name: 'a' });
    const renderError = () => d.state.getApp('a')?.conditions.find((c) => c.type === 'RenderError');

    // The folder becomes a link to another app's folder (an incremental render from c0).
    repo.git('rm', '-rq', 'apps/a');
    symlinkSync('b', join(repo.dir, 'apps/a'));
    const link = repo.commit('apps/a is a link');
    const linkError = await waitFor('RenderError for the link', async () => (renderError()?.revision === link ? renderError() : undefined), 10_000, 10);
    expect(linkError.message).toContain('apps/a');
    expect(linkError.message).toMatch(/symbolic link \(to b\)/);
    expect(d.state.getApp('a')?.syncedRevision).toBe(c0);
    expect((await live())?.data).toEqual({ n: '0' });

    // Back to a folder: applied.
    repo.git('rm', '-q', 'apps/a');
    repo.write('apps/a/cm.yaml', configMap('a', { n: '1' }));
    const back = repo.commit('apps/a is a folder again');
    await waitFor('applied again', async () => d.state.getApp('a')?.syncedRevision === back, 10_000, 10);
    expect(renderError()).toBeUndefined();

    // The folder is deleted (an incremental render from `back`).
    repo.git('rm', '-rq', 'apps/a');
    const gone = repo.commit('apps/a deleted');
    const goneError = await waitFor('RenderError for the missing path', async () => (renderError()?.revision === gone ? renderError() : undefined), 10_000, 10);
    expect(goneError.message).toContain('apps/a');
    expect(goneError.message).toContain('does not exist');
    expect(d.state.getApp('a')?.syncedRevision).toBe(back);
    expect((await live())?.data).toEqual({ n: '1' });
    expect(d.state.applied('a').size).toBe(1);

    // A renderer starting at these revisions (`tugboat render`, diffs, a restart) says the same.
    const ctl = d.daemon.app('a');
    for (const [rev, why] of [[link, /apps\/a: the app's path apps\/a is a symbolic link/], [gone, /apps\/a: the app's path apps\/a does not exist/]] as const) {
      const fresh = await new AppRenderer(ctl.spec, ctl.source.repo).render(rev);
      expect(fresh.rendered.objects).toEqual([]);
      expect(fresh.rendered.errors.map(formatProblem).join('\n')).toMatch(why);
      const detached = await new AppRenderer(ctl.spec, ctl.source.repo).renderDetached(rev);
      expect(detached.errors.map(formatProblem).join('\n')).toMatch(why);
    }
    // A folder with no manifests is still an app without objects, not an error (on a branch the daemon does not follow).
    repo.git('checkout', '-q', '-b', 'side');
    repo.write('apps/a/README.md', 'nothing here yet\n');
    const empty = repo.commit('apps/a without manifests');
    const r = await new AppRenderer(ctl.spec, ctl.source.repo).render(empty);
    expect(r.rendered.errors).toEqual([]);
  });
});
