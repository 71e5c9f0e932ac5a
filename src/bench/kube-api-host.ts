/**
 * The sim's Kubernetes API in a process of its own, for the kube benchmarks (a live API server is never
 * inside Tugboat's process). Usage: node dist/bench/kube-api-host.js DATA_DIR [PODS]
 * Controllers are paused (manual mode), as in the in-process baseline; PODS pods are created across 30
 * namespaces first. Prints one JSON line ({kubeconfig, objects}) when it listens; exits when stdin closes.
 */
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createSimCluster } from '../adapters/cluster/sim/index.js';
import { startKubeApi, writeKubeconfig } from '../adapters/kube-api/index.js';

const [, , dataDir, podsArg] = process.argv as [string, string, string, string | undefined];
const pods = Number(podsArg ?? 0);
const sim = await createSimCluster({ dataDir: join(dataDir, 'cluster'), nodes: 50, mode: 'manual' });
if (pods > 0) {
  for (let n = 0; n < 30; n++) await sim.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `team-${n}` } }, { fieldManager: 'bench' });
  const batch: Array<Promise<unknown>> = [];
  for (let i = 0; i < pods; i++) {
    batch.push(sim.apply({
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: `web-${i}`, namespace: `team-${i % 30}`, labels: { app: `web-${i % 100}` } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.25', ports: [{ containerPort: 80 }] }] },
    }, { fieldManager: 'bench' }));
    if (batch.length >= 200) await Promise.all(batch.splice(0));
  }
  await Promise.all(batch);
}
const token = randomBytes(16).toString('hex');
const api = await startKubeApi({ cluster: sim, port: 0, token });
const kubeconfig = join(dataDir, 'kubeconfig');
writeKubeconfig(kubeconfig, api.url, token, api.caCert);
process.stdout.write(JSON.stringify({ kubeconfig, url: api.url, pods }) + '\n');
process.stdin.resume();
process.stdin.on('end', () => {
  void api.close().then(() => sim.close()).then(() => process.exit(0));
});
