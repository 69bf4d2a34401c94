/** Empties every store of the console (tests start from here). */
import { useAuditStore } from './audit/audit-store.js';
import { useBurnoutStore } from './burnout/burnout-store.js';
import { useCompetitionsStore } from './competitions/competitions-store.js';
import { useDirectoryStore } from './shared/directory-store.js';
import { useKpiInputsStore } from './kpis/kpi-inputs-store.js';
import { useKpisStore } from './kpis/kpis-store.js';
import { usePayoutsStore } from './payouts/payouts-store.js';
import { useRulesStore } from './rules/rules-store.js';
import { useTokensStore } from './tokens/tokens-store.js';

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
