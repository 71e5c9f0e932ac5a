/** API-server style validation: 422 Invalid with Kubernetes' messages and causes[].field. */
import { ClusterError, type StatusCause } from '../../../core/ports.js';
import { isPlainObject, splitApiVersion, type KubeObject } from '../../../core/model/kube-object.js';
import { isClusterScoped } from '../../../core/model/scope.js';
import { parseCron } from './cron.js';
import { deepEqual } from './json.js';
import { fromLabelSelector, matches } from './label-selector.js';

const SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_KEY_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;

const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_1123_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const LABEL_1035_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

class Errors {
  readonly list: Array<{ field: string; reason: string; text: string }> = [];
  invalid(field: string, value: unknown, detail: string): void {
    this.list.push({ field, reason: 'FieldValueInvalid', text: `${field}: Invalid value: ${fmt(value)}: ${detail}` });
  }
  required(field: string, detail?: string): void {
    this.list.push({ field, reason: 'FieldValueRequired', text: `${field}: Required value${detail ? ': ' + detail : ''}` });
  }
  unsupported(field: string, value: unknown, supported: string[]): void {
    this.list.push({
      field,
      reason: 'FieldValueNotSupported',
      text: `${field}: Unsupported value: ${fmt(value)}: supported values: ${supported.map((s) => `"${s}"`).join(', ')}`,
    });
  }
  duplicate(field: string, value: unknown): void {
    this.list.push({ field, reason: 'FieldValueDuplicate', text: `${field}: Duplicate value: ${fmt(value)}` });
  }
  forbidden(field: string, detail: string): void {
    this.list.push({ field, reason: 'FieldValueForbidden', text: `${field}: Forbidden: ${detail}` });
  }
}

