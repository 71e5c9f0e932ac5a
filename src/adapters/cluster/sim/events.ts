/**
 * Kubernetes-style v1 Event objects (reason, message, involvedObject, count, first/lastTimestamp, type),
 * deduplicated like the kubelet's recorder (same object+reason+message → count++), persisted, capped.
 */
import type { Clock } from '../../../core/ports.js';
import type { KubeObject } from '../../../core/model/kube-object.js';
import { clone } from './json.js';
import type { Persistence } from './persistence.js';
import { isoSeconds } from './time.js';

export type EventType = 'Normal' | 'Warning';

export class EventRecorder {
  private readonly events = new Map<string, KubeObject>();
  private readonly dedup = new Map<string, string>();
  private seq = 0;

  constructor(
    private readonly persistence: Persistence,
    private readonly clock: Clock,
    private readonly max = 5000,
  ) {}

  load(): void {
    for (const row of this.persistence.loadEvents()) {
      const ev = JSON.parse(row.json) as KubeObject;
      this.events.set(row.name, ev);
      this.dedup.set(dedupKey(ev), row.name);
    }
  }

  get size(): number {
    return this.events.size;
  }

  record(involved: KubeObject, type: EventType, reason: string, message: string, component: string, host?: string): void {
    const now = this.clock.now();
    const ts = isoSeconds(now);
    const involvedObject: Record<string, unknown> = {
      apiVersion: involved.apiVersion,
      kind: involved.kind,
      name: involved.metadata.name,
      uid: involved.metadata.uid,
      resourceVersion: involved.metadata.resourceVersion,
    };
    if (involved.metadata.namespace) involvedObject['namespace'] = involved.metadata.namespace;
    const probe = { involvedObject, reason, message, type } as unknown as KubeObject;
    const existingName = this.dedup.get(dedupKey(probe));
    const existing = existingName ? this.events.get(existingName) : undefined;
    if (existing) {
      existing['count'] = ((existing['count'] as number) ?? 1) + 1;
      existing['lastTimestamp'] = ts;
      existing['involvedObject'] = involvedObject;
      this.persistence.putEvent(existingName!, JSON.stringify(existing));
      return;
    }
    const name = `${involved.metadata.name}.${(BigInt(now) * 1_000_000n + BigInt(this.seq++ % 1_000_000)).toString(16)}`;
    const ev: KubeObject = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: involved.metadata.namespace || 'default', creationTimestamp: ts },
      involvedObject,
      reason,
      message,
      source: host ? { component, host } : { component },
      firstTimestamp: ts,
      lastTimestamp: ts,
      count: 1,
      type,
      reportingComponent: component,
      reportingInstance: host ?? '',
    };
    this.events.set(name, ev);
    this.dedup.set(dedupKey(ev), name);
    this.persistence.putEvent(name, JSON.stringify(ev));
    while (this.events.size > this.max) {
      const oldest = this.events.keys().next().value as string;
      this.drop(oldest);
    }
  }

  list(namespace?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const ev of this.events.values()) if (namespace === undefined || ev.metadata.namespace === namespace) out.push(clone(ev));
    return out;
  }

  removeNamespace(namespace: string): void {
    for (const [name, ev] of [...this.events]) if (ev.metadata.namespace === namespace) this.drop(name);
  }

  private drop(name: string): void {
    const ev = this.events.get(name);
    if (!ev) return;
    this.events.delete(name);
    const dk = dedupKey(ev);
    if (this.dedup.get(dk) === name) this.dedup.delete(dk);
    this.persistence.putEvent(name, null);
  }
}

function dedupKey(ev: KubeObject): string {
  const io = (ev['involvedObject'] ?? {}) as Record<string, unknown>;
  return `${String(io['uid'] ?? io['name'])}|${String(ev['type'])}|${String(ev['reason'])}|${String(ev['message'])}`;
}
