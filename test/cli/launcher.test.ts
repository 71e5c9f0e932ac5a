import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The launcher names its folder with links resolved (pwd -P).
const ROOT = realpathSync(fileURLToPath(new URL('../..', import.meta.url)));
const LAUNCHER = join(ROOT, 'bin/tugboat');
const work = mkdtempSync(join(tmpdir(), 'tugboat-launcher-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A stand-in for Node that prints what it was started with: NODE_EXTRA_CA_CERTS, then its arguments. */
const fakeNode = join(work, 'fake-node');
writeFileSync(fakeNode, '#!/bin/sh\nprintf "%s|%s\\n" "${NODE_EXTRA_CA_CERTS-unset}" "$*"\n');
chmodSync(fakeNode, 0o755);

const launch = (cmd: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(cmd, args, { encoding: 'utf8', cwd: ROOT, env: { ...process.env, NODE_EXTRA_CA_CERTS: '/etc/extra.pem', TUGBOAT_NODE: fakeNode, ...env } });

describe('the tugboat command (bin/tugboat)', () => {
  it('runs bin/tugboat.cjs, without NODE_EXTRA_CA_CERTS for template only', () => {
    const cjs = join(ROOT, 'bin/tugboat.cjs');
    expect(launch(LAUNCHER, ['template', 'r', 'chart', '--set', 'a=b c']).stdout).toBe(`unset|${cjs} template r chart --set a=b c\n`);
    expect(launch(LAUNCHER, ['status', 'app']).stdout).toBe(`/etc/extra.pem|${cjs} status app\n`);
    expect(launch(LAUNCHER, ['serve', '--config', 'x.yaml']).stdout).toBe(`/etc/extra.pem|${cjs} serve --config x.yaml\n`);
  });

  it('finds its folder through links, as npm links it into node_modules/.bin', () => {
    const cjs = join(ROOT, 'bin/tugboat.cjs');
    const bin = join(work, 'node_modules/.bin');
    mkdirSync(bin, { recursive: true });
    symlinkSync(LAUNCHER, join(bin, 'absolute'));
    symlinkSync(relative(bin, LAUNCHER), join(bin, 'relative'));
    symlinkSync(join(bin, 'relative'), join(bin, 'twice'));
    for (const name of ['absolute', 'relative', 'twice']) {
      expect(launch(join(bin, name), ['template', 'r', 'c']).stdout, name).toBe(`unset|${cjs} template r c\n`);
    }
  });

  it('renders with the real Node as bin/tugboat.cjs does', () => {
    const viaLauncher = launch(LAUNCHER, ['template', 'demo', 'helm-like-charts/hello'], { TUGBOAT_NODE: process.execPath });
    const direct = spawnSync(process.execPath, [join(ROOT, 'bin/tugboat.cjs'), 'template', 'demo', 'helm-like-charts/hello'], { encoding: 'utf8', cwd: ROOT });
    expect(viaLauncher.status, viaLauncher.stderr).toBe(0);
    expect(viaLauncher.stdout).toBe(direct.stdout);
    expect(viaLauncher.stdout).toContain('# Source: hello/templates/');
    const bad = launch(LAUNCHER, ['template', 'demo', 'no/such/chart'], { TUGBOAT_NODE: process.execPath });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('Error: cannot read chart no/such/chart');
  });
});
