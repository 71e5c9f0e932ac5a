/**
 * Kind → resource mapping from the API server's discovery documents, cached and refreshed on a miss
 * (so a custom resource applied right after its CRD resolves); concurrent misses share one refresh.
 */
import type { KubeTransport } from './transport.js';

export interface ResourceMapping {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  /** The resource has a `status` subresource (writes to the main resource ignore `status`). */
  status?: boolean;
}

interface ResourceList { resources?: Array<{ name: string; kind: string; namespaced: boolean }> }
interface GroupList { groups?: Array<{ name: string; versions: Array<{ version: string }>; preferredVersion?: { version: string } }> }

export function resourcePath(m: ResourceMapping, namespace?: string, name?: string): string {
  const base = m.group ? `/apis/${m.group}/${m.version}` : `/api/${m.version}`;
  const ns = m.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${base}${ns}/${m.plural}${name !== undefined ? `/${encodeURIComponent(name)}` : ''}`;
}

export class Discovery {
  private byGvk = new Map<string, ResourceMapping>();
  /** group/kind → the preferred version's mapping. */
  private byGk = new Map<string, ResourceMapping>();
  private refreshing: Promise<void> | undefined;
  private loaded = false;

  constructor(private readonly transport: KubeTransport) {}

  async resolve(group: string, kind: string, version?: string): Promise<ResourceMapping | undefined> {
    const look = () => (version ? this.byGvk.get(`${group}/${version}/${kind}`) : this.byGk.get(`${group}/${kind}`));
    if (this.loaded) {
      const hit = look();
      if (hit) return hit;
    }
    await this.refresh();
    return look();
  }

  refresh(): Promise<void> {
    this.refreshing ??= this.load().finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  private async load(): Promise<void> {
    const byGvk = new Map<string, ResourceMapping>();
    const byGk = new Map<string, ResourceMapping>();
    const add = (group: string, version: string, list: ResourceList, preferred: boolean) => {
      const subs = new Set((list.resources ?? []).map((r) => r.name).filter((n) => n.includes('/')));
      for (const r of list.resources ?? []) {
        if (r.name.includes('/')) continue;
        const m: ResourceMapping = { group, version, kind: r.kind, plural: r.name, namespaced: r.namespaced, ...(subs.has(`${r.name}/status`) ? { status: true } : {}) };
        byGvk.set(`${group}/${version}/${r.kind}`, m);
        if (preferred || !byGk.has(`${group}/${r.kind}`)) byGk.set(`${group}/${r.kind}`, m);
      }
    };
    const core = await this.transport.request('GET', '/api/v1', { what: 'discover the core API' });
    add('', 'v1', core.body as ResourceList, true);
    const groups = (await this.transport.request('GET', '/apis', { what: 'discover the API groups' })).body as GroupList;
    await Promise.all((groups.groups ?? []).flatMap((g) => g.versions.map(async (v) => {
      const res = await this.transport.request('GET', `/apis/${g.name}/${v.version}`, { what: `discover ${g.name}/${v.version}` }).catch(() => undefined);
      if (res) add(g.name, v.version, res.body as ResourceList, v.version === g.preferredVersion?.version);
    })));
    this.byGvk = byGvk;
    this.byGk = byGk;
    this.loaded = true;
  }
}
