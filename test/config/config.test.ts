import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseConfig, type Config } from '../../src/config/index.js';

const FILE = '/etc/tugboat/tugboat.yaml';
const HEAD = 'apiVersion: tugboat.dev/v1alpha1\nkind: Config\n';
const SOURCES = `sources:
  - name: example
    repo: ./manifests
`;
const APPS = `applications:
  - name: web
    source: example
    namespace: web
`;
const MINIMAL = HEAD + SOURCES + APPS;

function parse(text: string, env: Record<string, string | undefined> = {}): Config {
  return parseConfig(text, FILE, env);
}

function configError(text: string, env: Record<string, string | undefined> = {}, file = FILE): ConfigError {
  try {
    parseConfig(text, file, env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('parseConfig: valid input and defaults', () => {
  it('fills every default for a minimal config', () => {
    const c = parse(MINIMAL);
    expect(c.file).toBe(FILE);
    expect(c.dir).toBe('/etc/tugboat');
    expect(c.cluster).toEqual({ type: 'sim', dataDir: '/etc/tugboat/.tugboat', nodes: 3, nodeEvictionSeconds: 300, images: [] });
    expect(c.server).toEqual({ port: 8080 });
    expect(c.reconcile).toEqual({ resyncInterval: 180_000 });
    expect(c.sources).toEqual([
      { name: 'example', repo: '/etc/tugboat/manifests', isRemote: false, branch: 'main', pollInterval: 30_000 },
    ]);
    expect(c.applications).toEqual([
      {
        name: 'web', source: 'example', path: '.', namespace: 'web',
        syncPolicy: { automated: false, prune: false, selfHeal: false },
        ignoreDifferences: [], revisionHistoryLimit: 50,
      },
    ]);
  });

  it('parses the SPEC §2 example in full', () => {
    const c = parse(`apiVersion: tugboat.dev/v1alpha1
kind: Config
cluster:
  type: sim
  dataDir: .tugboat
  nodes: 3
  nodeEvictionSeconds: 300
  images:
    - {match: "*:broken", behaviour: crashLoop}
    - {match: "registry.local/slow/*", startupSeconds: 20}
  apiPort: 6443
server:
  port: 8080
  token: \${API_TOKEN}
reconcile:
  resyncInterval: 1m30s
sources:
  - name: example
    repo: ./manifests-example
    branch: main
    pollInterval: 30s
    webhookSecret: \${WEBHOOK_SECRET}
applications:
  - name: guestbook
    source: example
    path: apps/guestbook
    namespace: guestbook
    chart:
      releaseName: guestbook
      valueFiles: [values-prod.yaml]
      values: {replicaCount: 3}
    syncPolicy: {automated: true, prune: true, selfHeal: true}
    ignoreDifferences:
      - {kind: Deployment, jsonPointers: [/spec/replicas]}
    revisionHistoryLimit: 10
`, { API_TOKEN: 'tok', WEBHOOK_SECRET: 'hook' });
    expect(c.cluster.images).toEqual([
      { match: '*:broken', behaviour: 'crashLoop' },
      { match: 'registry.local/slow/*', startupSeconds: 20 },
    ]);
    expect(c.cluster.apiPort).toBe(6443);
    expect(c.server).toEqual({ port: 8080, token: 'tok' });
    expect(c.reconcile.resyncInterval).toBe(90_000);
    expect(c.sources[0]).toMatchObject({ repo: '/etc/tugboat/manifests-example', webhookSecret: 'hook', pollInterval: 30_000 });
    expect(c.applications[0]).toEqual({
      name: 'guestbook', source: 'example', path: 'apps/guestbook', namespace: 'guestbook',
      chart: { releaseName: 'guestbook', valueFiles: ['values-prod.yaml'], values: { replicaCount: 3 } },
      syncPolicy: { automated: true, prune: true, selfHeal: true },
      ignoreDifferences: [{ kind: 'Deployment', jsonPointers: ['/spec/replicas'] }],
      revisionHistoryLimit: 10,
    });
  });

  it('fills chart defaults', () => {
    const c = parse(MINIMAL + '    chart: {}\n');
    expect(c.applications[0]!.chart).toEqual({ valueFiles: [], values: {} });
  });

  it('accepts a node list with resources, labels and taints', () => {
    const c = parse(HEAD + `cluster:
  nodes:
    - {name: node-a, cpu: 4, memory: 8Gi, pods: 110, labels: {zone: a, kubernetes.io/os: linux}}
    - name: node-b
      cpu: 500m
      taints: [{key: dedicated, value: gpu, effect: NoSchedule}, {key: x, effect: NoExecute}]
` + SOURCES + APPS);
    expect(c.cluster.nodes).toEqual([
      { name: 'node-a', cpu: '4', memory: '8Gi', pods: 110, labels: { zone: 'a', 'kubernetes.io/os': 'linux' } },
      { name: 'node-b', cpu: '500m', taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, { key: 'x', effect: 'NoExecute' }] },
    ]);
  });

  it('accepts kube with nothing else (in-cluster)', () => {
    const c = parse(HEAD + 'cluster: {type: kube}\n' + SOURCES + APPS);
    expect(c.cluster.type).toBe('kube');
    expect(c.cluster.kubeconfig).toBeUndefined();
    expect(c.cluster.context).toBeUndefined();
  });

  it('resolves kubeconfig: ~ against HOME, relative against the config folder', () => {
    const a = parse(HEAD + 'cluster: {type: kube, kubeconfig: ~/.kube/config, context: prod}\n' + SOURCES + APPS, { HOME: '/home/me' });
    expect(a.cluster).toMatchObject({ kubeconfig: '/home/me/.kube/config', context: 'prod' });
    const b = parse(HEAD + 'cluster: {type: kube, kubeconfig: kube/cfg}\n' + SOURCES + APPS);
    expect(b.cluster.kubeconfig).toBe('/etc/tugboat/kube/cfg');
  });

  it('treats empty sections (null) as absent', () => {
    const c = parse(HEAD + 'cluster:\nserver:\nreconcile:\nsources:\napplications:\n');
    expect(c.sources).toEqual([]);
    expect(c.applications).toEqual([]);
    expect(c.server.port).toBe(8080);
  });

  it('supports YAML anchors and merge keys', () => {
    const c = parse(HEAD + SOURCES + `applications:
  - &base {name: a, source: example, namespace: ns, syncPolicy: {automated: true}}
  - <<: *base
    name: b
`);
    expect(c.applications.map((a) => [a.name, a.syncPolicy.automated])).toEqual([['a', true], ['b', true]]);
  });
});

describe('parseConfig: paths', () => {
  it.each([
    ['./manifests', '/etc/tugboat/manifests', false],
    ['../shared/repo', '/etc/shared/repo', false],
    ['/srv/git/app', '/srv/git/app', false],
    ['file:///srv/git/app.git', 'file:///srv/git/app.git', true],
    ['https://github.com/acme/deploy.git', 'https://github.com/acme/deploy.git', true],
    ['http://git.local/deploy', 'http://git.local/deploy', true],
    ['ssh://git@github.com/acme/deploy.git', 'ssh://git@github.com/acme/deploy.git', true],
    ['git@github.com:acme/deploy.git', 'git@github.com:acme/deploy.git', true],
  ])('repo %s → %s (remote: %s)', (repo, want, isRemote) => {
    const c = parse(HEAD + `sources: [{name: s, repo: "${repo}"}]\n`);
    expect(c.sources[0]).toMatchObject({ repo: want, isRemote });
  });

  it('resolves seedFrom (local repos only) against the config folder', () => {
    const c = parse(HEAD + 'sources: [{name: s, repo: .tugboat/example-repo, seedFrom: manifests-example}]\n');
    expect(c.sources[0]).toMatchObject({ repo: '/etc/tugboat/.tugboat/example-repo', seedFrom: '/etc/tugboat/manifests-example' });
    const e = configError(HEAD + 'sources: [{name: s, repo: "https://h/r.git", seedFrom: x}]\n');
    expect(e.errors[0]).toMatchObject({ path: 'sources[0].seedFrom', message: 'only valid for a local repo (repo is a URL)' });
  });

  const repoConfig = path.resolve(import.meta.dirname, '../../tugboat.yaml');
  it.runIf(existsSync(repoConfig))('accepts the repository tugboat.yaml', () => {
    const file = repoConfig;
    const c = loadConfig(file, {});
    expect(c.applications.map((a) => a.name)).toEqual(['guestbook', 'hello', 'platform', 'checkout', 'search']);
  });

  it('resolves dataDir relative to the config folder, keeps absolute ones', () => {
    expect(parse(HEAD + 'cluster: {dataDir: state/data}\n').cluster.dataDir).toBe('/etc/tugboat/state/data');
    expect(parse(HEAD + 'cluster: {dataDir: /var/lib/tugboat}\n').cluster.dataDir).toBe('/var/lib/tugboat');
  });

  it('makes a relative config file name absolute', () => {
    const c = parseConfig(MINIMAL, 'tugboat.yaml', {});
    expect(c.file).toBe(path.resolve('tugboat.yaml'));
    expect(c.dir).toBe(process.cwd());
    expect(c.sources[0]!.repo).toBe(path.resolve('manifests'));
  });

  it.each([
    ['apps/guestbook', 'apps/guestbook'],
    ['./apps/guestbook/', 'apps/guestbook'],
    ['apps//guestbook/./', 'apps/guestbook'],
    ['apps/x/../guestbook', 'apps/guestbook'],
    ['.', '.'],
    ['./', '.'],
    ['', '.'],
  ])('app path %j → %j', (p, want) => {
    const c = parse(HEAD + SOURCES + `applications: [{name: a, source: example, namespace: ns, path: "${p}"}]\n`);
    expect(c.applications[0]!.path).toBe(want);
  });
});

describe('parseConfig: environment', () => {
  it('substitutes ${NAME} anywhere in string values, including chart values and inside strings', () => {
    const c = parse(HEAD + `sources:
  - name: s
    repo: https://\${GIT_HOST}/acme/deploy.git
    branch: \${BRANCH}
applications:
  - name: a
    source: s
    namespace: \${NS}
    chart: {values: {image: {tag: "v\${TAG}"}, list: ["\${NS}"]}}
`, { GIT_HOST: 'git.example.com', BRANCH: 'release', NS: 'prod', TAG: '1.2.3' });
    expect(c.sources[0]).toMatchObject({ repo: 'https://git.example.com/acme/deploy.git', branch: 'release' });
    expect(c.applications[0]!.namespace).toBe('prod');
    expect(c.applications[0]!.chart!.values).toEqual({ image: { tag: 'v1.2.3' }, list: ['prod'] });
  });

  it('coerces a whole ${NAME} to a number or boolean where one is expected', () => {
    // (unquoted ${X} is only valid YAML in block style: '{' and '}' end a flow collection)
    const c = parse(HEAD + 'server:\n  port: ${PORT}\n' + SOURCES + APPS + '    syncPolicy:\n      automated: ${AUTO}\n', { PORT: '9090', AUTO: 'true' });
    expect(c.server.port).toBe(9090);
    expect(c.applications[0]!.syncPolicy.automated).toBe(true);
  });

  it('keeps $${NAME} as a literal and supports ${NAME:-default}', () => {
    const c = parse(HEAD + SOURCES + APPS + '    chart: {values: {a: "$${HOME}", b: "${MISSING:-fallback}"}}\n');
    expect(c.applications[0]!.chart!.values).toEqual({ a: '${HOME}', b: 'fallback' });
  });

  it('takes server.token from TUGBOAT_TOKEN when absent, prefers the file', () => {
    expect(parse(MINIMAL, { TUGBOAT_TOKEN: 'from-env' }).server.token).toBe('from-env');
    expect(parse(HEAD + 'server: {token: file-token}\n', { TUGBOAT_TOKEN: 'from-env' }).server.token).toBe('file-token');
    expect(parse(MINIMAL, {}).server.token).toBeUndefined();
    expect(parse(MINIMAL, { TUGBOAT_TOKEN: '' }).server.token).toBeUndefined();
  });

  it('reports an unset variable with its path and name, never a secret value', () => {
    const e = configError(HEAD + 'server:\n  token: ${API_TOKEN}\n' + SOURCES + APPS);
    expect(e.errors).toHaveLength(1);
    expect(e.message).toBe('/etc/tugboat/tugboat.yaml:4: server.token: environment variable API_TOKEN is not set (referenced as ${API_TOKEN})');
    expect(e.path).toBe('server.token');
  });

  it('never echoes secret values in type errors', () => {
    const e = configError(HEAD + 'server: {token: 123456}\nsources: [{name: s, repo: ./r, webhookSecret: [hunter2]}]\n');
    expect(e.message).not.toMatch(/123456|hunter2/);
    expect(e.errors.map((x) => x.path)).toEqual(['server.token', 'sources[0].webhookSecret']);
    // A substituted value (possibly a secret) is not echoed either, whatever key it lands in.
    const f = configError(HEAD + 'server: {port: "${SECRET}"}\n', { SECRET: 's3cr3t-value' });
    expect(f.message).not.toContain('s3cr3t-value');
    expect(f.path).toBe('server.port');
  });
});

describe('parseConfig: errors', () => {
  const cases: Array<{ name: string; text: string; path: string; message: RegExp; line?: number; env?: Record<string, string> }> = [
    { name: 'missing apiVersion', text: 'kind: Config\n', path: 'apiVersion', message: /required key missing: expected "tugboat.dev\/v1alpha1"/ },
    { name: 'wrong apiVersion', text: 'apiVersion: v1\nkind: Config\n', path: 'apiVersion', message: /expected "tugboat.dev\/v1alpha1", got "v1"/, line: 1 },
    { name: 'wrong kind', text: 'apiVersion: tugboat.dev/v1alpha1\nkind: Application\n', path: 'kind', message: /expected "Config", got "Application"/, line: 2 },
    { name: 'unknown top-level key', text: HEAD + 'servers: {}\n', path: 'servers', message: /unknown key \(did you mean "server"\?\)/, line: 3 },
    { name: 'unknown nested key', text: MINIMAL + '    syncPolicy: {automated: true, selfheal: true}\n', path: 'applications[0].syncPolicy.selfheal', message: /unknown key .*did you mean "selfHeal"/, line: 10 },
    { name: 'boolean as string', text: MINIMAL + '    syncPolicy:\n      prune: "yes"\n', path: 'applications[0].syncPolicy.prune', message: /^expected a boolean, got "yes"$/, line: 11 },
    { name: 'YAML 1.1 yes is a string', text: MINIMAL + '    syncPolicy: {automated: yes}\n', path: 'applications[0].syncPolicy.automated', message: /expected a boolean, got "yes"/ },
    { name: 'cluster type', text: HEAD + 'cluster: {type: minikube}\n', path: 'cluster.type', message: /expected one of sim, kube, got "minikube"/, line: 3 },
    { name: 'nodes negative', text: HEAD + 'cluster: {nodes: -1}\n', path: 'cluster.nodes', message: /expected a node count/ },
    { name: 'nodes as string', text: HEAD + 'cluster: {nodes: three}\n', path: 'cluster.nodes', message: /expected a node count .* got "three"/ },
    { name: 'node name', text: HEAD + 'cluster: {nodes: [{name: Node_1}]}\n', path: 'cluster.nodes[0].name', message: /DNS-1123 subdomain/ },
    { name: 'duplicate node', text: HEAD + 'cluster: {nodes: [{name: n1}, {name: n1}]}\n', path: 'cluster.nodes[1].name', message: /duplicate node name "n1": cluster.nodes\[0\]/ },
    { name: 'node memory', text: HEAD + 'cluster: {nodes: [{name: n1, memory: lots}]}\n', path: 'cluster.nodes[0].memory', message: /Kubernetes quantity/ },
    { name: 'taint effect', text: HEAD + 'cluster: {nodes: [{name: n1, taints: [{key: k, effect: Never}]}]}\n', path: 'cluster.nodes[0].taints[0].effect', message: /one of NoSchedule, PreferNoSchedule, NoExecute/ },
    { name: 'image behaviour', text: HEAD + 'cluster:\n  images:\n    - {match: "x:*", behaviour: sleepy}\n', path: 'cluster.images[0].behaviour', message: /one of healthy, crashLoop, neverReady, pullError, got "sleepy"/, line: 5 },
    { name: 'image without match', text: HEAD + 'cluster: {images: [{behaviour: crashLoop}]}\n', path: 'cluster.images[0].match', message: /required key missing: expected a string/ },
    { name: 'sim key with kube', text: HEAD + 'cluster: {type: kube, nodes: 3}\n', path: 'cluster.nodes', message: /only valid with cluster.type: sim/ },
    { name: 'kube key with sim', text: HEAD + 'cluster: {context: prod}\n', path: 'cluster.context', message: /only valid with cluster.type: kube/ },
    { name: 'port 0', text: HEAD + 'server: {port: 0}\n', path: 'server.port', message: /expected a port number between 1 and 65535, got 0/ },
    { name: 'port too big', text: HEAD + 'server: {port: 70000}\n', path: 'server.port', message: /between 1 and 65535, got 70000/ },
    { name: 'port string', text: HEAD + 'server: {port: "8080"}\n', path: 'server.port', message: /got "8080"/ },
    { name: 'apiPort', text: HEAD + 'cluster: {apiPort: 1.5}\n', path: 'cluster.apiPort', message: /port number/ },
    { name: 'bad duration', text: HEAD + 'sources: [{name: s, repo: ./r, pollInterval: 30}]\n', path: 'sources[0].pollInterval', message: /expected a duration like 500ms, 30s, 5m, 1h or 1m30s, got 30/ },
    { name: 'bad duration unit', text: HEAD + 'reconcile: {resyncInterval: 1d}\n', path: 'reconcile.resyncInterval', message: /expected a duration .* got "1d"/ },
    { name: 'zero duration', text: HEAD + 'sources: [{name: s, repo: ./r, pollInterval: 0s}]\n', path: 'sources[0].pollInterval', message: /greater than 0/ },
    { name: 'unknown reconcile key', text: HEAD + 'reconcile: {interval: 5m}\n', path: 'reconcile.interval', message: /unknown key/ },
    { name: 'source name not DNS', text: HEAD + 'sources: [{name: My_Repo, repo: ./r}]\n', path: 'sources[0].name', message: /DNS-1123 label.*got "My_Repo"/ },
    { name: 'source name too long', text: HEAD + `sources: [{name: ${'a'.repeat(64)}, repo: ./r}]\n`, path: 'sources[0].name', message: /at most 63 characters/ },
    { name: 'source without repo', text: HEAD + 'sources: [{name: s}]\n', path: 'sources[0].repo', message: /required key missing/ },
    { name: 'unsupported scheme', text: HEAD + 'sources: [{name: s, repo: "ftp://host/r"}]\n', path: 'sources[0].repo', message: /unsupported URL scheme "ftp"/ },
    { name: 'bad branch', text: HEAD + 'sources: [{name: s, repo: ./r, branch: "a..b"}]\n', path: 'sources[0].branch', message: /git branch name/ },
    { name: 'numeric branch', text: HEAD + 'sources: [{name: s, repo: ./r, branch: 2024}]\n', path: 'sources[0].branch', message: /expected a string, got 2024 \(quote it: "2024"\)/ },
    { name: 'duplicate source', text: HEAD + 'sources:\n  - {name: s, repo: ./a}\n  - {name: s, repo: ./b}\n', path: 'sources[1].name', message: /duplicate source name "s": sources\[0\] has the same name/, line: 5 },
    { name: 'sources not a list', text: HEAD + 'sources: {name: s}\n', path: 'sources', message: /expected a list, got a mapping/ },
    { name: 'duplicate application', text: HEAD + SOURCES + 'applications:\n  - {name: a, source: example, namespace: n}\n  - {name: b, source: example, namespace: n}\n  - {name: a, source: example, namespace: n}\n', path: 'applications[2].name', message: /duplicate application name "a": applications\[0\]/, line: 9 },
    { name: 'missing source', text: HEAD + SOURCES + 'applications: [{name: a, source: other, namespace: n}]\n', path: 'applications[0].source', message: /no source named "other"; defined sources: example/ },
    { name: 'app without namespace', text: HEAD + SOURCES + 'applications: [{name: a, source: example}]\n', path: 'applications[0].namespace', message: /required key missing: expected a DNS-1123 label/ },
    { name: 'namespace not DNS', text: HEAD + SOURCES + 'applications: [{name: a, source: example, namespace: Prod}]\n', path: 'applications[0].namespace', message: /DNS-1123 label.*got "Prod"/ },
    { name: 'app name uppercase', text: HEAD + SOURCES + 'applications: [{name: Web, source: example, namespace: n}]\n', path: 'applications[0].name', message: /DNS-1123 label/ },
    { name: 'path escapes', text: MINIMAL + '    path: ../other\n', path: 'applications[0].path', message: /escapes the repository/ },
    { name: 'path escapes after normalising', text: MINIMAL + '    path: apps/../../x\n', path: 'applications[0].path', message: /escapes the repository/ },
    { name: 'absolute path', text: MINIMAL + '    path: /apps\n', path: 'applications[0].path', message: /absolute path/ },
    { name: 'chart values list', text: MINIMAL + '    chart: {values: [1]}\n', path: 'applications[0].chart.values', message: /expected a mapping of chart values, got a list/ },
    { name: 'chart valueFiles type', text: MINIMAL + '    chart: {valueFiles: values.yaml}\n', path: 'applications[0].chart.valueFiles', message: /expected a list, got "values.yaml"/ },
    { name: 'syncPolicy Argo-style object', text: MINIMAL + '    syncPolicy: {automated: {prune: true}}\n', path: 'applications[0].syncPolicy.automated', message: /expected a boolean, got a mapping/ },
    { name: 'ignoreDifferences without kind', text: MINIMAL + '    ignoreDifferences: [{jsonPointers: [/spec]}]\n', path: 'applications[0].ignoreDifferences[0].kind', message: /required key missing/ },
    { name: 'ignoreDifferences pointer', text: MINIMAL + '    ignoreDifferences: [{kind: Deployment, jsonPointers: [spec.replicas]}]\n', path: 'applications[0].ignoreDifferences[0].jsonPointers[0]', message: /JSON pointer starting with "\/"/ },
    { name: 'ignoreDifferences empty', text: MINIMAL + '    ignoreDifferences: [{kind: Deployment, jsonPointers: []}]\n', path: 'applications[0].ignoreDifferences[0].jsonPointers', message: /non-empty list/ },
    { name: 'revisionHistoryLimit', text: MINIMAL + '    revisionHistoryLimit: 0\n', path: 'applications[0].revisionHistoryLimit', message: /expected an integer between 1 and 100000, got 0/ },
    { name: 'application not a mapping', text: HEAD + SOURCES + 'applications: [web]\n', path: 'applications[0]', message: /expected a mapping, got "web"/ },
    { name: 'document not a mapping', text: '- a\n- b\n', path: '', message: /expected a mapping, got a list/ },
    { name: 'empty document', text: '', path: '', message: /the file is empty/ },
    { name: 'invalid variable reference', text: HEAD + 'server: {host: "${1BAD}"}\n', path: 'server.host', message: /invalid variable reference/ },
    { name: 'label key with odd characters is quoted in the path', text: HEAD + 'cluster: {nodes: [{name: n, labels: {"a b": x}}]}\n', path: 'cluster.nodes[0].labels["a b"]', message: /invalid label name/ },
  ];

  it.each(cases)('$name', ({ text, path: p, message, line, env }) => {
    const e = configError(text, env ?? {});
    const issue = e.errors.find((x) => x.path === p);
    expect(issue, `issues: ${e.message}`).toBeDefined();
    expect(issue!.message).toMatch(message);
    if (line !== undefined) expect(issue!.line).toBe(line);
    expect(e.message).toContain(p ? `: ${p}: ` : ': ');
  });

  it('formats the message as file:line: path: expected X, got Y', () => {
    const text = MINIMAL + '    syncPolicy:\n      automated: true\n      prune: "yes"\n';
    const e = configError(text, {}, 'tugboat.yaml');
    expect(e.message).toBe('tugboat.yaml:12: applications[0].syncPolicy.prune: expected a boolean, got "yes"');
    expect(e.name).toBe('ConfigError');
    expect(e.file).toBe('tugboat.yaml');
    expect(e.path).toBe('applications[0].syncPolicy.prune');
    expect(e.expected).toBe('a boolean');
    expect(e.line).toBe(12);
    expect(e.errors).toEqual([{ path: 'applications[0].syncPolicy.prune', message: 'expected a boolean, got "yes"', line: 12, expected: 'a boolean' }]);
  });

  it('collects all errors, one per line, in file order', () => {
    const text = `apiVersion: tugboat.dev/v1alpha1
kind: Config
server:
  port: http
sources:
  - name: a
    repo: ./a
  - name: a
    repo: ./b
    pollInterval: soon
applications:
  - name: x
    source: missing
    namespace: ok
    syncPolicy: {prune: "yes"}
  - name: y
    source: a
    namespace: Not_OK
    colour: blue
`;
    const e = configError(text, {}, 'tugboat.yaml');
    expect(e.errors.map((x) => [x.line, x.path])).toEqual([
      [4, 'server.port'],
      [8, 'sources[1].name'],
      [10, 'sources[1].pollInterval'],
      [13, 'applications[0].source'],
      [15, 'applications[0].syncPolicy.prune'],
      [18, 'applications[1].namespace'],
      [19, 'applications[1].colour'],
    ]);
    const lines = e.message.split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[0]).toBe('tugboat.yaml:4: server.port: expected a port number between 1 and 65535, got "http"');
    expect(lines[1]).toBe('tugboat.yaml:8: sources[1].name: duplicate source name "a": sources[0] has the same name');
    for (const l of lines) expect(l).toMatch(/^tugboat\.yaml:\d+: \S+: /);
  });

  it('reports a missing key at the line of its parent', () => {
    const e = configError(HEAD + SOURCES + 'applications:\n  - name: a\n    source: example\n');
    expect(e.errors[0]).toMatchObject({ path: 'applications[0].namespace', line: 7 });
  });

  it('reports YAML syntax errors with a line and no path', () => {
    const e = configError(HEAD + 'server:\n  port: 8080\n   host: x\n', {}, 'tugboat.yaml');
    expect(e.errors[0]!.path).toBe('');
    expect(e.errors[0]!.line).toBeGreaterThanOrEqual(4);
    expect(e.message).toMatch(/^tugboat\.yaml:\d+: invalid YAML: /);
  });

  it('hints at quoting ${NAME} inside flow collections', () => {
    const e = configError(HEAD + 'server: {port: ${PORT}}\n', { PORT: '1' });
    expect(e.errors[0]!.line).toBe(3);
    expect(e.errors[0]!.message).toContain('quote values that contain ${...}');
    expect(e.errors.length).toBeLessThanOrEqual(4);
  });

  it('rejects duplicate keys as YAML errors', () => {
    const e = configError(HEAD + 'server: {port: 1}\nserver: {port: 2}\n');
    expect(e.message).toMatch(/invalid YAML: .*unique/i);
    expect(e.errors[0]!.line).toBe(4);
  });
});

describe('parseConfig: frozen result', () => {
  it('deep-freezes the config', () => {
    const c = parse(MINIMAL + '    chart: {values: {a: {b: [1]}}}\n');
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.cluster)).toBe(true);
    expect(Object.isFrozen(c.sources)).toBe(true);
    expect(Object.isFrozen(c.applications[0]!.syncPolicy)).toBe(true);
    expect(Object.isFrozen((c.applications[0]!.chart!.values.a as { b: number[] }).b)).toBe(true);
    expect(() => {
      (c.server as { port: number }).port = 1;
    }).toThrow(TypeError);
    expect(() => (c.applications as unknown[]).push({})).toThrow(TypeError);
  });
});

