/**
 * What a Kubernetes API server writes into the built-in kinds on its own: defaulted fields (a container's
 * `terminationMessagePath`, a Service port's `protocol: TCP`, a Deployment's `revisionHistoryLimit`, …),
 * fields it assigns (a Service's `clusterIP`, a Job's `selector`), and the fields holding quantities
 * (stored in canonical form) or int-or-string values. One table, read by the diff (a live value the server
 * defaulted is not a difference) and by the sim's API-server-like defaulting.
 */
import { isPlainObject, splitApiVersion, type KubeObject } from './kube-object.js';
import { canonicalQuantity } from './quantity.js';

export interface FieldRule {
  /** The value the server sets when the field is absent. */
  default?: unknown;
  /** The default, computed from the object holding the field (a Service port's targetPort is its port). */
  computed?: (parent: Record<string, unknown>) => unknown;
  /** The server assigns a value of its own (cluster IPs, node ports). */
  assigned?: true;
  /** A quantity (`500m`, `1Gi`). */
  quantity?: true;
  /** A map of resource name → quantity (`requests`, `limits`, `hard`). */
  quantities?: true;
  /** An int-or-string (`targetPort`, `maxSurge`). */
  intOrString?: true;
  /** An object: rules for its fields. */
  fields?: RuleTree;
  /** An array of objects: rules for the fields of each element. */
  items?: RuleTree;
}

export type RuleTree = Record<string, FieldRule>;

const d = (v: unknown): FieldRule => ({ default: v });
const QUANTITIES: FieldRule = { quantities: true };

/** `Always` for `:latest` or no tag, `IfNotPresent` otherwise (a digest counts as pinned). */
export function defaultPullPolicy(image: unknown): string {
  const img = typeof image === 'string' ? image : '';
  if (img.includes('@')) return 'IfNotPresent';
  const last = img.slice(img.lastIndexOf('/') + 1);
  const tag = last.includes(':') ? last.slice(last.lastIndexOf(':') + 1) : '';
  return tag === '' || tag === 'latest' ? 'Always' : 'IfNotPresent';
}

const PROBE: FieldRule = {
  fields: {
    timeoutSeconds: d(1), periodSeconds: d(10), successThreshold: d(1), failureThreshold: d(3),
    httpGet: { fields: { scheme: d('HTTP'), port: { intOrString: true } } },
    tcpSocket: { fields: { port: { intOrString: true } } },
  },
};

const CONTAINER: RuleTree = {
  terminationMessagePath: d('/dev/termination-log'),
  terminationMessagePolicy: d('File'),
  imagePullPolicy: { computed: (c) => defaultPullPolicy(c['image']) },
  ports: { items: { protocol: d('TCP') } },
  resources: { fields: { limits: QUANTITIES, requests: QUANTITIES } },
  livenessProbe: PROBE,
  readinessProbe: PROBE,
  startupProbe: PROBE,
  env: { items: { valueFrom: { fields: { fieldRef: { fields: { apiVersion: d('v1') } }, resourceFieldRef: { fields: { divisor: { quantity: true } } } } } } },
};

const VOLUME: RuleTree = {
  configMap: { fields: { defaultMode: d(420) } },
  secret: { fields: { defaultMode: d(420) } },
  projected: { fields: { defaultMode: d(420) } },
  downwardAPI: { fields: { defaultMode: d(420) } },
  emptyDir: { fields: { sizeLimit: { quantity: true } } },
};

const POD_SPEC: RuleTree = {
  restartPolicy: d('Always'),
  dnsPolicy: d('ClusterFirst'),
  schedulerName: d('default-scheduler'),
  securityContext: d({}),
  terminationGracePeriodSeconds: d(30),
  containers: { items: CONTAINER },
  initContainers: { items: CONTAINER },
  volumes: { items: VOLUME },
  overhead: QUANTITIES,
};

/** A Pod's own defaults and admission (not its templates'). */
const POD: RuleTree = {
  spec: {
    fields: {
      ...POD_SPEC,
      enableServiceLinks: d(true),
      priority: d(0),
      preemptionPolicy: d('PreemptLowerPriority'),
      serviceAccountName: d('default'),
      serviceAccount: d('default'),
      nodeName: { assigned: true },
    },
  },
};

const TEMPLATE: FieldRule = { fields: { spec: { fields: POD_SPEC } } };

const JOB_SPEC: RuleTree = {
  parallelism: d(1),
  completions: d(1),
  backoffLimit: d(6),
  completionMode: d('NonIndexed'),
  suspend: d(false),
  podReplacementPolicy: d('TerminatingOrFailed'),
  selector: { assigned: true },
  template: TEMPLATE,
};

