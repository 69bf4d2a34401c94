// Every web test starts from empty stores, an empty DOM and English.
import { cleanup } from '@testing-library/react';
import { resetAdminStores } from '../admin/reset.js';
import { useBoardsStore } from '../live/boards-store.js';
import { useCelebrationsStore } from '../live/celebrations-store.js';
import { useConnectionStore } from '../live/connection-store.js';
import * as adminMessages from '../i18n/catalogs/admin.js';
import * as kpiMessages from '../i18n/catalogs/kpi.js';
import * as meMessages from '../i18n/catalogs/me.js';
import * as tvMessages from '../i18n/catalogs/tv.js';
import { registerMessages, useLocaleStore } from '../i18n/i18n.js';
import { useMeKpisStore } from '../me/me-kpis-store.js';
import { useMeStore } from '../me/me-store.js';
import { ORG_DEFAULTS, useOrgStore } from '../org/org-store.js';
import { useSessionStore } from '../session/session-store.js';

// A spec may render one tab or component without the page that registers its surface's texts.
for (const catalog of [tvMessages, meMessages, kpiMessages, adminMessages]) registerMessages(catalog);

export function resetStores(): void {
  useBoardsStore.getState().reset();
  useCelebrationsStore.getState().reset();
  useConnectionStore.getState().reset();
  useOrgStore.setState(ORG_DEFAULTS);
  useLocaleStore.setState({ locale: 'en' });
  useSessionStore.setState({ token: null, user: null });
  resetAdminStores();
  useMeStore.getState().reset();
  useMeKpisStore.getState().reset();
  window.localStorage.clear();
}

beforeEach(resetStores);
afterEach(() => {
  cleanup();
  resetStores();
});
