import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { TempGitRepo } from '../helpers/temp-git.js';
import { service } from '../helpers/manifests.js';
import { DaemonProcess, waitFor } from '../helpers/daemon-process.js';
import { haveBrowser, launchBrowser, watchedPage } from './ui-browser.js';

const rollout = (image: string) => `apiVersion: tugboat.dev/v1alpha1
kind: Rollout
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "${image}"}]}
  strategy:
    blueGreen:
      activeService: web
      previewService: web-preview
      autoPromotionEnabled: false
`;

const canary = (image: string) => `apiVersion: tugboat.dev/v1alpha1
kind: Rollout
metadata: {name: shop}
spec:
  replicas: 4
  selector: {matchLabels: {app: shop}}
  template:
    metadata: {labels: {app: shop}}
    spec: {containers: [{name: shop, image: "${image}"}]}
  strategy:
    canary:
      steps: [{setWeight: 50}, {pause: {}}, {setWeight: 75}]
`;

// enabled when the Rollout kind lands (issue 11)
describe('rollouts in the web UI', () => {
  const repo = new TempGitRepo();
  const work = mkdtempSync(join(tmpdir(), 'tugboat-ui-rollout-'));
  let daemon: DaemonProcess;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    repo.write('app/rollout.yaml', rollout('web:1.0'));
    repo.write('app/svc.yaml', service('web'));
    repo.write('app/preview.yaml', service('web-preview').replace('selector: {app: web-preview}', 'selector: {app: web}'));
    repo.write('shop/rollout.yaml', canary('shop:1.0'));
    repo.commit('web 1.0 as a blue/green rollout, shop 1.0 as a canary');
    const cfg = join(work, 'tugboat.yaml');
    writeFileSync(cfg, `apiVersion: tugboat.dev/v1alpha1\nkind: Config\ncluster: {dataDir: ./data}\nsources: [{name: s, repo: ${repo.dir}}]\napplications: [{name: web, source: s, path: app, namespace: web, syncPolicy: {automated: true}}, {name: shop, source: s, path: shop, namespace: shop, syncPolicy: {automated: true}}]\n`);
    daemon = new DaemonProcess(cfg, { TUGBOAT_TOKEN: '' });
    [, browser] = await Promise.all([daemon.start(), launchBrowser()]);
    ({ page, errors } = await watchedPage(browser));
    for (const app of ['web', 'shop']) {
      await waitFor(`first rollout of ${app} healthy`, async () => (await daemon.json(`/api/v1/applications/${app}`)).rollouts?.[0]?.phase === 'Healthy', 60_000);
    }
  });

  afterAll(async () => {
    await browser?.close();
    await daemon?.stop();
    repo.cleanup();
    rmSync(work, { recursive: true, force: true });
  });

  it('shows a new revision Paused with a Promote button, and clicking it promotes', async () => {
    await page.goto(daemon.url + '/applications/web');
    const card = page.getByRole('article', { name: 'Rollout web' });
    await card.getByText('Healthy', { exact: true }).waitFor();
    const before = (await daemon.json('/api/v1/applications/web')).rollouts[0].activeRevision;
    repo.write('app/rollout.yaml', rollout('web:2.0'));
    repo.commit('web 2.0');
    // Live: the open page shows the pause without a reload.
    await card.getByText('Paused', { exact: true }).waitFor({ timeout: 60_000 });
    expect(await card.getByRole('button', { name: 'Promote' }).count()).toBe(1);
    expect(await card.getByRole('button', { name: 'Abort' }).count()).toBe(1);
    await page.screenshot({ path: join(process.env.TUGBOAT_UI_SHOTS ?? tmpdir(), 'rollout-paused.png') });
    await card.getByRole('button', { name: 'Promote' }).click();
    const dialog = page.getByRole('dialog', { name: 'Promote rollout web?' });
    await dialog.getByRole('button', { name: 'Promote' }).click();
    await card.getByText('Healthy', { exact: true }).waitFor({ timeout: 60_000 });
    const after = (await daemon.json('/api/v1/applications/web')).rollouts[0];
    expect(after.phase).toBe('Healthy');
    expect(after.activeRevision).not.toBe(before);
    expect(errors).toEqual([]);
  });

  it('shows a canary\'s steps with the current one marked and its weight, and aborts it', async () => {
    await page.goto(daemon.url + '/applications/shop');
    const card = page.getByRole('article', { name: 'Rollout shop' });
    await card.getByText('Healthy', { exact: true }).waitFor();
    repo.write('shop/rollout.yaml', canary('shop:2.0'));
    repo.commit('shop 2.0');
    await card.getByText('Paused', { exact: true }).waitFor({ timeout: 60_000 });
    const steps = card.getByRole('list', { name: 'Steps' }).locator('li');
    expect(await steps.allTextContents()).toEqual(['set weight 50%', 'pause until promoted', 'set weight 75%']);
    await card.locator('li[aria-current="step"]').getByText('pause until promoted').waitFor();
    expect(await card.getByRole('meter', { name: 'Canary weight' }).getAttribute('aria-valuenow')).toBe('50');
    await page.screenshot({ path: join(process.env.TUGBOAT_UI_SHOTS ?? tmpdir(), 'rollout-canary.png') });
    await card.getByRole('button', { name: 'Abort' }).click();
    await page.getByRole('dialog', { name: 'Abort rollout shop?' }).getByRole('button', { name: 'Abort' }).click();
    await card.getByText('Aborted', { exact: true }).waitFor({ timeout: 60_000 });
    expect((await daemon.json('/api/v1/applications/shop')).rollouts[0].phase).toBe('Aborted');
    expect(errors).toEqual([]);
  });
});
