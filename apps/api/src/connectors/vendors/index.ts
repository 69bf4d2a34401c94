/** The vendor adapters, one per connector kind but `generic` (the hooks layer registers them). */
import type { ConnectorAdapter } from '../connector-adapter.js';
import { amocrmAdapter } from './amocrm-adapter.js';
import { bitrix24Adapter } from './bitrix24-adapter.js';
import { getcourseAdapter } from './getcourse-adapter.js';
import { hubspotAdapter } from './hubspot-adapter.js';
import { mangoAdapter } from './mango-adapter.js';
import { pipedriveAdapter } from './pipedrive-adapter.js';
import { twilioAdapter } from './twilio-adapter.js';
import { zadarmaAdapter } from './zadarma-adapter.js';

export { zadarmaEcho } from './zadarma-adapter.js';

export const VENDOR_ADAPTERS: readonly ConnectorAdapter[] = [
  amocrmAdapter,
  bitrix24Adapter,
  getcourseAdapter,
  hubspotAdapter,
  pipedriveAdapter,
  zadarmaAdapter,
  mangoAdapter,
  twilioAdapter,
];
