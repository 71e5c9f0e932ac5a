export * from './types.js';
export { ROLLOUT_REASONS } from './reasons.js';
export { parseRollout, checkRolloutServices, servicesOf, isRollout, type ParsedRollout } from './validate.js';
export { step, initialState, requestAbort, requestPromote, requestRetry, rolloutView, canaryCounts } from './step.js';
export { formatStep } from './plan-text.js';
export { checkRollouts } from './check-app.js';
