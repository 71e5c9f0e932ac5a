/** The shapes of the HTTP API (SPEC §4) as the UI reads them. */

export interface Condition {
  type: string;
  message: string;
  revision?: string;
  lastTransitionTime?: string;
}

export interface Operation {
  phase: 'Running' | 'Succeeded' | 'Failed' | 'Error';
  revision: string;
  startedAt: string;
  finishedAt?: string;
  message: string;
  cause?: string;
}

export interface RolloutStatus {
  name: string;
  strategy: 'blueGreen' | 'canary' | string;
  phase: 'Progressing' | 'Paused' | 'Healthy' | 'Degraded' | 'Aborted' | string;
  activeRevision?: string;
  previewRevision?: string;
  stableRevision?: string;
  canaryRevision?: string;
  currentStep?: number;
  weight?: number;
  message?: string;
}

export interface Health {
  status: string;
  message: string;
}

export interface AppStatus {
  name: string;
  namespace?: string;
  source: { repo: string; branch: string; path: string };
  sync: { status: 'Synced' | 'OutOfSync' | 'Unknown'; revision: string; targetRevision: string };
  health: Health;
  operation?: Operation;
  conditions: Condition[];
  rollouts?: RolloutStatus[];
  summary?: { resources: number; synced: number; outOfSync: number };
}

export interface ObjectRef {
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

export interface TreeNode extends ObjectRef {
  version?: string;
  uid?: string;
  parent?: ObjectRef;
  health: Health;
  images?: string[];
  replicas?: { desired: number; ready: number };
}

export interface HistoryEntry {
  id: number;
  revision: string;
  digest: string;
  deployedAt: string;
  cause: string;
  result: 'Succeeded' | 'Failed';
  rollbackOf?: number;
  message?: string;
  commit?: { message: string; author: string; time: string };
}

export interface AppEvent {
  time: string;
  type: 'Normal' | 'Warning';
  reason: string;
  object?: { kind: string; namespace?: string; name: string };
  message: string;
  source?: 'cluster' | 'tugboat';
  name?: string;
  count?: number;
  app?: string;
}

export type FieldOrigin = 'git' | 'drift' | 'removed';

export interface DiffResource {
  key: { group: string; version: string; kind: string; namespace: string; name: string };
  app: string;
  action: 'create' | 'update' | 'delete' | 'unchanged';
  fields: Array<{ path: string; origin: FieldOrigin }>;
  /** Live side as YAML (with ?objects=true). */
  before?: string;
  /** Desired side as YAML (with ?objects=true). */
  after?: string;
}

export interface DiffReport {
  summary: { create: number; update: number; delete: number; unchanged: number };
  resources: DiffResource[];
  errors: Array<{ app: string; message: string }>;
}

export function refKey(r: ObjectRef): string {
  return `${r.group}/${r.kind}/${r.namespace}/${r.name}`;
}

export function shortRev(rev: string | undefined): string {
  return rev ? rev.slice(0, 7) : '';
}
