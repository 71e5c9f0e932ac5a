import { describe, expect, it } from 'vitest';
import { CoalescingLoad, type LoadState } from '../../../src/adapters/http/ui/coalescing-load.js';

/** A load whose requests the test answers one by one. */
function controlledLoad() {
  const calls: Array<{ signal: AbortSignal; resolve: (v: number) => void; reject: (e: Error) => void }> = [];
  const load = (signal: AbortSignal) => new Promise<number>((resolve, reject) => calls.push({ signal, resolve, reject }));
  return { calls, load };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('a tab\'s loader while its app keeps changing', () => {
  it('a change during a load does not abort it: the data is shown, then one more load runs for all the changes since', async () => {
    const { calls, load } = controlledLoad();
    const shown: Array<LoadState<number>> = [];
    const l = new CoalescingLoad(load, (s) => shown.push(s));
    l.request();
    for (let i = 0; i < 5; i++) l.request(); // five changes while the first load runs
    expect(calls).toHaveLength(1);
    expect(calls[0]!.signal.aborted).toBe(false);
    calls[0]!.resolve(1);
    await tick();
    expect(shown.some((s) => s.data === 1)).toBe(true);
    expect(calls).toHaveLength(2); // one more, not five
    calls[1]!.resolve(2);
    await tick();
    expect(calls).toHaveLength(2);
    expect(shown.at(-1)).toEqual({ data: 2, loading: false });
  });

  it('keeps the data shown while reloading and after a failed reload, with the error', async () => {
    const { calls, load } = controlledLoad();
    const shown: Array<LoadState<number>> = [];
    const l = new CoalescingLoad(load, (s) => shown.push(s));
    l.request();
    calls[0]!.resolve(7);
    await tick();
    l.request();
    expect(shown.at(-1)).toEqual({ data: 7, loading: true });
    calls[1]!.reject(new Error('HTTP 503'));
    await tick();
    expect(shown.at(-1)).toEqual({ data: 7, loading: false, error: 'HTTP 503' });
  });

  it('closing (another app, another revision) aborts the load in flight and drops its answer', async () => {
    const { calls, load } = controlledLoad();
    const shown: Array<LoadState<number>> = [];
    const l = new CoalescingLoad(load, (s) => shown.push(s));
    l.request();
    l.request();
    l.close();
    expect(calls[0]!.signal.aborted).toBe(true);
    calls[0]!.resolve(1);
    await tick();
    expect(shown.every((s) => s.data === undefined)).toBe(true);
    expect(calls).toHaveLength(1);
    l.request();
    expect(calls).toHaveLength(1);
  });
});
