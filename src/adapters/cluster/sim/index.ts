/**
 * The embedded simulated Kubernetes cluster (ClusterStore implementation `sim`).
 * See sim-cluster.ts for the facade and the other files of this folder for one concept each.
 */
export { createSimCluster, STATUS_SUBRESOURCE, type SimCluster, type SimClusterOptions, type WriteOptions } from './sim-cluster.js';
export { ManualClock } from './clock.js';
export type { ImageBehaviour, ImageRule } from './image-catalogue.js';
export type { NodeSpec } from './nodes.js';
export type { Taint, TaintEffect, Toleration } from './node-affinity.js';
export { parseSelector, matches as selectorMatches, type Selector } from './label-selector.js';
