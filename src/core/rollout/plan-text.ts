/** A pass of the state machine as a small text tree (like kapp's plan), for logs, tests and debugging. */
import type { RolloutSpec, StepResult } from './types.js';

export function formatStep(spec: RolloutSpec, r: StepResult, now: number): string {
  const s = r.state;
  const lines = [`Rollout ${spec.name} (${spec.strategy.kind}) ${s.phase} step ${s.currentStep} weight ${s.weight}${s.message ? `: ${s.message}` : ''}`];
  const items: string[] = [];
  for (const a of r.actions) {
    switch (a.type) {
      case 'scaleReplicaSet':
        items.push(`scale ${spec.name}-${a.hash} to ${a.replicas}`);
        break;
      case 'pointService':
        items.push(`point service ${a.service} at ${spec.name}-${a.hash}`);
        break;
      case 'deleteReplicaSet':
        items.push(`delete ${spec.name}-${a.hash}`);
        break;
    }
  }
  for (const e of r.events) items.push(`event ${e.name}`);
  if (r.wakeAt !== undefined) items.push(`wake in ${Math.max(0, r.wakeAt - now) / 1000}s`);
  items.forEach((t, i) => lines.push(`${i === items.length - 1 ? '└─' : '├─'} ${t}`));
  return lines.join('\n');
}
