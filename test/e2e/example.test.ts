import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DaemonProcess, waitFor } from '../helpers/daemon-process.js';

/**
 * What `npm start` runs: the project's tugboat.yaml over manifests-example/, copied to a temp folder (so the
 * example repository and dataDir are created there): every app becomes Synced and Healthy, the two Rollouts
 * included.
 */
describe('the bundled example', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const work = mkdtempSync(join(tmpdir(), 'tugboat-example-'));
  let daemon: DaemonProcess | undefined;

  afterAll(async () => {
    await daemon?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('every app of tugboat.yaml is Synced and Healthy, checkout and search with a Healthy Rollout', async () => {
    cpSync(join(root, 'manifests-example'), join(work, 'manifests-example'), { recursive: true });
    writeFileSync(join(work, 'tugboat.yaml'), readFileSync(join(root, 'tugboat.yaml'), 'utf8'));
    daemon = new DaemonProcess(join(work, 'tugboat.yaml'), { TUGBOAT_TOKEN: '' });
    await daemon.start();
    const apps = await waitFor('all Synced and Healthy', async () => {
      const items = (await daemon!.json<{ items: any[] }>('/api/v1/applications')).items;
      return items.length > 0 && items.every((a) => a.sync.status === 'Synced' && a.health.status === 'Healthy') ? items : undefined;
    }, 45_000);
    expect(apps.map((a) => a.name)).toEqual(['guestbook', 'hello', 'platform', 'checkout', 'search']);
    const rollouts = Object.fromEntries(apps.filter((a) => a.rollouts.length > 0).map((a) => [a.name, a.rollouts.map((r: any) => [r.name, r.strategy, r.phase])]));
    expect(rollouts).toEqual({ checkout: [['checkout', 'blueGreen', 'Healthy']], search: [['search', 'canary', 'Healthy']] });
  });
});
