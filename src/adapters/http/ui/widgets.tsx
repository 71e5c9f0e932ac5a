/** Small pieces every page uses: status chips, times, the confirmation dialog. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ago, exactTime } from './format.js';
import { CoalescingLoad, type LoadState } from './coalescing-load.js';

const TONE: Record<string, string> = {
  Healthy: 'ok', Synced: 'ok', Succeeded: 'ok',
  Progressing: 'warn', OutOfSync: 'warn', Running: 'warn', Paused: 'info', Suspended: 'info',
  Degraded: 'bad', Failed: 'bad', Error: 'bad', Missing: 'bad', Aborted: 'bad',
  Unknown: 'muted',
};

export function Chip(props: { value: string; label?: string }) {
  return <span class={`chip ${TONE[props.value] ?? 'muted'}`}>{props.label ?? props.value}</span>;
}

/** One timer for every relative time on the page: "12s ago" stays true without re-rendering whole pages. */
const tickers = new Set<() => void>();
setInterval(() => { for (const t of tickers) t(); }, 10_000);

export function Time(props: { iso?: string }) {
  const [, tick] = useState(0);
  useEffect(() => {
    const t = () => tick((n) => n + 1);
    tickers.add(t);
    return () => void tickers.delete(t);
  }, []);
  if (!props.iso) return <span class="muted">—</span>;
  return <time dateTime={props.iso} title={exactTime(props.iso)}>{ago(props.iso)}</time>;
}

export function Rev(props: { rev?: string }) {
  if (!props.rev) return <span class="muted">—</span>;
  return <code class="rev" title={props.rev}>{props.rev.slice(0, 7)}</code>;
}

/**
 * A modal confirmation (role=dialog, SPEC §11): its confirm button is named after the action, so
 * "Rollback" asks and "Rollback" confirms. Escape or Cancel closes it.
 */
export function ConfirmDialog(props: {
  title: string;
  action: string;
  danger?: boolean;
  busy?: boolean;
  error?: string;
  children?: ComponentChildren;
  onConfirm(): void;
  onCancel(): void;
}) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => { ref.current?.focus(); }, []);
  return (
    <div class="backdrop" onKeyDown={(e) => { if (e.key === 'Escape') props.onCancel(); }}>
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title">
        <h2 id="dialog-title">{props.title}</h2>
        <div class="dialog-body">{props.children}</div>
        {props.error && <p class="error" role="alert">{props.error}</p>}
        <div class="dialog-actions">
          <button type="button" class="secondary" onClick={props.onCancel}>Cancel</button>
          <button type="button" ref={ref} class={props.danger ? 'danger' : 'primary'} disabled={props.busy} onClick={props.onConfirm}>
            {props.action}
          </button>
        </div>
      </div>
    </div>
  );
}

/** Loads data for a view; `version` changes reload it (quietly, keeping what is shown meanwhile). */
/**
 * Loads what a tab shows. `key` names what is shown (the app, a revision): a new key aborts the old load.
 * `version` says the thing changed: a newer version while a load runs makes one more load after it
 * (coalesced, never aborted; see coalescing-load.ts).
 */
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, key: unknown[], version = 0): LoadState<T> {
  const [s, setS] = useState<LoadState<T>>({ loading: true });
  const latest = useRef(load);
  latest.current = load;
  const loader = useRef<CoalescingLoad<T> | undefined>(undefined);
  useEffect(() => {
    const l = new CoalescingLoad<T>((signal) => latest.current(signal), setS);
    loader.current = l;
    setS({ loading: true });
    l.request();
    return () => l.close();
  }, key);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) { first.current = false; return; }
    loader.current?.request();
  }, [version]);
  return s;
}

/** A counter that goes up at most every `ms` while `bump` is called: reloads after a burst of changes. */
export function useDebouncedVersion(ms: number): [number, () => void] {
  const [v, setV] = useState(0);
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);
  const bump = () => {
    if (timer.current !== undefined) return;
    timer.current = window.setTimeout(() => {
      timer.current = undefined;
      setV((n) => n + 1);
    }, ms);
  };
  return [v, bump];
}
