import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ClusterStore } from '../../../../src/core/ports.js';
import { createSimCluster, type SimCluster } from '../../../../src/adapters/cluster/sim/index.js';
import { startKubeApi, writeKubeconfig, type KubeApiServer } from '../../../../src/adapters/kube-api/index.js';
import { createKubeCluster, loadKubeConfig, type KubeCluster } from '../../../../src/adapters/cluster/kube/index.js';

export interface Backend {
  name: string;
  store: ClusterStore;
  /** The simulated cluster behind it (in-process, or behind the API). */
  sim: SimCluster;
  close(): Promise<void>;
}

export async function simBackend(): Promise<Backend> {
  const dir = mkdtempSync(join(tmpdir(), 'tugboat-contract-sim-'));
  const sim = await createSimCluster({ dataDir: dir, nodes: 2 });
  return { name: 'sim', store: sim, sim, async close() { await sim.close(); rmSync(dir, { recursive: true, force: true }); } };
}

/** cluster/kube talking HTTPS to the sim's Kubernetes API, as it would to a live cluster. */
export async function kubeBackend(): Promise<Backend & { api: KubeApiServer; kubeconfig: string; kube: KubeCluster }> {
  const dir = mkdtempSync(join(tmpdir(), 'tugboat-contract-kube-'));
  const sim = await createSimCluster({ dataDir: join(dir, 'sim'), nodes: 2 });
  const token = randomBytes(16).toString('hex');
  const api = await startKubeApi({ cluster: sim, port: 0, token });
  const kubeconfig = join(dir, 'kubeconfig');
  writeKubeconfig(kubeconfig, api.url, token, api.caCert);
  const kube = createKubeCluster({ kubeConfig: loadKubeConfig({ kubeconfig }) });
  return {
    name: 'kube', store: kube, kube, sim, api, kubeconfig,
    async close() {
      await kube.close();
      await api.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
