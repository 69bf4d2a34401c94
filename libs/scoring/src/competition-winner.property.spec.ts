import fc from 'fast-check';
import { leadersOf, winnerCelebration, winnerName } from './competition-winner.js';

const rowArb = fc.record({
  kind: fc.constantFrom('rep' as const, 'team' as const),
  repId: fc.uuid(),
  name: fc.constantFrom('Anna', 'Boris', 'Vera', 'North', 'South', 'anna', 'Ánna'),
  milliPoints: fc.oneof(fc.constant(0), fc.constant(5_000), fc.integer({ min: -2_000, max: 20_000 })),
});
const rowsArb = fc
  .uniqueArray(rowArb, { selector: (row) => row.repId, maxLength: 12 })
  .map((rows) => rows.map((row) => ({ ...row, points: Math.trunc(row.milliPoints / 1000) })));

describe('competition winner (property)', () => {
  it('is every row with the top score when it is above zero, in name then id order', () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const leaders = leadersOf(rows);
        const top = Math.max(0, ...rows.map((r) => r.milliPoints));
        if (top === 0) return expect(leaders).toEqual([]);
        const expected = rows
          .filter((r) => r.milliPoints === top)
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.repId < b.repId ? -1 : 1));
        expect(leaders.map((l) => l.id)).toEqual(expected.map((r) => r.repId));
        expect(leaders.every((l) => l.milliPoints === top)).toBe(true);
      }),
    );
  });

  it('does not depend on the order the rows come in (a total order)', () => {
    fc.assert(
      fc.property(
        rowsArb.chain((rows) =>
          fc.tuple(fc.constant(rows), fc.shuffledSubarray(rows, { minLength: rows.length })),
        ),
        ([rows, shuffled]) => {
          expect(leadersOf(shuffled)).toEqual(leadersOf(rows));
          expect(winnerName(leadersOf(shuffled))).toBe(winnerName(leadersOf(rows)));
        },
      ),
    );
  });

  it('cheers the first leader with every leader named, only within the grace after the end', () => {
    fc.assert(
      fc.property(rowsArb, fc.integer({ min: 0, max: 10_000 }), (rows, late) => {
        const leaders = leadersOf(rows);
        const competition = { id: 'c1', name: 'Sprint', to: 1_000_000 };
        const celebration = winnerCelebration(competition, leaders, competition.to + late, 5_000);
        if (leaders.length === 0 || late > 5_000) return expect(celebration).toBeNull();
        expect(celebration).toEqual({
          kind: 'competition',
          repId: leaders[0].id,
          name: leaders.map((l) => l.name).join(', '),
          teamId: leaders[0].kind === 'team' ? leaders[0].id : null,
          competition: 'Sprint',
          competitionId: 'c1',
          winnerKind: leaders[0].kind,
          at: new Date(competition.to).toISOString(),
        });
      }),
    );
  });
});
