/**
 * The server's row problems (English, from the validator of `POST /api/events` and the CSV reader)
 * in the UI language: known ones by pattern, any other as the server wrote it.
 */
import type { Translate } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/messages.js';

type Rule = [RegExp, MessageKey, ((match: RegExpExecArray) => Record<string, string>)?];

const RULES: Rule[] = [
  [/^is not a known column/, 'admin.import.msg.unknownColumn'],
  [/^is a required column/, 'admin.import.msg.required'],
  [/^appears twice/, 'admin.import.msg.twice'],
  [/^must be one of (.+)$/, 'admin.import.msg.oneOf', (m) => ({ values: m[1] })],
  [/^must be (a valid )?(an )?ISO-8601/, 'admin.import.msg.date'],
  [/^must be from 2000-01-01/, 'admin.import.msg.dateRange'],
  [/^must be an integer/, 'admin.import.msg.integer'],
  [/^must be true or false/, 'admin.import.msg.boolean'],
  [/^must not be empty|^must be a string$|^must be a non-empty string/, 'admin.import.msg.empty'],
  [/ISO 4217/, 'admin.import.msg.currency'],
  [/not valid UTF-8/, 'admin.import.msg.utf8'],
  [/NUL character/, 'admin.import.msg.nul'],
  [/is longer than/, 'admin.import.msg.tooLong'],
  [/^the row has \d+ fields/, 'admin.import.msg.fields'],
  [/unterminated quote/, 'admin.import.msg.unterminated'],
  [/after a closing quote/, 'admin.import.msg.afterQuote'],
  [/^same source and externalId as row (\d+)/, 'admin.import.msg.repeated', (m) => ({ row: m[1] })],
  [/is stored with different content/, 'admin.import.msg.stored'],
  [/this token may only send/, 'admin.import.msg.foreignSource'],
  [/^must not exceed amount/, 'admin.import.msg.margin'],
  [/^(\d+) more errors not listed/, 'admin.import.msg.more', (m) => ({ count: m[1] })],
];

export function localizeProblem(message: string, t: Translate): string {
  for (const [pattern, key, params] of RULES) {
    const match = pattern.exec(message);
    if (match) return t(key, params?.(match));
  }
  return message;
}
