import type { AppRecord, Condition, ConditionType } from './app-state.js';

/**
 * Sets (or, with `message` undefined, clears) one condition of a record, in place. The transition time is
 * kept while the message stays the same; a set condition moves to the end of the list.
 */
export function setCondition(record: AppRecord, type: ConditionType, message: string | undefined, revision: string, now: string): void {
  const others = record.conditions.filter((c) => c.type !== type);
  if (message === undefined) {
    record.conditions = others;
    return;
  }
  const prev = record.conditions.find((c) => c.type === type);
  const cond: Condition = { type, message, revision, lastTransitionTime: prev?.message === message ? prev.lastTransitionTime : now };
  record.conditions = [...others, cond];
}
