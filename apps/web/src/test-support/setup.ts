// Every web test starts from empty stores, an empty DOM and English.
import { cleanup } from '@testing-library/react';
import { resetAdminStores } from '../admin/reset.js';
import { useBoardsStore } from '../live/boards-store.js';
import { useCelebrationsStore } from '../live/celebrations-store.js';
import { useConnectionStore } from '../live/connection-store.js';
import { useLocaleStore } from '../i18n/i18n.js';
import { useMeKpisStore } from '../me/me-kpis-store.js';
import { useMeStore } from '../me/me-store.js';
import { ORG_DEFAULTS, useOrgStore } from '../org/org-store.js';
import { useSessionStore } from '../session/session-store.js';

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
