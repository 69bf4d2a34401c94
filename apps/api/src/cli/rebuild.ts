import { milliToPoints } from '@leaderboard/scoring';
import { SystemClock } from '../common/clock.js';
import { seedDefaults } from '../database/seed-defaults.js';
import { LedgerRepository } from '../repositories/ledger.repository.js';
import { ProjectionRepository } from '../repositories/projection.repository.js';
import { RepsRepository } from '../repositories/reps.repository.js';
import { RuleSetsRepository } from '../repositories/rule-sets.repository.js';
import { reconcileProjection, replayLedger } from '../scoring/rebuild-projection.js';
import { connectCli, describeDatabase } from './cli-data-source.js';

/**
 * `npm run rebuild`: replays every event under the published rule sets, prints each difference
 * with the stored projection (board_totals), then fixes the table. Exit code 0 either way.
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
await dataSource.destroy();
