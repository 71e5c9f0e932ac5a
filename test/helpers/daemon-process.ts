import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/tugboat.cjs', import.meta.url));

/** The real `tugboat serve` as a child process on an ephemeral 127.0.0.1 port. */
export class DaemonProcess {
  proc!: ChildProcess;
  url = '';
  stdout = '';
  stderr = '';
  /** Sent as a bearer token by json() when set (a daemon with server.token needs it for every API call). */
  bearer: string | undefined;

  /** `args` are added to `tugboat serve` (e.g. --log-format json). */
  constructor(readonly configFile: string, readonly env: Record<string, string> = {}, readonly args: string[] = []) {}

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.proc = spawn(process.execPath, [BIN, 'serve', '--config', this.configFile, '--port', '0', ...this.args], {
        env: { ...process.env, ...this.env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const timer = setTimeout(() => reject(new Error(`daemon did not start:\n${this.stdout}\n${this.stderr}`)), 20_000);
      this.proc.stdout!.on('data', (d: Buffer) => {
        this.stdout += d.toString();
        const m = /API:\s+(http:\/\/[\d.]+:\d+)/.exec(this.stdout);
        if (m && !this.url) {
          this.url = m[1]!;
          clearTimeout(timer);
          resolve();
        }
      });
      this.proc.stderr!.on('data', (d: Buffer) => { this.stderr += d.toString(); });
      this.proc.on('exit', (code) => {
        clearTimeout(timer);
        if (!this.url) reject(new Error(`daemon exited with ${code}:\n${this.stdout}\n${this.stderr}`));
      });
    });
  }

  async json<T = any>(path: string, init?: RequestInit): Promise<T> {
    const headers = new Headers(init?.headers);
    if (this.bearer && !headers.has('authorization')) headers.set('authorization', `Bearer ${this.bearer}`);
    const res = await fetch(this.url + path, { ...init, headers });
    const text = await res.text();
    if (!res.ok) throw new Error(`${res.status} ${text}`);
    return JSON.parse(text) as T;
  }

  /** SIGKILL: no chance to flush anything that was not already durable. */
  kill9(): Promise<void> {
    return new Promise((resolve) => {
      if (this.proc.exitCode !== null) return resolve();
      this.proc.once('exit', () => resolve());
      this.proc.kill('SIGKILL');
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.proc || this.proc.exitCode !== null || this.proc.signalCode !== null) return resolve();
      this.proc.once('exit', () => resolve());
      this.proc.kill('SIGTERM');
      setTimeout(() => this.proc.kill('SIGKILL'), 5000).unref();
    });
  }
}

/** Polls until `check` returns a truthy value, or fails after `timeoutMs` with the last value seen. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
      last = v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export function binPath(): string {
  return BIN;
}

/**
 * Runs the `tugboat` CLI without blocking this process. Tests that host a server the daemon depends on
 * (the sim's Kubernetes API for `cluster.type: kube`) must use this instead of spawnSync: a blocked
 * event loop cannot answer the daemon, so a CLI call that waits for a sync never returns.
 */
export function runTugboat(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
    const timer = setTimeout(() => { stderr += `\n(killed after ${timeoutMs} ms)`; child.kill('SIGKILL'); }, timeoutMs);
    child.on('close', (code) => { clearTimeout(timer); resolve({ status: code, stdout, stderr }); });
  });
}
