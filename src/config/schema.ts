/**
 * The JSON Schema (draft 2020-12) of tugboat.yaml: the shape of every key, its type, allowed values and
 * description. It is the source of `schemas/tugboat-config.schema.json` (shipped for editors; a test keeps the
 * file equal to this object) and what parse.ts validates with ajv.
 *
 * Two annotation keywords, ignored by editors, carry today's error wording:
 * - `x-expected`: the "expected …" text of every error on that node (type, pattern, range, length); without
 *   it the text is derived: `a string`, `a boolean`, `a mapping`, `a list`, `one of a, b`, `an integer between 1 and 9`.
 *   A refinement that should not change the type error's wording (a label value is first `a string`) sits in `allOf`.
 * - `x-message`: the whole message, for a property name refused by `propertyNames`.
 * What a schema cannot say (durations > 0, git branch names, repo URLs, paths staying in the repo, cross-field
 * rules, duplicate names, references between sections) is checked in code (rules.ts).
 */

export const CONFIG_SCHEMA_ID = 'https://tugboat.dev/schemas/tugboat-config.schema.json';

export const API_VERSION = 'tugboat.dev/v1alpha1';
export const CONFIG_KIND = 'Config';

export const EXPECT_LABEL =
  "a DNS-1123 label (lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)";
export const EXPECT_SUBDOMAIN = "a DNS-1123 subdomain (lowercase letters, digits, '-' and '.', at most 253 characters)";
export const EXPECT_DURATION = 'a duration like 500ms, 30s, 5m, 1h or 1m30s';
export const EXPECT_REPO = 'a local path or a URL (file://, https://, http://, ssh://, git@host:path)';

export const IMAGE_BEHAVIOURS = ['healthy', 'crashLoop', 'neverReady', 'pullError'] as const;
export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export const LOG_FORMATS = ['text', 'json'] as const;
export const NOTIFICATION_EVENTS = [
  'sync-succeeded', 'sync-failed', 'health-degraded', 'rollout-paused', 'rollout-promoted', 'rollout-aborted', 'rollback',
] as const;
export const NOTIFICATION_TYPES = ['webhook', 'slack', 'github'] as const;
export const PRUNE_PROPAGATION_POLICIES = ['background', 'foreground', 'orphan'] as const;
/** cluster keys that only apply to one cluster type. */
export const SIM_ONLY_KEYS = ['nodes', 'nodeEvictionSeconds', 'images', 'apiPort'] as const;
export const KUBE_ONLY_KEYS = ['kubeconfig', 'context'] as const;

const DNS1123_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
const DNS1123_SUBDOMAIN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$';
const LABEL_NAME_PART = '[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?';
/** `[prefix/]name`: prefix a DNS-1123 subdomain of at most 253 characters, name at most 63. */
const LABEL_KEY = `^((?=[^/]{1,253}/)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?${LABEL_NAME_PART}$`;
const LABEL_VALUE = `^(${LABEL_NAME_PART})?$`;
const QUANTITY = '^[+]?(\\d+(\\.\\d*)?|\\.\\d+)(m|k|Ki|M|Mi|G|Gi|T|Ti|P|Pi|E|Ei|[eE][+-]?\\d+)?$';
/** Units h, m, s, ms, each at most once, largest first (parseDuration's grammar). */
const DURATION = '^\\s*(?=\\d)(\\d+(\\.\\d+)?h)?(\\d+(\\.\\d+)?m)?(\\d+(\\.\\d+)?s)?(\\d+(\\.\\d+)?ms)?\\s*$';
const GITHUB_REPOSITORY = '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$';

type Schema = Record<string, unknown>;

const str = (description: string, extra: Schema = {}): Schema => ({ type: 'string', minLength: 1, description, ...extra });
const bool = (description: string): Schema => ({ type: 'boolean', description });
const label = (description: string): Schema => ({
  type: 'string', pattern: DNS1123_LABEL, maxLength: 63, 'x-expected': EXPECT_LABEL, description,
});
const duration = (description: string): Schema => ({
  type: 'string', pattern: DURATION, 'x-expected': EXPECT_DURATION, description, examples: ['30s', '5m', '1m30s'],
});
const object = (description: string, properties: Record<string, Schema>, required: string[] = []): Schema => ({
  type: 'object', description, additionalProperties: false, ...(required.length > 0 ? { required } : {}), properties,
});
const list = (description: string, items: Schema, extra: Schema = {}): Schema => ({ type: 'array', description, items, ...extra });

