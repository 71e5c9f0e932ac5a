/**
 * The UI's one piece of shared state: every app's status, kept current by the stream. Pages subscribe
 * to it; app pages also hear each change of their app, to refresh what they show (tree, history).
 */
import { useEffect, useState } from 'preact/hooks';
import { getJson } from './api.js';
import { connectStream } from './stream.js';
import type { AppEvent, AppStatus } from './types.js';

export interface StoreState {
  apps: Map<string, AppStatus>;
  loaded: boolean;
  live: boolean;
  error?: string;
}

let state: StoreState = { apps: new Map(), loaded: false, live: false };
const listeners = new Set<() => void>();
const appListeners = new Set<(app: string, kind: 'app' | 'event', event?: AppEvent) => void>();

function set(next: Partial<StoreState>): void {
  state = { ...state, ...next };
  for (const l of listeners) l();
}

export function useStore(): StoreState {
  const [, force] = useState(0);
  useEffect(() => {
    const l = () => force((n) => n + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return state;
}

/** Called for each `app` and `event` message of the stream that names an app. */
export function onAppActivity(l: (app: string, kind: 'app' | 'event', event?: AppEvent) => void): () => void {
  appListeners.add(l);
  return () => void appListeners.delete(l);
}

async function loadAll(): Promise<void> {
  try {
    const { items } = await getJson<{ items: AppStatus[] }>('/api/v1/applications');
    set({ apps: new Map(items.map((a) => [a.name, a])), loaded: true, error: undefined });
  } catch (err) {
    set({ loaded: true, error: err instanceof Error ? err.message : String(err) });
  }
}

let started = false;

/** Loads the list and opens the stream (once per page load). */
export function startStore(): void {
  if (started) return;
  started = true;
  connectStream({
    // The list is read after the stream is open, so nothing that happens in between is missed.
    onOpen() {
      set({ live: true });
      void loadAll();
      for (const l of appListeners) for (const name of state.apps.keys()) l(name, 'app');
    },
    onDown() {
      set({ live: false });
      // The stream may be down for a while (a proxy that buffers): show the list anyway.
      if (!state.loaded) void loadAll();
    },
    onMessage(event, data) {
      if (event === 'app') {
        const status = JSON.parse(data) as AppStatus;
        const apps = new Map(state.apps);
        apps.set(status.name, status);
        set({ apps });
        for (const l of appListeners) l(status.name, 'app');
      } else if (event === 'event') {
        const e = JSON.parse(data) as AppEvent;
        if (e.app) for (const l of appListeners) l(e.app, 'event', e);
      }
    },
  });
}
