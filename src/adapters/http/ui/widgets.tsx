/** Small pieces every page uses: status chips, times, the confirmation dialog. */
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ago, exactTime } from './format.js';

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
export function useLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: unknown[]): { data?: T; error?: string; loading: boolean } {
  const [s, setS] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  useEffect(() => {
    const ctrl = new AbortController();
    setS((p) => ({ ...p, loading: true }));
    load(ctrl.signal).then(
      (data) => { if (!ctrl.signal.aborted) setS({ data, loading: false }); },
      (err: unknown) => {
        if (ctrl.signal.aborted) return;
        setS((p) => ({ ...p, loading: false, error: err instanceof Error ? err.message : String(err) }));
      },
    );
    return () => ctrl.abort();
  }, deps);
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
