import type { Daemon } from '../daemon/daemon.js';
import { conflict, notFound } from '../core/errors.js';
import type { TugboatApi } from './api.js';
import { appStatus, historyView, resourceViews } from './views/app-status.js';
import { buildTree } from './views/resource-tree.js';
import { appDiff } from './views/app-diff.js';
import { historyWithCommits } from './views/history-commits.js';
import { AppEventLog, appEvents } from './views/app-events.js';
import { appLiveObject } from './views/live-object.js';

/**
 * TugboatApi over a daemon. The app's events are kept from the moment this is created (AppEventLog
 * listens to the daemon's bus), so create it when the daemon is built, before its first pass.
 */
export function tugboatApi(daemon: Daemon): TugboatApi {
  const log = new AppEventLog(daemon.events);
  const status = (name: string) => appStatus(daemon.app(name), daemon.state.getApp(name));
  return {
    get ready() {
      return daemon.isReady;
    },
    get cluster() {
      return daemon.cluster;
    },
    listApps: () => [...daemon.apps.values()].map((ctl) => appStatus(ctl, daemon.state.getApp(ctl.spec.name))),
    appStatus: status,
    resources: (name) => resourceViews(daemon.app(name)),
    resourceTree: (name) => buildTree(daemon, name),
    history: async (name) => {
      const ctl = daemon.app(name);
      return historyWithCommits(ctl, historyView(daemon.state.history(ctl.spec.name)).items);
    },
    diff: (name, opts) => appDiff(daemon, name, opts),
    events: (name, limit) => appEvents(daemon, log, name, limit),
    liveObject: (name, key) => appLiveObject(daemon, name, key),
    sync: async (name, opts) => {
      const result = await daemon.sync(name, opts);
      return { result, status: status(name) };
    },
    rollback: async (name, opts) => {
      const result = await daemon.rollback(name, opts);
      return { result, status: status(name) };
    },
    refresh: async (name) => {
      await daemon.app(name).source.refresh();
      return status(name);
    },
    rolloutCommand: async (name, rollout, command, opts = {}) => {
      const result = command === 'promote' ? await daemon.promote(name, rollout, { full: opts.full === true }) : await daemon.abort(name, rollout);
      if (!result.ok) throw result.status === 404 ? notFound(result.message) : conflict(result.message);
      return { rollout: result.rollout, status: status(name) };
    },
    webhook: (push, verify) => daemon.webhook(push, verify),
    subscribe: (listener) => {
      const stops = [
        ...(listener.appChanged ? [daemon.onAppChange(listener.appChanged.bind(listener))] : []),
        ...(listener.event ? [daemon.events.subscribe(listener.event.bind(listener))] : []),
      ];
      return () => { for (const s of stops) s(); };
    },
  };
}
