/**
 * TugboatApi: the one set of operations the outside asks of a running Tugboat — the HTTP adapter today, the
 * CLI (through HTTP) and the web UI. Implemented over the daemon by tugboat-api.ts. Failures are thrown as
 * the closed code union of src/core/errors.ts (NotFound, Invalid, Conflict, …), mapped to HTTP in one table
 * there; nothing here knows about HTTP.
 */
import type { ClusterStore, PushNotice, WebhookOutcome, WebhookVerifier } from '../core/ports.js';
import type { TugboatEvent } from '../core/events.js';
import type { KubeObject, ObjectKey } from '../core/model/kube-object.js';
import type { PassResult } from '../core/reconcile/reconcile-app.js';
import type { DiffFormat } from '../core/diff/index.js';
import type { RolloutView } from '../core/rollout/types.js';
import type { AppStatusView, ResourceView } from './views/app-status.js';
import type { HistoryEntryView } from './views/history-commits.js';
import type { TreeEvent, TreeNode } from './views/resource-tree.js';
import type { AppEventView } from './views/app-events.js';

export type { AppStatusView, ResourceView, HistoryEntryView, TreeEvent, TreeNode, AppEventView, WebhookOutcome };

/** A pass's result with the app's status after it (undefined result: nothing to do, e.g. no revision yet). */
export interface CommandOutcome {
  result: PassResult | undefined;
  status: AppStatusView;
}

/** What a stream subscriber is told: an app whose status may have changed, and each of Tugboat's events. */
export interface StreamListener {
  appChanged?(app: string): void;
  event?(e: TugboatEvent): void;
}

export interface TugboatApi {
  /** True once the first pass of every app ran (`/readyz`). */
  readonly ready: boolean;
  /** Every app's status, in configuration order. */
  listApps(): AppStatusView[];
  /** One app's status; NotFound when there is no such app. */
  appStatus(app: string): AppStatusView;
  /** The app's resources as the last pass compared them. */
  resources(app: string): ResourceView[];
  /** Desired objects with their live children (ReplicaSets, Pods) and recent events of each node. */
  resourceTree(app: string): Promise<{ nodes: TreeNode[]; events: TreeEvent[] }>;
  /** The app's deployment history, each entry with its commit (author, subject) when git still has it. */
  history(app: string): Promise<HistoryEntryView[]>;
  /** Desired (at `revision`, default the head) against live, rendered in `format`. */
  diff(app: string, opts: { format: DiffFormat; revision?: string; color?: boolean; objects?: boolean }): Promise<string>;
  /** The cluster's and Tugboat's events about the app, newest first. */
  events(app: string, limit: number): Promise<AppEventView[]>;
  /** One live object of the app's resource tree, Secret values masked; NotFound outside the tree. */
  liveObject(app: string, key: ObjectKey): Promise<KubeObject>;
  /** A manual sync (optionally of a pinned revision, dry-run, with prune). */
  sync(app: string, opts: { revision?: string; dryRun?: boolean; prune?: boolean }): Promise<CommandOutcome>;
  /** Rollback to a history entry (default the one before), or by `git revert` of the commits since it. */
  rollback(app: string, opts: { id?: number; revision?: string; gitRevert?: boolean }): Promise<CommandOutcome>;
  /** Fetches the app's source now (a pass follows when the head moved). */
  refresh(app: string): Promise<AppStatusView>;
  /** `promote` (the next step, or every remaining one with `full`) or `abort` of a Rollout; NotFound / Conflict. */
  rolloutCommand(app: string, rollout: string, command: 'promote' | 'abort', opts?: { full?: boolean }): Promise<{ rollout: RolloutView; status: AppStatusView }>;
  /** A parsed push webhook (adapters/git/webhook.ts `readWebhook`). */
  webhook(push: PushNotice | undefined, verify: WebhookVerifier): Promise<WebhookOutcome>;
  /** Listens to app changes and Tugboat's events (the event stream); returns the unsubscribe. */
  subscribe(listener: StreamListener): () => void;
  /** The cluster the daemon reconciles into (the simulated cluster's own routes need it). */
  readonly cluster: ClusterStore;
}
