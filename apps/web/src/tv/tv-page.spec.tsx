import { jest } from '@jest/globals';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useCelebrationsStore } from '../live/celebrations-store.js';
import { useOrgStore } from '../org/org-store.js';
import { FakeSocket, row, snapshot } from '../test-support/fake-socket.js';
import { TvPage } from './tv-page.js';

const ALWAYS_WORKING = { start: '00:00', end: '24:00', weekdays: [1, 2, 3, 4, 5, 6, 7], outsideFactor: 0 };
const KEY = 'month:2026-11:all';

function prefersReducedMotion(reduce: boolean): void {
  window.matchMedia = ((query: string) => ({
    matches: reduce && query.includes('reduce'),
    media: query,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
  })) as unknown as typeof window.matchMedia;
}

/** The API's answers by path; anything else is a 404 (an older API without /api/settings). */
function answerHttp(bodies: Record<string, unknown>): void {
  globalThis.fetch = jest.fn(async (path: string) =>
    path in bodies
      ? { ok: true, status: 200, text: async () => JSON.stringify(bodies[path]) }
      : { ok: false, status: 404, text: async () => '' },
  ) as unknown as typeof fetch;
}

function renderTv(search = '?token=display-1', size = { width: 1920, height: 1080 }) {
  window.history.replaceState(null, '', `/tv${search}`);
  Object.assign(window, { innerWidth: size.width, innerHeight: size.height });
  const socket = new FakeSocket();
  const createSocket = () => socket;
  render(<TvPage createSocket={createSocket} />);
  return socket;
}

function names(): string[] {
  return screen.queryAllByTestId('board-row').map((li) => li.querySelector('.name')?.textContent ?? '');
}

const pointsOf = (name: string) =>
  screen
    .getAllByTestId('board-row')
    .find((li) => li.querySelector('.name')?.textContent === name)
    ?.querySelector('.points')?.textContent;

