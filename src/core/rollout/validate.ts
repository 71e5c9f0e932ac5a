/**
 * A Rollout manifest → a RolloutSpec, or every problem found in it (not just the first), worded as the
 * API server words invalid objects. Nothing of an app is applied while one of its Rollouts is invalid.
 */
import { isPlainObject, type KubeObject } from '../model/kube-object.js';
import { isIntOrPercent } from '../model/int-or-percent.js';
import { templateHash } from '../model/pod-template-hash.js';
import type { BlueGreenStrategy, CanaryStep, CanaryStrategy, RolloutSpec } from './types.js';
import { ROLLOUT_API_VERSION } from './types.js';

type Obj = Record<string, unknown>;

const TOP_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];
const SPEC_FIELDS = ['replicas', 'revisionHistoryLimit', 'progressDeadlineSeconds', 'minReadySeconds', 'selector', 'template', 'strategy'];
const BLUE_GREEN_FIELDS = ['activeService', 'previewService', 'autoPromotionEnabled', 'autoPromotionSeconds', 'scaleDownDelaySeconds', 'previewReplicaCount', 'abortScaleDownDelaySeconds'];
const CANARY_FIELDS = ['steps', 'maxSurge', 'maxUnavailable', 'canaryService', 'stableService', 'abortScaleDownDelaySeconds'];
const CANARY_SCALE_FIELDS = ['replicas', 'weight', 'matchTrafficWeight'];

export function isRollout(o: { apiVersion?: unknown; kind?: unknown }): boolean {
  return o.kind === 'Rollout' && typeof o.apiVersion === 'string' && o.apiVersion.startsWith('tugboat.dev/');
}

class Problems {
  readonly list: string[] = [];
  add(path: string, detail: string): void {
    this.list.push(`${path}: ${detail}`);
  }
  unknown(path: string, o: Obj, known: readonly string[]): void {
    for (const k of Object.keys(o)) if (!known.includes(k)) this.add(path ? `${path}.${k}` : k, 'unknown field');
  }
}

function int(p: Problems, path: string, v: unknown, dflt: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    p.add(path, `Invalid value: ${JSON.stringify(v)}: must be an integer`);
    return dflt;
  }
  if (v < min || v > max) p.add(path, `Invalid value: ${v}: must be ${max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `between ${min} and ${max}`}`);
  return v;
}

function str(p: Problems, path: string, v: unknown, required: boolean): string | undefined {
  if (v === undefined || v === '') {
    if (required) p.add(path, 'Required value');
    return undefined;
  }
  if (typeof v !== 'string') {
    p.add(path, `Invalid value: ${JSON.stringify(v)}: must be a string`);
    return undefined;
  }
  return v;
}

function bool(p: Problems, path: string, v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') {
    p.add(path, `Invalid value: ${JSON.stringify(v)}: must be true or false`);
    return dflt;
  }
  return v;
}

function obj(p: Problems, path: string, v: unknown, required: boolean): Obj | undefined {
  if (v === undefined) {
    if (required) p.add(path, 'Required value');
    return undefined;
  }
  if (!isPlainObject(v)) {
    p.add(path, `Invalid value: must be an object`);
    return undefined;
  }
  return v;
}

/** Argo Rollouts accepts a number of seconds or a duration string like "30s", "5m", "1h". */
function durationSeconds(p: Problems, path: string, v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === 'string') {
    const m = /^(\d+)(s|m|h)?$/.exec(v);
    if (m) return Number(m[1]) * (m[2] === 'h' ? 3600 : m[2] === 'm' ? 60 : 1);
  }
  p.add(path, `Invalid value: ${JSON.stringify(v)}: must be seconds or a duration like 30s, 5m, 1h`);
  return undefined;
}

function weight(p: Problems, path: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 100) {
    p.add(path, `Invalid value: ${JSON.stringify(v)}: must be an integer from 0 to 100`);
    return 0;
  }
  return v;
}

