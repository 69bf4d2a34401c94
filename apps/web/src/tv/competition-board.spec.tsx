import { act, render, screen } from '@testing-library/react';
import type { Celebration } from '@leaderboard/contracts';
import { useLocaleStore } from '../i18n/i18n.js';
import { useBoardsStore } from '../live/boards-store.js';
import { useCelebrationsStore } from '../live/celebrations-store.js';
import { useOrgStore } from '../org/org-store.js';
import { CelebrationOverlay } from './celebration-overlay.js';
import { parseRotation } from './rotation.js';
import { TvHeader } from './tv-header.js';

const ID = '5b0c7a52-5a43-4e2b-9d55-0f7f3c0b7a11';
const ALWAYS_WORKING = { start: '00:00', end: '24:00', weekdays: [1, 2, 3, 4, 5, 6, 7], outsideFactor: 0 };

const winner = (name: string, winnerKind: 'rep' | 'team'): Celebration => ({
  kind: 'competition',
  repId: 'r1',
  name,
  teamId: null,
  competition: 'Demo week',
  competitionId: ID,
  winnerKind,
  at: new Date().toISOString(),
});

describe('a competition on the TV', () => {
  beforeEach(() => {
    useOrgStore.setState({ workingHours: ALWAYS_WORKING });
    useLocaleStore.setState({ locale: 'en' });
  });

  it('puts a competition board in the rotation, once whatever the period', () => {
    expect(parseRotation(`?rotate=month,competition:${ID},week:competition:${ID}&every=10`)).toEqual({
      boards: [{ period: 'month' }, { period: 'month', scope: `competition:${ID}` }],
      everyMs: 10_000,
    });
    expect(parseRotation(`?scope=competition:${ID}`).boards).toEqual([
      { period: 'month', scope: `competition:${ID}` },
    ]);
    // Not a competition id: no such board.
    expect(parseRotation('?rotate=competition:demo-week,today').boards).toEqual([{ period: 'today' }]);
  });

  it('names the competition in the header from its snapshot', () => {
    const scope = { kind: 'competition' as const, competitionId: ID };
    act(() =>
      useBoardsStore.getState().apply(`month:competition:${ID}`, {
        board: {
          key: `competition:${ID}`,
          period: 'month',
          from: '2026-11-16T00:00:00.000Z',
          to: '2026-11-21T00:00:00.000Z',
          scope,
          competition: { id: ID, name: 'Demo week', mode: 'teams' },
        },
        seq: 1,
        rows: [],
        asOf: '2026-11-18T10:00:00.000Z',
        connected: true,
        error: null,
        resyncs: 0,
      }),
    );
    render(<TvHeader boardId={`month:competition:${ID}`} period="month" scope={scope} index={0} count={1} />);
    expect(screen.getByRole('heading').textContent).toBe('Competition · Demo week');
  });

  it('celebrates the winner of a competition, a rep or a team, in English and Russian', () => {
    render(<CelebrationOverlay reducedMotion />);
    act(() => useCelebrationsStore.getState().enqueue(winner('Anna', 'rep')));
    const card = screen.getByTestId('celebration');
    expect(card.querySelector('.tv-celebration-name')?.textContent).toBe('Anna');
    expect(card.querySelector('.tv-celebration-what')?.textContent).toBe('won Demo week');
    expect(card.querySelector('[data-icon="competition"]')).not.toBeNull();

    act(() => useLocaleStore.setState({ locale: 'ru' }));
    act(() => useCelebrationsStore.getState().advance());
    act(() => useCelebrationsStore.getState().enqueue(winner('Север', 'team')));
    const next = screen.getByTestId('celebration');
    expect(next.querySelector('.tv-celebration-name')?.textContent).toBe('Север');
    expect(next.querySelector('.tv-celebration-what')?.textContent).toBe('побеждает в «Demo week»');
  });
});
