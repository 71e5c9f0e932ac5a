/**
 * One loader per thing shown on a page (a tab's data for one app): at most one request in flight, and a
 * request for newer data while one runs is coalesced into one more run after it — never an abort. A page
 * whose app changes every 300 ms (a rollout, a burst of events) therefore still shows data when each load
 * takes longer than that; aborting on every change would starve it ("Loading…" for as long as the app is busy).
 * `close()` (the page or the key changed) aborts the run in flight and drops its result.
 */
export interface LoadState<T> { data?: T; error?: string; loading: boolean }

export class CoalescingLoad<T> {
  private readonly ctrl = new AbortController();
  private busy = false;
  private again = false;
  private state: LoadState<T> = { loading: true };

  constructor(
    private readonly load: (signal: AbortSignal) => Promise<T>,
    private readonly show: (s: LoadState<T>) => void,
  ) {}

  /** Load now, or once more after the load in flight (many requests meanwhile still make one more run). */
  request(): void {
    if (this.ctrl.signal.aborted) return;
    if (this.busy) { this.again = true; return; }
    this.busy = true;
    this.set({ ...this.state, loading: true });
    this.load(this.ctrl.signal).then(
      (data) => this.settle({ data, loading: false }),
      (err: unknown) => this.settle({ ...this.state, loading: false, error: err instanceof Error ? err.message : String(err) }),
    );
  }

  close(): void { this.ctrl.abort(); }

  private settle(s: LoadState<T>): void {
    this.busy = false;
    if (this.ctrl.signal.aborted) return;
    this.set(s);
    if (this.again) { this.again = false; this.request(); }
  }

  private set(s: LoadState<T>): void {
    this.state = s;
    this.show(s);
  }
}