describe('/tv', () => {
  beforeEach(() => {
    prefersReducedMotion(true);
    useOrgStore.setState({ workingHours: ALWAYS_WORKING });
    answerHttp({ '/api/teams': [{ id: 't1', name: 'Север' }] });
  });

  it('asks for a display token when it has none, instead of a blank screen', () => {
    renderTv('');
    expect(screen.getByRole('heading', { name: 'This screen needs a display token' })).toBeTruthy();
  });

  it('takes the display token out of the address bar and connects with the remembered one', async () => {
    window.history.replaceState(null, '', '/tv?token=dsp_wall_secret&period=week');
    const tokens: string[] = [];
    const socket = new FakeSocket();
    render(
      <TvPage
        createSocket={(token) => {
          tokens.push(token);
          return socket;
        }}
      />,
    );
    expect(window.location.search).toBe('?period=week');
    expect(window.localStorage.getItem('leaderboard.displayToken')).toBe('dsp_wall_secret');
    await waitFor(() => expect(tokens).toEqual(['dsp_wall_secret']));
    act(() => socket.serverConnect());
    await waitFor(() => expect(socket.subscribes.map((s) => s.subscription)).toEqual([{ period: 'week' }]));
    expect(document.body.textContent).not.toContain('dsp_wall_secret');
  });

  it('shows the board: header, rank, name in any script, team, tier and points', async () => {
    const socket = renderTv();
    expect(screen.getByText('Loading the board…')).toBeTruthy();
    act(() => socket.serverConnect());
    act(() =>
      socket.answer(
        'month',
        snapshot('month', 4, [
          row('b', 'Борис Иванов', 2500, { teamId: 't1', tier: 'Bronze' }),
          row('a', '王小明', 12345, { teamId: 't1', tier: 'Gold' }),
        ]),
      ),
    );
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('This month · All teams');
    expect(screen.getByText('November 2026')).toBeTruthy(); // org settings not served: Moscow
    expect(screen.getByTestId('as-of').textContent).toMatch(/^as of \d\d:\d\d$/);
    expect(names()).toEqual(['王小明', 'Борис Иванов']);
    const first = screen.getAllByTestId('board-row')[0];
    expect(first.querySelector('.rank')?.textContent).toBe('1');
    expect(first.querySelector('.avatar')?.textContent).toBe('王');
    expect(first.querySelector('.tier')?.textContent).toBe('Gold');
    expect(first.querySelector('.points')?.textContent).toBe('12,345');
    expect(await within(first).findByText('Север')).toBeTruthy();
    expect(globalThis.fetch).toHaveBeenCalledWith('/api/teams', {
      headers: { authorization: 'Bearer display-1' },
    });
  });

  it('shows movement arrows when ranks change', () => {
    const socket = renderTv();
    act(() => socket.serverConnect());
    act(() => socket.answer('month', snapshot('month', 1, [row('a', 'Anna', 300), row('b', 'Boris', 200)])));
    expect(screen.queryAllByTestId('movement')).toHaveLength(0);
    act(() => socket.fire('board:delta', { key: KEY, seq: 2, rows: [row('b', 'Boris', 450)], removed: [] }));
    expect(names()).toEqual(['Boris', 'Anna']);
    const arrows = screen.getAllByTestId('movement');
    expect(arrows.map((arrow) => arrow.getAttribute('aria-label'))).toEqual(['up 1', 'down 1']);
    expect(arrows.map((arrow) => arrow.textContent)).toEqual(['▲1', '▼1']);
  });

  it("shows the rep's photo over the initials, follows a changed one, and puts it on the celebration", () => {
    const socket = renderTv();
    act(() => socket.serverConnect());
    act(() =>
      socket.answer(
        'month',
        snapshot('month', 1, [
          row('a', 'Anna Petrova', 300, { photoUrl: 'https://cdn.example.com/a.jpg' }),
          row('b', 'Boris', 200, { photoUrl: null }),
        ]),
      ),
    );
    const photoOf = (name: string) =>
      screen
        .getAllByTestId('board-row')
        .find((li) => li.querySelector('.name')?.textContent === name)
        ?.querySelector('.avatar img')
        ?.getAttribute('src');
    expect(photoOf('Anna Petrova')).toBe('https://cdn.example.com/a.jpg');
    expect(photoOf('Boris')).toBeUndefined();
    // Only the photo changed (points the same): the row still shows the new one.
    act(() =>
      socket.fire('board:delta', {
        key: KEY,
        seq: 2,
        rows: [row('a', 'Anna Petrova', 300, { photoUrl: 'https://cdn.example.com/a2.jpg' })],
        removed: [],
      }),
    );
    expect(photoOf('Anna Petrova')).toBe('https://cdn.example.com/a2.jpg');
    act(() =>
      socket.fire('celebration', {
        kind: 'deal_won',
        repId: 'a',
        name: 'Anna Petrova',
        teamId: null,
        at: new Date().toISOString(),
      }),
    );
    const card = screen.getByTestId('celebration');
    expect(card.querySelector('.avatar img')?.getAttribute('src')).toBe('https://cdn.example.com/a2.jpg');
    expect(card.querySelector('.avatar')?.textContent).toBe('AP');
  });

  it('keeps the last rows under a reconnecting badge while the socket is down, and recovers', () => {
    const socket = renderTv();
    act(() => socket.serverConnect());
    act(() => socket.answer('month', snapshot('month', 1, [row('a', 'Anna', 300), row('b', 'Boris', 200)])));
    expect(screen.queryByTestId('connection-badge')).toBeNull();

    act(() => socket.serverDrop());
    expect(screen.getByTestId('connection-badge').textContent).toMatch(/^Reconnecting…last live \d\d:\d\d$/);
    expect(names()).toEqual(['Anna', 'Boris']);

    act(() => socket.serverConnect());
    act(() => socket.answer('month', snapshot('month', 5, [row('a', 'Anna', 300), row('b', 'Boris', 900)])));
    expect(screen.queryByTestId('connection-badge')).toBeNull();
    expect(names()).toEqual(['Boris', 'Anna']);
  });

  it('celebrates a won deal with the name and the amount in the org currency, one at a time', () => {
    const socket = renderTv();
    act(() => socket.serverConnect());
    const deal = {
      kind: 'deal_won',
      repId: 'a',
      teamId: null,
      currency: 'RUB',
      at: new Date().toISOString(),
    };
    act(() => socket.fire('celebration', { ...deal, name: 'Анна Петрова', amount: 1_500_000_00 }));
    act(() => socket.fire('celebration', { ...deal, name: 'Boris', amount: 10_000_00 }));
    const overlay = screen.getByTestId('celebration');
    expect(overlay.textContent).toContain('Анна Петрова');
    expect(overlay.textContent).toContain('closed a deal');
    expect(overlay.textContent?.replace(/[\u00a0\u202f]/g, ' ')).toContain('RUB 1,500,000');
    expect(screen.getAllByTestId('celebration')).toHaveLength(1);

    act(() => useCelebrationsStore.getState().advance());
    expect(screen.getByTestId('celebration').textContent).toContain('Boris');
  });

  it('takes the org name, currency, time zone and working hours from /api/settings', async () => {
    answerHttp({
      '/api/teams': [],
      '/api/settings': {
        orgName: 'Acme',
        timezone: 'America/New_York',
        currency: 'USD',
        workingHours: { start: '08:00', end: '17:00', weekdays: [1, 2, 3, 4, 5, 6, 7], outsideFactor: 0 },
      },
    });
    const socket = renderTv();
    act(() => socket.serverConnect());
    act(() => socket.answer('month', snapshot('month', 1, [row('a', 'Anna', 1)])));
    await waitFor(() => expect(useOrgStore.getState().timeZone).toBe('America/New_York'));
    expect(await screen.findByText(/^Acme · /)).toBeTruthy();
    // 09:30 UTC in the snapshot's `asOf` does not matter: "as of" is when the screen applied it.
    expect(screen.getByTestId('as-of').textContent).toBe(
      `as of ${new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'America/New_York' }).format(new Date())}`,
    );
    expect(useOrgStore.getState().workingHours.start).toBe('08:00');
    useOrgStore.setState({ workingHours: ALWAYS_WORKING });
    const deal = { kind: 'deal_won', repId: 'a', name: 'Anna', teamId: null, amount: 250_000, at: '' };
    act(() => socket.fire('celebration', deal));
    expect(screen.getByTestId('celebration').textContent).toContain('$2,500');
  });

  it('celebrates a new tier by its name', () => {
    const socket = renderTv();
    act(() => socket.serverConnect());
    act(() =>
      socket.fire('celebration', {
        kind: 'tier',
        repId: 'a',
        name: 'Anna',
        teamId: null,
        tier: 'Gold',
        at: '',
      }),
    );
    expect(screen.getByTestId('celebration').textContent).toContain('reached Gold');
  });

  it('switches language: every text and the number format follow', () => {
    const socket = renderTv();
    act(() => socket.serverConnect());
    act(() => socket.answer('month', snapshot('month', 1, [row('a', 'Anna', 12345)])));
    fireEvent.click(screen.getByRole('button', { name: 'RU' }));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Этот месяц · Все команды');
    expect(screen.getByTestId('as-of').textContent).toMatch(/^на \d\d:\d\d$/);
    expect(pointsOf('Anna')?.replace(/[\u00a0\u202f]/g, ' ')).toBe('12 345');
    act(() => socket.serverDrop());
    expect(screen.getByTestId('connection-badge').textContent).toContain('Переподключение…');
  });

  it('shows the top that fits and a strip of the biggest movers below it', () => {
    const socket = renderTv();
    act(() => socket.serverConnect());
    const rows = Array.from({ length: 20 }, (_, i) =>
      row(`r${i}`, `Rep ${String(i).padStart(2, '0')}`, 2000 - i * 10),
    );
    act(() => socket.answer('month', snapshot('month', 1, rows)));
    const visible = names().length;
    expect(visible).toBeGreaterThan(5);
    expect(visible).toBeLessThan(20);
    // Nobody below the top moved yet: the strip shows who comes next.
    expect(screen.getByTestId('strip').querySelector('h2')?.textContent).toBe('Up next');
    expect(screen.getAllByTestId('mover')[0].querySelector('.strip-rank')?.textContent).toBe(
      String(visible + 1),
    );
    act(() =>
      socket.fire('board:delta', { key: KEY, seq: 2, rows: [row('r19', 'Rep 19', 1875)], removed: [] }),
    );
    expect(screen.getAllByTestId('mover').map((li) => li.querySelector('.name')?.textContent)).toEqual([
      'Rep 19',
    ]);
    expect(screen.getByText(`and ${20 - visible - 1} more reps`)).toBeTruthy();
  });

  it('shows the most improved board: its name, and each change against the usual, ranked by it', () => {
    const socket = renderTv('?token=display-1&period=month&scope=improved');
    act(() => socket.serverConnect());
    expect(socket.subscribes.at(-1)?.subscription).toEqual({ period: 'month', scope: 'improved' });
    act(() =>
      socket.answer(
        'month',
        snapshot(
          'month',
          3,
          [
            row('b', 'Борис', 210, { rankValue: -5_000, baselineMilliPoints: 420_000 }),
            row('v', 'Вера', 420, { rankValue: 30_000, baselineMilliPoints: 105_000 }),
            row('a', 'Анна', 630, { rankValue: 5_000, baselineMilliPoints: 420_000 }),
          ],
          'month:2026-11:improved',
        ),
      ),
    );
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('This month · Most improved');
    expect(names()).toEqual(['Вера', 'Анна', 'Борис']);
    expect(screen.getAllByTestId('change').map((el) => el.textContent)).toEqual([
      '+300% vs usual',
      '+50% vs usual',
      '-50% vs usual',
    ]);
    // A delta re-ranks by the change, not by points.
    act(() =>
      socket.fire('board:delta', {
        key: 'month:2026-11:improved',
        seq: 4,
        rows: [row('b', 'Борис', 1_260, { rankValue: 50_000, baselineMilliPoints: 420_000 })],
        removed: [],
      }),
    );
    expect(names()).toEqual(['Борис', 'Вера', 'Анна']);
  });

  it('names a tenure bracket board in the header', () => {
    const socket = renderTv('?token=display-1&scope=tenure:0-3m');
    act(() => socket.serverConnect());
    act(() =>
      socket.answer('month', snapshot('month', 1, [row('a', 'Анна', 630)], 'month:2026-11:tenure:0-3m')),
    );
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('This month · First 3 months');
    expect(screen.queryAllByTestId('change')).toEqual([]);
  });

  it('rotates between the boards of the URL', () => {
    jest.useFakeTimers();
    try {
      const socket = renderTv('?token=display-1&rotate=today,week&every=10');
      act(() => socket.serverConnect());
      expect(socket.subscribes.map((s) => s.subscription.period)).toEqual(['today', 'week']);
      expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Today · All teams');
      act(() => jest.advanceTimersByTime(10_000));
      expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('This week · All teams');
      act(() => jest.advanceTimersByTime(10_000));
      expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Today · All teams');
    } finally {
      jest.useRealTimers();
    }
  });

  it('counts points up when motion is welcome, and jumps when reduced motion is asked for', async () => {
    prefersReducedMotion(false);
    const socket = renderTv();
    act(() => socket.serverConnect());
    act(() => socket.answer('month', snapshot('month', 1, [row('a', 'Anna', 100)])));
    act(() => socket.fire('board:delta', { key: KEY, seq: 2, rows: [row('a', 'Anna', 5000)], removed: [] }));
    expect(pointsOf('Anna')).toBe('100');
    await waitFor(() => expect(pointsOf('Anna')).not.toBe('100'));
    await waitFor(() => expect(pointsOf('Anna')).toBe('5,000'), { timeout: 3000 });
  });

  it('lets points jump instead of counting while a celebration covers the board, and count again after', async () => {
    prefersReducedMotion(false);
    const socket = renderTv();
    act(() => socket.serverConnect());
    act(() => socket.answer('month', snapshot('month', 1, [row('a', 'Anna', 100)])));
    act(() =>
      socket.fire('celebration', {
        kind: 'deal_won',
        repId: 'a',
        name: 'Anna',
        teamId: null,
        at: new Date().toISOString(),
      }),
    );
    act(() => socket.fire('board:delta', { key: KEY, seq: 2, rows: [row('a', 'Anna', 5000)], removed: [] }));
    expect(pointsOf('Anna')).toBe('5,000');
    // The celebration ends: motion is back for the next change.
    act(() => useCelebrationsStore.getState().advance());
    act(() => socket.fire('board:delta', { key: KEY, seq: 3, rows: [row('a', 'Anna', 9000)], removed: [] }));
    expect(pointsOf('Anna')).toBe('5,000');
    await waitFor(() => expect(pointsOf('Anna')).toBe('9,000'), { timeout: 3000 });
  });

  it('jumps straight to the new points under reduced motion', () => {
    const socket = renderTv();
    act(() => socket.serverConnect());
    act(() => socket.answer('month', snapshot('month', 1, [row('a', 'Anna', 100)])));
    act(() => socket.fire('board:delta', { key: KEY, seq: 2, rows: [row('a', 'Anna', 5000)], removed: [] }));
    expect(pointsOf('Anna')).toBe('5,000');
  });
});