function parseSteps(p: Problems, path: string, v: unknown): CanaryStep[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    p.add(path, 'Invalid value: must be a list');
    return [];
  }
  const out: CanaryStep[] = [];
  v.forEach((raw, i) => {
    const at = `${path}[${i}]`;
    if (!isPlainObject(raw) || Object.keys(raw).length !== 1) {
      p.add(at, 'Invalid value: a step has exactly one of setWeight, pause, setCanaryScale');
      return;
    }
    const [k, val] = Object.entries(raw)[0]!;
    if (k === 'setWeight') out.push({ setWeight: weight(p, `${at}.setWeight`, val) });
    else if (k === 'pause') {
      const o = val === null ? {} : obj(p, `${at}.pause`, val, true);
      if (!o) return;
      p.unknown(`${at}.pause`, o, ['duration']);
      const duration = o['duration'] === undefined ? undefined : durationSeconds(p, `${at}.pause.duration`, o['duration']);
      out.push({ pause: duration === undefined ? {} : { duration } });
    } else if (k === 'setCanaryScale') {
      const o = obj(p, `${at}.setCanaryScale`, val, true);
      if (!o) return;
      p.unknown(`${at}.setCanaryScale`, o, CANARY_SCALE_FIELDS);
      const set = CANARY_SCALE_FIELDS.filter((f) => o[f] !== undefined);
      if (set.length !== 1) p.add(`${at}.setCanaryScale`, 'Invalid value: exactly one of replicas, weight, matchTrafficWeight');
      const scale: { replicas?: number; weight?: number; matchTrafficWeight?: boolean } = {};
      if (o['replicas'] !== undefined) scale.replicas = int(p, `${at}.setCanaryScale.replicas`, o['replicas'], 0);
      if (o['weight'] !== undefined) scale.weight = weight(p, `${at}.setCanaryScale.weight`, o['weight']);
      if (o['matchTrafficWeight'] !== undefined) scale.matchTrafficWeight = bool(p, `${at}.setCanaryScale.matchTrafficWeight`, o['matchTrafficWeight'], true);
      out.push({ setCanaryScale: scale });
    } else p.add(`${at}.${k}`, 'unknown field (a step is setWeight, pause or setCanaryScale)');
  });
  return out;
}

export type ParsedRollout = { ok: true; spec: RolloutSpec } | { ok: false; errors: string[]; message: string };

/**
 * Parses and checks a Rollout. `revision` is the git revision it was rendered from.
 * Services named by the strategy are checked separately (checkRolloutServices), as that needs the app.
 */
