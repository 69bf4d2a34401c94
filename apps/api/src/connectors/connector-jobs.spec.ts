import { jest } from '@jest/globals';
import { ManualClock } from '../common/clock.js';
import type {
  CatchupState,
  ConnectorJobsRepository,
  JobProgress,
  JobRecord,
} from '../repositories/connector-jobs.repository.js';
import type { ConnectorRecord, ConnectorsRepository } from '../repositories/connectors.repository.js';
import { installStubCrm, StubCrm, wonDeal } from '../test-support/stub-crm.js';
import { CATCHUP_OVERLAP_MS, ConnectorJobs, JOB_LEASE_MS } from './connector-jobs.service.js';
import type { ConnectorSyncService } from './connector-sync.service.js';
import type { ConnectorsService } from './connectors.service.js';
import type { CrmClients } from './crm/crm-client-registry.js';
import type { MappedIngest } from './mapped-ingest.js';

const T0 = Date.parse('2026-11-18T07:00:00Z');
const MINUTE = 60_000;

/** connector_jobs in memory, with the same conditional writes as the repository. */
class MemoryJobs {
  readonly rows: JobRecord[] = [];
  readonly renewals: number[] = [];
  watermark: { since: Date; at: number } | null = null;
  states: CatchupState[] = [];

  start(connectorId: string, kind: 'backfill' | 'catchup', since: number, now: number) {
    if (this.rows.some((r) => r.connector_id === connectorId && r.status === 'running'))
      return Promise.resolve(null);
    const row: JobRecord = {
      id: String(this.rows.length + 1),
      connector_id: connectorId,
      kind,
      status: 'running',
      since: new Date(since),
      cursor: null,
      fetched: 0,
      total: null,
      created: 0,
      error: null,
      started_at: new Date(now),
      finished_at: null,
      heartbeat_at: new Date(now),
    };
    this.rows.push(row);
    return Promise.resolve({ ...row });
  }

  private mine(id: string, heartbeat: Date): JobRecord | undefined {
    return this.rows.find(
      (r) =>
        r.id === id && r.status === 'running' && r.heartbeat_at.getTime() === new Date(heartbeat).getTime(),
    );
  }

  renew(id: string, heartbeat: Date, now: number) {
    const row = this.mine(id, heartbeat);
    if (row) {
      row.heartbeat_at = new Date(now);
      this.renewals.push(now);
    }
    return Promise.resolve(row !== undefined);
  }

  progress(id: string, heartbeat: Date, page: JobProgress, now: number) {
    const row = this.mine(id, heartbeat);
    if (row)
      Object.assign(row, {
        cursor: page.cursor,
        fetched: row.fetched + page.fetched,
        created: row.created + page.created,
        heartbeat_at: new Date(now),
      });
    return Promise.resolve(row !== undefined);
  }

  finish(id: string, heartbeat: Date, outcome: { status: 'done' | 'failed'; error?: string }, now: number) {
    const row = this.mine(id, heartbeat);
    if (row)
      Object.assign(row, {
        status: outcome.status,
        error: outcome.error ?? null,
        finished_at: new Date(now),
      });
    return Promise.resolve(row !== undefined);
  }

  catchupStates() {
    return Promise.resolve(this.states);
  }

  setWatermark(_id: string, since: Date, at: number) {
    this.watermark = { since, at };
    return Promise.resolve();
  }
}

const connector = { id: 'c1', kind: 'amocrm', settings: {} } as unknown as ConnectorRecord;

function setup(settings: Record<string, unknown> = {}) {
  const clock = new ManualClock(T0);
  const memory = new MemoryJobs();
  memory.states = [
    {
      id: 'c1',
      kind: 'amocrm',
      settings,
      created_at: new Date(T0),
      catchup_since: null,
      last_catchup_at: null,
      last_catchup_started_at: null,
    },
  ];
  const stub = new StubCrm('amocrm');
  stub.pages = [[wonDeal(1, 'u1', '2026-11-18T09:00:00+03:00')]];
  const jobs = new ConnectorJobs(
    memory as unknown as ConnectorJobsRepository,
    { find: () => Promise.resolve(connector) } as unknown as ConnectorsRepository,
    { find: () => Promise.resolve(connector) } as unknown as ConnectorsService,
    {} as ConnectorSyncService,
    {
      history: (_: string, events: unknown[]) =>
        Promise.resolve({ created: events.length, known: 0, ignored: [] }),
    } as unknown as MappedIngest,
    { clientFor: () => stub } as unknown as CrmClients,
    clock,
  );
  return { clock, memory, stub, jobs };
}

