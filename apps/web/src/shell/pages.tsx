import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n/messages.js';
import { useT } from '../i18n/i18n.js';
import { LanguageSwitch } from './language-switch.js';

function Shell({ title, children }: { title: MessageKey; children?: ReactNode }) {
  const t = useT();
  return (
    <main className="shell">
      <header className="shell-header">
        <h1>{t(title)}</h1>
        <LanguageSwitch />
      </header>
      {children}
    </main>
  );
}

export function HomePage() {
  const t = useT();
  return (
    <Shell title="app.title">
      <ul className="shell-links">
        <li>
          <a href="/tv">{t('shell.home.tv')}</a>
        </li>
        <li>
          <a href="/me">{t('shell.home.me')}</a>
        </li>
        <li>
          <a href="/admin">{t('shell.home.admin')}</a>
        </li>
        <li>
          <a href="/api/docs">{t('shell.home.api')}</a>
        </li>
      </ul>
    </Shell>
  );
}

export function NotFoundPage() {
  return <Shell title="notFound.title" />;
}
