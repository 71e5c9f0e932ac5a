import type { Operation } from 'fast-json-patch';
import type { KubeObject, ObjectKey } from '../model/kube-object.js';

export type { Operation };

/** What applying desired would do to the object. */
export type Action = 'create' | 'update' | 'delete' | 'unchanged';

export const ACTIONS: readonly Action[] = ['create', 'update', 'delete', 'unchanged'];

/**
 * Why a field differs. `git`: a commit changed it (desired differs from what was applied last).
 * `drift`: the cluster changed behind Tugboat's back (desired equals last applied, live differs).
 * `removed`: the field was dropped from git (last applied has it, desired does not).
 */
export type FieldOrigin = 'git' | 'drift' | 'removed';

export interface FieldChange {
  /** JSON pointer (RFC 6901) into the object. */
  path: string;
  origin: FieldOrigin;
}

export interface IgnoreDifference {
  /** JSON pointers excluded from comparison on both sides, e.g. "/spec/replicas". */
  jsonPointers?: string[];
}

export interface DiffInput {
  /** The object rendered from git; absent when the object is no longer desired (delete). */
  desired?: KubeObject;
  /** The object in the cluster; absent when it does not exist yet (create). */
  live?: KubeObject;
  /** The object Tugboat applied last time (a field it has and desired lacks is a removal). */
  lastApplied?: KubeObject;
  ignore?: IgnoreDifference[];
}

export interface ResourceChange {
  key: ObjectKey;
  /** API version of the object ("v1", "v1beta1"). */
  version: string;
  action: Action;
  /** RFC 6902 operations from projected live to desired (empty for unchanged and delete). Secrets masked. */
  patch: Operation[];
  fields: FieldChange[];
  /** Projected live object, secrets masked. Absent for create, and for unchanged (nothing to show). */
  before?: KubeObject;
  /** Desired object as compared, secrets masked. Absent for delete, and for unchanged. */
  after?: KubeObject;
}