function fmt(v: unknown): string {
  if (isPlainObject(v) && Object.values(v).every((x) => typeof x === 'string')) {
    return 'map[string]string{' + Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${JSON.stringify(x)}`).join(', ') + '}';
  }
  return JSON.stringify(v) ?? String(v);
}

export function kindLabel(obj: Pick<KubeObject, 'apiVersion' | 'kind'>): string {
  const { group } = splitApiVersion(obj.apiVersion ?? '');
  return group ? `${obj.kind}.${group}` : obj.kind;
}

function checkName(e: Errors, field: string, name: unknown, style: 'subdomain' | 'label' | 'label1035'): void {
  if (typeof name !== 'string' || name === '') {
    e.required(field, field === 'metadata.name' ? 'name or generateName is required' : undefined);
    return;
  }
  const max = style === 'subdomain' ? 253 : 63;
  if (name.length > max) e.invalid(field, name, `must be no more than ${max} characters`);
  const [re, msg] = style === 'subdomain' ? [SUBDOMAIN, SUBDOMAIN_MSG] : style === 'label' ? [LABEL_1123, LABEL_1123_MSG] : [LABEL_1035, LABEL_1035_MSG];
  if (!re.test(name)) e.invalid(field, name, msg);
}

function nameStyle(group: string, kind: string): 'subdomain' | 'label' | 'label1035' {
  if (group === '' && kind === 'Service') return 'label1035';
  if (group === '' && kind === 'Namespace') return 'label';
  return 'subdomain';
}

function checkLabels(e: Errors, field: string, labels: unknown): void {
  if (labels === undefined) return;
  if (!isPlainObject(labels)) {
    e.invalid(field, labels, 'must be a map of string keys to string values');
    return;
  }
  for (const [k, v] of Object.entries(labels)) {
    const slash = k.lastIndexOf('/');
    const prefix = slash >= 0 ? k.slice(0, slash) : '';
    const name = slash >= 0 ? k.slice(slash + 1) : k;
    if (!LABEL_KEY_NAME.test(name) || name.length > 63 || (prefix !== '' && !SUBDOMAIN.test(prefix))) {
      e.invalid(field, k, "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character");
    }
    if (typeof v !== 'string') e.invalid(`${field}.${k}`, v, 'must be a string');
    else if (v.length > 63 || !LABEL_VALUE.test(v)) e.invalid(field, v, LABEL_VALUE_MSG);
  }
}

function checkReplicas(e: Errors, field: string, v: unknown): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isInteger(v)) e.invalid(field, v, 'must be an integer');
  else if (v < 0) e.invalid(field, v, 'must be greater than or equal to 0');
}

function checkPodSpec(e: Errors, field: string, spec: unknown): void {
  if (!isPlainObject(spec)) {
    e.required(field);
    return;
  }
  const containers = spec['containers'];
  if (!Array.isArray(containers) || containers.length === 0) {
    e.required(`${field}.containers`);
  } else {
    checkContainers(e, `${field}.containers`, containers);
  }
  if (spec['initContainers'] !== undefined) {
    if (!Array.isArray(spec['initContainers'])) e.invalid(`${field}.initContainers`, spec['initContainers'], 'must be a list');
    else checkContainers(e, `${field}.initContainers`, spec['initContainers']);
  }
  const rp = spec['restartPolicy'];
  if (rp !== undefined && rp !== 'Always' && rp !== 'OnFailure' && rp !== 'Never') e.unsupported(`${field}.restartPolicy`, rp, ['Always', 'OnFailure', 'Never']);
}

function checkContainers(e: Errors, field: string, containers: unknown[]): void {
  const names = new Set<string>();
  containers.forEach((c, i) => {
    const f = `${field}[${i}]`;
    if (!isPlainObject(c)) {
      e.invalid(f, c, 'must be an object');
      return;
    }
    const name = c['name'];
    if (typeof name !== 'string' || name === '') e.required(`${f}.name`);
    else {
      if (!LABEL_1123.test(name) || name.length > 63) e.invalid(`${f}.name`, name, LABEL_1123_MSG);
      if (names.has(name)) e.duplicate(`${f}.name`, name);
      names.add(name);
    }
    const image = c['image'];
    if (typeof image !== 'string' || image.trim() === '') e.required(`${f}.image`);
    const ports = c['ports'];
    if (Array.isArray(ports)) {
      ports.forEach((p, j) => {
        const pf = `${f}.ports[${j}].containerPort`;
        const cp = isPlainObject(p) ? p['containerPort'] : undefined;
        if (cp === undefined) e.required(pf);
        else if (typeof cp !== 'number' || !Number.isInteger(cp) || cp < 1 || cp > 65535) e.invalid(pf, cp, 'must be between 1 and 65535, inclusive');
      });
    }
  });
}

function checkWorkload(e: Errors, obj: KubeObject, old: KubeObject | undefined): void {
  const spec = obj['spec'];
  if (!isPlainObject(spec)) {
    e.required('spec');
    return;
  }
  checkReplicas(e, 'spec.replicas', spec['replicas']);
  const selector = spec['selector'];
  const template = isPlainObject(spec['template']) ? spec['template'] : undefined;
  const tLabels = isPlainObject(template?.['metadata']) ? (template['metadata'] as Record<string, unknown>)['labels'] : undefined;
  if (selector === undefined || selector === null) e.required('spec.selector');
  else if (!isPlainObject(selector)) e.invalid('spec.selector', selector, 'must be a label selector');
  else {
    const sel = fromLabelSelector(selector);
    if (sel.length === 0) e.invalid('spec.selector', selector, `empty selector is invalid for ${obj.kind.toLowerCase()}`);
    else if (template && !matches(sel, isPlainObject(tLabels) ? (tLabels as Record<string, string>) : {})) {
      e.invalid('spec.selector', selector, 'selector does not match template labels');
    }
    if (old && obj.kind !== 'ReplicaSet' && old['spec'] && !deepEqual((old['spec'] as Record<string, unknown>)['selector'], selector)) {
      e.invalid('spec.selector', selector, 'field is immutable');
    }
  }
  if (!template) e.required('spec.template');
  else {
    checkLabels(e, 'spec.template.metadata.labels', tLabels);
    checkPodSpec(e, 'spec.template.spec', template['spec']);
    // controllers that keep pods running only take restartPolicy Always
    const rp = isPlainObject(template['spec']) ? template['spec']['restartPolicy'] : undefined;
    if (rp === 'OnFailure' || rp === 'Never') e.unsupported('spec.template.spec.restartPolicy', rp, ['Always']);
  }
  if (obj.kind === 'Deployment') {
    const strategy = spec['strategy'];
    if (isPlainObject(strategy)) {
      const t = strategy['type'];
      if (t !== undefined && t !== 'Recreate' && t !== 'RollingUpdate') e.unsupported('spec.strategy.type', t, ['Recreate', 'RollingUpdate']);
      if (t === 'Recreate' && strategy['rollingUpdate'] !== undefined) {
        e.forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'");
      }
      const ru = strategy['rollingUpdate'];
      if (isPlainObject(ru)) {
        for (const k of ['maxSurge', 'maxUnavailable']) {
          const v = ru[k];
          if (v === undefined) continue;
          const ok = (typeof v === 'number' && Number.isInteger(v) && v >= 0) || (typeof v === 'string' && /^\d+%$/.test(v));
          if (!ok) e.invalid(`spec.strategy.rollingUpdate.${k}`, v, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%'), or a non-negative integer");
        }
      }
    }
    for (const k of ['progressDeadlineSeconds', 'revisionHistoryLimit', 'minReadySeconds']) checkReplicas(e, `spec.${k}`, spec[k]);
  }
}

/** batch/v1 Job: a pod template that runs to completion (restartPolicy OnFailure or Never). */
function checkJob(e: Errors, obj: KubeObject, old: KubeObject | undefined): void {
  const spec = obj['spec'];
  if (!isPlainObject(spec)) {
    e.required('spec');
    return;
  }
  for (const k of ['parallelism', 'completions', 'backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished']) checkReplicas(e, `spec.${k}`, spec[k]);
  const mode = spec['completionMode'];
  if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') e.unsupported('spec.completionMode', mode, ['NonIndexed', 'Indexed']);
  if (mode === 'Indexed' && spec['completions'] === undefined) e.required('spec.completions', 'when completion mode is Indexed');
  const template = isPlainObject(spec['template']) ? spec['template'] : undefined;
  if (!template) {
    e.required('spec.template');
    return;
  }
  const tmeta = isPlainObject(template['metadata']) ? template['metadata'] : {};
  checkLabels(e, 'spec.template.metadata.labels', tmeta['labels']);
  checkPodSpec(e, 'spec.template.spec', template['spec']);
  const rp = isPlainObject(template['spec']) ? (template['spec']['restartPolicy'] ?? 'Always') : undefined;
  if (rp === 'Always') e.unsupported('spec.template.spec.restartPolicy', rp, ['OnFailure', 'Never']);
  // a Job's pod template cannot change once it exists
  const oldTemplate = old && isPlainObject(old['spec']) ? (old['spec'] as Record<string, unknown>)['template'] : undefined;
  if (oldTemplate !== undefined && !deepEqual(oldTemplate, template)) e.invalid('spec.template', template, 'field is immutable');
}

function checkService(e: Errors, obj: KubeObject, old: KubeObject | undefined): void {
  const spec = isPlainObject(obj['spec']) ? obj['spec'] : {};
  const type = spec['type'] ?? 'ClusterIP';
  if (!['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].includes(type as string)) {
    e.unsupported('spec.type', type, ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']);
  }
  const ports = spec['ports'];
  const headless = spec['clusterIP'] === 'None';
  if (type !== 'ExternalName' && !headless && (!Array.isArray(ports) || ports.length === 0)) e.required('spec.ports');
  if (Array.isArray(ports)) {
    const names = new Set<string>();
    ports.forEach((p, i) => {
      const f = `spec.ports[${i}]`;
      if (!isPlainObject(p)) {
        e.invalid(f, p, 'must be an object');
        return;
      }
      const port = p['port'];
      if (port === undefined) e.required(`${f}.port`);
      else if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) e.invalid(`${f}.port`, port, 'must be between 1 and 65535, inclusive');
      const name = p['name'];
      if (ports.length > 1 && (typeof name !== 'string' || name === '')) e.required(`${f}.name`);
      if (typeof name === 'string' && name !== '') {
        if (names.has(name)) e.duplicate(`${f}.name`, name);
        names.add(name);
      }
      const proto = p['protocol'];
      if (proto !== undefined && proto !== 'TCP' && proto !== 'UDP' && proto !== 'SCTP') e.unsupported(`${f}.protocol`, proto, ['SCTP', 'TCP', 'UDP']);
    });
  }
  const oldIp = isPlainObject(old?.['spec']) ? (old['spec'] as Record<string, unknown>)['clusterIP'] : undefined;
  if (typeof oldIp === 'string' && oldIp !== '' && spec['clusterIP'] !== undefined && spec['clusterIP'] !== oldIp) {
    e.invalid('spec.clusterIP', spec['clusterIP'], 'field is immutable');
  }
}

function checkConfigData(e: Errors, obj: KubeObject): void {
  for (const field of ['data', 'binaryData', 'stringData']) {
    const d = obj[field];
    if (d === undefined) continue;
    if (!isPlainObject(d)) {
      e.invalid(field, d, 'must be a map');
      continue;
    }
    for (const [k, v] of Object.entries(d)) {
      if (!CONFIG_KEY.test(k) || k.length > 253) e.invalid(`${field}[${k}]`, k, "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
      if (typeof v !== 'string') e.invalid(`${field}[${k}]`, v, 'must be a string');
    }
  }
}

function checkCronJob(e: Errors, obj: KubeObject): void {
  const name = obj.metadata?.name;
  if (typeof name === 'string' && name.length > 52) e.invalid('metadata.name', name, 'must be no more than 52 characters');
  const spec = isPlainObject(obj['spec']) ? (obj['spec'] as Record<string, unknown>) : {};
  const schedule = spec['schedule'];
  if (typeof schedule !== 'string' || schedule === '') e.required('spec.schedule');
  else {
    try {
      parseCron(schedule);
    } catch (err) {
      e.invalid('spec.schedule', schedule, err instanceof Error ? err.message : String(err));
    }
  }
  const policy = spec['concurrencyPolicy'];
  if (policy !== undefined && policy !== 'Allow' && policy !== 'Forbid' && policy !== 'Replace') e.unsupported('spec.concurrencyPolicy', policy, ['Allow', 'Forbid', 'Replace']);
  if (!isPlainObject(spec['jobTemplate'])) e.required('spec.jobTemplate');
}

/** The API server's limit on a ConfigMap's or Secret's data (corev1 validation). */
export const MAX_CONFIG_DATA_BYTES = 1024 * 1024;
/** etcd's default request limit: no stored object can be larger. */
export const MAX_OBJECT_BYTES = 1.5 * 1024 * 1024;

/**
 * Where Go's base64.StdEncoding stops decoding `s` (the index the API server names), or -1 when it is
 * valid. Newlines are skipped as Go skips them; padding is required.
 */
export function illegalBase64At(s: string): number {
  let n = 0;
  let quantumStart = 0;
  let pad = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 10 || c === 13) continue;
    if (n % 4 === 0) quantumStart = i;
    if (c === 61 /* = */) {
      // Padding: only in the last two places of the final quantum.
      if (n % 4 < 2) return i;
      pad++;
    } else {
      if (pad > 0) return i;
      const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
      if (!ok) return i;
    }
    n++;
  }
  if (n % 4 !== 0) return quantumStart;
  return -1;
}

/** Bytes that base64 `s` decodes to (it is valid). */
function decodedLength(s: string): number {
  const clean = s.replace(/[\r\n]/g, '');
  const pad = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return (clean.length / 4) * 3 - pad;
}

/**
 * What the API server refuses before validation proper: byte fields ([]byte in Go: Secret `data`,
 * ConfigMap `binaryData`) that are not base64 cannot be decoded (400), and objects larger than etcd
 * accepts cannot be stored (413).
 */
function decodeErrors(obj: KubeObject, group: string, kind: string): ClusterError | undefined {
  const field = group === '' && kind === 'Secret' ? 'data' : group === '' && kind === 'ConfigMap' ? 'binaryData' : undefined;
  const d = field ? obj[field] : undefined;
  if (isPlainObject(d)) {
    for (const v of Object.values(d)) {
      if (typeof v !== 'string') continue;
      const at = illegalBase64At(v);
      if (at >= 0) return new ClusterError(400, 'BadRequest', `${kind} in version "v1" cannot be handled as a ${kind}: illegal base64 data at input byte ${at}`);
    }
  }
  const bytes = Buffer.byteLength(JSON.stringify(obj));
  if (bytes > MAX_OBJECT_BYTES) {
    const name = typeof obj.metadata?.name === 'string' ? obj.metadata.name : '';
    return new ClusterError(413, 'RequestEntityTooLarge', `${kindLabel(obj)} "${name}" is too large to store (${bytes} bytes, the limit is ${MAX_OBJECT_BYTES}): etcdserver: request is too large`);
  }
  return undefined;
}

/** The total size of a ConfigMap's or Secret's data, in bytes, as the API server counts it. */
function checkConfigSize(e: Errors, obj: KubeObject, kind: string): void {
  let total = 0;
  const add = (m: unknown, decode: boolean) => {
    if (!isPlainObject(m)) return;
    for (const [k, v] of Object.entries(m)) {
      if (typeof v !== 'string') continue;
      total += k.length + (decode ? decodedLength(v) : Buffer.byteLength(v));
    }
  };
  if (kind === 'Secret') {
    add(obj['data'], true);
    add(obj['stringData'], false);
  } else {
    add(obj['data'], false);
    add(obj['binaryData'], true);
  }
  if (total > MAX_CONFIG_DATA_BYTES) {
    const field = kind === 'Secret' ? 'data' : '[]';
    e.list.push({ field: kind === 'Secret' ? 'data' : '', reason: 'FieldValueTooLong', text: `${field}: Too long: must have at most ${MAX_CONFIG_DATA_BYTES} bytes` });
  }
}

/** Validates one object as the API server would; `old` is the live object (for immutable fields). */
export function validateObject(obj: KubeObject, old?: KubeObject): ClusterError | undefined {
  const e = new Errors();
  const meta = isPlainObject(obj.metadata) ? obj.metadata : undefined;
  if (typeof obj.apiVersion !== 'string' || obj.apiVersion === '') e.required('apiVersion');
  if (typeof obj.kind !== 'string' || obj.kind === '') e.required('kind');
  const { group } = splitApiVersion(typeof obj.apiVersion === 'string' ? obj.apiVersion : '');
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const undecodable = decodeErrors(obj, group, kind);
  if (undecodable) return undecodable;
  checkName(e, 'metadata.name', meta?.name, nameStyle(group, kind));
  if (meta?.namespace !== undefined && meta.namespace !== '' && !isClusterScoped(group, kind)) {
    checkName(e, 'metadata.namespace', meta.namespace, 'label');
  }
  checkLabels(e, 'metadata.labels', meta?.labels);
  if (meta?.annotations !== undefined && (!isPlainObject(meta.annotations) || Object.values(meta.annotations).some((v) => typeof v !== 'string'))) {
    e.invalid('metadata.annotations', meta.annotations, 'must be a map of string keys to string values');
  }
  if (group === 'apps' && (kind === 'Deployment' || kind === 'ReplicaSet' || kind === 'StatefulSet' || kind === 'DaemonSet')) {
    checkWorkload(e, obj, old);
  } else if (group === 'batch' && kind === 'Job') {
    checkJob(e, obj, old);
  } else if (group === 'batch' && kind === 'CronJob') {
    checkCronJob(e, obj);
  } else if (group === '' && kind === 'Pod') {
    checkPodSpec(e, 'spec', obj['spec']);
  } else if (group === '' && kind === 'Service') {
    checkService(e, obj, old);
  } else if (group === '' && (kind === 'ConfigMap' || kind === 'Secret')) {
    checkConfigData(e, obj);
    checkConfigSize(e, obj, kind);
  }
  if (e.list.length === 0) return undefined;
  const label = kindLabel({ apiVersion: obj.apiVersion ?? '', kind });
  const name = typeof meta?.name === 'string' ? meta.name : '';
  const body = e.list.length === 1 ? e.list[0]!.text : '[' + e.list.map((x) => x.text).join(', ') + ']';
  const causes: StatusCause[] = e.list.map((x) => ({ reason: x.reason, message: x.text, field: x.field }));
  return new ClusterError(422, 'Invalid', `${label} "${name}" is invalid: ${body}`, causes);
}
