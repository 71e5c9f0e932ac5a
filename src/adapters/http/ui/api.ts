/**
 * Every call the UI makes goes through here: the bearer token (when the daemon has one) is sent on each,
 * a 401 asks the user for the token once and retries, and errors become messages worth showing.
 */
const TOKEN_KEY = 'tugboat.token';

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

/** What the token dialog needs to know: why it is shown. */
export interface TokenRequest {
  /** True when a token was sent and refused (a wrong token), false when none was sent. */
  refused: boolean;
  submit(token: string): void;
  cancel(): void;
}

type TokenListener = (req: TokenRequest | undefined) => void;

let token: string | null = readToken();
let asking: Promise<boolean> | undefined;
const tokenListeners = new Set<TokenListener>();

function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** The token dialog subscribes here; it is shown while a request is open. */
/** The token request waiting for an answer, if any. */
let openRequest: TokenRequest | undefined;

export function onTokenRequest(l: TokenListener): () => void {
  tokenListeners.add(l);
  // A call may have been refused before the dialog mounted (the stream starts first): show it now.
  if (openRequest) l(openRequest);
  return () => tokenListeners.delete(l);
}

/** Asks the user for a token; resolves true when one was entered (all waiting calls then retry). */
function askForToken(refused: boolean): Promise<boolean> {
  if (!asking) {
    asking = new Promise<boolean>((resolve) => {
      const done = (ok: boolean) => {
        asking = undefined;
        openRequest = undefined;
        for (const l of tokenListeners) l(undefined);
        resolve(ok);
      };
      const req: TokenRequest = {
        refused,
        submit(t) {
          token = t.trim();
          // Kept for the browser session only (SPEC §11): closing the tab forgets it.
          try { sessionStorage.setItem(TOKEN_KEY, token); } catch { /* private mode: kept in memory */ }
          done(true);
        },
        cancel: () => done(false),
      };
      openRequest = req;
      for (const l of tokenListeners) l(req);
    });
  }
  return asking;
}

export function authHeaders(): Record<string, string> {
  return token ? { Authorization: `Bearer ${token}` } : {};
}

async function errorOf(res: Response): Promise<ApiError> {
  let code = String(res.status);
  let message = res.statusText || `HTTP ${res.status}`;
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.message) message = body.error.message;
    if (body.error?.code) code = body.error.code;
  } catch { /* not JSON */ }
  return new ApiError(res.status, code, message);
}

/** A fetch that carries the token and, on 401, asks for one and tries again. */
export async function authedFetch(path: string, init: RequestInit = {}): Promise<Response> {
  for (;;) {
    const sent = token;
    const res = await fetch(path, { ...init, headers: { ...(init.headers as Record<string, string> | undefined), ...authHeaders() } });
    if (res.status !== 401) return res;
    // Another call may already have fixed the token while this one was in flight.
    if (token !== sent) continue;
    const entered = await askForToken(sent !== null);
    if (!entered) throw new ApiError(401, 'Unauthorized', 'This daemon needs its API token (server.token or TUGBOAT_TOKEN) for this.');
  }
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await authedFetch(path, { signal });
  if (!res.ok) throw await errorOf(res);
  return (await res.json()) as T;
}

export async function getText(path: string, signal?: AbortSignal): Promise<string> {
  const res = await authedFetch(path, { signal });
  if (!res.ok) throw await errorOf(res);
  return res.text();
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  const res = await authedFetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw await errorOf(res);
  return (await res.json()) as T;
}

export function appPath(app: string, rest = ''): string {
  return `/api/v1/applications/${encodeURIComponent(app)}${rest}`;
}
