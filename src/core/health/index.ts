export { HEALTH_ORDER, isWorse, worst, worstOf, type Health, type HealthStatus } from './status.js';
export { assessHealth, healthNeedsLiveObject } from './assess.js';
