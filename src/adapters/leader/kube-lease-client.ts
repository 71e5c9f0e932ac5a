/**
 * The leader Lease (`coordination.k8s.io/v1`, `tugboat-system/tugboat-leader`) on the API server:
 * GET, POST (409 AlreadyExists: another replica created it first) and PUT with the resourceVersion read
 * (409 Conflict: another replica wrote it since). One attempt per call: the elector's own loop retries,
 * and a slow API must not hold a renewal past the renew deadline.
 */
import type { KubeConfig } from '@kubernetes/client-node';
import { ClusterError } from '../../core/ports.js';
import { KubeTransport } from '../cluster/kube/transport.js';
import { LeaseConflictError, type LeaseClient, type LeaseRecord, type LeaseSpec } from '../../core/leader/lease-decision.js';

interface LeaseObject {
  metadata?: { resourceVersion?: string };
  spec?: LeaseSpec;
}

export class KubeLeaseClient implements LeaseClient {
  private current: KubeTransport | undefined;
  private namespaceReady = false;

  /** `kubeConfig` is read on first use and again after a failure (a kubeconfig fixed later is picked up). */
  constructor(private readonly kubeConfig: () => KubeConfig, readonly namespace: string, readonly name: string) {}

  private get transport(): KubeTransport {
    if (!this.current) {
      try {
        this.current = new KubeTransport(this.kubeConfig(), { attempts: 1, baseMs: 100, maxMs: 100 });
      } catch (err) {
        throw new ClusterError(503, 'ServiceUnavailable', err instanceof Error ? err.message : String(err));
      }
    }
    return this.current;
  }

  /** Forgets the connection after a failure other than a conflict or a missing Lease. */
  private reset(err: unknown): void {
    if (err instanceof ClusterError && (err.code === 404 || err.code === 409)) return;
    this.current?.close();
    this.current = undefined;
  }

  private get collection(): string {
    return `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(this.namespace)}/leases`;
  }

  async get(): Promise<LeaseRecord | undefined> {
    try {
      const res = await this.transport.request('GET', `${this.collection}/${encodeURIComponent(this.name)}`, { what: this.what('get') });
      return record(res.body as LeaseObject);
    } catch (err) {
      if (err instanceof ClusterError && err.code === 404) return undefined;
      this.reset(err);
      throw err;
    }
  }

  async create(spec: LeaseSpec): Promise<LeaseRecord> {
    await this.ensureNamespace();
    const body = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.name, namespace: this.namespace }, spec };
    try {
      const res = await this.transport.request('POST', this.collection, { body, what: this.what('create') });
      return record(res.body as LeaseObject);
    } catch (err) {
      this.reset(err);
      throw conflict(err, 'another replica created the Lease first');
    }
  }

  async update(spec: LeaseSpec, resourceVersion: string): Promise<LeaseRecord> {
    const body = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: this.name, namespace: this.namespace, resourceVersion }, spec };
    try {
      const res = await this.transport.request('PUT', `${this.collection}/${encodeURIComponent(this.name)}`, { body, what: this.what('update') });
      return record(res.body as LeaseObject);
    } catch (err) {
      this.reset(err);
      throw conflict(err, 'another replica wrote the Lease first');
    }
  }

  /** The namespace is created when absent (409: it exists). */
  private async ensureNamespace(): Promise<void> {
    if (this.namespaceReady) return;
    try {
      await this.transport.request('POST', '/api/v1/namespaces', { body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: this.namespace } }, what: `create namespace "${this.namespace}"` });
    } catch (err) {
      if (!(err instanceof ClusterError && err.code === 409)) throw err;
    }
    this.namespaceReady = true;
  }

  private what(verb: string): string {
    return `${verb} leases.coordination.k8s.io "${this.name}" in namespace "${this.namespace}"`;
  }

  close(): void {
    this.current?.close();
  }
}

function record(o: LeaseObject): LeaseRecord {
  return { spec: o.spec ?? {}, resourceVersion: o.metadata?.resourceVersion ?? '' };
}

function conflict(err: unknown, message: string): unknown {
  return err instanceof ClusterError && err.code === 409 ? new LeaseConflictError(message) : err;
}
