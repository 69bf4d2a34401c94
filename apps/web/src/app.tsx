import { lazy, Suspense, useEffect } from 'react';
import { useLocale } from './i18n/i18n.js';
import { routeOf, usePathname } from './router.js';
import { HomePage, NotFoundPage } from './shell/pages.js';

// The wall board is its own chunk: the shells do not load framer-motion or the socket client.
const TvPage = lazy(() => import('./tv/tv-page.js').then((module) => ({ default: module.TvPage })));
// So is the manager's console: the wall board never downloads the rule editor.
const AdminPage = lazy(() =>
  import('./admin/admin-page.js').then((module) => ({ default: module.AdminPage })),
);
const MePage = lazy(() => import('./me/me-page.js').then((module) => ({ default: module.MePage })));

export function App() {
  const route = routeOf(usePathname());
  const locale = useLocale();
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  switch (route) {
    case 'tv':
      return (
        <Suspense fallback={<div className="tv tv-loading" />}>
          <TvPage />
        </Suspense>
      );
    case 'me':
      return (
        <Suspense fallback={<main className="me" />}>
          <MePage />
        </Suspense>
      );
    case 'admin':
      return (
        <Suspense fallback={<main className="admin" />}>
          <AdminPage />
        </Suspense>
      );
    case 'home':
      return <HomePage />;
    default:
      return <NotFoundPage />;
  }
}
