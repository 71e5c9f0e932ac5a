import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config/types.js';
import type { ClusterStore, Logger } from './core/ports.js';
import { createSimCluster, type SimCluster } from './adapters/cluster/sim/index.js';
import { ConnectingKubeCluster } from './adapters/cluster/kube/index.js';
import { SqliteStateStore } from './adapters/state/sqlite-state-store.js';
import { SqliteRenderCache } from './adapters/state/render-cache.js';
import { createPrometheusRecorder } from './adapters/metrics/index.js';
import { createApiApp } from './adapters/http/api-app.js';
import { Daemon } from './daemon/daemon.js';
import { seedExampleRepos } from './daemon/seed-repo.js';
import { attachObservability } from './daemon/observability.js';
import { startKubeApi, writeKubeconfig, type KubeApiServer } from './adapters/kube-api/index.js';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

export interface RuntimeOptions {
  /** Overrides server.port; 0 picks a free port. */
  port?: number;
  logger: Logger;
}

export interface Runtime {
  daemon: Daemon;
  cluster: ClusterStore;
  server: Server;
  url: string;
  /** True when no token is configured and the server listens on 127.0.0.1 only. */
  loopbackOnly: boolean;
  /** The sim's Kubernetes API (cluster.apiPort) and the kubeconfig written for it. */
  kubeApi?: { url: string; kubeconfig: string };
  stop(): Promise<void>;
}

/** Wires the adapters into a daemon and serves the API. The environment was read by the caller. */
export async function startRuntime(config: Config, opts: RuntimeOptions): Promise<Runtime> {
  const { logger } = opts;
  await seedExampleRepos(config, logger);
  const cluster: ClusterStore = config.cluster.type === 'kube'
    ? new ConnectingKubeCluster({ kubeconfig: config.cluster.kubeconfig, context: config.cluster.context, logger })
    : await createSimCluster({
      dataDir: config.cluster.dataDir,
      nodes: config.cluster.nodes as never,
      images: config.cluster.images as never,
      nodeEvictionSeconds: config.cluster.nodeEvictionSeconds,
    });
  let kubeApi: KubeApiServer | undefined;
  let kubeconfig = '';
  if (config.cluster.apiPort !== undefined && config.cluster.type === 'sim') {
    // a fresh token per start: only this process's kubeconfig (mode 0600) can talk to the sim's API
    const token = randomBytes(32).toString('base64url');
    kubeApi = await startKubeApi({ cluster: cluster as SimCluster, port: config.cluster.apiPort, token, logger });
    kubeconfig = join(config.cluster.dataDir, 'kubeconfig');
    writeKubeconfig(kubeconfig, kubeApi.url, token, kubeApi.caCert);
    logger.info('Kubernetes API of the simulated cluster listening', { url: kubeApi.url, kubeconfig });
  }
  const state = new SqliteStateStore(config.cluster.dataDir);
  const renderCache = new SqliteRenderCache(config.cluster.dataDir);
  const metrics = createPrometheusRecorder();
  const daemon = new Daemon({ config, cluster, state, recorder: metrics.recorder, logger, renderCache });
  // Logs, event metrics and notifications listen to the daemon's events from its first pass on.
  const observability = attachObservability({ config, daemon, logger, metrics });
  await daemon.prepare();

  const token = config.server.token;
  const loopbackOnly = token === undefined;
  const host = loopbackOnly ? '127.0.0.1' : (config.server.host ?? '0.0.0.0');
  const app = createApiApp({ daemon, token, metrics: () => metrics.metrics(), metricsContentType: metrics.contentType });
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? config.server.port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${addr.port}`;
  if (loopbackOnly) logger.warn('no API token configured (server.token or TUGBOAT_TOKEN): listening on 127.0.0.1 only');
  logger.info('API listening', { url });
  // Reconcile in the background: /readyz turns ready after the first pass of every app.
  const started = daemon.start().catch((err) => logger.error('daemon failed to start', { error: String(err) }));

  return {
    daemon,
    cluster,
    server,
    url,
    loopbackOnly,
    ...(kubeApi ? { kubeApi: { url: kubeApi.url, kubeconfig } } : {}),
    async stop() {
      await started;
      await daemon.stop();
      observability.stop();
      // Open event streams (the UI's) never end on their own: server.close would wait for them forever.
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await kubeApi?.close();
      await cluster.close();
      state.close();
      renderCache.close();
    },
  };
}
