import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap, deployment } from '../helpers/manifests.js';
import { DaemonProcess, waitFor } from '../helpers/daemon-process.js';

const CHROMIUM = '/usr/bin/chromium';
// CI installs Debian's chromium (.ci/run); a developer machine without it skips, CI never does.
const haveBrowser = existsSync(CHROMIUM) || process.env.CI === 'true';

describe.runIf(haveBrowser)('the status page in a real browser', () => {
  const repo = new TempGitRepo();
  const work = mkdtempSync(join(tmpdir(), 'tugboat-ui-'));
  let daemon: DaemonProcess;
  let browser: Browser;

  beforeAll(async () => {
    repo.write('app/deploy.yaml', deployment('web'));
    repo.write('app/cm.yaml', configMap('settings'));
    repo.commit('initial');
    const cfg = join(work, 'tugboat.yaml');
    writeFileSync(cfg, `apiVersion: tugboat.dev/v1alpha1\nkind: Config\ncluster: {dataDir: ./data}\nsources: [{name: s, repo: ${repo.dir}}]\napplications: [{name: web, source: s, path: app, namespace: web, syncPolicy: {automated: true}}]\n`);
    daemon = new DaemonProcess(cfg, { TUGBOAT_TOKEN: '' });
    await daemon.start();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await daemon?.stop();
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('shows the app Synced and Healthy, then a broken commit as a RenderError with file and line', async () => {
    const page = await browser.newPage();
    await page.goto(daemon.url + '/');
    const row = page.locator('#apps tr', { hasText: 'web' });
    await row.locator('td.Synced').waitFor({ timeout: 30_000 });
    await row.locator('td.Healthy').waitFor({ timeout: 30_000 });
    expect(await row.locator('td').nth(3).textContent()).toBe(repo.head().slice(0, 10));
    repo.write('app/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings\n');
    repo.commit('broken');
    await waitFor('RenderError on the page', async () => (await row.textContent())?.includes('RenderError: app/cm.yaml:'));
    await page.screenshot({ path: join(work, 'ui.png') });
    expect(existsSync(join(work, 'ui.png'))).toBe(true);
    await page.close();
  });
});
