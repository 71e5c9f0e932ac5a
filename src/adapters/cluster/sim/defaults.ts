/**
 * Server-side defaulting (done by the API server, owned by no field manager), for the kinds the sim
 * runs: Deployment/ReplicaSet, Service (clusterIP from the service CIDR, type, port protocol/targetPort),
 * Namespace status.
 */
import { isPlainObject, splitApiVersion, type KubeObject } from '../../../core/model/kube-object.js';
import { ensureMap } from './json.js';

export interface DefaultingContext {
  /** Allocates a cluster IP (commit false for dry runs). */
  allocateClusterIP(commit: boolean): string;
  commit: boolean;
}

export function applyDefaults(obj: KubeObject, ctx: DefaultingContext): void {
  const { group } = splitApiVersion(obj.apiVersion);
  if (group === 'apps' && obj.kind === 'Deployment') defaultDeployment(obj);
  else if (group === 'apps' && obj.kind === 'ReplicaSet') {
    const spec = ensureMap(obj, 'spec');
    if (spec['replicas'] === undefined) spec['replicas'] = 1;
  } else if (group === '' && obj.kind === 'Service') defaultService(obj, ctx);
  else if (group === '' && obj.kind === 'Namespace') {
    const status = ensureMap(obj, 'status');
    if (status['phase'] === undefined) status['phase'] = 'Active';
  }
}

/**
 * Defaults that no longer apply after an edit: switching a Deployment to Recreate leaves the defaulted
 * rollingUpdate behind (nobody owns it), which validation would reject. Runs before validation.
 */
export function dropStaleDefaults(obj: KubeObject): void {
  const { group } = splitApiVersion(obj.apiVersion);
  if (group !== 'apps' || obj.kind !== 'Deployment') return;
  const strategy = isPlainObject(obj['spec']) ? (obj['spec'] as Record<string, unknown>)['strategy'] : undefined;
  if (!isPlainObject(strategy) || strategy['type'] !== 'Recreate') return;
  const ru = strategy['rollingUpdate'];
  if (isPlainObject(ru) && Object.keys(ru).every((k) => (k === 'maxSurge' || k === 'maxUnavailable') && ru[k] === '25%')) {
    delete strategy['rollingUpdate'];
  }
}

function defaultDeployment(obj: KubeObject): void {
  const spec = ensureMap(obj, 'spec');
  if (spec['replicas'] === undefined) spec['replicas'] = 1;
  if (spec['revisionHistoryLimit'] === undefined) spec['revisionHistoryLimit'] = 10;
  if (spec['progressDeadlineSeconds'] === undefined) spec['progressDeadlineSeconds'] = 600;
  const strategy = ensureMap(spec, 'strategy');
  if (strategy['type'] === undefined) strategy['type'] = 'RollingUpdate';
  if (strategy['type'] === 'RollingUpdate') {
    const ru = ensureMap(strategy, 'rollingUpdate');
    if (ru['maxSurge'] === undefined) ru['maxSurge'] = '25%';
    if (ru['maxUnavailable'] === undefined) ru['maxUnavailable'] = '25%';
  }
}

function defaultService(obj: KubeObject, ctx: DefaultingContext): void {
  const spec = ensureMap(obj, 'spec');
  if (spec['type'] === undefined) spec['type'] = 'ClusterIP';
  if (spec['type'] !== 'ExternalName') {
    if (spec['clusterIP'] === undefined || spec['clusterIP'] === '') spec['clusterIP'] = ctx.allocateClusterIP(ctx.commit);
    spec['clusterIPs'] = [spec['clusterIP']];
    if (spec['clusterIP'] !== 'None') {
      if (spec['ipFamilies'] === undefined) spec['ipFamilies'] = ['IPv4'];
      if (spec['ipFamilyPolicy'] === undefined) spec['ipFamilyPolicy'] = 'SingleStack';
    }
  }
  if (spec['sessionAffinity'] === undefined) spec['sessionAffinity'] = 'None';
  if (Array.isArray(spec['ports'])) {
    for (const p of spec['ports']) {
      if (!isPlainObject(p)) continue;
      if (p['protocol'] === undefined) p['protocol'] = 'TCP';
      if (p['targetPort'] === undefined && p['port'] !== undefined) p['targetPort'] = p['port'];
    }
  }
}
