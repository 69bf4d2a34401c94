/** Empties every store of the console (tests start from here). */
import { useAuditStore } from './audit-store.js';
import { useBurnoutStore } from './burnout-store.js';
import { useCompetitionsStore } from './competitions-store.js';
import { useDirectoryStore } from './directory-store.js';
import { useKpiInputsStore } from './kpi-inputs-store.js';
import { useKpisStore } from './kpis-store.js';
import { usePayoutsStore } from './payouts-store.js';
import { useRulesStore } from './rules-store.js';
import { useTokensStore } from './tokens-store.js';

export function resetAdminStores(): void {
  useAuditStore.getState().reset();
  useBurnoutStore.getState().reset();
  useCompetitionsStore.getState().reset();
  useDirectoryStore.getState().reset();
  useKpiInputsStore.getState().reset();
  useKpisStore.getState().reset();
  usePayoutsStore.getState().reset();
  useRulesStore.getState().reset();
  useTokensStore.getState().reset();
}
