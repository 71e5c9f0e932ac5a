/** ClusterStore `kube`: a live Kubernetes API server through @kubernetes/client-node. */
export { createKubeCluster, KubeCluster, type KubeClusterOptions } from './kube-cluster.js';
export { loadKubeConfig, type KubeConnectionOptions } from './kube-config.js';
export { ConnectingKubeCluster } from './connecting-cluster.js';
