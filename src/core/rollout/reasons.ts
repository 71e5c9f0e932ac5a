/** Reasons the rollout state machine reports (tests assert on these, not on prose). */
export const ROLLOUT_REASONS = {
  podsCrashing: 'PodsFailing',
  progressDeadline: 'ProgressDeadlineExceeded',
  manualAbort: 'AbortedByUser',
} as const;
