import { performance } from 'node:perf_hooks';
import { parse } from 'yaml';
import { diffObject } from '../core/diff/index.js';
import type { KubeObject } from '../core/model/kube-object.js';
import { manifest } from './generate.js';
import { median } from './stats.js';

/** What a live object looks like next to its manifest: server-owned fields and defaults added. */
function asLive(desired: KubeObject, i: number): KubeObject {
  const live = structuredClone(desired) as KubeObject & { spec?: Record<string, unknown>; status?: unknown };
  live.metadata = { ...live.metadata, uid: `uid-${i}`, resourceVersion: String(1000 + i), generation: 1, creationTimestamp: '2026-01-01T00:00:00Z', managedFields: [{ manager: 'tugboat', operation: 'Apply' }] };
  if (live.kind === 'Service') live.spec = { ...live.spec, clusterIP: `10.96.0.${i % 250}`, type: 'ClusterIP', sessionAffinity: 'None' };
  if (live.kind === 'Deployment') {
    live.spec = { ...live.spec, revisionHistoryLimit: 10, progressDeadlineSeconds: 600, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } };
    live.status = { replicas: 1, readyReplicas: 1, observedGeneration: 1 };
    if (i % 100 === 0) (live.spec as { replicas: number }).replicas = 7; // 1% drifted
  }
  return live;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  if (ka.length !== Object.keys(b as object).length) return false;
  for (const k of ka) if (!deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/**
 * Drift sweep: desired vs live for 10,000 objects (live carrying server fields and defaults, 1% drifted),
 * beside the floor of looking at every desired field once (a deep-equal of desired with an equal copy).
 */
export function diffSweep(n = 10_000, runs = 5): Record<string, unknown> {
  const pairs = Array.from({ length: n }, (_, i) => {
    const desired = parse(manifest(i % 5 === 0 ? 'deploy' : i % 5 < 3 ? 'svc' : 'cm', i, 0)) as KubeObject;
    desired.metadata.namespace = 'big';
    return { desired, live: asLive(desired, i), lastApplied: desired, copy: structuredClone(desired) };
  });
  const sweep: number[] = [];
  const naive: number[] = [];
  let reported = 0;
  for (let r = 0; r < runs + 2; r++) {
    let t = performance.now();
    reported = 0;
    for (const p of pairs) if (diffObject(p).action !== 'unchanged') reported++;
    if (r >= 2) sweep.push(performance.now() - t);
    t = performance.now();
    for (const p of pairs) deepEqual(p.desired, p.copy);
    if (r >= 2) naive.push(performance.now() - t);
  }
  const s = median(sweep);
  const b = median(naive);
  const drifted = Math.ceil(n / 100);
  return { bench: 'drift-sweep', objects: n, drifted, reported, medianMs: s, baseline: { what: 'deep-equal of each desired object with an equal copy', medianMs: b }, ratio: s / b, target: { ratio: 3, reported: drifted }, pass: s / b <= 3 && reported === drifted };
}
