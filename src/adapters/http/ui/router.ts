/** Two pages, routed by the path: `/` and `/applications/NAME` (the server answers both with this page). */
import { useEffect, useState } from 'preact/hooks';

export type Route = { page: 'list' } | { page: 'app'; app: string; tab: string };

export function parseRoute(loc: Location): Route {
  const m = /^\/applications\/([^/]+)\/?$/.exec(loc.pathname);
  if (m) return { page: 'app', app: decodeURIComponent(m[1]!), tab: new URLSearchParams(loc.search).get('tab') ?? 'resources' };
  return { page: 'list' };
}

export function appHref(app: string, tab?: string): string {
  return `/applications/${encodeURIComponent(app)}${tab && tab !== 'resources' ? `?tab=${encodeURIComponent(tab)}` : ''}`;
}

export function navigate(href: string, replace = false): void {
  if (replace) history.replaceState(null, '', href);
  else history.pushState(null, '', href);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** Plain left clicks on in-page links navigate without a reload; others (new tab) behave as links do. */
export function linkClick(e: MouseEvent): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as Element).closest('a');
  if (!a || a.origin !== location.origin || a.target) return;
  e.preventDefault();
  navigate(a.pathname + a.search);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location));
  useEffect(() => {
    const l = () => setRoute(parseRoute(location));
    addEventListener('popstate', l);
    return () => removeEventListener('popstate', l);
  }, []);
  return route;
}
