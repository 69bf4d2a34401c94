import { rankRows } from './ranking.js';

describe('rankRows', () => {
  it('shares ranks on equal milli-points (1, 2, 2, 4) and orders a tie by name, then id', () => {
    const rows = rankRows([
      { repId: 'd', name: 'Dmitry', milliPoints: 100 },
      { repId: 'b2', name: 'Boris', milliPoints: 500 },
      { repId: 'a', name: 'Anna', milliPoints: 900 },
      { repId: 'b1', name: 'Boris', milliPoints: 500 },
      { repId: 'c', name: 'Alla', milliPoints: 500 },
    ]);
    expect(rows.map((r) => [r.repId, r.rank])).toEqual([
      ['a', 1],
      ['c', 2],
      ['b1', 2],
      ['b2', 2],
      ['d', 5],
    ]);
  });

  it('compares milli-points, not rounded points', () => {
    const rows = rankRows([
      { repId: 'x', name: 'X', milliPoints: 1_499 },
      { repId: 'y', name: 'Y', milliPoints: 1_500 },
    ]);
    expect(rows.map((r) => r.rank)).toEqual([1, 2]);
  });

  it('ranks by the rank value when rows carry one (most improved), sharing ranks on equal values', () => {
    const rows = rankRows([
      { repId: 'big', name: 'Big', milliPoints: 90_000, rankValue: -1_000 },
      { repId: 'up', name: 'Up', milliPoints: 2_000, rankValue: 2_500 },
      { repId: 'same', name: 'Same', milliPoints: 5_000, rankValue: 2_500 },
      { repId: 'flat', name: 'Flat', milliPoints: 7_000, rankValue: 0 },
    ]);
    expect(rows.map((r) => [r.repId, r.rank])).toEqual([
      ['same', 1],
      ['up', 1],
      ['flat', 3],
      ['big', 4],
    ]);
  });
});
