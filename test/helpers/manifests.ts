/** Small manifest builders for tests. */

/** The replicas, selector and one-container pod template of a workload labelled `app: <name>` (spec's body). */
function podSpec(name: string, replicas: number, image: string): string {
  return `  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
        - name: ${name}
          image: ${image}
`;
}

export function deployment(name: string, opts: { image?: string; replicas?: number; ns?: string } = {}): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}${opts.ns ? `\n  namespace: ${opts.ns}` : ''}
  labels: {app: ${name}}
spec:
${podSpec(name, opts.replicas ?? 2, opts.image ?? 'nginx:1.25')}          ports:
            - containerPort: 80
`;
}

export function service(name: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: {app: ${name}}
  ports:
    - port: 80
      targetPort: 80
`;
}

export function configMap(name: string, data: Record<string, string> = { key: 'value' }): string {
  return `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}
data:
${Object.entries(data).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`).join('\n')}
`;
}

/** A Rollout (SPEC §7) of `image` with the given strategy block (YAML flow or block text, indented by the caller). */
export function rollout(name: string, strategy: string, opts: { image?: string; replicas?: number; progressDeadlineSeconds?: number } = {}): string {
  return `apiVersion: tugboat.dev/v1alpha1
kind: Rollout
metadata:
  name: ${name}
spec:
  progressDeadlineSeconds: ${opts.progressDeadlineSeconds ?? 60}
${podSpec(name, opts.replicas ?? 4, opts.image ?? 'web:1')}  strategy:
${strategy}
`;
}

/** A Service selecting `app: <app>` (a Rollout's active/preview/stable/canary Service). */
export function serviceFor(name: string, app: string): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: {app: ${app}}
  ports:
    - port: 80
      targetPort: 80
`;
}
