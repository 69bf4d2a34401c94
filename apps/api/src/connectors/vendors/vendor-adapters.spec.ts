import fc from 'fast-check';
import {
  CONNECTOR_KINDS,
  UnmappableDelivery,
  type CrmLookup,
  type MappedDelivery,
  type InboundDelivery,
} from '../connector-adapter.js';
import { VENDOR_ADAPTERS } from './index.js';

/** Field names the adapters read, so random bodies reach deep into the mapping, not just the first check. */
const NAMES = [
  'leads',
  'status',
  'update',
  'note',
  '0',
  '1',
  'id',
  'status_id',
  'price',
  'last_modified',
  'account',
  'account_id',
  'event',
  'data',
  'FIELDS',
  'ID',
  'auth',
  'member_id',
  'CALL_ID',
  'CALL_DURATION',
  'CALL_START_DATE',
  'ts',
  'order_id',
  'amount',
  'paid',
  'pbx_call_id',
  'duration',
  'call_start',
  'disposition',
  'json',
  'CallSid',
  'CallStatus',
  'CallDuration',
  '__proto__',
  'constructor',
  'note_type',
  'text',
  '',
];
const VALUES = fc.oneof(
  fc.constantFrom(
    '142',
    '143',
    'ONCRMDEALUPDATE',
    'ONVOXIMPLANTCALLEND',
    'NOTIFY_END',
    'completed',
    'payed',
    '1e309',
  ),
  fc.constantFrom(
    '-1',
    '99999999999999999999',
    '{"DURATION":5}',
    '{"entry_id":"x","create_time":1733300000}',
  ),
  fc.string({ maxLength: 12 }),
  fc.integer().map(String),
);
const KEY = fc
  .array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 5 })
  .map(([head, ...rest]) => `${head}${rest.map((s) => `[${s}]`).join('')}`);
const FORM = fc
  .array(fc.tuple(KEY, VALUES), { maxLength: 25 })
  .map((pairs) => pairs.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&'));
const JSON_BODY = fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null');
const BODY = fc.oneof(FORM, JSON_BODY, fc.string({ maxLength: 60 }));

const delivery = (body: string, query: string): InboundDelivery => ({
  ...{ method: 'POST', url: `https://board.example/api/hooks/x?${query}`, headers: { signature: 'x' } },
  ...{ rawBody: Buffer.from(body), receivedAt: Date.UTC(2026, 11, 4) },
});
const credentials = {
  secret: 's',
  values: { applicationToken: 't', clientSecret: 'c', secret: 'z', apiKey: 'k', salt: 's', authToken: 'a' },
};

describe('vendor adapters', () => {
  it('cover every connector kind but generic, once each', () => {
    expect(VENDOR_ADAPTERS.map((a) => a.kind).sort()).toEqual(
      CONNECTOR_KINDS.filter((k) => k !== 'generic').sort(),
    );
  });

  it('answer any body: verify never throws, map resolves or rejects with UnmappableDelivery only', async () => {
    await fc.assert(
      fc.asyncProperty(
        BODY,
        FORM,
        fc.option(fc.dictionary(fc.string({ maxLength: 20 }), fc.jsonValue({ maxDepth: 2 }))),
        async (body, query, deal) => {
          const lookup: CrmLookup = { deal: async () => deal };
          for (const adapter of VENDOR_ADAPTERS) {
            const input = delivery(body, query);
            expect(typeof adapter.verify(input, credentials, Date.UTC(2026, 11, 4)).ok).toBe('boolean');
            // A refusal is a rejected promise, never a synchronous throw past the caller's `.catch`.
            let pending: Promise<MappedDelivery> | undefined;
            expect(() => (pending = adapter.map(input, lookup, { account: 'a' }))).not.toThrow();
            try {
              const { events, ignored } = await (pending as Promise<MappedDelivery>);
              for (const event of events) {
                expect(typeof event.externalId).toBe('string');
                expect(Number.isNaN(Date.parse(event.occurredAt))).toBe(false);
                const { amount } = event.attributes;
                if (amount !== undefined) expect(Number.isSafeInteger(amount)).toBe(true);
              }
              expect(ignored.every((reason) => typeof reason === 'string')).toBe(true);
            } catch (error) {
              expect(error).toBeInstanceOf(UnmappableDelivery);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