export function parseRollout(o: KubeObject, revision = ''): ParsedRollout {
  const p = new Problems();
  const name = typeof o.metadata?.name === 'string' ? o.metadata.name : '';
  if (o.apiVersion !== ROLLOUT_API_VERSION) p.add('apiVersion', `Unsupported value: "${String(o.apiVersion)}": supported values: "${ROLLOUT_API_VERSION}"`);
  p.unknown('', o as unknown as Obj, TOP_FIELDS);
  const spec = obj(p, 'spec', o['spec'], true) ?? {};
  p.unknown('spec', spec, SPEC_FIELDS);
  const replicas = int(p, 'spec.replicas', spec['replicas'], 1);
  const revisionHistoryLimit = int(p, 'spec.revisionHistoryLimit', spec['revisionHistoryLimit'], 10);
  const progressDeadlineSeconds = int(p, 'spec.progressDeadlineSeconds', spec['progressDeadlineSeconds'], 600, 1);
  const minReadySeconds = int(p, 'spec.minReadySeconds', spec['minReadySeconds'], 0);

  const selectorObj = obj(p, 'spec.selector', spec['selector'], true) ?? {};
  p.unknown('spec.selector', selectorObj, ['matchLabels']);
  const matchLabels = obj(p, 'spec.selector.matchLabels', selectorObj['matchLabels'], true) ?? {};
  const selector: Record<string, string> = {};
  for (const [k, v] of Object.entries(matchLabels)) {
    if (typeof v !== 'string') p.add(`spec.selector.matchLabels.${k}`, 'Invalid value: must be a string');
    else selector[k] = v;
  }
  if (isPlainObject(spec['selector']) && Object.keys(selector).length === 0 && isPlainObject(selectorObj['matchLabels'])) {
    p.add('spec.selector', 'Invalid value: empty selector is invalid for a Rollout');
  }
  const template = obj(p, 'spec.template', spec['template'], true) ?? {};
  const tmeta = isPlainObject(template['metadata']) ? template['metadata'] : {};
  const tlabels = isPlainObject(tmeta['labels']) ? (tmeta['labels'] as Obj) : {};
  if (Object.keys(selector).length > 0 && Object.entries(selector).some(([k, v]) => tlabels[k] !== v)) {
    p.add('spec.template.metadata.labels', `Invalid value: ${JSON.stringify(tlabels)}: \`selector\` does not match template \`labels\``);
  }
  const podSpec = isPlainObject(template['spec']) ? template['spec'] : undefined;
  const containers = podSpec?.['containers'];
  if (!Array.isArray(containers) || containers.length === 0) p.add('spec.template.spec.containers', 'Required value');
  else containers.forEach((c, i) => {
    if (!isPlainObject(c) || typeof c['name'] !== 'string' || !c['name']) p.add(`spec.template.spec.containers[${i}].name`, 'Required value');
    if (!isPlainObject(c) || typeof c['image'] !== 'string' || !c['image']) p.add(`spec.template.spec.containers[${i}].image`, 'Required value');
  });

  const strategyObj = obj(p, 'spec.strategy', spec['strategy'], true) ?? {};
  p.unknown('spec.strategy', strategyObj, ['blueGreen', 'canary']);
  const bg = obj(p, 'spec.strategy.blueGreen', strategyObj['blueGreen'], false);
  const canary = obj(p, 'spec.strategy.canary', strategyObj['canary'], false);
  let strategy: BlueGreenStrategy | CanaryStrategy | undefined;
  if (bg && canary) p.add('spec.strategy', 'Invalid value: only one of blueGreen or canary may be set');
  else if (!bg && !canary && isPlainObject(spec['strategy'])) p.add('spec.strategy', 'Invalid value: one of blueGreen or canary must be set');
  else if (bg) {
    const at = 'spec.strategy.blueGreen';
    p.unknown(at, bg, BLUE_GREEN_FIELDS);
    const activeService = str(p, `${at}.activeService`, bg['activeService'], true) ?? '';
    const previewService = str(p, `${at}.previewService`, bg['previewService'], false);
    if (previewService && previewService === activeService) p.add(`${at}.previewService`, `Invalid value: "${previewService}": must differ from activeService`);
    strategy = {
      kind: 'blueGreen',
      activeService,
      ...(previewService ? { previewService } : {}),
      autoPromotionEnabled: bool(p, `${at}.autoPromotionEnabled`, bg['autoPromotionEnabled'], true),
      autoPromotionSeconds: int(p, `${at}.autoPromotionSeconds`, bg['autoPromotionSeconds'], 0),
      scaleDownDelaySeconds: int(p, `${at}.scaleDownDelaySeconds`, bg['scaleDownDelaySeconds'], 30),
      ...(bg['previewReplicaCount'] !== undefined ? { previewReplicaCount: int(p, `${at}.previewReplicaCount`, bg['previewReplicaCount'], replicas, 1) } : {}),
      abortScaleDownDelaySeconds: int(p, `${at}.abortScaleDownDelaySeconds`, bg['abortScaleDownDelaySeconds'], 30),
    };
  } else if (canary) {
    const at = 'spec.strategy.canary';
    p.unknown(at, canary, CANARY_FIELDS);
    for (const f of ['maxSurge', 'maxUnavailable']) {
      const v = canary[f];
      if (v !== undefined && !isIntOrPercent(v)) p.add(`${at}.${f}`, `Invalid value: ${JSON.stringify(v)}: must be a non-negative integer or a percentage like "25%"`);
      if (typeof v === 'string' && v.endsWith('%') && Number(v.slice(0, -1)) > 100) p.add(`${at}.${f}`, `Invalid value: "${v}": must not be greater than 100%`);
    }
    const canaryService = str(p, `${at}.canaryService`, canary['canaryService'], false);
    const stableService = str(p, `${at}.stableService`, canary['stableService'], false);
    if (canaryService && canaryService === stableService) p.add(`${at}.canaryService`, `Invalid value: "${canaryService}": must differ from stableService`);
    strategy = {
      kind: 'canary',
      steps: parseSteps(p, `${at}.steps`, canary['steps']),
      maxSurge: (canary['maxSurge'] as number | string | undefined) ?? '25%',
      maxUnavailable: (canary['maxUnavailable'] as number | string | undefined) ?? '25%',
      ...(canaryService ? { canaryService } : {}),
      ...(stableService ? { stableService } : {}),
      abortScaleDownDelaySeconds: int(p, `${at}.abortScaleDownDelaySeconds`, canary['abortScaleDownDelaySeconds'], 30),
    };
  }
  if (p.list.length > 0 || !strategy) {
    const errors = p.list.length > 0 ? p.list : ['spec.strategy: Required value'];
    return { ok: false, errors, message: `Rollout.tugboat.dev "${name}" is invalid: ${errors.join(', ')}` };
  }
  return {
    ok: true,
    spec: {
      name,
      namespace: o.metadata.namespace ?? '',
      revision,
      replicas,
      revisionHistoryLimit,
      progressDeadlineSeconds,
      minReadySeconds,
      selector,
      template,
      templateHash: templateHash(template),
      strategy,
    },
  };
}

/** The Services a strategy names. */
export function servicesOf(spec: RolloutSpec): string[] {
  const s = spec.strategy;
  const names = s.kind === 'blueGreen' ? [s.activeService, s.previewService] : [s.canaryService, s.stableService];
  return names.filter((n): n is string => typeof n === 'string' && n.length > 0);
}

/** Each Service the strategy names must exist (in the app's objects or the cluster). */
export function checkRolloutServices(spec: RolloutSpec, exists: (service: string) => boolean): string[] {
  const s = spec.strategy;
  const fields: Array<[string, string | undefined]> = s.kind === 'blueGreen'
    ? [['activeService', s.activeService], ['previewService', s.previewService]]
    : [['canaryService', s.canaryService], ['stableService', s.stableService]];
  const out: string[] = [];
  for (const [field, svc] of fields) {
    if (svc && !exists(svc)) out.push(`Rollout.tugboat.dev "${spec.name}" is invalid: spec.strategy.${s.kind}.${field}: Not found: Service "${svc}" does not exist in namespace "${spec.namespace}"`);
  }
  return out;
}
