import { PERIODS, type BoardScope } from '@leaderboard/contracts';
import { boardOfRoom, boardRoom } from './live-rooms.js';

describe('boardOfRoom', () => {
  const team = '4b0a3c1e-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
  const scopes: BoardScope[] = [
    { kind: 'all' },
    { kind: 'team', teamId: team },
    { kind: 'tenure', band: '1-2y' },
    { kind: 'improved' },
  ];

  it('reads back the board of every room boardRoom names', () => {
    for (const period of PERIODS) {
      for (const scope of scopes) expect(boardOfRoom(boardRoom(period, scope))).toEqual({ period, scope });
    }
    const competition: BoardScope = { kind: 'competition', competitionId: team };
    expect(boardOfRoom(boardRoom('week', competition))).toEqual({ period: 'month', scope: competition });
  });

  it('is null for the other rooms', () => {
    for (const room of [
      'celebrate:all',
      `user:${team}`,
      'board:month:nobody',
      `board:month:competition:${team}`,
      'board:all',
    ])
      expect(boardOfRoom(room)).toBeNull();
  });
});
