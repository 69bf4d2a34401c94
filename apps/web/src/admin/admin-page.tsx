/**
 * `/admin`: the manager's console. Signed out, the sign-in form; signed in as admin or manager, the
 * sections as tabs, each at its own path (`/admin/rules`) so a link or a reload opens it again.
 */
import { lazy, Suspense, useEffect } from 'react';
import type { Role } from '@leaderboard/contracts';
import { fetchSettings } from '../api-client.js';
import * as adminMessages from '../i18n/catalogs/admin.js';
import { registerMessages, useT } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/messages.js';
import { useOrgStore } from '../org/org-store.js';
import { navigate, usePathname } from '../router.js';
import { LoginForm } from '../session/login-form.js';
import { useSessionStore, type SessionUser } from '../session/session-store.js';
import { LanguageSwitch } from '../shell/language-switch.js';
import { AuditTab } from './audit/audit-tab.js';
import { BurnoutTab } from './burnout/burnout-tab.js';
import { CompetitionsTab } from './competitions/competitions-tab.js';
import { ConnectorsTab } from './connectors/connectors-tab.js';
import { ALERT_POLL_MS, selectAnyAlert, useConnectorsStore } from './connectors/connectors-store.js';
import { ImportTab } from './import/import-tab.js';
import { PayoutsTab } from './payouts/payouts-tab.js';
import { RepsTab } from './reps/reps-tab.js';
import { RulesTab } from './rules/rules-tab.js';
import { TokensTab } from './tokens/tokens-tab.js';
import { UsersTab } from './users/users-tab.js';
import './admin.css';

// The console's texts (two thirds of all) come with its chunk, before it renders; /tv and /me never
// load them.
registerMessages(adminMessages);

// The KPIs tab brings the chart library: loaded when a manager opens it, never by /tv or /me.
const KpisTab = lazy(() => import('./kpis/kpis-tab.js').then((module) => ({ default: module.KpisTab })));

export const ADMIN_ROLES: readonly Role[] = ['admin', 'manager'];

export const TABS = [
  'reps',
  'users',
  'tokens',
  'connectors',
  'rules',
  'burnout',
  'kpis',
  'payouts',
  'competitions',
  'import',
  'audit',
] as const;
export type Tab = (typeof TABS)[number];

const TAB_LABEL: Record<Tab, MessageKey> = {
  reps: 'admin.tab.reps',
  users: 'admin.tab.users',
  tokens: 'admin.tab.tokens',
  connectors: 'admin.tab.connectors',
  rules: 'admin.tab.rules',
  burnout: 'admin.tab.burnout',
  kpis: 'admin.tab.kpis',
  payouts: 'admin.tab.payouts',
  competitions: 'admin.tab.competitions',
  import: 'admin.tab.import',
  audit: 'admin.tab.audit',
};

/** The tabs `role` may open: users (logins) are the admin's alone. */
export function tabsFor(role: Role): Tab[] {
  return TABS.filter((tab) => tab !== 'users' || role === 'admin');
}

/** `/admin/<tab>`; an unknown or forbidden tab opens the first one. */
export function tabOf(pathname: string, role: Role): Tab {
  const wanted = pathname.split('/').filter(Boolean)[1];
  const allowed = tabsFor(role);
  return allowed.find((tab) => tab === wanted) ?? allowed[0];
}

export function AdminPage() {
  const t = useT();
  const user = useSessionStore((state) => state.user);
  if (!user || !ADMIN_ROLES.includes(user.role)) {
    return (
      <main className="admin admin-signed-out">
        <header className="admin-header">
          <h1>{t('shell.admin')}</h1>
          <LanguageSwitch />
        </header>
        <LoginForm roles={ADMIN_ROLES} />
      </main>
    );
  }
  return <AdminConsole user={user} />;
}

function AdminConsole({ user }: { user: SessionUser }) {
  const t = useT();
  const token = useSessionStore((state) => state.token);
  const logout = useSessionStore((state) => state.logout);
  const tab = tabOf(usePathname(), user.role);

  useEffect(() => {
    // Time zone and currency for dates and money; the defaults serve until it answers.
    if (token) fetchSettings(token).then(useOrgStore.getState().setSettings, () => undefined);
  }, [token]);
  const connectorAlert = useConnectorsStore(selectAnyAlert);
  useEffect(() => {
    // The connectors' alerts badge their tab wherever the manager is: the list read now and each minute.
    const load = () => void useConnectorsStore.getState().load();
    load();
    const timer = setInterval(load, ALERT_POLL_MS);
    return () => clearInterval(timer);
  }, []);

  return (
    <main className="admin">
      <header className="admin-header">
        <h1>{t('shell.admin')}</h1>
        <div className="admin-user">
          <span className="admin-email">{user.email}</span>
          <span className="admin-role">
            {t(user.role === 'admin' ? 'admin.role.admin' : 'admin.role.manager')}
          </span>
          <LanguageSwitch />
          <button type="button" className="admin-button ghost" onClick={logout}>
            {t('login.logout')}
          </button>
        </div>
      </header>
      <nav className="admin-tabs" role="tablist" aria-label={t('shell.admin')}>
        {tabsFor(user.role).map((option) => (
          <button
            key={option}
            type="button"
            role="tab"
            aria-selected={option === tab}
            onClick={() => navigate(`/admin/${option}`)}
          >
            {t(TAB_LABEL[option])}
            {option === 'connectors' && connectorAlert && (
              <span className="admin-tab-badge" role="img" aria-label={t('admin.connectors.alertBadge')} />
            )}
          </button>
        ))}
      </nav>
      <section className="admin-panel" role="tabpanel" aria-label={t(TAB_LABEL[tab])}>
        {tab === 'reps' && <RepsTab />}
        {tab === 'users' && <UsersTab />}
        {tab === 'tokens' && <TokensTab />}
        {tab === 'connectors' && <ConnectorsTab />}
        {tab === 'rules' && <RulesTab />}
        {tab === 'burnout' && <BurnoutTab />}
        {tab === 'kpis' && (
          <Suspense fallback={<p className="admin-muted">{t('admin.loading')}</p>}>
            <KpisTab />
          </Suspense>
        )}
        {tab === 'payouts' && <PayoutsTab />}
        {tab === 'competitions' && <CompetitionsTab />}
        {tab === 'import' && <ImportTab />}
        {tab === 'audit' && <AuditTab />}
      </section>
    </main>
  );
}
