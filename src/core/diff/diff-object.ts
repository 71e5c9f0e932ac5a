/**
 * One object: desired vs live (vs last applied) → a ResourceChange.
 * The common case — nothing changed — is one allocation-free walk comparing desired with live as projected
 * (equalsProjected); only pairs that differ are copied, projected and given to fast-json-patch compare().
 */
import jsonpatch from 'fast-json-patch';
import { keyOf, keyString, splitApiVersion, type KubeObject, type ObjectKey } from '../model/kube-object.js';
import { equalsProjected, hasServerOwnedFields, normalizeLive, omitEmpty, projectLive, semanticEqual } from './normalize.js';
import { getAt, parsePointer, removeAt } from './pointer.js';
import { hashSecretValues, maskSecrets, secretDisplayMap } from './secret.js';
import { markEmptyStrings, unmarkEmptyStrings } from './empty-values.js';
import { alignLive } from './align-live.js';
import type { DiffInput, FieldChange, FieldOrigin, IgnoreDifference, Operation, ResourceChange } from './types.js';

const NO_POINTERS: string[][] = [];

function ignoredPointers(input: DiffInput): string[][] {
  const out: string[][] = [];
  for (const rule of input.ignore ?? []) for (const p of rule.jsonPointers ?? []) out.push(parsePointer(p));
  return out;
}

/** Desired/lastApplied as compared: server-owned fields dropped (rarely present), vacuous fields omitted. */
function prepare(o: KubeObject): KubeObject {
  return hasServerOwnedFields(o) ? normalizeLive(o) : omitEmpty(o);
}

function originOf(path: string, desired: unknown, lastApplied: KubeObject | undefined): FieldOrigin {
  if (!lastApplied) return 'git';
  const tokens = parsePointer(path);
  const d = getAt(desired, tokens);
  const l = getAt(lastApplied, tokens);
  if (d === undefined) return l === undefined ? 'drift' : 'removed';
  if (l !== undefined && semanticEqual(d, l)) return 'drift';
  return 'git';
}

/** Document order for pointers: token by token, array indices numerically. */
function comparePointers(a: string, b: string): number {
  const ta = parsePointer(a);
  const tb = parsePointer(b);
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const x = ta[i]!;
    const y = tb[i]!;
    if (x === y) continue;
    const nx = /^[0-9]+$/.test(x);
    const ny = /^[0-9]+$/.test(y);
    if (nx && ny) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return ta.length - tb.length;
}

/** One field per patch path, in document order. */
function fieldsOf(patch: Operation[], desired: unknown, lastApplied: KubeObject | undefined): FieldChange[] {
  const seen = new Set<string>();
  const out: FieldChange[] = [];
  for (const op of patch) {
    if (seen.has(op.path)) continue;
    seen.add(op.path);
    out.push({ path: op.path, origin: originOf(op.path, desired, lastApplied) });
  }
  return out.sort((a, b) => comparePointers(a.path, b.path));
}

export function diffObject(input: DiffInput): ResourceChange {
  const d = input.desired && markEmptyStrings(input.desired);
  const l = input.live && markEmptyStrings(input.live);
  const a = input.lastApplied && markEmptyStrings(input.lastApplied);
  if (d === input.desired && l === input.live && a === input.lastApplied) return diffMarked(input);
  return unmarkEmptyStrings(diffMarked({ ...input, desired: d, live: l, lastApplied: a }));
}

