import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A manifest repository shaped like the measured reference data set: one object per file, 50 files
 * per folder. The mix is 20% Deployments (containers, env, probes, resources), 40% Services and 40% ConfigMaps.
 */
export function generateRepo(dir: string, objects: number, app = 'apps/big'): string[] {
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '--initial-branch', 'main');
  git(dir, 'config', 'user.name', 'Bench');
  git(dir, 'config', 'user.email', 'bench@example.invalid');
  // No automatic gc in the background after the big commit: it would race the explicit one below.
  git(dir, 'config', 'gc.auto', '0');
  const files: string[] = [];
  for (let i = 0; i < objects; i++) {
    const folder = join(app, `group-${String(Math.floor(i / 50)).padStart(3, '0')}`);
    mkdirSync(join(dir, folder), { recursive: true });
    const kind = i % 5 === 0 ? 'deploy' : i % 5 < 3 ? 'svc' : 'cm';
    const file = join(folder, `${kind}-${i}.yaml`);
    writeFileSync(join(dir, file), manifest(kind, i, 0));
    files.push(file);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', `${objects} objects`);
  // Packed, as a cloned or long-lived repository is (the reference measurements used a packed repo too).
  git(dir, 'gc', '--quiet');
  return files;
}

export function manifest(kind: 'deploy' | 'svc' | 'cm' | string, i: number, version: number): string {
  const name = `obj-${i}`;
  if (kind === 'svc') {
    return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  labels: {app: ${name}, tier: backend}
spec:
  selector: {app: ${name}}
  ports:
    - name: http
      port: 80
      targetPort: 8080
    - name: metrics
      port: 9090
      targetPort: 9090
`;
  }
  if (kind === 'cm') {
    return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
  labels: {app: ${name}}
data:
  version: "${version}"
  LOG_LEVEL: info
  FEATURE_FLAGS: "search,checkout,recommendations"
  application.properties: |
    server.port=8080
    cache.size=${1000 + i}
    upstream.url=http://obj-${(i + 1) % 1000}.default.svc:80
`;
  }
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  labels: {app: ${name}, tier: backend}
spec:
  replicas: 1
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}, tier: backend}
    spec:
      containers:
        - name: app
          image: registry.local/team/obj-${i}:1.${version}
          ports:
            - {name: http, containerPort: 8080}
            - {name: metrics, containerPort: 9090}
          env:
            - {name: LOG_LEVEL, value: info}
            - name: POD_NAME
              valueFrom: {fieldRef: {fieldPath: metadata.name}}
          resources:
            requests: {cpu: 10m, memory: 16Mi}
            limits: {cpu: 500m, memory: 256Mi}
          readinessProbe:
            httpGet: {path: /ready, port: http}
            periodSeconds: 5
          livenessProbe:
            httpGet: {path: /live, port: http}
            periodSeconds: 10
`;
}

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 }).trim();
}
