import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:https';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createSimCluster, type SimCluster } from '../../../src/adapters/cluster/sim/index.js';
import { startKubeApi, writeKubeconfig, type KubeApiServer } from '../../../src/adapters/kube-api/index.js';

export const KUBECTL = '/usr/bin/kubectl';
export const hasKubectl = existsSync(KUBECTL);

export interface KubeApiHarness {
  dir: string;
  sim: SimCluster;
  api: KubeApiServer;
  token: string;
  kubeconfig: string;
  /** Runs the real kubectl against the sim's API. */
  kubectl(args: string[], opts?: { input?: string; env?: Record<string, string> }): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Starts a long-running kubectl (get -w). */
  spawnKubectl(args: string[]): ChildProcess;
  file(name: string, text: string): string;
  /** A raw HTTPS request to the API (token optional). */
  raw(path: string, opts?: { token?: string; method?: string; body?: string; headers?: Record<string, string> }): Promise<{ status: number; headers: Record<string, unknown>; body: string }>;
  close(): Promise<void>;
}

export async function startHarness(): Promise<KubeApiHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'tugboat-kube-api-'));
  const sim = await createSimCluster({ dataDir: join(dir, 'sim') });
  const token = randomBytes(24).toString('hex');
  const api = await startKubeApi({ cluster: sim, port: 0, token });
  const kubeconfig = join(dir, 'kubeconfig');
  writeKubeconfig(kubeconfig, api.url, token, api.caCert);
  const env = (extra: Record<string, string> = {}) => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, KUBECONFIG: kubeconfig, ...extra });
  return {
    dir, sim, api, token, kubeconfig,
    kubectl(args, opts = {}) {
      return new Promise((resolve) => {
        const child = execFile(KUBECTL, args, { env: env(opts.env), timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
          const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
          resolve({ code, stdout, stderr });
        });
        if (opts.input !== undefined) child.stdin?.end(opts.input);
        else child.stdin?.end();
      });
    },
    spawnKubectl(args) {
      return spawn(KUBECTL, args, { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    },
    file(name, text) {
      const p = join(dir, name);
      writeFileSync(p, text);
      return p;
    },
    raw(path, o = {}) {
      return new Promise((resolve, reject) => {
        const headers: Record<string, string> = { ...(o.headers ?? {}) };
        if (o.token) headers['authorization'] = `Bearer ${o.token}`;
        const req = request(`${api.url}${path}`, { method: o.method ?? 'GET', ca: api.caCert, headers }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        });
        req.on('error', reject);
        req.end(o.body);
      });
    },
    async close() {
      await api.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Polls until fn returns a truthy value (generous deadline: the machine is shared). */
export async function until<T>(fn: () => Promise<T> | T, what: string, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
