/**
 * A received delivery as the rows of a tree the manager clicks to pick a field's path, named as the
 * API's generic adapter reads it (apps/api/src/connectors/delivery-fields.ts): dot paths into a JSON
 * body (`deal.owner.id`, `items.0.id`), form field names (`leads[status][0][id]`), query names.
 */
import type { InboxDeliveryView } from '@leaderboard/contracts';

export interface PayloadRow {
  /** The path to save; for a branch (an object or array), the path of the branch. */
  path: string;
  /** What the row shows as its name: the last part of a JSON path, the whole name otherwise. */
  name: string;
  depth: number;
  /** The value as text; null for a branch, which cannot be picked. */
  value: string | null;
}

/** Rows of a JSON value under `prefix`, depth-first in the body's own order (at most `limit`). */
function jsonRows(value: unknown, prefix: string, depth: number, rows: PayloadRow[], limit: number): void {
  if (rows.length >= limit) return;
  if (typeof value !== 'object' || value === null) return;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (rows.length >= limit) return;
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (typeof child === 'object' && child !== null) {
      rows.push({ path, name: key, depth, value: null });
      jsonRows(child, path, depth + 1, rows, limit);
    } else {
      rows.push({ path, name: key, depth, value: child === null ? 'null' : String(child) });
    }
  }
}

function parseJson(text: string): unknown {
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const pairRows = (params: URLSearchParams): PayloadRow[] =>
  [...params.entries()].map(([name, value]) => ({ path: name, name, depth: 0, value }));

/**
 * The rows of `delivery`: its JSON body as a tree, or its form body's fields, then its URL query's
 * fields (the secret is masked in `url`). A body that is neither gives no body rows.
 */
export function payloadRows(delivery: Pick<InboxDeliveryView, 'body' | 'url'>, limit = 500): PayloadRow[] {
  const rows: PayloadRow[] = [];
  const json = parseJson(delivery.body);
  if (json !== undefined) jsonRows(json, '', 0, rows, limit);
  else if (delivery.body.includes('=')) rows.push(...pairRows(new URLSearchParams(delivery.body)));
  const query = delivery.url.indexOf('?');
  if (query >= 0) rows.push(...pairRows(new URLSearchParams(delivery.url.slice(query + 1))));
  return rows.slice(0, limit);
}
