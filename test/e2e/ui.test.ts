import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap, deployment, service } from '../helpers/manifests.js';
import { DaemonProcess, waitFor } from '../helpers/daemon-process.js';
import { haveBrowser, launchBrowser, watchedPage } from './ui-browser.js';

const PLANTED = 'planted-ui-secret-7f3a';
const b64 = (s: string) => Buffer.from(s).toString('base64');
const secret = (pw: string) => `apiVersion: v1\nkind: Secret\nmetadata: {name: db}\ntype: Opaque\nstringData:\n  password: ${pw}\ndata:\n  user: ${b64('admin-' + pw)}\n`;
const SHOTS = process.env.TUGBOAT_UI_SHOTS ?? join(tmpdir(), 'tugboat-ui-shots');

describe.runIf(haveBrowser)('the web UI in a real browser against a real daemon', () => {
  const repo = new TempGitRepo();
  const work = mkdtempSync(join(tmpdir(), 'tugboat-ui-'));
  let daemon: DaemonProcess;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  /** Every page's HTML as shown, checked for the planted secret at the end. */
  const html: Array<{ where: string; text: string }> = [];
  const keep = async (where: string) => {
    html.push({ where, text: await page.content() });
    await page.screenshot({ path: join(SHOTS, `${where}.png`) });
  };

  beforeAll(async () => {
    repo.write('web/deploy.yaml', deployment('web'));
    repo.write('web/svc.yaml', service('web'));
    repo.write('web/cm.yaml', configMap('settings'));
    repo.write('web/secret.yaml', secret(PLANTED));
    repo.write('api/cm.yaml', configMap('api-settings'));
    repo.write('api/deploy.yaml', deployment('api', { replicas: 1 }));
    repo.commit('web and api');
    const cfg = join(work, 'tugboat.yaml');
    // No selfHeal on web: a change made behind Tugboat's back stays, so the Diff tab can show it.
    writeFileSync(cfg, `apiVersion: tugboat.dev/v1alpha1\nkind: Config\ncluster: {dataDir: ./data}\nsources: [{name: s, repo: ${repo.dir}}]\napplications:\n  - {name: web, source: s, path: web, namespace: web, syncPolicy: {automated: true}}\n  - {name: api, source: s, path: api, namespace: api, syncPolicy: {automated: true, selfHeal: true}}\n`);
    daemon = new DaemonProcess(cfg, { TUGBOAT_TOKEN: '' });
    [, browser] = await Promise.all([daemon.start(), launchBrowser()]);
    ({ page, errors } = await watchedPage(browser));
    await waitFor('web synced and healthy', async () => {
      const s = await daemon.json('/api/v1/applications/web');
      return s.sync.status === 'Synced' && s.health.status === 'Healthy';
    });
  });

  afterAll(async () => {
    await browser?.close();
    await daemon?.stop();
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('lists every app as a link named exactly its name, with sync, health and revision', async () => {
    await page.goto(daemon.url + '/');
    for (const name of ['web', 'api']) {
      await page.getByRole('link', { name, exact: true }).waitFor();
    }
    const row = page.locator('tr[data-app="web"]');
    await row.getByText('Healthy').waitFor();
    await expectText(row, 'Synced');
    await expectText(row, repo.head().slice(0, 7));
    await keep('list');
    await page.getByRole('link', { name: 'web', exact: true }).click();
    await page.waitForURL(/\/applications\/web$/);
  });

  it('shows the resource tree: the Deployment, its ReplicaSet and its Pods, with images', async () => {
    await page.getByRole('tab', { name: 'Resources' }).waitFor();
    expect(await page.getByRole('tab', { name: 'Resources' }).getAttribute('aria-selected')).toBe('true');
    const tree = page.getByRole('list', { name: 'Resource tree' });
    await tree.locator('li[data-kind="Pod"]').nth(1).waitFor();
    const rows = await tree.locator('li').evaluateAll((els) => els.map((e) => ({ kind: e.getAttribute('data-kind'), name: e.getAttribute('data-name'), indent: parseFloat((e as HTMLElement).style.paddingLeft) })));
    const dep = rows.findIndex((r) => r.kind === 'Deployment' && r.name === 'web');
    expect(dep).toBeGreaterThanOrEqual(0);
    // Directly below the Deployment, one level deeper: its ReplicaSet, then the Pods one level deeper still.
    const rs = rows[dep + 1]!;
    expect(rs.kind).toBe('ReplicaSet');
    expect(rs.name).toMatch(/^web-/);
    expect(rs.indent).toBeGreaterThan(rows[dep]!.indent);
    const pods = rows.slice(dep + 2, dep + 4);
    expect(pods.map((p) => p.kind)).toEqual(['Pod', 'Pod']);
    for (const p of pods) expect(p.indent).toBeGreaterThan(rs.indent);
    expect(rows.some((r) => r.kind === 'Endpoints' && r.name === 'web')).toBe(true);
    await expectText(tree.locator('li[data-kind="Deployment"]'), 'nginx:1.25');
    await keep('resources');
    // A node opens its live object; a Secret's values are masked.
    await tree.locator('li[data-kind="Secret"]').getByRole('button', { name: 'db' }).click();
    const drawer = page.getByRole('complementary', { name: 'Live object Secret db' });
    await drawer.getByText('password: "***"').waitFor();
    await keep('secret-yaml');
    await drawer.getByRole('button', { name: 'Close' }).click();
  });

  it('shows a new commit on the open page without a reload, within a second of the daemon applying it', async () => {
    await page.evaluate(() => { (window as unknown as { notReloaded: boolean }).notReloaded = true; });
    repo.write('web/deploy.yaml', deployment('web', { image: 'nginx:1.27' }));
    const sha = repo.commit('web on nginx 1.27');
    const committed = Date.now();
    await page.getByTestId('revision').getByText(sha.slice(0, 7)).waitFor({ timeout: 30_000 });
    const shown = Date.now();
    await page.getByRole('list', { name: 'Resource tree' }).locator('li[data-kind="Deployment"]').getByText('nginx:1.27').waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    // The daemon's own record of when it applied the commit, against when the page showed it.
    const applied = Date.parse((await daemon.json('/api/v1/applications/web')).operation.finishedAt);
    console.log(`[ui] commit → page ${shown - committed} ms; applied → page ${shown - applied} ms`);
    expect(shown - applied).toBeLessThan(5_000);
  });

  it('shows no differences, then a change made behind Tugboat\'s back in the Diff tab', async () => {
    await page.getByRole('tab', { name: 'Diff' }).click();
    await page.getByText('No differences').waitFor();
    const gone = await fetch(`${daemon.url}/api/v1/sim/resources/configmaps/settings?namespace=web`, { method: 'DELETE' });
    expect(gone.status).toBe(200);
    const diff = page.getByRole('region', { name: 'create ConfigMap web/settings' });
    await diff.waitFor({ timeout: 30_000 });
    await expectText(diff, 'key: value');
    await keep('diff-unified');
    await page.getByRole('button', { name: 'Side by side' }).click();
    await diff.locator('table.sdiff').waitFor();
    await keep('diff-split');
    await page.getByRole('button', { name: 'Sync', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Sync web' });
    await dialog.getByRole('button', { name: 'Sync' }).click();
    await page.getByText('No differences').waitFor({ timeout: 30_000 });
  });

  it('rolls back to an earlier history entry after asking for confirmation', async () => {
    await page.getByRole('tab', { name: 'History' }).click();
    const first = page.locator('tr[data-history-id="1"]');
    await expectText(first, 'web and api');
    await keep('history');
    await first.getByRole('button', { name: 'Rollback' }).click();
    const dialog = page.getByRole('dialog', { name: 'Roll back web?' });
    await dialog.waitFor();
    await keep('rollback-dialog');
    await dialog.getByRole('button', { name: 'Rollback' }).click();
    await dialog.waitFor({ state: 'detached' });
    const rolled = page.locator('tbody tr').first();
    await rolled.getByText('of #1').waitFor({ timeout: 30_000 });
    await expectText(rolled, 'rollback');
    const { items } = await daemon.json('/api/v1/applications/web/history');
    expect(items.at(-1)).toMatchObject({ cause: 'rollback', rollbackOf: 1, result: 'Succeeded' });
  });

  it('lists the app\'s events newest first', async () => {
    await page.getByRole('tab', { name: 'Events' }).click();
    const table = page.locator('table.events');
    await table.getByText('Started').first().waitFor();
    const times = await table.locator('tbody time').evaluateAll((els) => els.map((e) => Date.parse(e.getAttribute('datetime') ?? '')));
    expect(times.length).toBeGreaterThan(3);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    await keep('events');
  });

  // enabled when the sync and rollback events land on the bus (issue 15, ops)
  it('shows Tugboat\'s own events (the sync, the rollback) beside the cluster\'s, live', async () => {
    await page.getByRole('tab', { name: 'Events' }).click();
    const table = page.locator('table.events');
    const own = table.locator('tr', { has: page.locator('.source.tugboat') });
    await own.filter({ hasText: 'Rollback' }).first().waitFor();
    await own.filter({ hasText: 'Synced' }).first().waitFor();
    // A new commit's sync appears on the open tab without a reload.
    const before = await own.filter({ hasText: 'Synced' }).count();
    repo.write('web/cm.yaml', configMap('settings', { key: 'events' }));
    repo.commit('settings for the events tab');
    await expect.poll(() => own.filter({ hasText: 'Synced' }).count(), { timeout: 30_000 }).toBeGreaterThan(before);
  });

  it('never shows the planted secret value and logs no console errors', async () => {
    const pages: Array<[string, string]> = [
      ['/', 'tr[data-app="web"]'],
      ['/applications/web?tab=diff', '.no-diff, .resource-diff'],
      ['/applications/web?tab=history', 'tr[data-history-id]'],
      ['/applications/web?tab=events', 'table.events'],
      ['/applications/api', 'li[data-kind="Pod"]'],
    ];
    for (const [path, ready] of pages) {
      await page.goto(daemon.url + path);
      // On a timeout, say what the page showed instead (a load that never finished, an error).
      await page.locator(ready).first().waitFor().catch(async (err: Error) => {
        const shown = await page.locator('main').innerText().catch(() => '(no main)');
        throw new Error(`${path}: ${ready} never appeared; the page showed:\n${shown.slice(0, 2000)}\n${err.message}`);
      });
      html.push({ where: path, text: await page.content() });
    }
    for (const { where, text } of html) {
      for (const bad of [PLANTED, b64(PLANTED), b64('admin-' + PLANTED)]) expect(text.includes(bad), `${where} shows a secret value`).toBe(false);
    }
    expect(errors).toEqual([]);
  });
});

async function expectText(loc: ReturnType<Page['locator']>, text: string): Promise<void> {
  await loc.getByText(text).first().waitFor({ timeout: 15_000 });
}
