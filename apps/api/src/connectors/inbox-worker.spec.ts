import type { EventBatchInput, IngestResponse } from '@leaderboard/contracts';
import { ManualClock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import type { EventsService } from '../events/events.service.js';
import type {
  ConnectorRecord,
  ConnectorsRepository,
  InboxOutcome,
  InboxRecord,
  UserMapping,
} from '../repositories/connectors.repository.js';
import type { ConnectorMapsRepository } from '../repositories/connector-maps.repository.js';
import type { LedgerRepository } from '../repositories/ledger.repository.js';
import type { ScoringService } from '../scoring/scoring.service.js';
import type { CrmClients } from './crm/crm-client-registry.js';
import { INBOX_MAX_ATTEMPTS, InboxWorker } from './inbox-worker.js';
import { MappedIngest } from './mapped-ingest.js';

const NOW = Date.parse('2026-11-18T10:00:00+03:00');
const connector = {
  id: 'c1',
  kind: 'generic',
  settings: { externalIdPath: 'id', crmUserIdPath: 'owner', occurredAtPath: 'at', eventType: 'call' },
} as unknown as ConnectorRecord;
const row = (id: string, body: object, attempts = 0): InboxRecord => ({
  id,
  connector_id: 'c1',
  received_at: new Date(NOW),
  method: 'POST',
  url: 'https://lb.example.com/api/hooks/c1/***',
  headers: { 'content-type': 'application/json' },
  body: Buffer.from(JSON.stringify(body)),
  status: 'pending',
  reason: null,
  attempts,
});
const ANNA: UserMapping = {
  crm_user_id: 'anna@example.com',
  rep_id: 'r1',
  rep_key: 'anna',
  matched_by: 'email',
};
const CALL = { id: 'x1', owner: 'anna@example.com', at: '2026-11-18T09:00:00+03:00' };

/** A repository that hands out `due` once and records how each row ended. */
function fakes(
  due: InboxRecord[],
  ingest: (body: EventBatchInput) => Promise<IngestResponse>,
  userMaps: UserMapping[][] = [[ANNA]],
) {
  const finished = new Map<string, InboxOutcome>();
  const scoredHeld: string[] = [];
  let claimed = false;
  const repository = {
    claim: () => {
      const rows = claimed ? [] : due;
      claimed = true;
      return Promise.resolve(rows);
    },
    find: () => Promise.resolve(connector),
    finishAll: (rows: Array<{ id: string; outcome: InboxOutcome }>) => {
      for (const { id, outcome } of rows) finished.set(id, outcome);
      return Promise.resolve();
    },
    // Each read of the user map takes the next of `userMaps` (the last one stays).
    userMap: () => Promise.resolve(userMaps.length > 1 ? userMaps.shift()! : userMaps[0]),
    stages: () => Promise.resolve([]),
  };
  const maps = { noteSeen: () => Promise.resolve(), matchByEmail: () => Promise.resolve([]) };
  const events = { ingest: (body: unknown) => ingest(body as EventBatchInput) };
  // Nothing is in the ledger yet; attaching held events records who was scored.
  const ledger = {
    contentHashes: () => Promise.resolve([]),
    attachHeldKeyToRep: (key: string, repId: string) => {
      scoredHeld.push(`${key} ${repId}`);
      return Promise.resolve([]);
    },
  };
  const scoring = { apply: () => Promise.resolve() };
  const ingestPath = new MappedIngest(
    repository as unknown as ConnectorsRepository,
    maps as unknown as ConnectorMapsRepository,
    events as unknown as EventsService,
    ledger as unknown as LedgerRepository,
    scoring as unknown as ScoringService,
  );
  const worker = new InboxWorker(
    repository as unknown as ConnectorsRepository,
    ingestPath,
    new ManualClock(NOW),
    { clientFor: () => null } as unknown as CrmClients,
  );
  return { worker, finished, scoredHeld };
}

describe('InboxWorker', () => {
  it('ingests the mapped events under the connector source and counts what was created', async () => {
    const sent: EventBatchInput[] = [];
    const { worker, finished } = fakes([row('1', CALL)], (body) => {
      sent.push(body);
      return Promise.resolve({ results: [{ externalId: 'x1:call', status: 'created' }] });
    });
    await worker.drain();
    expect(sent[0].events).toEqual([
      expect.objectContaining({ source: 'connector:c1', externalId: 'x1:call', type: 'call', rep: 'anna' }),
    ]);
    expect(finished.get('1')).toEqual({ status: 'done', eventsCreated: 1, reason: null });
  });

  it('keeps a row whose events the ledger refuses as unmapped, with the reason', async () => {
    const { worker, finished } = fakes([row('1', CALL)], () =>
      Promise.reject(
        new DomainError('BATCH_INVALID', 'The batch holds invalid events', [
          { index: 0, path: 'events[0].occurredAt', message: 'too far ahead' },
        ]),
      ),
    );
    await worker.drain();
    expect(finished.get('1')).toEqual({
      status: 'unmapped',
      reason: 'The batch holds invalid events (events[0].occurredAt: too far ahead)',
    });
  });

  it('marks a row failed on any other error, to be tried again later and later', async () => {
    const { worker, finished } = fakes([row('1', CALL), row('2', CALL, INBOX_MAX_ATTEMPTS - 1)], () =>
      Promise.reject(new Error('connection terminated')),
    );
    await worker.drain();
    expect(finished.get('1')).toEqual({
      status: 'failed',
      reason: 'connection terminated',
      retryAt: NOW + 5_000,
    });
    expect(finished.get('2')).toMatchObject({
      status: 'failed',
      retryAt: NOW + 5_000 * 2 ** (INBOX_MAX_ATTEMPTS - 1),
    });
  });

  it('scores events held under the placeholder when the user was mapped while they went in', async () => {
    const sent: EventBatchInput[] = [];
    const { worker, finished, scoredHeld } = fakes(
      [row('1', CALL)],
      (body) => {
        sent.push(body);
        return Promise.resolve({ results: [{ externalId: 'x1:call', status: 'held' }] });
      },
      [[], [ANNA]],
    );
    await worker.drain();
    expect(sent[0].events[0].rep).toBe('crm:c1:anna@example.com');
    expect(scoredHeld).toEqual(['crm:c1:anna@example.com r1']);
    expect(finished.get('1')).toMatchObject({ status: 'done' });
  });

  it('sends a batch in one ingest; refused for one row, the rows go in one by one and only that row is unmapped', async () => {
    const sent: string[][] = [];
    const refuse = (body: EventBatchInput) => {
      sent.push(body.events.map((e) => e.externalId));
      const bad = body.events.findIndex((e) => e.externalId === 'bad:call');
      if (bad < 0)
        return Promise.resolve({
          results: body.events.map((e) => ({ externalId: e.externalId, status: 'created' as const })),
        });
      return Promise.reject(
        new DomainError('BATCH_INVALID', 'The batch holds invalid events', [
          { index: bad, path: `events[${bad}].occurredAt`, message: 'too far ahead' },
        ]),
      );
    };
    const rows = [row('1', CALL), row('2', { ...CALL, id: 'bad' }), row('3', { ...CALL, id: 'x3' })];
    const { worker, finished } = fakes(rows, refuse);
    await worker.drain();
    expect(sent).toEqual([['x1:call', 'bad:call', 'x3:call'], ['x1:call'], ['bad:call'], ['x3:call']]);
    expect(finished.get('1')).toEqual({ status: 'done', eventsCreated: 1, reason: null });
    expect(finished.get('2')).toMatchObject({ status: 'unmapped' });
    expect(finished.get('3')).toEqual({ status: 'done', eventsCreated: 1, reason: null });
  });

  it('counts the same delivery twice in one batch once: one event sent, both rows done', async () => {
    const sent: EventBatchInput[] = [];
    const { worker, finished } = fakes([row('1', CALL), row('2', CALL)], (body) => {
      sent.push(body);
      return Promise.resolve({ results: [{ externalId: 'x1:call', status: 'created' }] });
    });
    await worker.drain();
    expect(sent.map((b) => b.events.map((e) => e.externalId))).toEqual([['x1:call']]);
    expect(finished.get('1')).toEqual({ status: 'done', eventsCreated: 1, reason: null });
    expect(finished.get('2')).toEqual({
      status: 'done',
      eventsCreated: 0,
      reason: '1 event(s) already recorded',
    });
  });
});
