/**
 * Discovery documents: aggregated (apidiscovery.k8s.io/v2, what kubectl asks for first) and the legacy
 * APIVersions / APIGroupList / APIResourceList (what client-node reads, and kubectl's fallback).
 */
import { verbsOf, type ApiResource, type ResourceRegistry } from './registry.js';

export const AGGREGATED_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

/** True when the Accept header asks for aggregated discovery (v2 or v2beta1). */
export function wantsAggregated(accept: string | undefined): boolean {
  return !!accept && /as=APIGroupDiscoveryList/.test(accept) && /g=apidiscovery\.k8s\.io/.test(accept);
}

function subresources(r: ApiResource): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  if (r.scale) out.push({ subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] });
  if (r.status) out.push({ subresource: 'status', responseKind: { group: r.group, version: r.version, kind: r.kind }, verbs: ['get', 'patch', 'update'] });
  return out;
}

function aggregatedResource(r: ApiResource): Record<string, unknown> {
  const out: Record<string, unknown> = {
    resource: r.plural,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: verbsOf(r),
  };
  if (r.shortNames.length > 0) out['shortNames'] = r.shortNames;
  if (r.categories.length > 0) out['categories'] = r.categories;
  const subs = subresources(r);
  if (subs.length > 0) out['subresources'] = subs;
  return out;
}

/** The aggregated document for /api (core only) or /apis (every other group). */
export async function aggregated(reg: ResourceRegistry, core: boolean): Promise<unknown> {
  const all = await reg.all();
  const groups = await reg.groups();
  const items: unknown[] = [];
  for (const [group, versions] of groups) {
    if ((group === '') !== core) continue;
    items.push({
      metadata: group ? { name: group } : {},
      versions: versions.map((version) => ({
        version,
        freshness: 'Current',
        resources: all.filter((r) => r.group === group && r.version === version).map(aggregatedResource),
      })),
    });
  }
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}

export function legacyApiVersions(): unknown {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }] };
}

export async function legacyGroupList(reg: ResourceRegistry): Promise<unknown> {
  const groups: unknown[] = [];
  for (const [group, versions] of await reg.groups()) {
    if (group === '') continue;
    const vs = versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
    groups.push({ name: group, versions: vs, preferredVersion: vs[0] });
  }
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/** APIResourceList of one group-version; undefined when nothing is served there. */
export async function legacyResourceList(reg: ResourceRegistry, group: string, version: string): Promise<unknown | undefined> {
  const rs = (await reg.all()).filter((r) => r.group === group && r.version === version);
  if (rs.length === 0) return undefined;
  const resources: unknown[] = [];
  for (const r of rs) {
    const entry: Record<string, unknown> = { name: r.plural, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: verbsOf(r) };
    if (r.shortNames.length > 0) entry['shortNames'] = r.shortNames;
    if (r.categories.length > 0) entry['categories'] = r.categories;
    resources.push(entry);
    if (r.scale) resources.push({ name: `${r.plural}/scale`, singularName: '', namespaced: r.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] });
    if (r.status) resources.push({ name: `${r.plural}/status`, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: ['get', 'patch', 'update'] });
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version, resources };
}
