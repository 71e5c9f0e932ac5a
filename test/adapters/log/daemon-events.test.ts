import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TempGitRepo } from '../../helpers/temp-git.js';
import { configMap, deployment } from '../../helpers/manifests.js';
import { inProcessDaemon } from '../../helpers/in-process.js';
import { waitFor } from '../../helpers/daemon-process.js';
import type { TugboatEvent } from '../../../src/core/events.js';
import { readWebhook } from '../../../src/adapters/git/webhook.js';

const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => { while (stops.length) await stops.pop()!(); });

async function start(repoDir: string, repo?: TempGitRepo) {
  const d = await inProcessDaemon('  - {name: web, source: src, path: app, namespace: web, syncPolicy: {automated: true, prune: true, selfHeal: true}}', repoDir);
  const got: TugboatEvent[] = [];
  d.daemon.events.subscribe((e) => got.push(e));
  stops.push(() => repo?.cleanup(), () => d.stop());
  return { d, got, named: (n: string) => got.filter((e) => e.name === n) };
}

describe('daemon events the e2e log scenario does not reach', () => {
  it('a git revert is one rollback event with cause git-revert, from, to and rollbackOf', async () => {
    const repo = new TempGitRepo();
    repo.write('app/deploy.yaml', deployment('web', { image: 'web:1' }));
    const v1 = repo.commit('v1');
    const { d, named } = await start(repo.dir, repo);
    repo.write('app/deploy.yaml', deployment('web', { image: 'web:2' }));
    const v2 = repo.commit('v2');
    await waitFor('v2', async () => d.state.getApp('web')?.syncedRevision === v2);
    repo.git('revert', '--no-edit', 'HEAD');
    const v3 = repo.head();
    await waitFor('revert synced', async () => named('rollback').length > 0);
    expect(named('rollback')).toHaveLength(1);
    expect(named('rollback')[0]).toMatchObject({ app: 'web', revision: v3, level: 'warn', fields: { from: v2, to: v3, cause: 'git-revert', rollbackOf: 1 } });
    expect(v1).not.toBe(v3);
  });

  it('a commit deleting most objects is one prune.blocked event, not repeated by resyncs', async () => {
    const repo = new TempGitRepo();
    for (const n of ['a', 'b', 'c']) repo.write(`app/${n}.yaml`, configMap(n));
    repo.commit('three');
    const { d, named } = await start(repo.dir, repo);
    repo.remove('app/a.yaml');
    repo.remove('app/b.yaml');
    const sha = repo.commit('drop two');
    await waitFor('prune blocked', async () => named('prune.blocked').length > 0);
    await d.daemon.app('web').request({ kind: 'resync' }, { full: true });
    await d.daemon.app('web').request({ kind: 'resync' }, { full: true });
    expect(named('prune.blocked')).toHaveLength(1);
    expect(named('prune.blocked')[0]).toMatchObject({ level: 'warn', revision: sha, fields: { candidates: 2, inventory: 3 } });
    expect(named('pruned')).toHaveLength(0);
  });

  it('an invalid commit is one sync.failed event; retries of the same revision do not repeat it, a user sync does', async () => {
    const repo = new TempGitRepo();
    repo.write('app/deploy.yaml', deployment('web'));
    repo.commit('good');
    const { d, named } = await start(repo.dir, repo);
    repo.write('app/deploy.yaml', deployment('web').replace('matchLabels: {app: web}', 'matchLabels: {app: other}'));
    const bad = repo.commit('bad selector');
    await waitFor('sync.failed', async () => named('sync.failed').length > 0);
    await d.daemon.app('web').request({ kind: 'resync' }, { full: true });
    await d.daemon.app('web').request({ kind: 'resync' }, { full: true });
    expect(named('sync.failed')).toHaveLength(1);
    expect(named('sync.failed')[0]).toMatchObject({ level: 'error', revision: bad, fields: { stage: 'validate' } });
    expect(String(named('sync.failed')[0]!.fields!.message)).toMatch(/spec\.selector/);
    await d.daemon.sync('web', {});
    expect(named('sync.failed')).toHaveLength(2);
    expect(named('sync.started').filter((e) => e.revision === bad)).toHaveLength(0);
  });

  it('a push webhook is one webhook.accepted event; a remote source that cannot be fetched is a source.fetchFailed event per failed fetch', async () => {
    const origin = new TempGitRepo();
    origin.write('app/cm.yaml', configMap('x'));
    origin.commit('one');
    const bareParent = mkdtempSync(join(tmpdir(), 'tugboat-bare-'));
    const bare = join(bareParent, 'origin.git');
    execFileSync('git', ['clone', '-q', '--bare', origin.dir, bare]);
    const { d, named } = await start(`file://${bare}`, origin);
    stops.push(() => rmSync(bareParent, { recursive: true, force: true }));
    // A push webhook for this repository (no webhookSecret configured: accepted unsigned).
    const body = Buffer.from(JSON.stringify({ ref: 'refs/heads/main', repository: { clone_url: `file://${bare}` } }));
    expect((await d.daemon.webhook(...readWebhook({ 'x-github-event': 'push' }, body))).status).toBe('accepted');
    expect(named('webhook.accepted')).toHaveLength(1);
    expect(named('webhook.accepted')[0]).toMatchObject({ level: 'info', fields: { provider: 'github', sources: ['src'], branch: 'main' } });
    // The clone at start and the fetch the webhook started.
    await waitFor('webhook fetch done', async () => (await d.metrics.metrics()).includes('tugboat_git_fetch_total{source="src",result="success"} 2'));
    rmSync(bare, { recursive: true, force: true });
    await d.daemon.sources.get('src')!.refresh();
    expect(named('source.fetchFailed')).toHaveLength(1);
    expect(named('source.fetchFailed')[0]).toMatchObject({ level: 'warn', fields: { source: 'src' } });
    expect(String(named('source.fetchFailed')[0]!.fields!.error)).toMatch(/^fetch failed: /);
    expect(named('revision.detected')).toHaveLength(0);
  });
});