function diffMarked(input: DiffInput): ResourceChange {
  const ref = input.desired ?? input.live;
  if (!ref) throw new Error('diffObject: neither desired nor live given');
  const { group, version } = splitApiVersion(ref.apiVersion);
  const key = { group, kind: ref.kind, namespace: ref.metadata.namespace ?? '', name: ref.metadata.name };
  const secret = group === '' && ref.kind === 'Secret';
  const desired = input.desired && secret ? hashSecretValues(input.desired) : input.desired;
  const hashedLive = input.live && secret ? hashSecretValues(input.live) : input.live;
  const lastRaw = input.lastApplied && secret ? hashSecretValues(input.lastApplied) : input.lastApplied;
  const ignore = input.ignore && input.ignore.length > 0 ? ignoredPointers(input) : NO_POINTERS;
  // Fast path: equal without ignore rules → unchanged, nothing copied, no patch generated.
  if (desired && hashedLive && ignore.length === 0 && !hasServerOwnedFields(desired) && equalsProjected(desired, hashedLive, lastRaw)) {
    return { key, version, action: 'unchanged', patch: [], fields: [] };
  }
  // What the API server defaulted, assigned or wrote in canonical form is not a difference. Aligning
  // only ever removes differences, so it is needed only once the raw comparison found one.
  const live = hashedLive && desired ? alignLive(desired, hashedLive, lastRaw) : hashedLive;

  if (!desired) {
    // Delete: show what goes, projected onto what we applied when we know it.
    const before = lastRaw ? projectLive(prepare(lastRaw), live!) : normalizeLive(live!);
    for (const p of ignore) removeAt(before, p);
    return { key, version, action: 'delete', patch: [], fields: [], before: maskSecrets(before) };
  }

  if (live !== hashedLive && ignore.length === 0 && !hasServerOwnedFields(desired) && equalsProjected(desired, live!, lastRaw)) {
    return { key, version, action: 'unchanged', patch: [], fields: [] };
  }
  const projected = live ? projectLive(desired, live, lastRaw) : undefined;

  const after = prepare(desired);
  const last = lastRaw ? prepare(lastRaw) : undefined;
  // projectLive builds fresh containers, so removing ignored fields below does not touch the live input.
  const before = projected;
  for (const p of ignore) {
    removeAt(after, p);
    if (before) removeAt(before, p);
    if (last) removeAt(last, p);
  }

  if (before && semanticEqual(after, before)) {
    return { key, version, action: 'unchanged', patch: [], fields: [] };
  }

  const rawPatch = jsonpatch.compare(before ?? {}, after) as Operation[];
  const fields = fieldsOf(rawPatch, after, last);
  const display = secret ? secretDisplayMap(after, before) : undefined;
  const patch = secret ? rawPatch.map((op) => maskSecrets(op, display)) : rawPatch;
  return {
    key,
    version,
    action: before ? 'update' : 'create',
    patch,
    fields,
    ...(before ? { before: secret ? maskSecrets(before) : before } : {}),
    after: secret ? maskSecrets(after, display) : after,
  };
}

export interface DiffAllInput {
  desired: KubeObject[];
  /** Live objects of the app; those no desired object matches are reported as deletes. */
  live: KubeObject[];
  lastApplied?: KubeObject[];
  /** Ignore rules for an object (e.g. from the app's ignoreDifferences, selected by kind). */
  ignoreFor?: (key: ObjectKey) => IgnoreDifference[] | undefined;
}

/** Pairs desired, live and last-applied objects by key and diffs each pair. Output in input order, deletes last. */
export function diffAll(input: DiffAllInput): ResourceChange[] {
  const live = new Map(input.live.map((o) => [keyString(keyOf(o)), o]));
  const last = new Map((input.lastApplied ?? []).map((o) => [keyString(keyOf(o)), o]));
  const out: ResourceChange[] = [];
  const seen = new Set<string>();
  for (const d of input.desired) {
    const k = keyOf(d);
    const ks = keyString(k);
    seen.add(ks);
    out.push(diffObject({ desired: d, live: live.get(ks), lastApplied: last.get(ks), ignore: input.ignoreFor?.(k) }));
  }
  for (const [ks, l] of live) {
    if (seen.has(ks)) continue;
    out.push(diffObject({ live: l, lastApplied: last.get(ks), ignore: input.ignoreFor?.(keyOf(l)) }));
  }
  return out;
}
