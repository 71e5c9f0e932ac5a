import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { TempGitRepo } from '../helpers/temp-git.js';
import { DaemonProcess, waitFor } from '../helpers/daemon-process.js';
import { haveBrowser, launchBrowser, watchedPage } from './ui-browser.js';

const APPS = 200;
const BIG = 2000;
const SHOTS = process.env.TUGBOAT_UI_SHOTS ?? join(tmpdir(), 'tugboat-ui-shots');

describe.runIf(haveBrowser)('the web UI with 200 apps and an app of 2,000 resources', () => {
  const repo = new TempGitRepo();
  const work = mkdtempSync(join(tmpdir(), 'tugboat-ui-scale-'));
  let daemon: DaemonProcess;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    const apps: string[] = [];
    for (let i = 0; i < APPS - 1; i++) {
      const name = `app-${String(i).padStart(3, '0')}`;
      repo.write(`${name}/cm.yaml`, `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {app: ${name}}\n`);
      apps.push(`  - {name: ${name}, source: s, path: ${name}, namespace: ${name}, syncPolicy: {automated: true}}`);
    }
    // One file of 2,000 documents: the sim applies ConfigMaps fast, the UI is what is measured.
    repo.write('big/cms.yaml', Array.from({ length: BIG }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm-${String(i).padStart(4, '0')}}\ndata: {i: "${i}"}\n`).join('---\n'));
    apps.push('  - {name: big, source: s, path: big, namespace: big, syncPolicy: {automated: true}}');
    repo.commit('200 apps');
    const cfg = join(work, 'tugboat.yaml');
    writeFileSync(cfg, `apiVersion: tugboat.dev/v1alpha1\nkind: Config\ncluster: {dataDir: ./data}\nsources: [{name: s, repo: ${repo.dir}}]\napplications:\n${apps.join('\n')}\n`);
    daemon = new DaemonProcess(cfg, { TUGBOAT_TOKEN: '' });
    [, browser] = await Promise.all([daemon.start(), launchBrowser()]);
    ({ page, errors } = await watchedPage(browser));
    const t0 = Date.now();
    await waitFor('every app reconciled', async () => (await fetch(daemon.url + '/readyz')).ok, 90_000, 200);
    console.log(`[ui] 200 apps ready ${Date.now() - t0} ms after the daemon listened`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await daemon?.stop();
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('renders the list of 200 apps in under a second and filters it at once', async () => {
    await page.goto(daemon.url + '/');
    await page.waitForFunction((n) => document.querySelectorAll('tr[data-app]').length === n, APPS, { timeout: 30_000 });
    // From the start of navigation to all rows in the document (the list's fetch included).
    const loaded = await page.evaluate(() => performance.now());
    // One keystroke in the filter box to the re-rendered table, then back to all 200.
    const filtered = await page.evaluate(async (n) => {
      const input = document.querySelector<HTMLInputElement>('input[aria-label="Filter applications"]')!;
      const rows = () => document.querySelectorAll('tr[data-app]').length;
      const set = async (v: string, want: (k: number) => boolean) => {
        const t0 = performance.now();
        input.value = v;
        input.dispatchEvent(new Event('input', { bubbles: true }));
        const deadline = t0 + 20_000;
        while (!want(rows())) {
          if (performance.now() > deadline) throw new Error(`filter "${v}" shows ${rows()} rows`);
          await new Promise((r) => requestAnimationFrame(r));
        }
        return performance.now() - t0;
      };
      const narrow = await set('app-00', (k) => k === 10);
      const wide = await set('', (k) => k === n);
      return { narrow, wide };
    }, APPS);
    console.log(`[ui] list of ${APPS} apps: ${Math.round(loaded)} ms from navigation to every row; filter ${Math.round(filtered.narrow)} ms, unfilter ${Math.round(filtered.wide)} ms`);
    expect(loaded).toBeLessThan(process.env.CI ? 3000 : 1000);
    expect(filtered.wide).toBeLessThan(1000);
    await page.screenshot({ path: join(SHOTS, 'list-200.png') });
    expect(await page.getByRole('link', { name: 'app-042', exact: true }).count()).toBe(1);
  });

  it('opens the app of 2,000 resources with the whole tree and a working filter', async () => {
    const t0 = Date.now();
    await page.getByRole('link', { name: 'big', exact: true }).click();
    const tree = page.getByRole('list', { name: 'Resource tree' });
    await page.waitForFunction((n) => document.querySelectorAll('ul.tree li').length >= n, BIG, { timeout: 30_000 });
    const shown = Date.now() - t0;
    console.log(`[ui] app of ${BIG} resources: tree shown ${shown} ms after the click`);
    expect(shown).toBeLessThan(10_000);
    await page.getByRole('searchbox', { name: 'Filter resources' }).fill('cm-1999');
    await expect.poll(() => tree.locator('li').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, 'tree-2000.png') });
    expect(errors).toEqual([]);
  });
});
