/** Persisted state of one application: what the daemon must not lose across a restart. */

export type SyncStatus = 'Synced' | 'OutOfSync' | 'Unknown';
export type OperationPhase = 'Running' | 'Succeeded' | 'Failed' | 'Error';
export type HistoryCause = 'auto' | 'manual' | 'webhook' | 'rollback' | 'auto-rollback' | 'git-revert';

export type ConditionType =
  | 'SourceError'
  | 'RenderError'
  | 'SyncError'
  | 'PruneBlocked'
  | 'RolloutAborted'
  | 'RevisionQuarantined';

export interface Condition {
  type: ConditionType;
  message: string;
  revision?: string;
  lastTransitionTime?: string;
}

export interface Operation {
  phase: OperationPhase;
  revision: string;
  startedAt: string;
  finishedAt?: string;
  message: string;
  cause?: HistoryCause;
}

export interface AppRecord {
  name: string;
  /** Revision whose objects are applied (the last successful sync). */
  syncedRevision?: string;
  /** Digest of the objects applied at syncedRevision. */
  syncedDigest?: string;
  /** Newest revision seen on the source branch. */
  targetRevision?: string;
  operation?: Operation;
  conditions: Condition[];
  /** Revisions auto-sync must not apply again until a newer commit arrives. */
  quarantined: string[];
  /** The last deployment the app was Healthy at: where rollbackOnFailure goes back to. */
  lastHealthy?: { revision: string; digest: string };
}

export interface HistoryEntry {
  id: number;
  revision: string;
  digest: string;
  deployedAt: string;
  cause: HistoryCause;
  result: 'Succeeded' | 'Failed';
  rollbackOf?: number;
  message?: string;
}

/** What Tugboat last applied for one object of an app: the base for drift, origin and prune. */
export interface AppliedObject {
  key: string;
  hash: string;
  object: import('../model/kube-object.js').KubeObject;
}

/** Persistence of app records, history and the per-app inventory of applied objects. */
export interface StateStore {
  getApp(name: string): AppRecord | undefined;
  putApp(record: AppRecord): void;
  history(app: string): HistoryEntry[];
  /** Appends an entry (id assigned) and trims to `limit` newest entries. */
  addHistory(app: string, entry: Omit<HistoryEntry, 'id'>, limit: number): HistoryEntry;
  /** The inventory: every object Tugboat applied for the app and has not pruned. */
  applied(app: string): Map<string, AppliedObject>;
  /** Records objects as applied (upsert) and removes pruned keys, in one durable transaction. */
  recordApplied(app: string, upserts: AppliedObject[], removed: string[]): void;
  /** For each key held in the inventory of an app other than `except`: that app. */
  ownersOf(keys: readonly string[], except: string): Map<string, string>;
  /**
   * The end of a sync in one durable transaction: the inventory changes, the history entry (id assigned,
   * trimmed to `historyLimit`) and the app record.
   */
  commitSync(app: string, change: {
    upserts: AppliedObject[];
    removed: string[];
    history?: Omit<HistoryEntry, 'id'>;
    historyLimit: number;
    record: AppRecord;
  }): HistoryEntry | undefined;
  /** The persisted state machines of the app's Rollouts, by Rollout name (SPEC §7). */
  rolloutStates(app: string): Record<string, import('../rollout/types.js').RolloutState>;
  /** Writes (or with undefined removes) one Rollout's state, durably, before its actions are taken. */
  putRolloutState(app: string, rollout: string, state: import('../rollout/types.js').RolloutState | undefined): void;
  /**
   * For stores whose writes complete later (the cluster-backed one): resolves when every write made so
   * far is durable, throws when one is not. Callers await it before acting on what they wrote.
   */
  flush?(): Promise<void>;
  close(): void;
}
