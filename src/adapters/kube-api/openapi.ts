/**
 * A minimal OpenAPI v3: one document per group-version with a PATCH operation per kind that declares the
 * `fieldValidation` parameter. That is what kubectl checks before `apply` and `create -f` (without it they
 * refuse unless --validate=false). No schemas: kubectl then builds client-side apply patches from its
 * compiled-in types.
 */
import { createHash } from 'node:crypto';
import type { ResourceRegistry } from './registry.js';

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

export async function openApiIndex(reg: ResourceRegistry): Promise<unknown> {
  const paths: Record<string, unknown> = {};
  for (const [group, versions] of await reg.groups()) {
    for (const v of versions) {
      const doc = JSON.stringify(await openApiGroupVersion(reg, group, v));
      const hash = createHash('sha256').update(doc).digest('hex').slice(0, 32).toUpperCase();
      paths[gvPath(group, v)] = { serverRelativeURL: `/openapi/v3/${gvPath(group, v)}?hash=${hash}` };
    }
  }
  return { paths };
}

export async function openApiGroupVersion(reg: ResourceRegistry, group: string, version: string): Promise<unknown | undefined> {
  const rs = (await reg.all()).filter((r) => r.group === group && r.version === version);
  if (rs.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  const param = { name: 'fieldValidation', in: 'query', schema: { type: 'string', uniqueItems: true } };
  for (const r of rs) {
    const base = `/${gvPath(group, version)}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.plural}/{name}`;
    paths[base] = {
      patch: {
        'x-kubernetes-group-version-kind': { group, version, kind: r.kind },
        'x-kubernetes-action': 'patch',
        parameters: [param],
        responses: { '200': { description: 'OK' } },
      },
    };
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.33.0' }, paths };
}
