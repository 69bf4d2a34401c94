// Every web test starts from empty stores, an empty DOM and English.
import { cleanup } from '@testing-library/react';
import * as adminMessages from '../i18n/catalogs/admin.js';
import * as kpiMessages from '../i18n/catalogs/kpi.js';
import * as meMessages from '../i18n/catalogs/me.js';
import * as tvMessages from '../i18n/catalogs/tv.js';
import { registerMessages, useLocaleStore } from '../i18n/i18n.js';
import { ORG_DEFAULTS, useOrgStore } from '../org/org-store.js';
import { useSessionStore } from '../session/session-store.js';
import { resetAllStores } from './zustand.js';

// A spec may render one tab or component without the page that registers its surface's texts.
for (const catalog of [tvMessages, meMessages, kpiMessages, adminMessages]) registerMessages(catalog);

export function resetStores(): void {
  // Every zustand store (the console's, /me's, the live ones), as it was created (./zustand.ts).
  resetAllStores();
  // Stores whose first state comes from the browser (saved session, language, org settings).
  useOrgStore.setState(ORG_DEFAULTS);
  useLocaleStore.setState({ locale: 'en' });
  useSessionStore.setState({ token: null, user: null });
  window.localStorage.clear();
}

beforeEach(resetStores);
afterEach(() => {
  cleanup();
  resetStores();
});
