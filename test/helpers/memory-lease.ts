import { LeaseConflictError, type LeaseClient, type LeaseRecord, type LeaseSpec } from '../../src/core/leader/lease-decision.js';

/** A Lease kept in memory with optimistic concurrency; `hang` makes every call wait forever (an unreachable API server). */
export class MemoryLease implements LeaseClient {
  lease: LeaseRecord | undefined;
  hang = false;
  calls = 0;
  private rv = 0;
  private answer<T>(v: () => T): Promise<T> {
    this.calls++;
    if (this.hang) return new Promise<T>(() => undefined);
    try {
      return Promise.resolve(v());
    } catch (err) {
      return Promise.reject(err);
    }
  }
  get(): Promise<LeaseRecord | undefined> {
    return this.answer(() => (this.lease ? structuredClone(this.lease) : undefined));
  }
  create(spec: LeaseSpec): Promise<LeaseRecord> {
    return this.answer(() => {
      if (this.lease) throw new LeaseConflictError('exists');
      this.lease = { spec: structuredClone(spec), resourceVersion: String(++this.rv) };
      return structuredClone(this.lease);
    });
  }
  update(spec: LeaseSpec, resourceVersion: string): Promise<LeaseRecord> {
    return this.answer(() => {
      if (!this.lease || this.lease.resourceVersion !== resourceVersion) throw new LeaseConflictError('conflict');
      this.lease = { spec: structuredClone(spec), resourceVersion: String(++this.rv) };
      return structuredClone(this.lease);
    });
  }
}
