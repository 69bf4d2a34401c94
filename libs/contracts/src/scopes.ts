/**
 * Who a board ranks (SPEC section 2, issue 5's fair boards): everyone, one team, the reps of one
 * tenure band, or everyone against their own past ("most improved").
 */

/** Tenure bands, by whole months since a rep's start date: under 3, 3 to 12, 12 to 24, 24 and more. */
export const TENURE_BANDS = ['0-3m', '3-12m', '1-2y', '2y-plus'] as const;
export type TenureBand = (typeof TENURE_BANDS)[number];

export type BoardScope =
  | { kind: 'all' }
  | { kind: 'team'; teamId: string }
  | { kind: 'tenure'; band: TenureBand }
  /** Ranked by change against each rep's own baseline (`rankValue` = basis points). */
  | { kind: 'improved' }
  /**
   * A named competition's board (issue 6): its own window and rule set, reps or teams ranked. The
   * period of a request is ignored for it: the window is the competition's.
   */
  | { kind: 'competition'; competitionId: string };

export const ALL_SCOPE: BoardScope = { kind: 'all' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The scope's part of a board key and of `scope=` in the API: `all`, `team:<id>`, `tenure:1-2y`,
 * `improved`, `competition:<id>` (a competition's board key is `competition:<id>` alone: no period).
 */
export function scopeKey(scope: BoardScope): string {
  switch (scope.kind) {
    case 'all':
      return 'all';
    case 'team':
      return `team:${scope.teamId}`;
    case 'tenure':
      return `tenure:${scope.band}`;
    case 'improved':
      return 'improved';
    case 'competition':
      return `competition:${scope.competitionId}`;
  }
}

/** The scope a `scopeKey` names; null for anything else. */
export function parseScope(text: string): BoardScope | null {
  if (text === 'all') return ALL_SCOPE;
  if (text === 'improved') return { kind: 'improved' };
  if (text.startsWith('team:')) {
    const teamId = text.slice(5);
    return UUID.test(teamId) ? { kind: 'team', teamId } : null;
  }
  if (text.startsWith('competition:')) {
    const competitionId = text.slice(12);
    return UUID.test(competitionId) ? { kind: 'competition', competitionId } : null;
  }
  if (text.startsWith('tenure:')) {
    const band = text.slice(7);
    return (TENURE_BANDS as readonly string[]).includes(band)
      ? { kind: 'tenure', band: band as TenureBand }
      : null;
  }
  return null;
}

/**
 * The scope a subscription or a board query names: `scope` when given, else `team`, else
 * everyone; null when `scope` names none or contradicts `team`.
 */
export function requestedScope(request: { team?: string; scope?: string }): BoardScope | null {
  if (request.scope === undefined) return request.team ? { kind: 'team', teamId: request.team } : ALL_SCOPE;
  const scope = parseScope(request.scope);
  if (scope === null) return null;
  if (request.team !== undefined && (scope.kind !== 'team' || scope.teamId !== request.team)) return null;
  return scope;
}

/** The team a scope is about, if any (for team checks and team celebrations). */
export const teamOfScope = (scope: BoardScope): string | undefined =>
  scope.kind === 'team' ? scope.teamId : undefined;
