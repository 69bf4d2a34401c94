/** The example file the Import tab offers: the header and three events of different types. */
import type { Locale } from '../../i18n/i18n.js';

const ROWS = [
  [
    'source',
    'externalId',
    'type',
    'rep',
    'occurredAt',
    'durationSec',
    'outcome',
    'scriptFollowed',
    'amount',
    'currency',
    'product',
    'replied',
  ],
  [
    'crm',
    'call-1001',
    'call',
    'anna@example.com',
    '2026-11-18T10:30:00+03:00',
    '240',
    'connected',
    'true',
    '',
    '',
    '',
    '',
  ],
  [
    'crm',
    'deal-2001',
    'deal_won',
    'anna@example.com',
    '2026-11-18T15:05:00+03:00',
    '',
    '',
    '',
    '15000000',
    'RUB',
    'Курс "Продажи"',
    '',
  ],
  [
    'crm',
    'mail-3001',
    'email',
    'boris@example.com',
    '2026-11-19T09:12:00+03:00',
    '',
    '',
    '',
    '',
    '',
    '',
    'false',
  ],
];

/**
 * Excel in a Russian locale opens `;` files with a BOM as columns, so the Russian example is written
 * so; the English one with `,`. The server reads both.
 */
export function exampleCsv(locale: Locale): string {
  const delimiter = locale === 'ru' ? ';' : ',';
  const field = (value: string) => (/[",;\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  const text = ROWS.map((row) => row.map(field).join(delimiter)).join('\r\n') + '\r\n';
  return locale === 'ru' ? `\uFEFF${text}` : text;
}

export const exampleHref = (locale: Locale): string =>
  `data:text/csv;charset=utf-8,${encodeURIComponent(exampleCsv(locale))}`;
