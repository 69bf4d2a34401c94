import type { EventInput } from '@leaderboard/contracts';
import { Clock } from '../common/clock.js';
import { CompetitionsRepository } from '../repositories/competitions.repository.js';
import { LedgerRepository } from '../repositories/ledger.repository.js';
import { PeriodClosesRepository } from '../repositories/period-closes.repository.js';
import { ProjectionRepository } from '../repositories/projection.repository.js';
import { RepDayScoresRepository } from '../repositories/rep-day-scores.repository.js';
import { RepsRepository } from '../repositories/reps.repository.js';
import { RuleSetsRepository } from '../repositories/rule-sets.repository.js';
import { ApiClient } from '../test-support/api-client.js';
import { createTestApp, testConfig, type TestApp } from '../test-support/test-app.js';
import { replayLedger } from './rebuild-projection.js';
import { reconcileSummaries } from './rolled-days-host.js';
import { ScoringService } from './scoring.service.js';

/**
 * Several processes with days rolled out: only the writer stores summaries. A follower (a second
 * ScoringService on the same database, not elected) starts from the stored summaries, takes the
 * late events the writer already re-scored and stored (following the ledger, twice over), and
 * must end with the writer's totals without touching `rep_day_scores`.
 */
const DAY = 86_400_000;

describe('rolled-out days with a follower process', () => {
  let t: TestApp;
  let follower: ScoringService | null = null;
  beforeAll(async () => {
    t = await createTestApp({ scoringLateWindowDays: 35 });
  }, 120_000);
  afterAll(async () => {
    await follower?.onModuleDestroy();
    await t?.close();
  }, 60_000);

  const old = Date.now() - 100 * DAY;
  const at = (hours: number): string => new Date(old + hours * 3_600_000).toISOString();
  const call = (id: string, rep: string, hours: number): EventInput =>
    ({
      source: 'pbx',
      externalId: id,
      type: 'call',
      rep,
      occurredAt: at(hours),
      attributes: { durationSec: 120, outcome: 'connected', scriptFollowed: true },
    }) as EventInput;
  const stored = async () =>
    (await t.dataSource.query<Array<{ rep_id: string; day: number; milli_points: string; records: number }>>(
      'SELECT rep_id, day, milli_points::text AS milli_points, records FROM rep_day_scores ORDER BY rep_id, day',
    )) as unknown[];
  const totals = (s: ScoringService, repIds: string[]) =>
    repIds.flatMap((id) =>
      (['today', 'week', 'month', 'quarter'] as const).map((p) => [
        id,
        p,
        s.engine.totalAt(id, p, old),
        s.engine.stats(id, p, old).events,
      ]),
    );

  it('stores nothing, starts from the stored summaries and follows late events into them', async () => {
    const api = new ApiClient(t);
    const team = await api.team('Floor');
    const anna = await api.rep('anna@example.com', 'Anna', team.id);
    const vera = await api.rep('vera@example.com', 'Vera', team.id);
    const repIds = [anna.id, vera.id];
    await api.ingest(
      Array.from({ length: 12 }, (_, i) =>
        call(`c-${i}`, i % 3 === 0 ? 'vera@example.com' : 'anna@example.com', i),
      ),
    );
    await t.scoring.rebuild();
    expect(t.scoring.memory().events).toBe(0);
    const storedBefore = await stored();
    expect(storedBefore.length).toBeGreaterThan(0);

    const config = testConfig({ databaseUrl: 'postgres://follower', redisUrl: 'redis://follower' });
    const app = t.app;
    follower = new ScoringService(
      app.get(LedgerRepository),
      app.get(RepsRepository),
      app.get(RuleSetsRepository),
      app.get(ProjectionRepository),
      app.get(CompetitionsRepository),
      config,
      app.get(Clock),
      app.get(RepDayScoresRepository),
      app.get(PeriodClosesRepository),
    );
    await follower.onModuleInit();
    expect(follower.isWriter).toBe(false);
    expect(follower.memory().events).toBe(0);
    expect(totals(follower, repIds)).toEqual(totals(t.scoring, repIds));

    // Late events into the rolled-out day: the writer scores and stores them first.
    const mark = follower.replayMark.cursor;
    await api.ingest([
      call('late-1', 'anna@example.com', 2),
      {
        source: 'crm',
        externalId: 'late-deal',
        type: 'deal_won',
        rep: 'vera@example.com',
        occurredAt: at(5),
        attributes: { amount: 30_000_000, margin: 6_000_000 },
      } as EventInput,
      {
        source: 'pbx',
        externalId: 'void-1',
        type: 'void',
        rep: 'anna@example.com',
        occurredAt: at(30),
        voids: { source: 'pbx', externalId: 'c-1' },
        attributes: {},
      } as EventInput,
    ]);
    await t.scoring.settled();
    const storedAfter = await stored();
    expect(storedAfter).not.toEqual(storedBefore);
    expect(totals(t.scoring, repIds)).not.toEqual(totals(follower, repIds));

    // The follower reads them from the ledger (a process may see the same rows twice).
    const ledger = app.get(LedgerRepository);
    const rows = await ledger.scoredEventsOfTx(mark, await ledger.horizon());
    expect(rows.length).toBe(3);
    await follower.apply(rows, 'ledger');
    await follower.apply(rows, 'ledger');
    await follower.settled();
    expect(totals(follower, repIds)).toEqual(totals(t.scoring, repIds));
    expect(await stored()).toEqual(storedAfter);

    // A follower started now agrees too, and still stores nothing.
    await follower.rebuild();
    expect(totals(follower, repIds)).toEqual(totals(t.scoring, repIds));
    expect(await stored()).toEqual(storedAfter);
  }, 120_000);

  it('npm run rebuild: the whole ledger finds a wrong, a missing and an extra stored summary and fixes them', async () => {
    const app = t.app;
    const store = app.get(RepDayScoresRepository);
    const sources = {
      ledger: app.get(LedgerRepository),
      reps: app.get(RepsRepository),
      ruleSets: app.get(RuleSetsRepository),
    };
    const { engine, reps } = await replayLedger(sources);
    const options = { versions: await sources.ruleSets.publishedVersions(), reps };
    expect((await reconcileSummaries(store, engine, options)).differences).toEqual([]);

    const sorted = (list: Awaited<ReturnType<typeof store.all>>) =>
      [...list].sort((a, b) => a.repId.localeCompare(b.repId) || a.day - b.day);
    const rows = sorted(await store.all());
    expect(rows.length).toBeGreaterThan(1);
    const [wrong, missing] = rows;
    await t.dataSource.query(
      'UPDATE rep_day_scores SET milli_points = milli_points + 7 WHERE rep_id = $1 AND day = $2',
      [wrong.repId, wrong.day],
    );
    await store.remove([{ repId: missing.repId, day: missing.day }]);
    await store.upsert([{ ...wrong, day: wrong.day - 40 }]);
    const found = await reconcileSummaries(store, engine, options);
    expect(found.stale).toBe(false);
    expect(
      found.differences
        .map((d) => [d.day, d.stored?.milli ?? null, d.computed?.milli ?? null])
        .sort((a, b) => Number(a[0]) - Number(b[0])),
    ).toEqual(
      [
        [wrong.day - 40, wrong.milli, null],
        [wrong.day, wrong.milli + 7, wrong.milli],
        [missing.day, null, missing.milli],
      ].sort((a, b) => Number(a[0]) - Number(b[0])),
    );
    expect(sorted(await store.all())).toEqual(rows);
    expect((await reconcileSummaries(store, engine, options)).differences).toEqual([]);
  }, 120_000);
});
