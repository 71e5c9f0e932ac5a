/**
 * One kind, cluster-wide: list, then watch from the list's resourceVersion (with bookmarks), resuming from
 * the last version seen after a disconnect and relisting after 410 Gone (emitting what changed meanwhile).
 * Its cache answers get and list once synced.
 */
import { Watch, type KubeConfig } from '@kubernetes/client-node';
import { keyOf, keyString, type KubeObject } from '../../../core/model/kube-object.js';
import type { WatchEventType } from '../../../core/ports.js';
import { resourcePath, type ResourceMapping } from './discovery.js';
import type { KubeTransport } from './transport.js';

export type InformerEvent = (type: WatchEventType, obj: KubeObject, prev: KubeObject | undefined) => void;

export class KindInformer {
  readonly cache = new Map<string, KubeObject>();
  private rv = '';
  private stopped = false;
  private abort: AbortController | undefined;
  private retryMs = 500;
  readonly synced: Promise<void>;

  constructor(
    private readonly kc: KubeConfig,
    private readonly transport: KubeTransport,
    readonly mapping: ResourceMapping,
    private readonly emit: InformerEvent,
  ) {
    this.synced = this.relist().then(() => void this.watch());
  }

  private apiVersion(): string {
    return this.mapping.group ? `${this.mapping.group}/${this.mapping.version}` : this.mapping.version;
  }

  private fill(o: KubeObject): KubeObject {
    o.apiVersion ??= this.apiVersion();
    o.kind ??= this.mapping.kind;
    return o;
  }

  /** Full list (paged); differences from the cache are emitted, so nothing is lost across a 410. */
  private async relist(): Promise<void> {
    const fresh = new Map<string, KubeObject>();
    let cont: string | undefined;
    let rv = '';
    do {
      const res = await this.transport.request('GET', resourcePath(this.mapping), { query: { limit: '500', continue: cont }, what: `list ${this.mapping.plural}` });
      const body = res.body as { metadata?: { resourceVersion?: string; continue?: string }; items?: KubeObject[] };
      for (const o of body.items ?? []) {
        this.fill(o);
        fresh.set(keyString(keyOf(o)), o);
      }
      rv = body.metadata?.resourceVersion ?? rv;
      cont = body.metadata?.continue || undefined;
    } while (cont);
    const hadCache = this.cache.size > 0 || this.rv !== '';
    for (const [k, o] of fresh) {
      const prev = this.cache.get(k);
      this.cache.set(k, o);
      if (hadCache && (!prev || prev.metadata.resourceVersion !== o.metadata.resourceVersion)) this.emit(prev ? 'MODIFIED' : 'ADDED', o, prev);
    }
    for (const [k, prev] of [...this.cache]) {
      if (!fresh.has(k)) {
        this.cache.delete(k);
        this.emit('DELETED', prev, prev);
      }
    }
    this.rv = rv;
  }

  private async watch(): Promise<void> {
    if (this.stopped) return;
    let gone = false;
    const w = new Watch(this.kc);
    try {
      this.abort = await w.watch(resourcePath(this.mapping), { resourceVersion: this.rv, allowWatchBookmarks: true }, (type, obj: KubeObject & { code?: number }) => {
        if (type === 'BOOKMARK') {
          this.rv = obj.metadata?.resourceVersion ?? this.rv;
          return;
        }
        if (type === 'ERROR') {
          if (obj.code === 410) gone = true;
          this.abort?.abort();
          return;
        }
        this.retryMs = 500;
        const o = this.fill(obj);
        const k = keyString(keyOf(o));
        const prev = this.cache.get(k);
        if (type === 'DELETED') this.cache.delete(k);
        else {
          // our own write may already be in the cache at a newer version
          if (prev && Number(prev.metadata.resourceVersion) > Number(o.metadata.resourceVersion)) {
            this.rv = o.metadata.resourceVersion ?? this.rv;
            return;
          }
          this.cache.set(k, o);
        }
        this.rv = o.metadata.resourceVersion ?? this.rv;
        this.emit(type as WatchEventType, o, prev);
      }, (err: unknown) => void this.restart(gone || (err as { statusCode?: number })?.statusCode === 410, err));
    } catch (err) {
      void this.restart(false, err);
    }
  }

  private async restart(relist: boolean, err: unknown): Promise<void> {
    if (this.stopped) return;
    if (err) {
      await new Promise((r) => setTimeout(r, this.retryMs * (0.5 + Math.random())));
      this.retryMs = Math.min(10_000, this.retryMs * 2);
    }
    if (this.stopped) return;
    try {
      if (relist) await this.relist();
    } catch {
      return this.restart(true, new Error('relist failed'));
    }
    void this.watch();
  }

  /** Our own write's result, so a read right after it sees it. */
  remember(o: KubeObject): void {
    const k = keyString(keyOf(o));
    const prev = this.cache.get(k);
    if (!prev || Number(prev.metadata.resourceVersion) < Number(o.metadata.resourceVersion)) this.cache.set(k, o);
  }

  forget(key: string): void {
    this.cache.delete(key);
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
  }
}
