/**
 * The real, unmodified kubectl against the sim's Kubernetes API: one API server for the whole file, the
 * commands run in order against it (each test builds on the state the previous ones left).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync } from 'node:fs';
import type { KubeObject } from '../../../src/core/model/kube-object.js';
import { hasKubectl, startHarness, until, type KubeApiHarness } from './harness.js';

const DEPLOY = (image: string, replicas = 2) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
  labels: {app: web}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: nginx
          image: ${image}
          ports: [{containerPort: 80}]
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 80}]
`;

const CONFIGMAP = (colour: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
data:
  colour: ${colour}
`;

const key = (kind: string, name: string, group = 'apps') => ({ group, kind, namespace: 'shop', name });

describe.skipIf(!hasKubectl)('kubectl against the sim Kubernetes API', () => {
  let h: KubeApiHarness;
  const deployment = async () => (await h.sim.get(key('Deployment', 'web'))) as KubeObject & { spec: any; status?: any };
  const rolledOut = async (replicas: number, image: string) => {
    const d = await deployment();
    return d && d.spec.replicas === replicas && d.spec.template.spec.containers[0].image === image &&
      d.status?.observedGeneration === d.metadata.generation && d.status?.updatedReplicas === replicas &&
      d.status?.availableReplicas === replicas && d.status?.replicas === replicas;
  };

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('refuses a client without the kubeconfig token with a 401 Status', async () => {
    const res = await h.raw('/api/v1/namespaces');
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    expect((await h.raw('/version', { token: 'nope' })).status).toBe(401);
    expect((await h.raw('/version', { token: h.token })).status).toBe(200);
  });

  it('kubectl version reports the server version', async () => {
    const r = await h.kubectl(['version', '-o', 'json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).serverVersion.gitVersion).toBe('v1.33.0');
  });

  it('kubectl api-resources lists the kinds with short names, groups and scope', async () => {
    const r = await h.kubectl(['api-resources']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    expect(r.stdout).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m);
    expect(r.stdout).toMatch(/^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
    expect(r.stdout).toMatch(/^leases\s+coordination\.k8s\.io\/v1\s+true\s+Lease$/m);
  });

  it('kubectl create namespace (a protobuf body) creates the namespace', async () => {
    const r = await h.kubectl(['create', 'namespace', 'shop']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('namespace/shop created');
    expect(await h.sim.get({ group: '', kind: 'Namespace', namespace: '', name: 'shop' })).toBeDefined();
    const again = await h.kubectl(['create', 'namespace', 'shop']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Error from server (AlreadyExists): namespaces "shop" already exists');
  });

  it('kubectl apply --server-side creates a Deployment and a Service that roll out', async () => {
    const f = h.file('web.yaml', DEPLOY('nginx:1.25'));
    const r = await h.kubectl(['apply', '--server-side', '-f', f]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('deployment.apps/web serverside-applied');
    expect(r.stdout).toContain('service/web serverside-applied');
    await until(() => rolledOut(2, 'nginx:1.25'), 'web rolled out');
    const d = await deployment();
    expect((d.metadata.managedFields as Array<{ manager: string }>).map((m) => m.manager)).toContain('kubectl');
  });

  it('kubectl get pods prints the pod columns', async () => {
    await until(async () => (await h.kubectl(['get', 'pods', '-n', 'shop'])).stdout.split('\n').filter((l) => /Running/.test(l)).length === 2, 'two running pods');
    const r = await h.kubectl(['get', 'pods', '-n', 'shop']);
    expect(r.stdout).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/m);
    expect(r.stdout).toMatch(/^web-[a-z0-9]+-[a-z0-9]{5}\s+1\/1\s+Running\s+0\s+\S+$/m);
    const all = await h.kubectl(['get', 'pods', '-A']);
    expect(all.stdout).toMatch(/^NAMESPACE\s+NAME\s+READY/m);
    expect(all.stdout).toMatch(/^shop\s+web-/m);
  });

  it('kubectl get deploy -o wide adds containers, images and selector', async () => {
    const r = await h.kubectl(['get', 'deploy', '-o', 'wide', '-n', 'shop']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/m);
    expect(r.stdout).toMatch(/^web\s+2\/2\s+2\s+2\s+\S+\s+nginx\s+nginx:1\.25\s+app=web$/m);
  });

  it('kubectl get all -n NS lists pods, services, deployments and replicasets', async () => {
    const r = await h.kubectl(['get', 'all', '-n', 'shop']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^pod\/web-/m);
    expect(r.stdout).toMatch(/^service\/web\s+ClusterIP\s+10\./m);
    expect(r.stdout).toMatch(/^deployment\.apps\/web\s+2\/2/m);
    expect(r.stdout).toMatch(/^replicaset\.apps\/web-[a-z0-9]+\s+2\s+2\s+2/m);
  });

  it('kubectl get -l SELECTOR filters by labels', async () => {
    const yes = await h.kubectl(['get', 'pods', '-n', 'shop', '-l', 'app=web', '-o', 'name']);
    expect(yes.stdout.trim().split('\n')).toHaveLength(2);
    const no = await h.kubectl(['get', 'pods', '-n', 'shop', '-l', 'app in (db,cache)']);
    expect(no.code).toBe(0);
    expect(no.stderr).toContain('No resources found in shop namespace.');
  });

  it('kubectl get -o yaml and -o json print the stored object', async () => {
    const j = await h.kubectl(['get', 'deploy', 'web', '-n', 'shop', '-o', 'json']);
    const obj = JSON.parse(j.stdout);
    expect(obj).toMatchObject({ kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'web', namespace: 'shop' }, spec: { replicas: 2 } });
    const y = await h.kubectl(['get', 'svc', 'web', '-n', 'shop', '-o', 'yaml']);
    expect(y.stdout).toMatch(/^kind: Service$/m);
    expect(y.stdout).toMatch(/clusterIP: 10\./);
    const missing = await h.kubectl(['get', 'deploy', 'nope', '-n', 'shop']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('Error from server (NotFound): deployments.apps "nope" not found');
  });

  it('kubectl describe shows the deployment with its ReplicaSet', async () => {
    const r = await h.kubectl(['describe', 'deploy', 'web', '-n', 'shop']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Name:\s+web$/m);
    expect(r.stdout).toMatch(/^Replicas:\s+2 desired \| 2 updated \| 2 total \| 2 available \| 0 unavailable$/m);
    expect(r.stdout).toMatch(/^NewReplicaSet:\s+web-[a-z0-9]+ \(2\/2 replicas created\)$/m);
    expect(r.stdout).toMatch(/Port:\s+80\//);
  });

  it('client-side kubectl apply creates, configures and leaves unchanged', async () => {
    const f = h.file('cm.yaml', CONFIGMAP('blue'));
    let r = await h.kubectl(['apply', '-f', f]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('configmap/settings created');
    h.file('cm.yaml', CONFIGMAP('green'));
    r = await h.kubectl(['apply', '-f', f]);
    expect(r.stdout.trim()).toBe('configmap/settings configured');
    r = await h.kubectl(['apply', '-f', f]);
    expect(r.stdout.trim()).toBe('configmap/settings unchanged');
    const cm = await h.sim.get({ group: '', kind: 'ConfigMap', namespace: 'shop', name: 'settings' });
    expect(cm?.['data']).toEqual({ colour: 'green' });
    // client-side apply of a container list is a strategic merge patch keyed by container name
    const web = h.file('web.yaml', DEPLOY('nginx:1.25'));
    r = await h.kubectl(['apply', '-f', web]);
    expect(r.code, r.stderr).toBe(0);
  });

  it('kubectl diff exits 0 when live matches and 1 with the change when not', async () => {
    const f = h.file('cm.yaml', CONFIGMAP('green'));
    let r = await h.kubectl(['diff', '-f', f]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    h.file('cm.yaml', CONFIGMAP('red'));
    r = await h.kubectl(['diff', '-f', f]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^-  colour: green$/m);
    expect(r.stdout).toMatch(/^\+  colour: red$/m);
    const cm = await h.sim.get({ group: '', kind: 'ConfigMap', namespace: 'shop', name: 'settings' });
    expect(cm?.['data']).toEqual({ colour: 'green' });
    r = await h.kubectl(['diff', '--server-side', '-f', h.file('web.yaml', DEPLOY('nginx:1.25'))]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it('kubectl scale changes the replicas through the scale subresource', async () => {
    const r = await h.kubectl(['scale', 'deploy', 'web', '-n', 'shop', '--replicas', '3']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('deployment.apps/web scaled');
    await until(() => rolledOut(3, 'nginx:1.25'), 'three replicas');
    const cur = await h.kubectl(['scale', 'deploy', 'web', '-n', 'shop', '--current-replicas', '3', '--replicas', '2']);
    expect(cur.code, cur.stderr).toBe(0);
    await until(() => rolledOut(2, 'nginx:1.25'), 'back to two replicas');
  });

  it('kubectl get -w sees a change made after it started', async () => {
    const child = h.spawnKubectl(['get', 'deploy', 'web', '-n', 'shop', '-w']);
    let out = '';
    child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    try {
      await until(() => /^web\s+2\/2/m.test(out), 'the first row');
      await h.kubectl(['scale', 'deploy', 'web', '-n', 'shop', '--replicas', '4']);
      await until(() => /^web\s+4\/4\s+4\s+4/m.test(out), 'a row with 4 replicas');
      expect(out.match(/^NAME\s+READY/gm)).toHaveLength(1);
    } finally {
      child.kill();
    }
    await h.kubectl(['scale', 'deploy', 'web', '-n', 'shop', '--replicas', '2']);
    await until(() => rolledOut(2, 'nginx:1.25'), 'two replicas');
  });

  it('kubectl rollout status waits for a new image to roll out', async () => {
    const f = h.file('web.yaml', DEPLOY('nginx:1.26'));
    expect((await h.kubectl(['apply', '--server-side', '-f', f])).code).toBe(0);
    const r = await h.kubectl(['rollout', 'status', 'deploy/web', '-n', 'shop', '--timeout', '60s']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('deployment "web" successfully rolled out');
    expect(await rolledOut(2, 'nginx:1.26')).toBe(true);
  });

  it('kubectl rollout history lists the revisions and rollout undo goes back to the previous one', async () => {
    let r = await h.kubectl(['rollout', 'history', 'deploy/web', '-n', 'shop']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^REVISION\s+CHANGE-CAUSE$/m);
    expect(r.stdout).toMatch(/^1\s+<none>$/m);
    expect(r.stdout).toMatch(/^2\s+<none>$/m);
    r = await h.kubectl(['rollout', 'undo', 'deploy/web', '-n', 'shop']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('deployment.apps/web rolled back');
    await until(() => rolledOut(2, 'nginx:1.25'), 'back on nginx:1.25');
    r = await h.kubectl(['rollout', 'history', 'deploy/web', '-n', 'shop']);
    // the old ReplicaSet is reused under revision 3, so revision 1 is gone
    expect(r.stdout).not.toMatch(/^1\s/m);
    expect(r.stdout).toMatch(/^2\s+<none>$/m);
    expect(r.stdout).toMatch(/^3\s+<none>$/m);
    const rs = await h.sim.list({ group: 'apps', kind: 'ReplicaSet', namespace: 'shop' });
    expect(rs).toHaveLength(2);
  });

  it('kubectl edit changes the object through a patch', async () => {
    const editor = h.file('editor.sh', '#!/bin/sh\nsed -i "s/replicas: 2/replicas: 5/" "$1"\n');
    chmodSync(editor, 0o755);
    const r = await h.kubectl(['edit', 'deploy', 'web', '-n', 'shop'], { env: { KUBE_EDITOR: editor } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('deployment.apps/web edited');
    expect((await deployment()).spec.replicas).toBe(5);
  });

  it('kubectl delete -f deletes what the file names', async () => {
    const f = h.file('cm.yaml', CONFIGMAP('green'));
    const r = await h.kubectl(['delete', '-f', f]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('configmap "settings" deleted');
    expect(await h.sim.get({ group: '', kind: 'ConfigMap', namespace: 'shop', name: 'settings' })).toBeUndefined();
    const again = await h.kubectl(['delete', '-f', f]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('Error from server (NotFound): error when deleting');
  });

  it('a CRD makes its custom resources servable, with the status subresource', async () => {
    const crd = h.file('crd.yaml', `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  versions:
    - name: v1
      served: true
      storage: true
      schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
      subresources: {status: {}}
`);
    let r = await h.kubectl(['apply', '--server-side', '-f', crd]);
    expect(r.code, r.stderr).toBe(0);
    const cr = h.file('cr.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1, namespace: shop}\nspec: {size: 3}\n');
    r = await h.kubectl(['apply', '--server-side', '-f', cr]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim()).toBe('widget.example.com/w1 serverside-applied');
    r = await h.kubectl(['get', 'wd', '-n', 'shop']);
    expect(r.stdout).toMatch(/^w1\s+\S+$/m);
    r = await h.kubectl(['patch', 'widget', 'w1', '-n', 'shop', '--subresource', 'status', '--type', 'merge', '-p', '{"status":{"ready":true}}']);
    expect(r.code, r.stderr).toBe(0);
    const got = await h.sim.get({ group: 'example.com', kind: 'Widget', namespace: 'shop', name: 'w1' });
    expect(got).toMatchObject({ spec: { size: 3 }, status: { ready: true } });
  });

  it('conflicting server-side applies are refused with the conflicting field', async () => {
    const f = h.file('web2.yaml', DEPLOY('nginx:1.25', 7).split('---')[0]!);
    const r = await h.kubectl(['apply', '--server-side', '--field-manager', 'someone-else', '-f', f]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/conflict with "kubectl-edit"|conflict with "kubectl"/);
    expect(r.stderr).toContain('.spec.replicas');
    const forced = await h.kubectl(['apply', '--server-side', '--force-conflicts', '--field-manager', 'someone-else', '-f', f]);
    expect(forced.code, forced.stderr).toBe(0);
    expect((await deployment()).spec.replicas).toBe(7);
  });
});
