/**
 * Loading the connection: a kubeconfig file and context, or the in-cluster service account when both are
 * absent (client-node's loaders). A missing file or context is a clear error naming what exists.
 */
import { existsSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';

export interface KubeConnectionOptions {
  kubeconfig?: string;
  context?: string;
}

export function loadKubeConfig(opts: KubeConnectionOptions): KubeConfig {
  const kc = new KubeConfig();
  if (opts.kubeconfig === undefined && opts.context === undefined) {
    if (!process.env.KUBERNETES_SERVICE_HOST) {
      throw new Error('cluster.type kube: no kubeconfig or context configured and not running in a cluster (KUBERNETES_SERVICE_HOST is unset)');
    }
    kc.loadFromCluster();
    return kc;
  }
  const file = opts.kubeconfig ?? process.env.KUBECONFIG ?? `${process.env.HOME ?? ''}/.kube/config`;
  if (!existsSync(file)) throw new Error(`cluster.kubeconfig: ${file} does not exist`);
  try {
    kc.loadFromFile(file);
  } catch (err) {
    throw new Error(`cluster.kubeconfig: ${file} is not a valid kubeconfig: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (opts.context !== undefined) {
    if (!kc.getContextObject(opts.context)) {
      const names = kc.getContexts().map((c) => c.name);
      throw new Error(`cluster.context: context "${opts.context}" is not in ${file} (contexts: ${names.join(', ') || 'none'})`);
    }
    kc.setCurrentContext(opts.context);
  }
  if (!kc.getCurrentCluster()) throw new Error(`cluster.kubeconfig: ${file} has no cluster for context "${kc.getCurrentContext()}"`);
  return kc;
}
