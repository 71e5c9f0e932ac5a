import { describe, expect, it } from 'vitest';
import { diffObject, normalizeLive, projectLive } from '../../../src/core/diff/index.js';
import type { KubeObject } from '../../../src/core/model/kube-object.js';
import { asLive, deployment } from './fixtures.js';

describe('normalizeLive', () => {
  it('strips status, server-owned metadata and controller annotations', () => {
    const live = asLive(deployment());
    (live.metadata as any).selfLink = '/apis/apps/v1/namespaces/shop/deployments/web';
    const n = normalizeLive(live);
    expect(n.status).toBeUndefined();
    for (const k of ['uid', 'resourceVersion', 'generation', 'managedFields', 'creationTimestamp', 'selfLink', 'deletionTimestamp']) {
      expect(n.metadata[k]).toBeUndefined();
    }
    expect(n.metadata.annotations).toBeUndefined();
    expect(n.metadata.labels).toEqual({ app: 'web' });
    // the input is not modified
    expect(live.metadata.uid).toBeDefined();
  });

  it('keeps annotations the manifests set', () => {
    const live = asLive(deployment(), (o) => (o.metadata.annotations.team = 'payments'));
    expect(normalizeLive(live).metadata.annotations).toEqual({ team: 'payments' });
  });
});

describe('projectLive', () => {
  it('keeps only what desired sets, matching named list elements by name', () => {
    const desired = deployment();
    const live = asLive(desired, (o) => {
      // a sidecar injected by a mutating webhook, and an env var another controller added
      o.spec.template.spec.containers.unshift({ name: 'istio-proxy', image: 'proxy:1' });
      o.spec.template.spec.containers[1].env.push({ name: 'INJECTED', value: '1' });
    });
    expect(projectLive(desired, live)).toEqual(desired);
  });

  it('keeps fields present only in lastApplied so their removal shows', () => {
    const last = deployment({ env: [{ name: 'MODE', value: 'prod' }, { name: 'DEBUG', value: '1' }] });
    const desired = deployment();
    const live = asLive(last);
    const p = projectLive(desired, live, last) as any;
    expect(p.spec.template.spec.containers[0].env).toEqual([
      { name: 'MODE', value: 'prod' },
      { name: 'DEBUG', value: '1' },
    ]);
  });
});

