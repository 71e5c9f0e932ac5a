/** `helm template` invocations whose outputs are the golden files (shared by the generator and the test). */
export const CHART_CASES = [
  { name: 'hello-default', release: 'demo', chart: 'helm-like-charts/hello', args: [] },
  { name: 'hello-set', release: 'demo', chart: 'helm-like-charts/hello', args: ['--set', 'replicaCount=5,image.tag=1.0,service.type=NodePort'] },
  { name: 'hello-values-file', release: 'prod', chart: 'helm-like-charts/hello', args: ['-f', 'helm-like-charts/hello/ci/prod-values.yaml', '-n', 'web'] },
  { name: 'hello-ingress', release: 'demo', chart: 'helm-like-charts/hello', args: ['--set', 'ingress.enabled=true,ingress.host=x.example'] },
  { name: 'hello-fullname', release: 'my-hello-release', chart: 'helm-like-charts/hello', args: ['--set-string', 'nameOverride=web'] },
  { name: 'hello-override', release: 'demo', chart: 'helm-like-charts/hello', args: ['--set', 'fullnameOverride=custom-name-that-is-quite-long-and-goes-beyond-sixty-three-characters-total-'] },
  { name: 'webapp-default', release: 'demo', chart: 'helm-like-charts/webapp', args: [] },
  { name: 'webapp-everything', release: 'demo', chart: 'helm-like-charts/webapp', args: ['-f', 'helm-like-charts/webapp/ci/everything-values.yaml', '--api-versions', 'monitoring.coreos.com/v1', '--kube-version', '1.30.0', '-n', 'prod'] },
  { name: 'webapp-old-kube', release: 'legacy', chart: 'helm-like-charts/webapp', args: ['--set', 'pdb.enabled=true', '--kube-version', 'v1.20.5'] },
  { name: 'webapp-no-monitoring-api', release: 'demo', chart: 'helm-like-charts/webapp', args: ['--set', 'metrics.serviceMonitor.enabled=true'] },
  { name: 'webapp-digest', release: 'webapp', chart: 'helm-like-charts/webapp', args: ['--set', 'image.digest=sha256:abc,image.tag=9', '--set-string', 'replicaCount=3', '--set-json', 'podLabels={"team":"web","tier":"front"}'] },
  { name: 'webapp-autoscaled', release: 'demo', chart: 'helm-like-charts/webapp', args: ['--set', 'autoscaling.enabled=true,autoscaling.maxReplicas=20,service.annotations.a=b'] },
  { name: 'files-demo', release: 'demo', chart: 'test/fixtures/charts/files-demo', args: [] },
  { name: 'capabilities-default', release: 'demo', chart: 'test/fixtures/charts/capabilities', args: [] },
  { name: 'capabilities-flags', release: 'demo', chart: 'test/fixtures/charts/capabilities', args: ['--kube-version', '1.24.7', '--api-versions', 'monitoring.coreos.com/v1', '--api-versions', 'cert-manager.io/v1'] },
];
