/** The web UI's entry: the token dialog, the two pages, the toasts. */
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { onTokenRequest, type TokenRequest } from './api.js';
import { AppList } from './app-list.js';
import { AppPage } from './app-page.js';
import { linkClick, useRoute } from './router.js';
import { startStore, useStore } from './store.js';
import { Toasts } from './toasts.js';
import './styles.css';

function App() {
  const store = useStore();
  const route = useRoute();
  useEffect(() => {
    document.title = route.page === 'app' ? `${route.app} · Tugboat` : 'Applications · Tugboat';
  }, [route]);
  return (
    <div class="shell" onClick={linkClick}>
      <header class="topbar">
        <a href="/" class="brand">Tugboat</a>
        <span class={`live ${store.live ? 'on' : 'off'}`} title={store.live ? 'Updates arrive as they happen' : 'Reconnecting to the live stream…'}>
          {store.live ? 'live' : 'reconnecting…'}
        </span>
      </header>
      {route.page === 'list' ? <AppList store={store} /> : <AppPage store={store} app={route.app} tab={route.tab} />}
      <TokenDialog />
      <Toasts />
    </div>
  );
}

/** Asks for the API token when a call answered 401; says so plainly when the one entered was refused. */
function TokenDialog() {
  const [req, setReq] = useState<TokenRequest | undefined>();
  const [value, setValue] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => onTokenRequest((r) => { setReq(r); setValue(''); }), []);
  useEffect(() => { if (req) input.current?.focus(); }, [req]);
  if (!req) return null;
  return (
    <div class="backdrop">
      <form class="dialog" role="dialog" aria-modal="true" aria-labelledby="token-title" onSubmit={(e) => { e.preventDefault(); if (value.trim()) req.submit(value); }}>
        <h2 id="token-title">API token needed</h2>
        {req.refused
          ? <p class="error" role="alert">The daemon refused that token (401 Unauthorized). Enter the token it was started with.</p>
          : <p>This daemon is protected by a token (<code>server.token</code> or <code>TUGBOAT_TOKEN</code>). It is kept for this browser session only.</p>}
        <label class="field">Token<input ref={input} type="password" autoComplete="current-password" value={value} onInput={(e) => setValue((e.target as HTMLInputElement).value)} /></label>
        <div class="dialog-actions">
          <button type="button" class="secondary" onClick={() => req.cancel()}>Cancel</button>
          <button type="submit" class="primary" disabled={!value.trim()}>Sign in</button>
        </div>
      </form>
    </div>
  );
}

startStore();
render(<App />, document.getElementById('root')!);