const node = object('A node of the simulated cluster.', {
  name: {
    type: 'string', pattern: DNS1123_SUBDOMAIN, maxLength: 253, 'x-expected': EXPECT_SUBDOMAIN, description: 'Node name (unique).',
  },
  cpu: {
    type: ['string', 'number'], pattern: QUANTITY, minimum: 0, 'x-expected': 'a Kubernetes quantity like 4, 500m, 8Gi or 512Mi',
    description: 'Allocatable CPU as a Kubernetes quantity, e.g. 4 or 4000m.',
  },
  memory: {
    type: ['string', 'number'], pattern: QUANTITY, minimum: 0, 'x-expected': 'a Kubernetes quantity like 4, 500m, 8Gi or 512Mi',
    description: 'Allocatable memory as a Kubernetes quantity, e.g. 8Gi.',
  },
  pods: { type: 'integer', minimum: 1, maximum: 10000, description: 'Maximum number of pods on the node.' },
  labels: {
    type: 'object',
    description: 'Node labels ([prefix/]name: value).',
    'x-expected': 'a mapping of label names to strings',
    propertyNames: {
      pattern: LABEL_KEY,
      'x-message': 'invalid label name: expected [prefix/]name with name made of letters, digits, "-", "_", "." (at most 63)',
      'x-expected': 'a label name',
    },
    additionalProperties: {
      type: 'string',
      allOf: [{ pattern: LABEL_VALUE, 'x-expected': 'a label value (letters, digits, "-", "_", ".", at most 63 characters)' }],
    },
  },
  taints: list('Node taints.', object('A node taint.', {
    key: str('Taint key.'),
    value: { type: 'string', description: 'Taint value (may be empty).' },
    effect: { enum: [...TAINT_EFFECTS], description: 'What the taint does to pods that do not tolerate it.' },
  }, ['key', 'effect'])),
}, ['name']);

const imageRule = object('How images matching a glob behave in the simulated cluster.', {
  match: str('Glob on the image reference; * matches any run of characters (including / and :).'),
  behaviour: { enum: [...IMAGE_BEHAVIOURS], description: 'What containers running a matching image do. Default healthy.' },
  startupSeconds: { type: 'number', minimum: 0, description: 'Seconds a matching container takes to become ready.' },
}, ['match']);

const cluster = object('Where objects are applied: the simulated cluster (sim) or a Kubernetes cluster (kube).', {
  type: { enum: ['sim', 'kube'], default: 'sim', description: 'sim (the embedded simulated cluster, default) or kube (a real cluster).' },
  dataDir: str('Folder for the cluster store and history (relative to the config file\'s folder). Default .tugboat.', { default: '.tugboat' }),
  nodes: {
    type: ['integer', 'array'], minimum: 0, maximum: 1000, items: node, default: 3,
    'x-expected': 'a node count (an integer between 0 and 1000) or a list of nodes',
    description: 'sim only: a node count (default 3) or a list of nodes.',
  },
  nodeEvictionSeconds: {
    type: 'number', minimum: 0, default: 300,
    description: 'sim only: how long pods stay on a failed node before they are replaced elsewhere. Default 300.',
  },
  images: list('sim only: how images behave; the first match wins, unknown images are healthy.', imageRule),
  apiPort: {
    type: 'integer', minimum: 0, maximum: 65535, 'x-expected': 'a port number between 0 (any free port) and 65535',
    description: 'sim only: also serve the Kubernetes REST API on this port (0: any free port); a kubeconfig is written to <dataDir>/kubeconfig.',
  },
  kubeconfig: str('kube only: path of the kubeconfig (~ expanded, relative to the config file\'s folder). In-cluster config when kubeconfig and context are absent.'),
  context: str('kube only: the kubeconfig context to use.'),
});

const server = object('The HTTP API and web UI.', {
  port: {
    type: 'integer', minimum: 1, maximum: 65535, default: 8080, 'x-expected': 'a port number between 1 and 65535',
    description: 'Port of the HTTP API and UI. Default 8080.',
  },
  host: str('Address to listen on.'),
  token: str('Bearer token for mutating API calls (give it as ${NAME}); when absent, env TUGBOAT_TOKEN is used.', { writeOnly: true }),
});

const reconcile = object('Reconciliation.', {
  resyncInterval: { ...duration('Time between full resyncs of every app (must be greater than 0). Default 3m.'), default: '3m' },
});

const logging = object('Logs (the --log-level and --log-format flags override).', {
  level: { enum: [...LOG_LEVELS], default: 'info', description: 'Lowest level logged. Default info.' },
  format: { enum: [...LOG_FORMATS], default: 'text', description: 'text (one line per event) or json (one object per line). Default text.' },
});

const target = {
  ...object('Where notifications go.', {
    name: label('Target name (unique), used by triggers.'),
    type: { enum: [...NOTIFICATION_TYPES], description: 'webhook (JSON body, HMAC-signed with secret), slack (incoming webhook) or github (commit statuses).' },
    url: str('http:// or https:// URL of the endpoint (github: the API base, e.g. https://api.github.com).'),
    secret: str('webhook only: HMAC-SHA256 key; the signature is sent in X-Tugboat-Signature-256.', { writeOnly: true }),
    repository: { description: 'github only (required there): the repository as owner/name.' },
    token: str('github only: API token.', { writeOnly: true }),
  }, ['name', 'type', 'url']),
  // The repository is checked with type github only (with another type it is refused as misplaced, rules.ts).
  allOf: [{
    if: { properties: { type: { const: 'github' } }, required: ['type'] },
    then: {
      required: ['repository'],
      properties: { repository: { type: 'string', pattern: GITHUB_REPOSITORY, 'x-expected': 'a GitHub repository as owner/name' } },
    },
  }],
};

