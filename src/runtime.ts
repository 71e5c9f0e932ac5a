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
import { tugboatApi } from './app/tugboat-api.js';
import { syncStatusOf } from './daemon/sync-status.js';
import { Daemon } from './daemon/daemon.js';
import { daemonPorts } from './adapters/daemon-ports.js';
import { seedExampleRepos } from './adapters/git/seed-repo.js';
import { attachObservability } from './adapters/observability.js';
import { startKubeApi, writeKubeconfig, type KubeApiServer } from './adapters/kube-api/index.js';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { hostname } from 'node:os';
import type { StateStore } from './core/reconcile/app-state.js';
import { loadKubeConfig } from './adapters/cluster/kube/index.js';
import { KubeStateStore } from './adapters/state/kube-state-store.js';
import { KubeLeaseClient } from './adapters/leader/kube-lease-client.js';
import { LEADER_LEASE, leaseTiming } from './core/leader/lease-decision.js';
import { holderIdentity, LeaderElector } from './daemon/leader-elector.js';
import { LeaderGate, LeaderGatedCluster } from './daemon/leader-gate.js';
import { startReplica, type Replica } from './daemon/replica.js';
import { realTimers, systemClock } from './daemon/real-time.js';

export interface RuntimeOptions {
  /** Overrides server.port; 0 picks a free port. */
  port?: number;
  logger: Logger;
  /** `serve --leader-elect` (cluster.type kube): only the holder of the Lease tugboat-system/tugboat-leader reconciles. */
  leaderElect?: boolean;
  /** Called when this replica loses the Lease (after it stopped writing); serve exits. */
  onLeadershipLost?: () => void;
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
  const kube = config.cluster.type === 'kube';
  if (opts.leaderElect && !kube) throw new Error('--leader-elect needs cluster.type: kube (replicas share a Lease on the cluster\'s API server)');
  await seedExampleRepos(config, logger);
  const cluster: ClusterStore = kube
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
  // Leader election: writes to the cluster (objects and state) pass only while this replica holds the Lease.
  let election: { elector: LeaderElector; gate: LeaderGate; lease: KubeLeaseClient } | undefined;
  if (opts.leaderElect) {
    const identity = holderIdentity(hostname(), process.pid, randomBytes(4).toString('hex'));
    const lease = new KubeLeaseClient(() => loadKubeConfig({ kubeconfig: config.cluster.kubeconfig, context: config.cluster.context }), LEADER_LEASE.namespace, LEADER_LEASE.name);
    const elector = new LeaderElector({ client: lease, identity, timing: leaseTiming(), logger });
    const gate = new LeaderGate(() => `the leader is ${elector.holder || 'not elected yet'}`, () => elector.leadingNow());
    election = { elector, gate, lease };
    logger.info('leader election: candidate', { identity, lease: `${LEADER_LEASE.namespace}/${LEADER_LEASE.name}` });
  }
  // With cluster.type kube the apps' state lives in the cluster too (Secrets in tugboat-system).
  const kubeState = kube
    ? new KubeStateStore({ kubeConfig: () => loadKubeConfig({ kubeconfig: config.cluster.kubeconfig, context: config.cluster.context }), logger, ...(election ? { canWrite: (what: string) => election.gate.check(what) } : {}) })
    : undefined;
  const state: StateStore = kubeState ?? new SqliteStateStore(config.cluster.dataDir);
  const metrics = createPrometheusRecorder();
  const daemonCluster = election ? new LeaderGatedCluster(cluster, election.gate) : cluster;
  const renderCache = new SqliteRenderCache(config.cluster.dataDir);
  // One time source for the daemon's timers and the replica's waits (a test runtime could swap both at once).
  const time = { clock: systemClock, timers: realTimers };
  const daemon = new Daemon({ ...daemonPorts, config, cluster: daemonCluster, state, recorder: metrics.recorder, logger, renderCache, clock: time.clock, timers: time.timers });
  // Logs, event metrics and notifications listen to the daemon's events from its first pass on.
  const api = tugboatApi(daemon);
  const observability = attachObservability({
    config, events: daemon.events, logger, metrics,
    status: (name) => {
      const ctl = daemon.apps.get(name);
      return ctl && { namespace: ctl.spec.namespace, syncStatus: syncStatusOf(ctl, daemon.state.getApp(name)), healthStatus: ctl.health.status };
    },
  });
  await daemon.prepare();

  const token = config.server.token;
  const loopbackOnly = token === undefined;
  const host = loopbackOnly ? '127.0.0.1' : (config.server.host ?? '0.0.0.0');
  const app = createApiApp({
    api, token, metrics: () => metrics.metrics(), metricsContentType: metrics.contentType,
    ...(election ? { leadership: () => ({ leader: election.gate.isOpen, holder: election.elector.holder }) } : {}),
  });
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? config.server.port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${addr.port}`;
  if (loopbackOnly) logger.warn('no API token configured (server.token or TUGBOAT_TOKEN): listening on 127.0.0.1 only');
  logger.info('API listening', { url });
  // Reconcile in the background (after the state is read; with leader election, once leading): /readyz
  // turns ready after the first pass of every app.
  const replica: Replica = startReplica({
    daemon, recorder: metrics.recorder, logger, timers: time.timers,
    ...(kubeState ? { state: kubeState } : {}),
    ...(election ? { election: { elector: election.elector, gate: election.gate, onLost: () => opts.onLeadershipLost?.() } } : {}),
  });

  return {
    daemon,
    cluster,
    server,
    url,
    loopbackOnly,
    ...(kubeApi ? { kubeApi: { url: kubeApi.url, kubeconfig } } : {}),
    async stop() {
      await replica.stop();
      await daemon.stop();
      election?.lease.close();
      observability.stop();
      // Open event streams (the UI's) never end on their own: server.close would wait for them forever.
      server.closeAllConnections?.();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await kubeApi?.close();
      await cluster.close();
      await state.flush?.().catch(() => undefined);
      state.close();
      renderCache.close();
    },
  };
}
