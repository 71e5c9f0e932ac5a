/** Reasons a pass reports; tests assert on these, not on prose. */
export const REASONS = {
  renderFailed: 'RenderFailed',
  invalidObjects: 'InvalidObjects',
  applyFailed: 'ApplyFailed',
  pruneBlocked: 'PruneBlocked',
  synced: 'Synced',
  upToDate: 'UpToDate',
  outOfSync: 'OutOfSync',
  quarantined: 'RevisionQuarantined',
  dryRun: 'DryRun',
  ownedByOtherApp: 'OwnedByOtherApp',
  fieldConflict: 'FieldConflict',
} as const;
