import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { TempGitRepo } from '../helpers/temp-git.js';
import { configMap } from '../helpers/manifests.js';
import { DaemonProcess, waitFor } from '../helpers/daemon-process.js';
import { haveBrowser, launchBrowser, watchedPage } from './ui-browser.js';

const TOKEN = 'ui-test-token-5b1e';

describe.runIf(haveBrowser)('the web UI with an API token', () => {
  const repo = new TempGitRepo();
  const work = mkdtempSync(join(tmpdir(), 'tugboat-ui-auth-'));
  let daemon: DaemonProcess;
  let browser: Browser;
  let page: Page;
  const requests: Request[] = [];

  beforeAll(async () => {
    repo.write('app/cm.yaml', configMap('settings'));
    repo.commit('initial');
    const cfg = join(work, 'tugboat.yaml');
    writeFileSync(cfg, `apiVersion: tugboat.dev/v1alpha1\nkind: Config\ncluster: {dataDir: ./data}\nserver: {host: 127.0.0.1}\nsources: [{name: s, repo: ${repo.dir}}]\napplications: [{name: web, source: s, path: app, namespace: web, syncPolicy: {automated: true}}]\n`);
    daemon = new DaemonProcess(cfg, { TUGBOAT_TOKEN: TOKEN });
    [, browser] = await Promise.all([daemon.start(), launchBrowser()]);
    page = (await watchedPage(browser)).page;
    page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/api/')) requests.push(r); });
    await waitFor('web synced', async () => (await daemon.json('/api/v1/applications/web', { headers: { Authorization: `Bearer ${TOKEN}` } })).sync.status === 'Synced');
  });

  afterAll(async () => {
    await browser?.close();
    await daemon?.stop();
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('asks for the token once, says so plainly when it is wrong, then sends it as a Bearer token on every call', async () => {
    await page.goto(daemon.url + '/applications/web');
    const prompt = page.getByRole('dialog', { name: 'API token needed' });
    const sync = page.getByRole('button', { name: 'Sync', exact: true });
    // Reads may need the token too (SPEC §4): the prompt comes at load, or at the first mutating call.
    await prompt.or(sync).first().waitFor();
    if (!(await prompt.isVisible())) {
      await sync.click();
      await page.getByRole('dialog', { name: 'Sync web' }).getByRole('button', { name: 'Sync' }).click();
    }
    await prompt.getByLabel('Token').fill('not-the-token');
    await prompt.getByRole('button', { name: 'Sign in' }).click();
    await prompt.getByText('refused that token').waitFor();
    await prompt.getByLabel('Token').fill(TOKEN);
    const firstAuthed = requests.length;
    await prompt.getByRole('button', { name: 'Sign in' }).click();
    await prompt.waitFor({ state: 'detached' });
    if (await page.getByRole('dialog', { name: 'Sync web' }).count() > 0) {
      await page.getByRole('dialog', { name: 'Sync web' }).waitFor({ state: 'detached' });
    } else {
      await sync.click();
      await page.getByRole('dialog', { name: 'Sync web' }).getByRole('button', { name: 'Sync' }).click();
    }
    await page.getByText(/Sync of web: \d+ change/).waitFor();
    // The token is in this browser session: a reload does not ask again, and the stream carries it too.
    await page.reload();
    await sync.waitFor();
    await page.getByText('live', { exact: true }).waitFor();
    await sync.click();
    await page.getByRole('dialog', { name: 'Sync web' }).getByRole('button', { name: 'Sync' }).click();
    await page.getByText(/Sync of web: \d+ change/).first().waitFor();
    expect(await prompt.count()).toBe(0);
    const after = requests.slice(firstAuthed);
    expect(after.some((r) => new URL(r.url()).pathname === '/api/v1/stream')).toBe(true);
    expect(after.some((r) => r.method() === 'POST')).toBe(true);
    for (const r of after) expect(r.headers()['authorization'], `${r.method()} ${r.url()}`).toBe(`Bearer ${TOKEN}`);
    expect(await page.evaluate(() => sessionStorage.getItem('tugboat.token'))).toBe(TOKEN);
  });
});
