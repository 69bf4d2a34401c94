import type { ConnectorSettings } from '@leaderboard/contracts';
import type { ConnectorAdapter, ConnectorKind, MappingSettings } from './connector-adapter.js';
import { genericAdapter } from './generic.adapter.js';
import { VENDOR_ADAPTERS as VENDORS } from './vendors/index.js';

/** The vendor adapters (apps/api/src/connectors/vendors/), by kind. */
const VENDOR_ADAPTERS: Partial<Record<Exclude<ConnectorKind, 'generic'>, ConnectorAdapter>> =
  Object.fromEntries(VENDORS.map((adapter) => [adapter.kind, adapter]));

/** The settings as a vendor adapter reads them: text values (a number or flag as text, null left out). */
export function mappingSettings(settings: ConnectorSettings): MappingSettings {
  const entries = Object.entries(settings).filter(
    (entry): entry is [string, string | number | boolean] => entry[1] !== null,
  );
  return Object.fromEntries(entries.map(([name, value]) => [name, String(value)]));
}

/** The adapter of a connector of `kind` (the generic one is built from its settings); null: none yet. */
export function adapterFor(kind: ConnectorKind, settings: ConnectorSettings): ConnectorAdapter | null {
  return kind === 'generic' ? genericAdapter(settings) : (VENDOR_ADAPTERS[kind] ?? null);
}

/** The kinds a connector can be created as today. */
export function supportedKinds(): ConnectorKind[] {
  return ['generic', ...(Object.keys(VENDOR_ADAPTERS) as ConnectorKind[])];
}
