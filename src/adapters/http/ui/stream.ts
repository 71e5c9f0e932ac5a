/**
 * The live stream (`GET /api/v1/stream`) read with fetch rather than EventSource: EventSource cannot send
 * an Authorization header, and a token in the URL would end up in logs and browser history. The parser
 * follows the server-sent events format (event/data lines, blank line ends an event, `:` comments).
 */
import { authedFetch } from './api.js';

export interface StreamHandlers {
  /** The stream is (re)connected: anything may have changed while it was down. */
  onOpen(): void;
  onMessage(event: string, data: string): void;
  onDown(): void;
}

export function connectStream(h: StreamHandlers): () => void {
  let stopped = false;
  let ctrl: AbortController | undefined;
  let delay = 500;

  const run = async (): Promise<void> => {
    while (!stopped) {
      ctrl = new AbortController();
      try {
        const res = await authedFetch('/api/v1/stream', { signal: ctrl.signal, headers: { Accept: 'text/event-stream' } });
        if (!res.ok || !res.body) throw new Error(`stream answered ${res.status}`);
        delay = 500;
        h.onOpen();
        await readEvents(res.body, h.onMessage);
      } catch {
        if (stopped) return;
      }
      h.onDown();
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 5000);
    }
  };
  void run();
  return () => {
    stopped = true;
    ctrl?.abort();
  };
}

async function readEvents(body: ReadableStream<Uint8Array>, emit: (event: string, data: string) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  let event = 'message';
  let data: string[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buf += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl).replace(/\r$/, '');
      buf = buf.slice(nl + 1);
      if (line === '') {
        if (data.length > 0) emit(event, data.join('\n'));
        event = 'message';
        data = [];
      } else if (line.startsWith(':')) {
        continue;
      } else {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
    }
  }
}
