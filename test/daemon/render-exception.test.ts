import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap } from '../helpers/manifests.js';
import { inProcessDaemon } from '../helpers/in-process.js';
import { waitFor } from '../helpers/daemon-process.js';
import { appStatus } from '../../src/app/views/app-status.js';
import { appDiff } from '../../src/app/views/app-diff.js';
import { AppRenderer } from '../../src/app/render/app-renderer.js';
import { GitRepo } from '../../src/adapters/git/git-repo.js';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => { while (stops.length) await stops.pop()!(); });

/** Seven levels of ten aliases each: 10^7 nodes once expanded. */
function aliasBomb(): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: bomb}', 'data:'];
  lines.push('  a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]');
  const names = 'abcdefg';
  for (let i = 1; i < names.length; i++) {
    const prev = names[i - 1]!;
    lines.push(`  ${names[i]}: &${names[i]} [${Array(10).fill(`*${prev}`).join(', ')}]`);
  }
  return lines.join('\n') + '\n';
}

describe('a render that fails leaves no stale state behind', () => {
  it('an alias bomb is a RenderError naming revision, file and line; the next commit is applied in full', async () => {
    const repo = new TempGitRepo();
    repo.write('apps/a/cm1.yaml', configMap('cm1'));
    repo.commit('c0');
    const d = await inProcessDaemon('  - {name: a, source: src, path: apps/a, namespace: a, syncPolicy: {automated: true, prune: true}}', repo.dir);
    stops.push(() => repo.cleanup(), () => d.stop());
    await waitFor('first sync', async () => d.state.getApp('a')?.syncedRevision === repo.head());
    const good = repo.head();
    const ctl = d.daemon.app('a');

    repo.write('apps/a/bomb.yaml', aliasBomb());
    const bomb = repo.commit('alias bomb');
    const st = await waitFor('RenderError for the bomb', async () => {
      const s = appStatus(ctl, d.state.getApp('a'));
      return s.conditions.some((c) => c.type === 'RenderError' && c.revision === bomb) ? s : undefined;
    });
    const cond = st.conditions.find((c) => c.type === 'RenderError')!;
    expect(cond.message).toMatch(/^apps\/a\/bomb\.yaml:\d+: .*alias/i);
    expect(st.conditions.map((c) => c.type)).toEqual(['RenderError']);
    expect(st.sync.targetRevision).toBe(bomb);
    expect(st.sync.revision).toBe(good);
    expect(st.sync.status).not.toBe('Synced');
    expect(await d.cluster.get({ group: '', kind: 'ConfigMap', namespace: 'a', name: 'bomb' })).toBeUndefined();

    repo.remove('apps/a/bomb.yaml');
    repo.write('apps/a/cm2.yaml', configMap('cm2'));
    const fixed = repo.commit('remove the bomb, add cm2');
    await waitFor('synced at the fix', async () => d.state.getApp('a')?.syncedRevision === fixed);
    const after = appStatus(ctl, d.state.getApp('a'));
    expect(after.sync).toMatchObject({ status: 'Synced', revision: fixed, targetRevision: fixed });
    expect(after.conditions).toEqual([]);
    expect(await d.cluster.get({ group: '', kind: 'ConfigMap', namespace: 'a', name: 'cm2' })).toBeDefined();
    const diff = JSON.parse(await appDiff(d.daemon, 'a', { format: 'json' }));
    expect(diff.summary).toMatchObject({ create: 0, update: 0, delete: 0 });
    expect(diff.errors).toEqual([]);
  });

  it('the renderer keeps its previous state when a render throws, so the next render is complete', async () => {
    const repo = new TempGitRepo();
    stops.push(() => repo.cleanup());
    repo.write('app/cm1.yaml', configMap('cm1'));
    const c0 = repo.commit('c0');
    repo.write('app/cm2.yaml', configMap('cm2'));
    const c1 = repo.commit('c1');
    repo.remove('app/cm2.yaml');
    repo.write('app/cm3.yaml', configMap('cm3'));
    const c2 = repo.commit('c2: cm2 gone again, cm3 added');
    const git = new GitRepo(join(repo.dir, '.git'));
    stops.push(() => git.close());
    // A repository whose blob reads fail while `broken` is set (a git process killed, a disk error).
    let broken = false;
    const flaky = Object.create(git) as GitRepo;
    flaky.readBlob = (id: string) => (broken ? Promise.reject(new Error('read failed')) : git.readBlob(id));
    const r = new AppRenderer({ name: 'a', source: 'src', path: 'app', namespace: 'a', syncPolicy: { automated: true, prune: true, selfHeal: false }, ignoreDifferences: [], revisionHistoryLimit: 10 }, flaky);
    expect((await r.render(c0)).rendered.objects.map((o) => o.object.metadata.name)).toEqual(['cm1']);
    broken = true;
    await expect(r.render(c1)).rejects.toThrow('read failed');
    broken = false;
    const out = await r.render(c2);
    expect(out.rendered.objects.map((o) => o.object.metadata.name)).toEqual(['cm1', 'cm3']);
    expect(r.lastRendered?.revision).toBe(c2);
  });
});
