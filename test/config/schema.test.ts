import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ConfigError, parseConfig } from '../../src/config/index.js';
import {
  CONFIG_SCHEMA, IMAGE_BEHAVIOURS, KUBE_ONLY_KEYS, LOG_FORMATS, LOG_LEVELS, NOTIFICATION_EVENTS, NOTIFICATION_TYPES, PRUNE_PROPAGATION_POLICIES, SIM_ONLY_KEYS,
  TAINT_EFFECTS,
} from '../../src/config/schema.js';
import { AJV_OPTIONS, ANNOTATION_KEYWORDS, createAjv, schemaAt } from '../../src/config/schema-check.js';
import type {
  ApplicationConfig, ChartConfig, ClusterConfig, ClusterType, Config, IgnoreDifference, ImageBehaviour, ImageRule, LoggingConfig,
  NodeSpec, NodeTaint, NotificationEvent, NotificationsConfig, NotificationTarget, NotificationTrigger, ReconcileConfig,
  ServerConfig, SourceConfig, SyncPolicy, TaintEffect,
} from '../../src/config/types.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
const SCHEMA_FILE = join(ROOT, 'schemas/tugboat-config.schema.json');
const VALIDATOR_FILE = join(ROOT, 'src/config/schema-validator.generated.ts');
const FILE = '/etc/tugboat/tugboat.yaml';
const HEAD = 'apiVersion: tugboat.dev/v1alpha1\nkind: Config\n';
const SOURCES = 'sources:\n  - name: example\n    repo: ./manifests\n';

type Schema = Record<string, any>;

/** A plain draft 2020-12 validator of the shipped file, as an editor or CI job would use it. */
function fileValidator(): (data: unknown) => boolean {
  const { Ajv2020 } = createRequire(import.meta.url)('ajv/dist/2020') as {
    Ajv2020: new (o: object) => { addKeyword(k: string): void; compile(s: object): (d: unknown) => boolean };
  };
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false });
  for (const k of ANNOTATION_KEYWORDS) ajv.addKeyword(k);
  return ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
}

/** Config examples shipped in the repository: tugboat.yaml and the README's configuration blocks. */
function examples(): Array<{ name: string; text: string }> {
  const out = [{ name: 'tugboat.yaml', text: readFileSync(join(ROOT, 'tugboat.yaml'), 'utf8') }];
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
  blocks.forEach((b, i) => {
    if (b.includes('kind: Config')) out.push({ name: `README block ${i}`, text: b });
    else if (/^notifications:/m.test(b)) out.push({ name: `README block ${i} (notifications)`, text: HEAD + SOURCES + b });
  });
  return out;
}

describe('the config JSON Schema', () => {
  it('schemas/tugboat-config.schema.json is CONFIG_SCHEMA (UPDATE_GOLDEN=1 rewrites it)', () => {
    const text = `${JSON.stringify(CONFIG_SCHEMA, null, 2)}\n`;
    if (process.env.UPDATE_GOLDEN || !existsSync(SCHEMA_FILE)) writeFileSync(SCHEMA_FILE, text);
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(text);
  });

  it('src/config/schema-validator.generated.ts is ajv\'s standalone code for CONFIG_SCHEMA (UPDATE_GOLDEN=1 rewrites it)', () => {
    const standalone = (createRequire(import.meta.url)('ajv/dist/standalone') as { default: (ajv: unknown, v: unknown) => string }).default;
    const ajv = createAjv({ code: { source: true, esm: true } });
    const code = standalone(ajv, ajv.compile(CONFIG_SCHEMA));
    const text = [
      '// @ts-nocheck',
      '// Generated from src/config/schema.ts by ajv (standalone code): `UPDATE_GOLDEN=1 npx vitest run test/config/schema.test.ts`.',
      '// Do not edit: test/config/schema.test.ts fails when this file and the schema differ.',
      "import { createRequire } from 'node:module';",
      'const require = createRequire(import.meta.url);',
      code,
      '',
    ].join('\n');
    if (process.env.UPDATE_GOLDEN || !existsSync(VALIDATOR_FILE)) writeFileSync(VALIDATOR_FILE, text);
    expect(readFileSync(VALIDATOR_FILE, 'utf8')).toBe(text);
  });

  it('compiles as draft 2020-12 in ajv strict mode, and describes every key', () => {
    expect(CONFIG_SCHEMA.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(() => createAjv().compile(CONFIG_SCHEMA)).not.toThrow();
    expect(AJV_OPTIONS.strict).toBe(true);
    // Every property of every mapping has a description (editors show it on completion).
    const missing: string[] = [];
    const walk = (s: Schema, path: string) => {
      for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
        if (typeof v.description !== 'string' || v.description.length < 5) missing.push(`${path}.${k}`);
        walk(v, `${path}.${k}`);
      }
      if (s.items) walk(s.items, `${path}[]`);
    };
    walk(CONFIG_SCHEMA, '');
    expect(missing).toEqual([]);
  });

  it('is listed in package.json files (schemas/)', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.files).toContain('schemas');
  });

  it.each(examples())('the example $name is valid: the shipped schema accepts it and parseConfig loads it', ({ text }) => {
    const env = new Proxy({}, { get: (_t, k) => (k === 'TUGBOAT_TOKEN' ? undefined : `https://example.test/${String(k)}`) }) as Record<string, string>;
    const c = parseConfig(text, FILE, env);
    expect(c.sources.length).toBeGreaterThan(0);
    // The file as an editor sees it (no ${NAME} substitution): string values are strings either way.
    const validate = fileValidator();
    expect(validate(parseYaml(text)), JSON.stringify((validate as unknown as { errors: unknown }).errors)).toBe(true);
  });

  it('finds the README examples (the test above is not vacuous)', () => {
    expect(examples().map((e) => e.name).length).toBeGreaterThanOrEqual(3);
  });

  it('the shipped schema refuses what parseConfig refuses for shape (it is not vacuous)', () => {
    const validate = fileValidator();
    const ok = parseYaml(HEAD + SOURCES) as Schema;
    expect(validate(ok)).toBe(true);
    expect(validate({ ...ok, servers: {} })).toBe(false);
    expect(validate({ ...ok, server: { port: 0 } })).toBe(false);
    expect(validate({ ...ok, sources: [{ name: 'My_Repo', repo: 'r' }] })).toBe(false);
    expect(validate({ ...ok, reconcile: { resyncInterval: '1d' } })).toBe(false);
    expect(validate({ ...ok, notifications: { targets: [{ name: 'a', type: 'github', url: 'https://x' }] } })).toBe(false);
  });
});

