import type { ChartTools, GitReverter, SourceOpener } from '../core/ports.js';
import { GitSource } from './git/source.js';
import { gitReverter } from './git/reverter.js';
import { chartTools } from './chart-tools.js';

/**
 * The adapters a daemon is built with besides the cluster and the state (src/daemon/daemon.ts `DaemonDeps`):
 * git sources, chart tools and git-revert. Spread into the daemon's deps by whoever wires one (src/runtime.ts,
 * the bench, tests).
 */
export const daemonPorts: { openSource: SourceOpener; chartTools: ChartTools; gitRevert: GitReverter } = {
  openSource: (spec, dataDir, recorder, logger) => GitSource.open(spec, dataDir, recorder, logger),
  chartTools,
  gitRevert: gitReverter,
};
