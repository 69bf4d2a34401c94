import type { ConnectorSettings } from '@leaderboard/contracts';
import type { ConnectorAdapter, ConnectorKind } from './connector-adapter.js';
import { genericAdapter } from './generic.adapter.js';

/**
 * The vendor adapters (apps/api/src/connectors/vendors/, one per kind): register each here,
 * e.g. `amocrm: amocrmAdapter,`.
 */
const VENDOR_ADAPTERS: Partial<Record<Exclude<ConnectorKind, 'generic'>, ConnectorAdapter>> = {};

/** The adapter of a connector of `kind` (the generic one is built from its settings); null: none yet. */
export function adapterFor(kind: ConnectorKind, settings: ConnectorSettings): ConnectorAdapter | null {
  return kind === 'generic' ? genericAdapter(settings) : (VENDOR_ADAPTERS[kind] ?? null);
}

/** The kinds a connector can be created as today. */
export function supportedKinds(): ConnectorKind[] {
  return ['generic', ...(Object.keys(VENDOR_ADAPTERS) as ConnectorKind[])];
}
