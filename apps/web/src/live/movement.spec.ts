import { rankRows } from '@leaderboard/contracts';
import { row } from '../test-support/fake-socket.js';
import { biggestMovers, nextMovement } from './movement.js';

describe('nextMovement (arrows)', () => {
  const before = rankRows([row('a', 'Anna', 300), row('b', 'Boris', 200), row('c', 'Chen', 100)]);

  it('gives each rep the ranks gained or lost', () => {
    const after = rankRows([row('a', 'Anna', 300), row('b', 'Boris', 200), row('c', 'Chen', 400)]);
    expect(nextMovement(before, after, {})).toEqual({ c: 2, a: -1, b: -1 });
  });

  it('keeps the last move of a rep the update did not move, and none for a newcomer', () => {
    const after = rankRows([...before, row('d', 'Dora', 50)]);
    expect(nextMovement(before, after, { a: 1, c: -2 })).toEqual({ a: 1, c: -2 });
  });

  it('counts a tie as the shared rank (1, 2, 2, 4)', () => {
    const after = rankRows([row('a', 'Anna', 300), row('b', 'Boris', 200), row('c', 'Chen', 200)]);
    expect(nextMovement(before, after, {})).toEqual({ c: 1 });
  });
});

describe('biggestMovers', () => {
  it('lists climbers below the visible rows, biggest climb first', () => {
    const rows = rankRows([
      row('a', 'A', 5),
      row('b', 'B', 4),
      row('c', 'C', 3),
      row('d', 'D', 2),
      row('e', 'E', 1),
    ]);
    const movers = biggestMovers(rows, { a: 3, c: 1, d: 2, e: -1 }, 2, 5);
    expect(movers.map((r) => r.repId)).toEqual(['d', 'c']);
  });
});
