import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSimCluster, type SimCluster, type SimClusterOptions } from '../../../../src/adapters/cluster/sim/index.js';
import { ManualClock } from '../../../../src/adapters/cluster/sim/clock.js';
import type { KubeObject } from '../../../../src/core/model/kube-object.js';

export const T0 = Date.parse('2026-01-02T03:04:05Z');

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'tugboat-sim-'));
}

export interface Harness {
  sim: SimCluster;
  clock: ManualClock;
  dir: string;
  reopen(extra?: Partial<SimClusterOptions>): Promise<SimCluster>;
  cleanup(): Promise<void>;
}

export async function manualSim(extra: Partial<SimClusterOptions> = {}): Promise<Harness> {
  const dir = tempDir();
  const clock = new ManualClock(T0);
  const opts: SimClusterOptions = { dataDir: dir, mode: 'manual', clock, ...extra };
  const h: Harness = {
    sim: await createSimCluster(opts),
    clock,
    dir,
    async reopen(more = {}) {
      await h.sim.close();
      h.sim = await createSimCluster({ ...opts, ...more });
      return h.sim;
    },
    async cleanup() {
      await h.sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

export function namespace(name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

export function configMap(name: string, data: Record<string, string>, ns = 'app'): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns }, data };
}

export function deployment(name: string, opts: { image?: string; replicas?: number; ns?: string; strategy?: unknown; labels?: Record<string, string>; minReadySeconds?: number; progressDeadlineSeconds?: number; revisionHistoryLimit?: number } = {}): KubeObject {
  const labels = opts.labels ?? { app: name };
  const spec: Record<string, unknown> = {
    selector: { matchLabels: labels },
    template: {
      metadata: { labels },
      spec: { containers: [{ name: 'main', image: opts.image ?? 'nginx:1.25', ports: [{ name: 'http', containerPort: 80 }] }] },
    },
  };
  if (opts.replicas !== undefined) spec['replicas'] = opts.replicas;
  if (opts.strategy !== undefined) spec['strategy'] = opts.strategy;
  if (opts.minReadySeconds !== undefined) spec['minReadySeconds'] = opts.minReadySeconds;
  if (opts.progressDeadlineSeconds !== undefined) spec['progressDeadlineSeconds'] = opts.progressDeadlineSeconds;
  if (opts.revisionHistoryLimit !== undefined) spec['revisionHistoryLimit'] = opts.revisionHistoryLimit;
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: opts.ns ?? 'app' }, spec };
}

export function service(name: string, selector: Record<string, string>, ns = 'app'): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns },
    spec: { selector, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  };
}

export const depKey = (name: string, ns = 'app') => ({ group: 'apps', kind: 'Deployment', namespace: ns, name });

export function status(o: KubeObject | undefined): Record<string, any> {
  return ((o as Record<string, unknown> | undefined)?.['status'] ?? {}) as Record<string, any>;
}

export function spec(o: KubeObject | undefined): Record<string, any> {
  return ((o as Record<string, unknown> | undefined)?.['spec'] ?? {}) as Record<string, any>;
}