describe('config errors: the exact messages', () => {
  const APPS = 'applications:\n  - name: web\n    source: example\n    namespace: web\n';
  const table: Array<[string, string, string]> = [
    ['unknown top-level key', HEAD + 'servers: {}\n',
      `${FILE}:3: servers: unknown key (did you mean "server"?); expected one of: apiVersion, kind, cluster, server, reconcile, logging, notifications, sources, applications`],
    ['wrong apiVersion', 'apiVersion: v1\nkind: Config\n', `${FILE}:1: apiVersion: expected "tugboat.dev/v1alpha1", got "v1"`],
    ['missing kind', 'apiVersion: tugboat.dev/v1alpha1\n', `${FILE}:1: kind: required key missing: expected "Config"`],
    ['null apiVersion', 'apiVersion:\nkind: Config\n', `${FILE}:1: apiVersion: expected "tugboat.dev/v1alpha1", got null`],
    ['port', HEAD + 'server: {port: 0}\n', `${FILE}:3: server.port: expected a port number between 1 and 65535, got 0`],
    ['a number where a string goes', HEAD + 'server: {host: 10}\n', `${FILE}:3: server.host: expected a string, got 10 (quote it: "10")`],
    ['empty string', HEAD + 'server: {host: ""}\n', `${FILE}:3: server.host: expected a non-empty string, got ""`],
    ['secret never echoed', HEAD + 'server: {token: 123456}\n', `${FILE}:3: server.token: expected a string, got a number (value hidden)`],
    ['enum', HEAD + 'logging: {level: loud}\n', `${FILE}:3: logging.level: expected one of debug, info, warn, error, got "loud"`],
    ['boolean', HEAD + SOURCES + APPS + '    syncPolicy: {prune: "yes"}\n', `${FILE}:10: applications[0].syncPolicy.prune: expected a boolean, got "yes"`],
    ['DNS label', HEAD + 'sources: [{name: My_Repo, repo: ./r}]\n',
      `${FILE}:3: sources[0].name: expected a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters), got "My_Repo"`],
    ['missing required key', HEAD + 'sources:\n  - name: s\n', `${FILE}:4: sources[0].repo: required key missing: expected a string`],
    ['node count', HEAD + 'cluster: {nodes: three}\n',
      `${FILE}:3: cluster.nodes: expected a node count (an integer between 0 and 1000) or a list of nodes, got "three"`],
    ['label value', HEAD + 'cluster: {nodes: [{name: n, labels: {a: "x y"}}]}\n',
      `${FILE}:3: cluster.nodes[0].labels.a: expected a label value (letters, digits, "-", "_", ".", at most 63 characters), got "x y"`],
    ['label name', HEAD + 'cluster: {nodes: [{name: n, labels: {"-a": x}}]}\n',
      `${FILE}:3: cluster.nodes[0].labels["-a"]: invalid label name: expected [prefix/]name with name made of letters, digits, "-", "_", "." (at most 63)`],
    ['JSON pointer', HEAD + SOURCES + APPS + '    ignoreDifferences: [{kind: Deployment, jsonPointers: [spec]}]\n',
      `${FILE}:10: applications[0].ignoreDifferences[0].jsonPointers[0]: expected a JSON pointer starting with "/" (like /spec/replicas), got "spec"`],
    ['empty list', HEAD + SOURCES + APPS + '    ignoreDifferences: [{kind: Deployment, jsonPointers: []}]\n',
      `${FILE}:10: applications[0].ignoreDifferences[0].jsonPointers: expected a non-empty list, got []`],
    ['duration', HEAD + 'reconcile: {resyncInterval: 1d}\n', `${FILE}:3: reconcile.resyncInterval: expected a duration like 500ms, 30s, 5m, 1h or 1m30s, got "1d"`],
    ['zero duration', HEAD + 'reconcile: {resyncInterval: 0s}\n',
      `${FILE}:3: reconcile.resyncInterval: expected a duration greater than 0 (a duration like 500ms, 30s, 5m, 1h or 1m30s), got "0s"`],
    ['kube key with sim', HEAD + 'cluster: {context: prod}\n', `${FILE}:3: cluster.context: only valid with cluster.type: kube (type is sim)`],
    ['github without repository', HEAD + 'notifications: {targets: [{name: a, type: github, url: "https://x"}]}\n',
      `${FILE}:3: notifications.targets[0].repository: required key missing: expected a GitHub repository as owner/name`],
    ['repository with slack', HEAD + 'notifications: {targets: [{name: a, type: slack, url: "https://x", repository: "not valid"}]}\n',
      `${FILE}:3: notifications.targets[0].repository: only valid with type: github (type is slack)`],
    ['duplicate app', HEAD + SOURCES + 'applications:\n  - {name: a, source: example, namespace: n}\n  - {name: a, source: example, namespace: n}\n',
      `${FILE}:8: applications[1].name: duplicate application name "a": applications[0] has the same name`],
    ['missing source', HEAD + SOURCES + 'applications: [{name: a, source: other, namespace: n}]\n',
      `${FILE}:6: applications[0].source: no source named "other"; defined sources: example`],
    ['variable whole-coerced, not a number', HEAD + 'server:\n  port: ${PORT}\n', `${FILE}:4: server.port: expected a port number between 1 and 65535, got a string (value hidden)`],
    ['infinite number', HEAD + 'cluster: {nodeEvictionSeconds: .inf}\n', `${FILE}:3: cluster.nodeEvictionSeconds: expected a number >= 0, got Infinity`],
  ];

  it.each(table)('%s', (_name, text, message) => {
    let err: unknown;
    try {
      parseConfig(text, FILE, { PORT: 'eighty' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toBe(message);
  });
});

// ── The schema and the TypeScript types name the same keys ──
// Each record below must list exactly the keys of its type: TypeScript refuses a missing or an extra one,
// and the test compares the record with the schema's properties at that path.
const keys = {
  cluster: { type: 1, dataDir: 1, nodes: 1, nodeEvictionSeconds: 1, images: 1, apiPort: 1, kubeconfig: 1, context: 1 } satisfies Record<keyof ClusterConfig, 1>,
  node: { name: 1, cpu: 1, memory: 1, pods: 1, labels: 1, taints: 1 } satisfies Record<keyof NodeSpec, 1>,
  taint: { key: 1, value: 1, effect: 1 } satisfies Record<keyof NodeTaint, 1>,
  image: { match: 1, behaviour: 1, startupSeconds: 1 } satisfies Record<keyof ImageRule, 1>,
  server: { port: 1, host: 1, token: 1 } satisfies Record<keyof ServerConfig, 1>,
  reconcile: { resyncInterval: 1 } satisfies Record<keyof ReconcileConfig, 1>,
  logging: { level: 1, format: 1 } satisfies Record<keyof LoggingConfig, 1>,
  notifications: { targets: 1, triggers: 1 } satisfies Record<keyof NotificationsConfig, 1>,
  target: { name: 1, type: 1, url: 1, secret: 1, repository: 1, token: 1 } satisfies Record<AllKeys<NotificationTarget>, 1>,
  trigger: { on: 1, targets: 1 } satisfies Record<keyof NotificationTrigger, 1>,
  // isRemote is derived from repo, not written in the file.
  source: { name: 1, repo: 1, branch: 1, pollInterval: 1, webhookSecret: 1, seedFrom: 1 } satisfies Record<Exclude<keyof SourceConfig, 'isRemote'>, 1>,
  application: {
    name: 1, source: 1, path: 1, namespace: 1, chart: 1, syncPolicy: 1, ignoreDifferences: 1, revisionHistoryLimit: 1,
  } satisfies Record<keyof ApplicationConfig, 1>,
  chart: { releaseName: 1, valueFiles: 1, values: 1 } satisfies Record<keyof ChartConfig, 1>,
  syncPolicy: { automated: 1, prune: 1, selfHeal: 1, rollbackOnFailure: 1, forceConflicts: 1, prunePropagationPolicy: 1 } satisfies Record<keyof SyncPolicy, 1>,
  ignoreDifference: { group: 1, kind: 1, name: 1, namespace: 1, jsonPointers: 1 } satisfies Record<keyof IgnoreDifference, 1>,
  // file and dir are where the config was read from; apiVersion and kind are checked, not kept.
  top: {
    apiVersion: 1, kind: 1, cluster: 1, server: 1, reconcile: 1, logging: 1, notifications: 1, sources: 1, applications: 1,
  } satisfies Record<Exclude<keyof Config, 'file' | 'dir'> | 'apiVersion' | 'kind', 1>,
};
type AllKeys<T> = T extends unknown ? keyof T : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// The enums of the schema are the unions of the types (a compile error otherwise).
const sameEnums: [
  Same<(typeof IMAGE_BEHAVIOURS)[number], ImageBehaviour>, Same<(typeof TAINT_EFFECTS)[number], TaintEffect>,
  Same<(typeof LOG_LEVELS)[number], LoggingConfig['level']>, Same<(typeof LOG_FORMATS)[number], LoggingConfig['format']>,
  Same<(typeof NOTIFICATION_EVENTS)[number], NotificationEvent>, Same<(typeof NOTIFICATION_TYPES)[number], NotificationTarget['type']>,
  Same<(typeof PRUNE_PROPAGATION_POLICIES)[number], NonNullable<SyncPolicy['prunePropagationPolicy']>>,
  Same<(typeof SIM_ONLY_KEYS)[number] | (typeof KUBE_ONLY_KEYS)[number] | 'type' | 'dataDir', keyof ClusterConfig>,
] = [true, true, true, true, true, true, true, true];

describe('the schema and the TypeScript types agree', () => {
  const at: Record<keyof typeof keys, string[]> = {
    top: [], cluster: ['cluster'], node: ['cluster', 'nodes', '0'], taint: ['cluster', 'nodes', '0', 'taints', '0'],
    image: ['cluster', 'images', '0'], server: ['server'], reconcile: ['reconcile'], logging: ['logging'],
    notifications: ['notifications'], target: ['notifications', 'targets', '0'], trigger: ['notifications', 'triggers', '0'],
    source: ['sources', '0'], application: ['applications', '0'], chart: ['applications', '0', 'chart'],
    syncPolicy: ['applications', '0', 'syncPolicy'], ignoreDifference: ['applications', '0', 'ignoreDifferences', '0'],
  };

  it.each(Object.keys(keys) as Array<keyof typeof keys>)('%s: same keys', (name) => {
    const s = schemaAt(at[name]);
    expect(s, `schema at ${at[name].join('.')}`).toBeDefined();
    expect(Object.keys(s!.properties as object).sort()).toEqual(Object.keys(keys[name]).sort());
  });

  it('every mapping of the schema is covered above', () => {
    const mappings: string[] = [];
    const walk = (s: Schema, path: string[]) => {
      if (s.properties) mappings.push(path.join('.'));
      for (const [k, v] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) walk(v, [...path, k]);
      if (s.items) walk(s.items, [...path, '0']);
    };
    walk(CONFIG_SCHEMA, []);
    expect(mappings.sort()).toEqual(Object.values(at).map((p) => p.join('.')).sort());
  });

  it('the schema enums are the type unions', () => {
    expect(sameEnums.every(Boolean)).toBe(true);
    expect(schemaAt(['cluster', 'type'])!.enum).toEqual(['sim', 'kube'] satisfies ClusterType[]);
    expect(schemaAt(['cluster', 'images', '0', 'behaviour'])!.enum).toEqual([...IMAGE_BEHAVIOURS]);
    expect(schemaAt(['notifications', 'triggers', '0', 'on', '0'])!.enum).toEqual([...NOTIFICATION_EVENTS]);
  });
});

describe('the key records above are checked by the compiler', () => {
  it('this file typechecks (a key missing from or added to a record, or an enum that drifts, fails here)', async () => {
    const ts = (await import('typescript')).default;
    const self = fileURLToPath(import.meta.url);
    const program = ts.createProgram([self], {
      strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext, types: ['node'], skipLibCheck: true, esModuleInterop: true,
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName === self || d.file?.fileName.includes('/src/config/'));
    expect(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  }, 60_000);
});
