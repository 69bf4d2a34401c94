import fc from 'fast-check';
import { boardKeyOf, boardRefOf, parseBoardKey, scopeOfRef, type BoardRef } from './board-ref.js';
import { PERIODS } from './boards.js';
import { TENURE_BANDS } from './scopes.js';

const scopeArb = fc.oneof(
  fc.constant({ kind: 'all' as const }),
  fc.uuid().map((teamId) => ({ kind: 'team' as const, teamId })),
  fc.constantFrom(...TENURE_BANDS).map((band) => ({ kind: 'tenure' as const, band })),
  fc.constant({ kind: 'improved' as const }),
);
const periodKeyArb = fc.constantFrom('2026-11-16', '2026-11', '2026-Q4', '2027-01-01');
const refArb: fc.Arbitrary<BoardRef> = fc.oneof(
  fc.record({
    kind: fc.constant('period' as const),
    period: fc.constantFrom(...PERIODS),
    periodKey: periodKeyArb,
    scope: scopeArb,
  }),
  fc.uuid().map((competitionId) => ({ kind: 'competition' as const, competitionId })),
);

describe('BoardRef', () => {
  it('round-trips through its board key', () => {
    fc.assert(fc.property(refArb, (ref) => expect(parseBoardKey(boardKeyOf(ref))).toEqual(ref)));
  });

  it('keeps the board key formats the stored seqs and deltas use', () => {
    const team = '5b0c7a52-5a43-4e2b-9d55-0f7f3c0b7a11';
    expect(boardKeyOf(boardRefOf('month', '2026-11'))).toBe('month:2026-11:all');
    expect(boardKeyOf(boardRefOf('week', '2026-11-16', { kind: 'team', teamId: team }))).toBe(
      `week:2026-11-16:team:${team}`,
    );
    expect(boardKeyOf(boardRefOf('month', '2026-11', { kind: 'tenure', band: '0-3m' }))).toBe(
      'month:2026-11:tenure:0-3m',
    );
    // A competition's board has no period: whatever period a request names, one key.
    const competition = boardRefOf('today', '2026-11-16', { kind: 'competition', competitionId: team });
    expect(boardKeyOf(competition)).toBe(`competition:${team}`);
    expect(scopeOfRef(competition)).toEqual({ kind: 'competition', competitionId: team });
  });

  it('names nothing for other strings', () => {
    for (const key of [
      '',
      'month',
      'month:2026-11',
      'year:2026:all',
      'month:2026-11:team:x',
      'competition:x',
    ])
      expect(parseBoardKey(key)).toBeNull();
  });
});
