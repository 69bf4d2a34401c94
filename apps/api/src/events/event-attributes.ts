/**
 * The `attributes` of an ingested event: known attributes (SPEC 3 and the conventions of
 * kpi-facts.ts) checked by type, any other one bounded in size.
 */
import {
  CALL_OUTCOMES,
  DEAL_KINDS,
  LEAD_QUALIFIED_FROM,
  LEAD_QUALIFIED_TO,
  isCurrencyCode,
  type AttributeValue,
} from '@leaderboard/contracts';
import { DERIVED_ATTRIBUTES } from '@leaderboard/scoring';
import { parseInstant } from './iso-instant.js';

const MAX_ATTRIBUTES = 64;
const MAX_ATTRIBUTE_NAME = 64;
const MAX_STRING_VALUE = 2000;
/** All attribute names and string values of one event together (the engine keeps them in memory). */
const MAX_ATTRIBUTE_CHARS = 16_384;
/** Labels a known attribute carries (dealId, product, region, a stage...). */
const MAX_LABEL = 200;
/** Money in integer minor units: at most 10^13 (100 billion in a currency with cents). */
export const MAX_MONEY_MINOR = 10_000_000_000_000;
/** A call or a meeting lasts at most a day. */
export const MAX_DURATION_SEC = 86_400;
/** occurredAt and instants in attributes: not before 2000-01-01 (CRMs back-fill years, not decades). */
export const EARLIEST_INSTANT_MS = Date.UTC(2000, 0, 1);

/** What a known attribute's check sees of its event. */
interface AttributeContext {
  occurredAtMs: number | null;
}

/** Checks one value of a known attribute: the problem, or null when it is valid. */
type AttributeCheck = (value: AttributeValue, event: AttributeContext) => string | null;

const integerIn =
  (min: number, max: number, unit: string): AttributeCheck =>
  (value) =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max
      ? null
      : `must be an integer ${unit} from ${min} to ${max}`;
const money = (min: number): AttributeCheck => integerIn(min, MAX_MONEY_MINOR, 'in minor currency units');
const bool: AttributeCheck = (value) => (typeof value === 'boolean' ? null : 'must be true or false');
const oneOf = (values: readonly string[]): AttributeCheck => {
  const allowed = new Set(values);
  return (value) =>
    typeof value === 'string' && allowed.has(value) ? null : `must be one of ${values.join(', ')}`;
};
const label: AttributeCheck = (value) =>
  typeof value === 'string' && value.trim().length > 0 && value.length <= MAX_LABEL
    ? null
    : `must be a non-empty string of at most ${MAX_LABEL} characters`;
const currency: AttributeCheck = (value) =>
  isCurrencyCode(value) ? null : 'must be an active ISO 4217 currency code, e.g. RUB';
/** An earlier instant of the same event (lead created, deal opened): ISO with offset, not after it. */
const earlierInstant: AttributeCheck = (value, event) => {
  const at = typeof value === 'string' ? parseInstant(value) : null;
  if (at === null) return 'must be an ISO-8601 date-time with an offset or Z';
  if (at < EARLIEST_INSTANT_MS) return 'must not be before 2000-01-01T00:00:00Z';
  if (event.occurredAtMs !== null && at > event.occurredAtMs) return 'must not be after occurredAt';
  return null;
};
const derived: AttributeCheck = () =>
  'is derived by the scoring (from leadCreatedAt, margin and amount); do not send it';

/**
 * Known attributes (SPEC 3 and the conventions of kpi-facts.ts) and their types, whatever the event
 * type: money is money and a duration a duration everywhere, so no rule or KPI reads `"12"` or `null`
 * where it expects a number. Any other attribute stays free (CRMs send more), bounded in size.
 */
const KNOWN_ATTRIBUTES = new Map<string, AttributeCheck>([
  ['durationSec', integerIn(0, MAX_DURATION_SEC, 'of seconds')],
  ['scriptFollowed', bool],
  ['replied', bool],
  ['opened', bool],
  ['leadCreatedAt', earlierInstant],
  ['openedAt', earlierInstant],
  ['amount', money(0)],
  ['mrr', money(0)],
  ['margin', money(-MAX_MONEY_MINOR)],
  ['currency', currency],
  ['dealId', label],
  ['product', label],
  ['region', label],
  ['channel', label],
  ['reason', label],
  ['stage', label],
  ...DERIVED_ATTRIBUTES.map((name): [string, AttributeCheck] => [name, derived]),
]);

/** Attributes whose meaning depends on the event type (they override KNOWN_ATTRIBUTES). */
const KNOWN_BY_TYPE = new Map<string, Map<string, AttributeCheck>>([
  ['call', new Map([['outcome', oneOf(CALL_OUTCOMES)]])],
  ['deal_won', new Map([['kind', oneOf(DEAL_KINDS)]])],
  [
    'lead_qualified',
    new Map([
      ['from', oneOf(LEAD_QUALIFIED_FROM)],
      ['to', oneOf(LEAD_QUALIFIED_TO)],
    ]),
  ],
  [
    'deal_stage_changed',
    new Map([
      ['from', label],
      ['to', label],
    ]),
  ],
]);

/** Every attribute name the checks know, whatever the event type (imports map columns to them). */
export const KNOWN_ATTRIBUTE_NAMES: readonly string[] = [
  ...new Set([
    ...KNOWN_ATTRIBUTES.keys(),
    ...[...KNOWN_BY_TYPE.values()].flatMap((byType) => [...byType.keys()]),
  ]),
];

/**
 * Reports every problem of `attributes` (an object) through `problem(path, message)`, in the
 * order of its names; `occurredAtMs` is the event's instant when valid (earlier instants).
 */
export function checkAttributes(
  attributes: Record<string, unknown>,
  type: unknown,
  occurredAtMs: number | null,
  problem: (path: string, message: string) => void,
): void {
  const names = Object.keys(attributes);
  if (names.length > MAX_ATTRIBUTES) problem('attributes', `must have at most ${MAX_ATTRIBUTES} entries`);
  const byType = typeof type === 'string' ? KNOWN_BY_TYPE.get(type) : undefined;
  const context: AttributeContext = { occurredAtMs };
  let chars = 0;
  for (const name of names) {
    const value = attributes[name];
    chars += name.length;
    if (name.length === 0 || name.length > MAX_ATTRIBUTE_NAME)
      problem(`attributes.${name}`, `name must be 1 to ${MAX_ATTRIBUTE_NAME} characters`);
    const check = byType?.get(name) ?? KNOWN_ATTRIBUTES.get(name);
    if (typeof value === 'string') chars += value.length;
    if (check !== undefined) {
      const message = check(value as AttributeValue, context);
      if (message) problem(`attributes.${name}`, message);
    } else if (value === null || typeof value === 'boolean') continue;
    else if (typeof value === 'number') {
      if (!Number.isFinite(value)) problem(`attributes.${name}`, 'must be a finite number');
    } else if (typeof value === 'string') {
      if (value.length > MAX_STRING_VALUE)
        problem(`attributes.${name}`, `must be at most ${MAX_STRING_VALUE} characters`);
    } else problem(`attributes.${name}`, 'must be a string, number, boolean or null');
  }
  if (chars > MAX_ATTRIBUTE_CHARS)
    problem(
      'attributes',
      `names and texts must total at most ${MAX_ATTRIBUTE_CHARS} characters (found ${chars})`,
    );
  const { amount, margin } = attributes;
  if (typeof amount === 'number' && typeof margin === 'number' && margin > amount)
    problem('attributes.margin', 'must not exceed amount');
}
