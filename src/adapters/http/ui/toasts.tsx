/** Short confirmations of what an action did, announced to screen readers (role=status). */
import { useEffect, useState } from 'preact/hooks';

interface Toast { id: number; text: string; bad: boolean }
let next = 0;
let toasts: Toast[] = [];
const listeners = new Set<() => void>();

export function toast(text: string, bad = false): void {
  const t = { id: next++, text, bad };
  toasts = [...toasts, t];
  for (const l of listeners) l();
  setTimeout(() => {
    toasts = toasts.filter((x) => x !== t);
    for (const l of listeners) l();
  }, 6000);
}

export function Toasts() {
  const [, force] = useState(0);
  useEffect(() => {
    const l = () => force((n) => n + 1);
    listeners.add(l);
    return () => void listeners.delete(l);
  }, []);
  return (
    <div class="toasts" role="status" aria-live="polite">
      {toasts.map((t) => <div key={t.id} class={`toast ${t.bad ? 'bad' : ''}`}>{t.text}</div>)}
    </div>
  );
}
