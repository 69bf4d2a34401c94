/**
 * The texts of the manager's console (/admin), two thirds of all, one file per tab in `admin/`.
 * Registered by `admin/admin-page.tsx`, so only /admin downloads them.
 */
import type { Message } from '../messages.js';
import * as audit from './admin/audit.js';
import * as burnout from './admin/burnout.js';
import * as competitions from './admin/competitions.js';
import * as connectorSetup from './admin/connector-setup.js';
import * as connectors from './admin/connectors.js';
import * as general from './admin/general.js';
import * as importing from './admin/import.js';
import * as directory from './admin/directory.js';
import * as kpis from './admin/kpis.js';
import * as payouts from './admin/payouts.js';
import * as ruleSetTerms from './admin/rule-set-terms.js';
import * as rules from './admin/rules.js';
import * as tokens from './admin/tokens.js';

/** The parts by tab (`catalogs.spec.ts` checks that no key is in two of them). */
export const PARTS = {
  general,
  directory,
  tokens,
  connectors,
  connectorSetup,
  competitions,
  rules,
  ruleSetTerms,
  payouts,
  kpis,
  burnout,
  audit,
  importing,
};

export const en = {
  ...general.en,
  ...directory.en,
  ...tokens.en,
  ...connectors.en,
  ...connectorSetup.en,
  ...competitions.en,
  ...rules.en,
  ...ruleSetTerms.en,
  ...payouts.en,
  ...kpis.en,
  ...burnout.en,
  ...audit.en,
  ...importing.en,
} satisfies Record<string, Message>;

export const ru: Record<keyof typeof en, Message> = {
  ...general.ru,
  ...directory.ru,
  ...tokens.ru,
  ...connectors.ru,
  ...connectorSetup.ru,
  ...competitions.ru,
  ...rules.ru,
  ...ruleSetTerms.ru,
  ...payouts.ru,
  ...kpis.ru,
  ...burnout.ru,
  ...audit.ru,
  ...importing.ru,
};
