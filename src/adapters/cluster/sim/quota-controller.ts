/** ResourceQuota → status.hard / status.used, recomputed whenever a pod of its namespace changes. */
import type { ControllerContext } from './controller-context.js';
import { QUOTA_CONTROLLER, quotaStatus } from './quota.js';

export function syncQuota(ctx: ControllerContext, key: string): void {
  const quota = ctx.store.get(key);
  if (!quota) return;
  const status = quotaStatus(ctx.store, quota);
  ctx.update(key, (d) => void (d['status'] = status), QUOTA_CONTROLLER);
}
