/**
 * cluster.type kube as the daemon uses it: the kubeconfig (file and context) is read on first use and
 * again after a failure, so a wrong context name or an unreachable API server becomes a SyncError on the
 * apps (a ClusterError naming the cause) instead of a daemon that cannot start, and fixing the kubeconfig
 * or bringing the server back recovers without a restart.
 */
import { ClusterError, silentLogger, watchArgs, type ApplyOptions, type ApplyResult, type ApplyStatusOptions, type ClusterStore, type ListOptions, type Logger, type WatchHandler, type WatchOptions } from '../../../core/ports.js';
import type { KubeObject, ObjectKey } from '../../../core/model/kube-object.js';
import { createKubeCluster, type KubeCluster } from './kube-cluster.js';
import { loadKubeConfig, type KubeConnectionOptions } from './kube-config.js';

export class ConnectingKubeCluster implements ClusterStore {
  private inner: KubeCluster | undefined;
  private connecting: Promise<KubeCluster> | undefined;
  /** Subscribers and the kinds each asked for (undefined: every kind), passed on once connected. */
  private readonly handlers = new Map<WatchHandler, WatchOptions | undefined>();
  private closed = false;

  constructor(private readonly opts: KubeConnectionOptions & { logger?: Logger }) {}

  private connect(): Promise<KubeCluster> {
    if (this.inner) return Promise.resolve(this.inner);
    this.connecting ??= (async () => {
      let kc;
      try {
        kc = loadKubeConfig(this.opts);
      } catch (err) {
        throw new ClusterError(503, 'ServiceUnavailable', err instanceof Error ? err.message : String(err));
      }
      const c = createKubeCluster({ kubeConfig: kc, retry: { attempts: 3, baseMs: 200, maxMs: 2000 } });
      try {
        await c.connect();
      } catch (err) {
        await c.close();
        throw err;
      }
      if (this.closed) {
        await c.close();
        throw new ClusterError(503, 'ServiceUnavailable', 'the cluster store is closed');
      }
      (this.opts.logger ?? silentLogger).info('connected to the Kubernetes API', { server: c.server });
      for (const [h, o] of this.handlers) subscribe(c, h, o);
      this.inner = c;
      return c;
    })().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  async get(key: ObjectKey): Promise<KubeObject | undefined> {
    return (await this.connect()).get(key);
  }

  async list(opts: ListOptions): Promise<KubeObject[]> {
    return (await this.connect()).list(opts);
  }

  async apply(obj: KubeObject, opts?: ApplyOptions): Promise<ApplyResult> {
    return (await this.connect()).apply(obj, opts);
  }

  async applyStatus(obj: KubeObject, opts?: ApplyStatusOptions): Promise<ApplyResult> {
    return (await this.connect()).applyStatus(obj, opts);
  }

  async validate(objs: KubeObject[]): Promise<Array<{ key: ObjectKey; error: ClusterError }>> {
    return (await this.connect()).validate(objs);
  }

  async delete(key: ObjectKey, opts?: { manager?: string }): Promise<boolean> {
    return (await this.connect()).delete(key, opts);
  }

  watch(opts: WatchOptions, handler: WatchHandler): () => void;
  watch(handler: WatchHandler): () => void;
  watch(a: WatchOptions | WatchHandler, b?: WatchHandler): () => void {
    const { handler, kinds } = watchArgs(a, b);
    const o = kinds ? { kinds } : undefined;
    this.handlers.set(handler, o);
    let off = this.inner ? subscribe(this.inner, handler, o) : undefined;
    if (!this.inner) void this.connect().then((c) => (off ??= subscribe(c, handler, o)), () => undefined);
    return () => {
      this.handlers.delete(handler);
      off?.();
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.inner?.close();
  }
}

function subscribe(c: KubeCluster, handler: WatchHandler, opts: WatchOptions | undefined): () => void {
  return opts ? c.watch(opts, handler) : c.watch(handler);
}