const KEY = { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' };

describe('diffObject', () => {
  const cases: Array<{
    name: string;
    desired?: KubeObject;
    live?: KubeObject;
    lastApplied?: KubeObject;
    ignore?: Array<{ jsonPointers?: string[] }>;
    action: string;
    fields: Array<{ path: string; origin: string }>;
  }> = [
    {
      name: 'live objects carrying uid/resourceVersion/managedFields/status against identical desired give unchanged',
      desired: deployment(),
      live: asLive(deployment()),
      action: 'unchanged',
      fields: [],
    },
    {
      name: 'defaults the manifest never set are not differences',
      desired: deployment(),
      live: asLive(deployment(), (o) => {
        o.metadata.labels['pod-template-hash'] = 'abc';
        o.spec.template.spec.containers[0].livenessProbe = undefined;
        o.spec.minReadySeconds = 0;
      }),
      action: 'unchanged',
      fields: [],
    },
    {
      name: 'empty maps and empty strings in the manifest equal absent fields',
      desired: (() => {
        const d: any = deployment();
        d.metadata.annotations = {};
        d.spec.template.spec.containers[0].resources = {};
        d.spec.template.spec.containers[0].args = [];
        d.spec.template.spec.serviceAccountName = '';
        d.status = {};
        return d;
      })(),
      live: (() => {
        const l: any = asLive(deployment());
        delete l.spec.template.spec.containers[0].resources;
        return l;
      })(),
      action: 'unchanged',
      fields: [],
    },
    {
      name: 'a number is not equal to a numeric string',
      desired: deployment(),
      live: asLive(deployment(), (o) => (o.spec.replicas = '2')),
      action: 'update',
      fields: [{ path: '/spec/replicas', origin: 'git' }],
    },
    {
      name: 'without lastApplied every change is from git',
      desired: deployment({ replicas: 3 }),
      live: asLive(deployment()),
      action: 'update',
      fields: [{ path: '/spec/replicas', origin: 'git' }],
    },
    {
      name: 'a drifted replicas field is reported with origin drift',
      desired: deployment(),
      live: asLive(deployment(), (o) => (o.spec.replicas = 5)),
      lastApplied: deployment(),
      action: 'update',
      fields: [{ path: '/spec/replicas', origin: 'drift' }],
    },
    {
      name: 'a field a commit changed is reported with origin git',
      desired: deployment({ image: 'web:2.0' }),
      live: asLive(deployment()),
      lastApplied: deployment(),
      action: 'update',
      fields: [{ path: '/spec/template/spec/containers/0/image', origin: 'git' }],
    },
    {
      name: 'a field dropped from git is reported with origin removed',
      desired: deployment(),
      live: asLive(deployment({ env: [{ name: 'MODE', value: 'prod' }, { name: 'DEBUG', value: '1' }] })),
      lastApplied: deployment({ env: [{ name: 'MODE', value: 'prod' }, { name: 'DEBUG', value: '1' }] }),
      action: 'update',
      fields: [{ path: '/spec/template/spec/containers/0/env/1', origin: 'removed' }],
    },
    {
      name: 'a label dropped from git is reported with origin removed',
      desired: deployment(),
      live: asLive(deployment(), (o) => (o.metadata.labels.tier = 'fe')),
      lastApplied: (() => {
        const l: any = deployment();
        l.metadata.labels.tier = 'fe';
        return l;
      })(),
      action: 'update',
      fields: [{ path: '/metadata/labels/tier', origin: 'removed' }],
    },
    {
      name: 'ignored json pointers are not compared',
      desired: deployment(),
      live: asLive(deployment(), (o) => (o.spec.replicas = 7)),
      lastApplied: deployment(),
      ignore: [{ jsonPointers: ['/spec/replicas'] }],
      action: 'unchanged',
      fields: [],
    },
    {
      name: 'ignore rules leave other differences visible',
      desired: deployment({ image: 'web:2.0' }),
      live: asLive(deployment(), (o) => (o.spec.replicas = 7)),
      ignore: [{ jsonPointers: ['/spec/replicas'] }],
      action: 'update',
      fields: [{ path: '/spec/template/spec/containers/0/image', origin: 'git' }],
    },
    {
      name: 'an absent live object is a create',
      desired: deployment(),
      action: 'create',
      fields: [
        { path: '/apiVersion', origin: 'git' },
        { path: '/kind', origin: 'git' },
        { path: '/metadata', origin: 'git' },
        { path: '/spec', origin: 'git' },
      ],
    },
    {
      name: 'an object deleted in the cluster but unchanged in git is a create from drift',
      desired: deployment(),
      lastApplied: deployment(),
      action: 'create',
      fields: [
        { path: '/apiVersion', origin: 'drift' },
        { path: '/kind', origin: 'drift' },
        { path: '/metadata', origin: 'drift' },
        { path: '/spec', origin: 'drift' },
      ],
    },
    {
      name: 'an absent desired object is a delete',
      live: asLive(deployment()),
      lastApplied: deployment(),
      action: 'delete',
      fields: [],
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const r = diffObject({ desired: c.desired, live: c.live, lastApplied: c.lastApplied, ignore: c.ignore });
      expect(r.key).toEqual(KEY);
      expect(r.version).toBe('v1');
      expect(r.action).toBe(c.action);
      expect(r.fields).toEqual(c.fields);
      if (c.action === 'unchanged' || c.action === 'delete') expect(r.patch).toEqual([]);
      else expect(r.patch.length).toBeGreaterThan(0);
    });
  }

  it('the patch turns projected live into desired', async () => {
    const { default: jsonpatch } = await import('fast-json-patch');
    const desired = deployment({ image: 'web:2.0', replicas: 4 });
    const r = diffObject({ desired, live: asLive(deployment()) });
    const patched = jsonpatch.applyPatch(structuredClone(r.before), r.patch, true, false).newDocument;
    expect(patched).toEqual(desired);
    expect(r.after).toEqual(desired);
  });

  it('a delete shows live projected onto what was applied last as before', () => {
    const r = diffObject({ live: asLive(deployment()), lastApplied: deployment() });
    expect(r.before).toEqual(deployment());
    expect(r.after).toBeUndefined();
  });

  it('a delete without lastApplied shows the normalized live object', () => {
    const live = asLive(deployment());
    const r = diffObject({ live });
    expect(r.before).toEqual(normalizeLive(live));
    expect(r.before!.status).toBeUndefined();
  });

  it('a replaced value has a replace op with the desired value', () => {
    const r = diffObject({ desired: deployment({ replicas: 3 }), live: asLive(deployment()) });
    expect(r.patch).toEqual([{ op: 'replace', path: '/spec/replicas', value: 3 }]);
  });

  it('container ports without names compare element by element (defaulted protocol is not a difference)', () => {
    const desired = deployment();
    const live = asLive(desired);
    expect((live as any).spec.template.spec.containers[0].ports[0].protocol).toBe('TCP');
    expect(diffObject({ desired, live }).action).toBe('unchanged');
  });

  it('an added array element of an unnamed list is a difference', () => {
    const desired: any = deployment();
    desired.spec.template.spec.containers[0].args = ['--a', '--b'];
    const live: any = asLive(deployment());
    live.spec.template.spec.containers[0].args = ['--a'];
    const r = diffObject({ desired, live });
    expect(r.action).toBe('update');
    expect(r.patch).toEqual([{ op: 'add', path: '/spec/template/spec/containers/0/args/1', value: '--b' }]);
  });

  it('does not modify its inputs', () => {
    const desired = deployment({ replicas: 3 });
    const live = asLive(deployment());
    const last = deployment();
    const copies = structuredClone([desired, live, last]);
    diffObject({ desired, live, lastApplied: last, ignore: [{ jsonPointers: ['/spec/template/spec/containers/0/image'] }] });
    expect([desired, live, last]).toEqual(copies);
  });
});