const RULES: Record<string, RuleTree> = {
  '/Pod': POD,
  'apps/Deployment': {
    spec: {
      fields: {
        replicas: d(1), revisionHistoryLimit: d(10), progressDeadlineSeconds: d(600),
        strategy: { fields: { type: d('RollingUpdate'), rollingUpdate: { fields: { maxSurge: { default: '25%', intOrString: true }, maxUnavailable: { default: '25%', intOrString: true } } } } },
        template: TEMPLATE,
      },
    },
  },
  'apps/ReplicaSet': { spec: { fields: { replicas: d(1), template: TEMPLATE } } },
  'apps/StatefulSet': {
    spec: {
      fields: {
        replicas: d(1), revisionHistoryLimit: d(10), podManagementPolicy: d('OrderedReady'),
        updateStrategy: { fields: { type: d('RollingUpdate'), rollingUpdate: { fields: { partition: d(0), maxUnavailable: { intOrString: true } } } } },
        persistentVolumeClaimRetentionPolicy: { fields: { whenDeleted: d('Retain'), whenScaled: d('Retain') } },
        template: TEMPLATE,
        volumeClaimTemplates: { items: { apiVersion: d('v1'), kind: d('PersistentVolumeClaim'), spec: { fields: { volumeMode: d('Filesystem'), resources: { fields: { requests: QUANTITIES, limits: QUANTITIES } } } } } },
      },
    },
  },
  'apps/DaemonSet': {
    spec: {
      fields: {
        revisionHistoryLimit: d(10),
        updateStrategy: { fields: { type: d('RollingUpdate'), rollingUpdate: { fields: { maxUnavailable: { default: 1, intOrString: true }, maxSurge: { default: 0, intOrString: true } } } } },
        template: TEMPLATE,
      },
    },
  },
  'batch/Job': { spec: { fields: JOB_SPEC } },
  'batch/CronJob': {
    spec: {
      fields: {
        concurrencyPolicy: d('Allow'), suspend: d(false), successfulJobsHistoryLimit: d(3), failedJobsHistoryLimit: d(1),
        jobTemplate: { fields: { spec: { fields: { ...JOB_SPEC, selector: {} } } } },
      },
    },
  },
  '/Service': {
    spec: {
      fields: {
        type: d('ClusterIP'), sessionAffinity: d('None'), internalTrafficPolicy: d('Cluster'),
        ipFamilyPolicy: d('SingleStack'), ipFamilies: d(['IPv4']),
        clusterIP: { assigned: true }, clusterIPs: { assigned: true }, healthCheckNodePort: { assigned: true },
        externalTrafficPolicy: d('Cluster'), allocateLoadBalancerNodePorts: d(true),
        ports: { items: { protocol: d('TCP'), targetPort: { computed: (p) => p['port'], intOrString: true }, nodePort: { assigned: true } } },
      },
    },
  },
  '/Namespace': { spec: { fields: { finalizers: d(['kubernetes']) } } },
  '/PersistentVolumeClaim': { spec: { fields: { volumeMode: d('Filesystem'), storageClassName: { assigned: true }, volumeName: { assigned: true }, resources: { fields: { requests: QUANTITIES, limits: QUANTITIES } } } } },
  '/PersistentVolume': { spec: { fields: { capacity: QUANTITIES, persistentVolumeReclaimPolicy: d('Retain'), volumeMode: d('Filesystem') } } },
  '/ResourceQuota': { spec: { fields: { hard: QUANTITIES } } },
  '/LimitRange': { spec: { fields: { limits: { items: { max: QUANTITIES, min: QUANTITIES, default: QUANTITIES, defaultRequest: QUANTITIES, maxLimitRequestRatio: QUANTITIES } } } } },
  'policy/PodDisruptionBudget': { spec: { fields: { minAvailable: { intOrString: true }, maxUnavailable: { intOrString: true } } } },
};

/** The rules of a built-in kind; undefined for kinds the API server does not default (custom resources). */
export function serverRules(apiVersion: unknown, kind: unknown): RuleTree | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  return RULES[`${splitApiVersion(apiVersion).group}/${kind}`];
}

/** The default of a rule for a field of `parent` (undefined when the rule has none). */
export function defaultOf(rule: FieldRule, parent: Record<string, unknown>): unknown {
  return rule.computed ? rule.computed(parent) : rule.default;
}

function canonicalMap(m: Record<string, unknown>): void {
  for (const k of Object.keys(m)) {
    const c = canonicalQuantity(m[k]);
    if (c !== undefined) m[k] = c;
  }
}

function fill(o: Record<string, unknown>, tree: RuleTree): void {
  for (const [k, r] of Object.entries(tree)) {
    if (o[k] === undefined) {
      const v = defaultOf(r, o);
      if (v !== undefined) o[k] = structuredClone(v);
    }
    const v = o[k];
    if (v === undefined) continue;
    if (r.quantity) {
      const c = canonicalQuantity(v);
      if (c !== undefined) o[k] = c;
    }
    if (r.quantities && isPlainObject(v)) canonicalMap(v);
    if (r.fields && isPlainObject(v)) fill(v, r.fields);
    if (r.items && Array.isArray(v)) for (const e of v) if (isPlainObject(e)) fill(e, r.items);
  }
}

/**
 * Fills in place what the API server would on a write of a built-in kind: absent defaulted fields (objects
 * that are absent are not created, except where the default is one), and quantities in canonical form.
 */
export function fillServerDefaults(obj: KubeObject): void {
  const tree = serverRules(obj.apiVersion, obj.kind);
  if (tree) fill(obj as unknown as Record<string, unknown>, tree);
}
