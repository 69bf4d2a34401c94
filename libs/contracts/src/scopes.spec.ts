import { parseScope, requestedScope, scopeKey, TENURE_BANDS } from './scopes.js';

const TEAM = '5b0c7a52-5a43-4e2b-9d55-0f7f3c0b7a11';

describe('board scopes', () => {
  it('round-trips every scope through its key', () => {
    for (const scope of [
      { kind: 'all' as const },
      { kind: 'team' as const, teamId: TEAM },
      ...TENURE_BANDS.map((band) => ({ kind: 'tenure' as const, band })),
      { kind: 'improved' as const },
      { kind: 'competition' as const, competitionId: TEAM },
    ]) {
      expect(parseScope(scopeKey(scope))).toEqual(scope);
    }
  });

  it('names nothing for unknown kinds, bands or team ids', () => {
    for (const text of [
      '',
      'everyone',
      'tenure:5y',
      'team:',
      'team:abc',
      'improved:month',
      'all:',
      'competition:',
      'competition:demo-week',
    ]) {
      expect(parseScope(text)).toBeNull();
    }
  });

  it('reads a request: scope first, team alone still works, a contradiction is refused', () => {
    expect(requestedScope({})).toEqual({ kind: 'all' });
    expect(requestedScope({ team: TEAM })).toEqual({ kind: 'team', teamId: TEAM });
    expect(requestedScope({ scope: 'tenure:0-3m' })).toEqual({ kind: 'tenure', band: '0-3m' });
    expect(requestedScope({ scope: `team:${TEAM}`, team: TEAM })).toEqual({ kind: 'team', teamId: TEAM });
    expect(requestedScope({ scope: 'improved', team: TEAM })).toBeNull();
    expect(requestedScope({ scope: 'bogus' })).toBeNull();
    expect(requestedScope({ scope: `competition:${TEAM}` })).toEqual({
      kind: 'competition',
      competitionId: TEAM,
    });
    expect(scopeKey({ kind: 'competition', competitionId: TEAM })).toBe(`competition:${TEAM}`);
  });
});
