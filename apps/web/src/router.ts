/**
 * The smallest router that serves three screens: the path decides the page; `navigate` changes it
 * without a reload. The API answers `/tv`, `/me` and `/admin` with index.html.
 */
import { useSyncExternalStore } from 'react';

export type Route = 'home' | 'tv' | 'me' | 'admin' | 'not-found';

export function routeOf(pathname: string): Route {
  const first = pathname.split('/').filter(Boolean)[0];
  if (first === undefined) return 'home';
  if (first === 'tv' || first === 'me' || first === 'admin') return first;
  return 'not-found';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  return () => window.removeEventListener('popstate', onChange);
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

export function navigate(to: string): void {
  window.history.pushState(null, '', to);
  window.dispatchEvent(new PopStateEvent('popstate'));
}