let restore: () => void;
beforeEach(() => {
  restore = installStubCrm('amocrm', new StubCrm('amocrm'));
});
afterEach(() => {
  restore();
  jest.useRealTimers();
});

describe('ConnectorJobs on a manual clock', () => {
  it('polls one interval after creation, from the creation time less the overlap, then from the watermark', async () => {
    const { clock, memory, stub, jobs } = setup();
    clock.advance(9 * MINUTE);
    await jobs.catchUpDue();
    expect(stub.historyCalls).toHaveLength(0);
    clock.advance(MINUTE);
    await jobs.catchUpDue();
    await jobs.drain();
    expect(stub.historyCalls).toEqual([{ since: T0 - CATCHUP_OVERLAP_MS, cursor: null }]);
    expect(memory.rows[0]).toMatchObject({ kind: 'catchup', status: 'done', created: 1 });
    expect(memory.watermark).toEqual({ since: new Date(T0 + 10 * MINUTE), at: T0 + 10 * MINUTE });

    // The repository now says when it polled: due again 10 minutes after that poll started.
    memory.states[0] = {
      ...memory.states[0],
      catchup_since: memory.watermark!.since,
      last_catchup_at: new Date(T0 + 10 * MINUTE),
      last_catchup_started_at: new Date(T0 + 10 * MINUTE),
    };
    clock.advance(9 * MINUTE);
    await jobs.catchUpDue();
    expect(stub.historyCalls).toHaveLength(1);
    clock.advance(MINUTE);
    await jobs.catchUpDue();
    await jobs.drain();
    expect(stub.historyCalls[1]).toEqual({ since: T0 + 10 * MINUTE - CATCHUP_OVERLAP_MS, cursor: null });
  });

  it('never polls with catchupMinutes 0, and waits the given minutes otherwise', async () => {
    const off = setup({ catchupMinutes: 0 });
    off.clock.advance(24 * 60 * MINUTE);
    await off.jobs.catchUpDue();
    expect(off.stub.historyCalls).toHaveLength(0);

    const hourly = setup({ catchupMinutes: '60' });
    hourly.clock.advance(59 * MINUTE);
    await hourly.jobs.catchUpDue();
    expect(hourly.stub.historyCalls).toHaveLength(0);
    hourly.clock.advance(MINUTE);
    await hourly.jobs.catchUpDue();
    await hourly.jobs.drain();
    expect(hourly.stub.historyCalls).toHaveLength(1);
  });

  it('keeps the lease of a job while a slow page is read, and writes its progress after', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const { clock, memory, stub, jobs } = setup();
    let open = (): void => undefined;
    stub.gate = new Promise((resolve) => (open = resolve));
    await jobs.catchUp('c1');
    for (let i = 0; i < 3; i++) {
      clock.advance(JOB_LEASE_MS / 4);
      await jest.advanceTimersByTimeAsync(JOB_LEASE_MS / 4);
    }
    expect(memory.renewals).toEqual([1, 2, 3].map((i) => T0 + (i * JOB_LEASE_MS) / 4));
    open();
    await jobs.drain();
    expect(memory.rows[0]).toMatchObject({ status: 'done', fetched: 1, created: 1 });
  });

  it('stops without writing when another process took the job over meanwhile', async () => {
    const { memory, stub, jobs } = setup();
    let open = (): void => undefined;
    stub.gate = new Promise((resolve) => (open = resolve));
    await jobs.catchUp('c1');
    memory.rows[0].heartbeat_at = new Date(T0 + 1); // claimed elsewhere
    open();
    await jobs.drain();
    expect(memory.rows[0]).toMatchObject({ status: 'running', fetched: 0 });
    expect(memory.watermark).toBeNull();
  });
});
