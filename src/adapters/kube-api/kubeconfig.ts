/** The kubeconfig `tugboat serve` writes for the sim's Kubernetes API (mode 0600: it holds the token). */
import { writeFileSync, chmodSync, renameSync } from 'node:fs';
import { stringify } from 'yaml';

export function kubeconfigText(server: string, token: string, caCert: string): string {
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'tugboat-sim', cluster: { server, 'certificate-authority-data': Buffer.from(caCert).toString('base64') } }],
    users: [{ name: 'tugboat-sim', user: { token } }],
    contexts: [{ name: 'tugboat-sim', context: { cluster: 'tugboat-sim', user: 'tugboat-sim', namespace: 'default' } }],
    'current-context': 'tugboat-sim',
    preferences: {},
  });
}

export function writeKubeconfig(path: string, server: string, token: string, caCert: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, kubeconfigText(server, token, caCert), { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}
