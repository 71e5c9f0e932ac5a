/** `helm template` invocations whose outputs are the golden files (shared by the generator and the test). */
export const CHART_CASES = [
  { name: 'hello-default', release: 'demo', chart: 'helm-like-charts/hello', args: [] },
  { name: 'hello-set', release: 'demo', chart: 'helm-like-charts/hello', args: ['--set', 'replicaCount=5,image.tag=1.0,service.type=NodePort'] },
  { name: 'hello-values-file', release: 'prod', chart: 'helm-like-charts/hello', args: ['-f', 'helm-like-charts/hello/ci/prod-values.yaml', '-n', 'web'] },
  { name: 'hello-ingress', release: 'demo', chart: 'helm-like-charts/hello', args: ['--set', 'ingress.enabled=true,ingress.host=x.example'] },
  { name: 'hello-fullname', release: 'my-hello-release', chart: 'helm-like-charts/hello', args: ['--set-string', 'nameOverride=web'] },
  { name: 'hello-override', release: 'demo', chart: 'helm-like-charts/hello', args: ['--set', 'fullnameOverride=custom-name-that-is-quite-long-and-goes-beyond-sixty-three-characters-total-'] },
];
