/** The simulated cluster's Kubernetes REST API (kubectl, k9s, client libraries). */
export { startKubeApi, type ForbidRule, type KubeApiOptions, type KubeApiServer } from './server.js';
export { kubeconfigText, writeKubeconfig } from './kubeconfig.js';
