/** Shared bits of the deployment controller: the per-sync view and small ReplicaSet accessors. */
import type { KubeObject } from '../../../core/model/kube-object.js';
import type { ControllerContext } from './controller-context.js';
import { asMap } from './json.js';
import { controllerOf } from './replicaset-controller.js';
import { parseIso } from './time.js';

export const DEPLOYMENT_CONTROLLER = 'deployment-controller';
export const REVISION = 'deployment.kubernetes.io/revision';

export function num(v: unknown, d: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : d;
}

export function revisionOf(o: KubeObject): number {
  return Number(o.metadata.annotations?.[REVISION] ?? '0') || 0;
}

export function specReplicas(rs: KubeObject): number {
  return num(asMap(rs['spec'])['replicas'], 0);
}

export function statusOf(rs: KubeObject, field: string): number {
  return num(asMap(rs['status'])[field], 0);
}

export function byCreation(a: KubeObject, b: KubeObject): number {
  const ta = parseIso(a.metadata.creationTimestamp) ?? 0;
  const tb = parseIso(b.metadata.creationTimestamp) ?? 0;
  return ta - tb || (a.metadata.name < b.metadata.name ? -1 : 1);
}

export interface Sync {
  ctx: ControllerContext;
  key: string;
  d: KubeObject;
  replicas: number;
  surge: number;
  unavailable: number;
  rollingUpdate: boolean;
}

export function refresh(s: Sync, rs: KubeObject | undefined): KubeObject | undefined {
  return rs ? s.ctx.store.get(s.ctx.keyOf(rs)) : undefined;
}

export function ownedRS(s: Sync): KubeObject[] {
  return s.ctx.store.ownedBy(s.d.metadata.uid!, 'ReplicaSet').filter((r) => controllerOf(r)?.uid === s.d.metadata.uid);
}

/** DeploymentComplete: every replica updated and available, no old pods left. */
export function isComplete(s: Sync, newRS: KubeObject | undefined): boolean {
  if (!newRS) return s.replicas === 0 && ownedRS(s).every((r) => statusOf(r, 'replicas') === 0);
  const all = ownedRS(s);
  const total = all.reduce((n, r) => n + statusOf(r, 'replicas'), 0);
  const available = all.reduce((n, r) => n + statusOf(r, 'availableReplicas'), 0);
  return statusOf(newRS, 'replicas') === s.replicas && total === s.replicas && available === s.replicas && specReplicas(newRS) === s.replicas;
}
