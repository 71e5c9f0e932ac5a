import { CliError, EXIT, usageStatus } from './exit-codes.js';

export interface ClientOptions {
  server: string;
  token?: string;
}

/** Calls a running daemon. HTTP 4xx (not found, bad request) is a usage error; anything else a failure. */
export async function call(opts: ClientOptions, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<{ status: number; text: string; json: () => unknown }> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(new URL(path, opts.server), { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (err) {
    throw new CliError(`cannot reach the daemon at ${opts.server}: ${(err as Error).cause ? String((err as { cause: unknown }).cause) : (err as Error).message}`, EXIT.failed);
  }
  const text = await res.text();
  if (!res.ok) {
    let message = text;
    try {
      const e = JSON.parse(text) as { error?: { message?: string } };
      message = e.error?.message ?? text;
    } catch {
      /* not JSON */
    }
    const code = usageStatus(res.status) ? EXIT.usage : EXIT.failed;
    throw new CliError(`${res.status}: ${message}`, code);
  }
  return { status: res.status, text, json: () => JSON.parse(text) };
}
