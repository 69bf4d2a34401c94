import { milliToPoints } from '@leaderboard/scoring';
import { SystemClock } from '../common/clock.js';
import { seedDefaults } from '../database/seed-defaults.js';
import { KpiRollups } from '../kpis/rollups/kpi-rollups.js';
import { LedgerRepository } from '../repositories/ledger.repository.js';
import { ProjectionRepository } from '../repositories/projection.repository.js';
import { RepsRepository } from '../repositories/reps.repository.js';
import { RepDayScoresRepository } from '../repositories/rep-day-scores.repository.js';
import { RuleSetsRepository } from '../repositories/rule-sets.repository.js';
import { reconcileProjection, replayLedger } from '../scoring/rebuild-projection.js';
import { reconcileSummaries } from '../scoring/rolled-days-host.js';
import { connectCli, describeDatabase } from './cli-data-source.js';

/**
 * `npm run rebuild`: replays every event under the published rule sets, prints each difference
 * with the stored projection (board_totals), then fixes the table; compares the stored summaries of
 * rolled-out rep-days with the same replay and fixes them; then recomputes the KPI rollups
 * from the ledger, prints how many rows differ from the stored ones (and the first few), and
 * stores the recomputed ones. Exit code 0 either way.
 */
const { config, dataSource } = await connectCli();
console.log(`Database: ${describeDatabase(config)}`);
await seedDefaults(dataSource);
const clock = new SystemClock();
const started = clock.now();
const { engine, reps, events } = await replayLedger({
  ledger: new LedgerRepository(dataSource),
  reps: new RepsRepository(dataSource),
  ruleSets: new RuleSetsRepository(dataSource),
});
const { differences } = await reconcileProjection(new ProjectionRepository(dataSource), engine);
const names = new Map(reps.map((r) => [r.id, `${r.name} <${r.key}>`]));
for (const d of differences) {
  console.log(
    `DIFF rep=${names.get(d.repId) ?? d.repId} (${d.repId}) period=${d.period} key=${d.periodKey} ` +
      `stored=${milliToPoints(d.stored)} (${d.stored} milli) computed=${milliToPoints(d.computed)} (${d.computed} milli)`,
  );
}
console.log(
  `Rebuild: ${events} events replayed for ${reps.length} reps in ${clock.now() - started} ms; ` +
    `${engine.projection().length} projection rows; ${differences.length} difference(s) found` +
    (differences.length > 0 ? ' and fixed' : ''),
);
// Summaries of rolled-out rep-days (rep_day_scores) against the same replay.
const versions = await new RuleSetsRepository(dataSource).publishedVersions();
const summaries = await reconcileSummaries(new RepDayScoresRepository(dataSource), engine, {
  versions,
  reps,
});
for (const d of summaries.differences) {
  const day = new Date(engine.calendar.tz.startOfDay(d.day)).toISOString();
  console.log(
    `DIFF summary rep=${names.get(d.repId) ?? d.repId} (${d.repId}) day=${d.day} (${day}) ` +
      `stored=${d.stored ? `${d.stored.milli} milli, ${d.stored.records} events` : 'none'} ` +
      `computed=${d.computed ? `${d.computed.milli} milli, ${d.computed.records} events` : 'none'}`,
  );
}
console.log(
  summaries.horizonDay === null
    ? 'Summaries: none stored (no day rolled out yet)'
    : summaries.stale
      ? 'Summaries: of other rule sets or working hours; the next start of the app summarizes afresh'
      : `Summaries: ${summaries.differences.length} difference(s) found` +
        (summaries.differences.length > 0 ? ' and fixed' : ''),
);
const rollupsStarted = clock.now();
const zone = engine.calendar.tz.zone;
const rollupDifferences = await new KpiRollups(dataSource).rebuild(zone);
for (const d of rollupDifferences) {
  console.log(
    `DIFF ${d.table}: ${d.stored} stored row(s) not computed, ${d.computed} computed row(s) not stored`,
  );
  for (const sample of d.samples) console.log(`  ${sample}`);
}
const differing = rollupDifferences.reduce((n, d) => n + d.stored + d.computed, 0);
console.log(
  `KPI rollups (days in ${zone}): recomputed in ${clock.now() - rollupsStarted} ms; ` +
    `${differing} differing row(s)` +
    (differing > 0 ? ' fixed' : ''),
);
await dataSource.destroy();
