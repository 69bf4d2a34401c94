// Preloaded into the bench's app process (`node --import`) by hooks.bench.mjs when
// BENCH_BACKFILL_UNLIMITED=1: raises the amoCRM client's token bucket so that a backfill runs at the
// pipeline's own rate. A knob of the bench only: the product keeps amoCRM's 7 requests/s.
import { CRM_CLIENTS } from '../../apps/api/dist/connectors/crm/crm-client-registry.js';

CRM_CLIENTS.amocrm.rate = { perSecond: 100_000, burst: 100_000 };