const trigger = object('Which events go to which targets.', {
  on: list('Events that fire the trigger.', { enum: [...NOTIFICATION_EVENTS] }),
  targets: list('Names of targets; default every target.', str('Name of a target in notifications.targets.')),
}, ['on']);

const notifications = object('Notifications of sync and rollout events.', {
  targets: list('Notification targets.', target),
  triggers: list('Which events go where; when empty, every event goes to every target.', trigger),
});

const source = object('A git repository Tugboat follows.', {
  name: label('Source name (unique), used by applications.'),
  repo: str('A local path (relative to the config file\'s folder) or a URL: file://, https://, http://, ssh://, git://, git@host:path.'),
  branch: { type: 'string', minLength: 1, default: 'main', description: 'Branch to follow. Default main.' },
  pollInterval: { ...duration('How often a remote repo is fetched (must be greater than 0); local repos are watched. Default 30s.'), default: '30s' },
  webhookSecret: str('Verifies push webhooks (GitHub HMAC, GitLab token); give it as ${NAME}.', { writeOnly: true }),
  seedFrom: str('Local repos only: a folder whose files initialise the repo (one commit) when it does not exist yet.'),
}, ['name', 'repo']);

const chart = object('Chart options, when the app\'s path holds Chart.yaml.', {
  releaseName: {
    type: 'string', pattern: DNS1123_SUBDOMAIN, maxLength: 53,
    'x-expected': "a Helm release name (lowercase letters, digits, '-' and '.', at most 53 characters)",
    description: 'Release name (default: the app name).',
  },
  valueFiles: list('Values files, relative to the app\'s path, applied in order.', str('Path relative to the app\'s folder.')),
  values: { type: 'object', 'x-expected': 'a mapping of chart values', description: 'Values applied last, over the value files.' },
});

const syncPolicy = object('When and how the app is synced.', {
  automated: bool('Sync every new revision without a manual sync. Default false.'),
  prune: bool('Delete objects that left git. Default false.'),
  selfHeal: bool('Undo changes made to the app\'s objects outside git. Default false.'),
  rollbackOnFailure: bool('Plain Deployments that miss their progress deadline are rolled back to the last healthy revision. Default false.'),
  prunePropagationPolicy: { enum: [...PRUNE_PROPAGATION_POLICIES], default: 'background', description: 'What happens to the dependents (ReplicaSets, Pods) of a pruned object: background (deleted after it, the default), foreground (deleted before it) or orphan (kept, without their owner reference).' },
  forceConflicts: bool('Server-side apply takes fields another field manager (kubectl, another controller) owns, as kubectl apply --force-conflicts does. Without it an automatic sync of such a field fails with a Conflict naming the manager; selfHeal, a manual sync and a rollback always take them. Default false.'),
});

const ignoreDifference = object('Fields the diff ignores on matching objects.', {
  group: { type: 'string', description: 'API group ("" for the core group).' },
  kind: str('Object kind.'),
  name: str('Object name (default: every name).'),
  namespace: str('Object namespace (default: every namespace).'),
  jsonPointers: list('RFC 6901 pointers of ignored fields, e.g. /spec/replicas.', {
    type: 'string', minLength: 1, allOf: [{ pattern: '^/', 'x-expected': 'a JSON pointer starting with "/" (like /spec/replicas)' }],
  }, { minItems: 1 }),
}, ['kind', 'jsonPointers']);

const application = object('An app: a folder of a source applied to a namespace.', {
  name: label('App name (unique).'),
  source: str('Name of a source in sources.'),
  path: { type: 'string', default: '.', description: 'Folder inside the repository (relative to its root, staying inside it). Default the root.' },
  namespace: label('Namespace of the app\'s namespaced objects.'),
  chart,
  syncPolicy,
  ignoreDifferences: list('Fields the diff ignores.', ignoreDifference),
  revisionHistoryLimit: { type: 'integer', minimum: 1, maximum: 100000, default: 50, description: 'History entries kept. Default 50.' },
}, ['name', 'source', 'namespace']);

export const CONFIG_SCHEMA: Schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: CONFIG_SCHEMA_ID,
  title: 'Tugboat configuration (tugboat.yaml)',
  ...object('Tugboat\'s configuration file. ${NAME} in a string value is replaced by the environment variable NAME.', {
    apiVersion: { const: API_VERSION, description: `Always ${API_VERSION}.` },
    kind: { const: CONFIG_KIND, description: `Always ${CONFIG_KIND}.` },
    cluster,
    server,
    reconcile,
    logging,
    notifications,
    sources: list('Git repositories.', source),
    applications: list('Apps to deploy.', application),
  }, ['apiVersion', 'kind']),
};
