import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/index.js';
import { createSimCluster } from '../../src/adapters/cluster/sim/index.js';
import { SqliteStateStore } from '../../src/adapters/state/sqlite-state-store.js';
import { createPrometheusRecorder } from '../../src/adapters/metrics/index.js';
import { silentLogger, type ClusterStore } from '../../src/core/ports.js';
import { Daemon } from '../../src/daemon/daemon.js';
import { daemonPorts } from '../../src/adapters/daemon-ports.js';

/**
 * A daemon wired in-process (no HTTP): real git, real sim cluster, real SQLite. `wrapCluster` puts a
 * store around the sim as the daemon sees it (to count or observe its calls); `cluster` stays the sim.
 */
export async function inProcessDaemon(yamlApps: string, repoDir: string, opts: { wrapCluster?: (sim: ClusterStore) => ClusterStore } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'tugboat-inproc-'));
  const config = parseConfig(`apiVersion: tugboat.dev/v1alpha1
kind: Config
cluster: {dataDir: ${join(work, 'data')}}
sources: [{name: src, repo: ${repoDir}}]
applications:
${yamlApps}
`, join(work, 'tugboat.yaml'), {});
  const cluster = await createSimCluster({ dataDir: config.cluster.dataDir, nodes: 2 });
  const state = new SqliteStateStore(config.cluster.dataDir);
  const metrics = createPrometheusRecorder();
  const daemon = new Daemon({ ...daemonPorts, config, cluster: opts.wrapCluster ? opts.wrapCluster(cluster) : cluster, state, recorder: metrics.recorder, logger: silentLogger });
  await daemon.start();
  return {
    daemon,
    cluster,
    state,
    metrics,
    async stop() {
      await daemon.stop();
      await cluster.close();
      state.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}
