/**
 * When the daemon starts reconciling: at once (one replica, state on local disk); after Tugboat's state
 * has been read from the cluster (`cluster.type: kube`); and with leader election only on the replica
 * holding the Lease, after it has read the state its predecessor left. A standby keeps re-reading the
 * state for its read-only API. Losing the Lease closes the write gate at once and tells the caller (the
 * serve command exits, as Kubernetes controllers do, and its supervisor starts it again as a standby).
 */
import type { Logger, Recorder, Timers } from '../core/ports.js';
import { realTimers } from './real-time.js';
import type { Daemon } from './daemon.js';
import type { LeaderElector } from './leader-elector.js';
import type { LeaderGate } from './leader-gate.js';

/** The state store of `cluster.type: kube` as seen from here. */
export interface LoadableState {
  load(): Promise<void>;
  showUnavailable(apps: readonly string[], message: string): void;
}

export interface ReplicaOptions {
  /** What the replica needs of the daemon: its apps (for status while the state cannot be read) and its start. */
  daemon: Pick<Daemon, 'apps' | 'start'>;
  recorder: Recorder;
  logger: Logger;
  /** Read before reconciling (state in the cluster). */
  state?: LoadableState;
  /** Leader election: the elector (not yet started) and the gate it opens. */
  election?: { elector: LeaderElector; gate: LeaderGate; onLost: () => void };
  /** How often a failed state read is retried and a standby re-reads the state. */
  reloadEveryMs?: number;
  /** The waits between state reads: the daemon's timers (runtime.ts passes them); default Node's timers (never keeping the process alive). */
  timers?: Timers;
}

export interface Replica {
  /** Resolves when the daemon's first pass finished (never on a standby that stays one). */
  started: Promise<void>;
  stop(): Promise<void>;
}

export function startReplica(opts: ReplicaOptions): Replica {
  const { daemon, recorder, logger, state, election } = opts;
  const every = opts.reloadEveryMs ?? 5_000;
  let stopped = false;
  let running: Promise<void> | undefined;
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const timers = opts.timers ?? realTimers;
  const sleep = (ms: number) => new Promise<void>((r) => void timers.set(r, ms));
  const apps = () => [...daemon.apps.keys()];

  /** Reads the state until it succeeds (or `keepTrying` says stop); true when read. */
  const loadState = async (keepTrying: () => boolean): Promise<boolean> => {
    if (!state) return true;
    for (let attempt = 0; keepTrying(); attempt++) {
      try {
        await state.load();
        return true;
      } catch (err) {
        const message = `cannot read Tugboat's state from the cluster (Secrets in namespace tugboat-system): ${err instanceof Error ? err.message : String(err)}`;
        state.showUnavailable(apps(), message);
        if (attempt === 0) logger.error('cannot read application state from the cluster; retrying', { error: message });
        await sleep(Math.min(every, 500 * 2 ** attempt));
      }
    }
    return false;
  };

  const run = async (keepTrying: () => boolean): Promise<void> => {
    if (!(await loadState(keepTrying))) return;
    if (election) {
      if (!election.elector.isLeader) return;
      election.gate.setOpen(true);
    }
    await daemon.start();
    markStarted();
  };

  if (!election) {
    running = run(() => !stopped).catch((err) => logger.error('daemon failed to start', { error: String(err) }));
  } else {
    const { elector, gate } = election;
    recorder.leader?.(false);
    // A standby's read-only API follows the state the leader writes.
    const standbyReads = async () => {
      while (!stopped && !elector.isLeader && !running) {
        await state?.load().catch(() => undefined);
        await sleep(every);
      }
    };
    void loadState(() => !stopped && !elector.isLeader && !running).then(() => standbyReads());
    elector.start({
      onStarted() {
        recorder.leader?.(true);
        running ??= run(() => !stopped && elector.isLeader).catch((err) => logger.error('daemon failed to start', { error: String(err) }));
      },
      onStopped() {
        gate.setOpen(false);
        recorder.leader?.(false);
        if (!stopped) election.onLost();
      },
    });
  }

  return {
    started,
    async stop() {
      stopped = true;
      await election?.elector.stop();
      await running;
    },
  };
}
