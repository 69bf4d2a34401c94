/**
 * A row of an events CSV as the body `POST /api/events` takes, so the same validator judges it.
 * Values are trimmed; an empty cell is an absent attribute. Known attributes are typed by their
 * check: integers and booleans are converted when they read as one, any other text is passed as
 * written and the validator names what is wrong with it. Free attributes (`attributes.<name>`) stay text.
 */
import { EVENT_IMPORT_COLUMNS } from '@leaderboard/contracts';
import { KNOWN_ATTRIBUTE_NAMES } from './event-attributes.js';

/** The source of rows that leave it out, for an admin or a manager (a bound token: its own). */
export const DEFAULT_IMPORT_SOURCE = 'csv';
export const FREE_ATTRIBUTE_PREFIX = 'attributes.';

const INTEGER_ATTRIBUTES = new Set(['durationSec', 'amount', 'mrr', 'margin']);
const BOOLEAN_ATTRIBUTES = new Set(['scriptFollowed', 'replied', 'opened']);
const TRUE_WORDS = new Set(['true', '1', 'yes', 'да']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'нет']);
const INTEGER = /^[+-]?\d{1,16}$/;

/** Every column an events CSV may name (matched case-insensitively), besides `attributes.<name>`. */
export const EVENT_CSV_COLUMNS: readonly string[] = [...EVENT_IMPORT_COLUMNS, ...KNOWN_ATTRIBUTE_NAMES];
export const EVENT_CSV_REQUIRED: readonly string[] = ['externalId', 'type', 'rep', 'occurredAt'];

export const isFreeAttributeColumn = (name: string): boolean =>
  name.startsWith(FREE_ATTRIBUTE_PREFIX) && name.length > FREE_ATTRIBUTE_PREFIX.length;

function typed(name: string, value: string): string | number | boolean {
  if (INTEGER_ATTRIBUTES.has(name) && INTEGER.test(value)) return Number(value);
  if (BOOLEAN_ATTRIBUTES.has(name)) {
    const word = value.toLowerCase();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
  }
  return value;
}

/** The event body of one row; `names` maps each column to its name (null: ignored). */
export function eventOfRow(
  values: readonly string[],
  names: ReadonlyArray<string | null>,
  defaultSource: string,
): Record<string, unknown> {
  const cell: Record<string, string> = {};
  const attributes: Record<string, string | number | boolean> = {};
  names.forEach((name, column) => {
    if (name === null) return;
    const value = (values[column] ?? '').trim();
    if (isFreeAttributeColumn(name)) {
      if (value !== '') attributes[name.slice(FREE_ATTRIBUTE_PREFIX.length)] = value;
    } else if ((EVENT_IMPORT_COLUMNS as readonly string[]).includes(name)) cell[name] = value;
    else if (value !== '') attributes[name] = typed(name, value);
  });
  const event: Record<string, unknown> = {
    source: cell['source'] || defaultSource,
    externalId: cell['externalId'] ?? '',
    type: cell['type'] ?? '',
    rep: cell['rep'] ?? '',
    occurredAt: cell['occurredAt'] ?? '',
    attributes,
  };
  if (cell['voidsSource'] || cell['voidsExternalId']) {
    event['voids'] = {
      source: cell['voidsSource'] || event['source'],
      externalId: cell['voidsExternalId'] ?? '',
    };
  }
  return event;
}

/** The column a validator path (`events[3].attributes.amount`, `events[3].voids.source`) is about. */
export function columnOfPath(path: string | undefined): string | undefined {
  const field = (path ?? '').replace(/^events\[\d+\]\.?/, '');
  if (field === '' || field === 'attributes') return undefined;
  if (field === 'voids.source') return 'voidsSource';
  if (field === 'voids.externalId' || field === 'voids') return 'voidsExternalId';
  if (field.startsWith(FREE_ATTRIBUTE_PREFIX)) {
    const name = field.slice(FREE_ATTRIBUTE_PREFIX.length);
    return KNOWN_ATTRIBUTE_NAMES.includes(name) ? name : field;
  }
  return field;
}
