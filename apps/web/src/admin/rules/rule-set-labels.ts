/** What the rule set form names: event types, tier gates, condition operators, known attributes. */
import { ACTIVITY_EVENT_TYPES, OUTCOME_EVENT_TYPES } from '@leaderboard/contracts';
import type { MessageKey } from '../../i18n/messages.js';

export const EVENT_TYPES: readonly string[] = [...ACTIVITY_EVENT_TYPES, ...OUTCOME_EVENT_TYPES];
export const ACTIVITY: readonly string[] = ACTIVITY_EVENT_TYPES;

export const EVENT_LABEL: Record<string, MessageKey> = {
  call: 'admin.event.call',
  email: 'admin.event.email',
  meeting: 'admin.event.meeting',
  demo_booked: 'admin.event.demo_booked',
  demo_held: 'admin.event.demo_held',
  follow_up: 'admin.event.follow_up',
  lead_responded: 'admin.event.lead_responded',
  lead_qualified: 'admin.event.lead_qualified',
  opportunity_created: 'admin.event.opportunity_created',
  deal_stage_changed: 'admin.event.deal_stage_changed',
  deal_won: 'admin.event.deal_won',
  deal_lost: 'admin.event.deal_lost',
  customer_churned: 'admin.event.customer_churned',
};

export const GATE_LABEL: Record<string, MessageKey> = {
  dealsWon: 'admin.gate.dealsWon',
  leadConversionPct: 'admin.gate.leadConversionPct',
  demosHeld: 'admin.gate.demosHeld',
  callsConnected: 'admin.gate.callsConnected',
};

export const OPERATOR_SIGN: Record<string, string> = {
  eq: '=',
  ne: '≠',
  lt: '<',
  lte: '≤',
  gt: '>',
  gte: '≥',
  in: '∈',
};

/** Attributes events carry (SPEC 3) and the derived ones, offered while typing. */
export const ATTRIBUTES = [
  'durationSec',
  'outcome',
  'scriptFollowed',
  'replied',
  'responseMinutes',
  'amount',
  'marginPct',
  'product',
  'region',
  'channel',
  'kind',
  'mrr',
  'from',
  'to',
  'reason',
];