describe('loadConfig', () => {
  it('reads the file and resolves relative paths against its folder', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tugboat-config-'));
    const file = path.join(dir, 'tugboat.yaml');
    writeFileSync(file, MINIMAL);
    const c = loadConfig(file, { TUGBOAT_TOKEN: 't' });
    expect(c.file).toBe(file);
    expect(c.dir).toBe(dir);
    expect(c.sources[0]!.repo).toBe(path.join(dir, 'manifests'));
    expect(c.cluster.dataDir).toBe(path.join(dir, '.tugboat'));
    expect(c.server.token).toBe('t');
  });

  it('throws a ConfigError for a missing file', () => {
    const file = path.join(tmpdir(), 'does-not-exist-tugboat.yaml');
    expect(() => loadConfig(file, {})).toThrow(ConfigError);
    expect(() => loadConfig(file, {})).toThrow(`${file}: cannot read config: file not found`);
  });

  it('names the file in validation errors', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tugboat-config-'));
    const file = path.join(dir, 'tugboat.yaml');
    writeFileSync(file, 'apiVersion: tugboat.dev/v1alpha1\nkind: Config\nserver: {port: -1}\n');
    expect(() => loadConfig(file, {})).toThrow(`${file}:3: server.port: expected a port number between 1 and 65535, got -1`);
  });
});
