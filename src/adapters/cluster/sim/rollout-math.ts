/** Kubernetes' rolling-update arithmetic lives in the core model, shared with Tugboat's Rollouts. */
export { resolveFenceposts, scaledValue } from '../../../core/model/int-or-percent.js';
