/**
 * The `Serving:` line of `tugboat status APP`: shown when what the cluster serves is not the branch head,
 * with the reason (a rollout still under way, an aborted one, a rolled-back or quarantined revision, an
 * error that stops the sync, or no sync yet).
 */
interface Status {
  sync: { revision: string; targetRevision: string };
  operation?: { phase: string };
  conditions: Array<{ type: string; message: string }>;
  rollouts?: Array<{ name: string; phase: string; currentStep: number; weight: number; stableRevision: string; previewRevision: string }>;
}

const short = (sha: string) => (sha ? sha.slice(0, 7) : '-');
const WHY = ['RolloutAborted', 'RevisionQuarantined', 'RenderError', 'SyncError', 'PruneBlocked', 'SourceError'];

export function servingLine(s: Status): string | undefined {
  const head = s.sync.targetRevision;
  const rollouts = s.rollouts ?? [];
  const aborted = rollouts.find((r) => r.phase === 'Aborted');
  const rolling = rollouts.find((r) => r.phase !== 'Aborted' && r.previewRevision && r.previewRevision !== r.stableRevision);
  const serving = (aborted ?? rolling)?.stableRevision || s.sync.revision;
  if (!head || serving === head) return undefined;
  let why: string;
  const cond = s.conditions.find((c) => WHY.includes(c.type));
  if (aborted) why = `rollout ${aborted.name} was aborted (RolloutAborted)`;
  else if (cond) why = cond.type === 'RevisionQuarantined' ? 'the head is quarantined after a rollback (RevisionQuarantined)' : `the head is not applied (${cond.type})`;
  else if (rolling) why = `rollout ${rolling.name} is ${rolling.phase} at step ${rolling.currentStep}, weight ${rolling.weight}`;
  else if (s.operation?.phase === 'Running') why = 'a sync is running';
  else why = 'not synced yet (auto-sync off? run tugboat sync)';
  return `Serving:     ${short(serving)}, not the branch head ${short(head)}: ${why}`;
}
