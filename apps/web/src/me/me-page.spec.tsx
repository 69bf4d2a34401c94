import { jest } from '@jest/globals';
import type { BreakdownResponse, LineItem } from '@leaderboard/contracts';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useLocaleStore } from '../i18n/i18n.js';
import { useSessionStore } from '../session/session-store.js';
import { FakeSocket, row, snapshot } from '../test-support/fake-socket.js';
import { MePage } from './me-page.js';
import { lineItem } from '../test-support/line-item.js';

type Reply = { status: number; body?: unknown };

/** A fetch that answers from `routes` by "METHOD path" (a function: a fresh answer per call). */
function fakeFetch(routes: Record<string, Reply | (() => Reply)>) {
  const calls: string[] = [];
  globalThis.fetch = jest.fn(async (path: string, init: RequestInit = {}) => {
    const key = `${init.method ?? 'GET'} ${path}`;
    calls.push(key);
    const route = routes[key];
    const reply = (typeof route === 'function' ? route() : route) ?? {
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: key, details: [] } },
    };
    return {
      ok: reply.status < 400,
      status: reply.status,
      text: async () => (reply.body === undefined ? '' : JSON.stringify(reply.body)),
      json: async () => reply.body,
    } as Response;
  }) as unknown as typeof fetch;
  return calls;
}

const ANNA = { id: 'u1', email: 'anna@example.com', role: 'rep' as const, repId: 'anna' };

function breakdown(
  period: 'today' | 'week' | 'month',
  lineItems: LineItem[],
  capReached = true,
): BreakdownResponse {
  return {
    repId: 'anna',
    period,
    from: '2026-11-24T21:00:00.000Z',
    to: '2026-11-25T21:00:00.000Z',
    points: 420,
    milliPoints: 420_000,
    caps: [
      {
        category: 'calls',
        day: '2026-11-25',
        capMilliPoints: 300_000,
        usedMilliPoints: capReached ? 300_000 : 120_000,
        reached: capReached,
      },
      {
        category: 'emails',
        day: '2026-11-25',
        capMilliPoints: 60_000,
        usedMilliPoints: 14_000,
        reached: false,
      },
    ],
    lineItems,
    tierProgress: {
      period: 'month',
      from: '2026-10-31T21:00:00.000Z',
      to: '2026-11-30T21:00:00.000Z',
      milliPoints: 8_760_000,
      current: { name: 'Silver', payout: 1_500_000 },
      next: {
        name: 'Gold',
        minPoints: 10_000,
        payout: 4_000_000,
        missing: [
          { what: 'points', have: 8_760_000, need: { gte: 10_000_000 }, more: 1_240_000 },
          { what: 'dealsWon', have: 2, need: { gte: 3 }, more: 1 },
          { what: 'leadConversionPct', have: 10, need: { gte: 15 }, more: null },
        ],
      },
      currency: 'RUB',
    },
  };
}

const TODAY_ITEMS = [
  lineItem({ eventId: 'e1', occurredAt: '2026-11-25T07:00:00.000Z', points: 12, milliPoints: 12_000 }),
  lineItem({
    eventId: 'e2',
    occurredAt: '2026-11-25T08:00:00.000Z',
    factors: [{ rule: 'weights[0]: durationSec lt 30', factor: 0 }],
    reasons: ['durationSec lt 30: x0'],
    milliPoints: 0,
    points: 0,
  }),
  lineItem({
    eventId: 'e3',
    occurredAt: '2026-11-25T09:00:00.000Z',
    capped: 10_000,
    milliPoints: 0,
    points: 0,
    reasons: ['cap "calls" reached'],
  }),
];

/** Eight reps on each board; Anna is fourth today, last this week, first this month. */
const BOARDS = {
  today: ['b1', 'b2', 'b3', 'anna', 'b5', 'b6', 'b7', 'b8'],
  week: ['b1', 'b2', 'b3', 'b5', 'b6', 'b7', 'b8', 'anna'],
  month: ['anna', 'b1', 'b2', 'b3', 'b5', 'b6', 'b7', 'b8'],
};

function boardRows(order: string[]) {
  return order.map((id, i) =>
    row(id, id === 'anna' ? 'Анна Петрова' : `Rep ${id}`, 1000 - i * 100, { rank: i + 1 }),
  );
}

function signIn() {
  useSessionStore.setState({ token: 'tok-anna', user: ANNA });
}

async function renderSignedIn(routes: Record<string, Reply | (() => Reply)> = {}) {
  const calls = fakeFetch({
    'GET /api/reps/anna/breakdown?period=today': { status: 200, body: breakdown('today', TODAY_ITEMS) },
    ...routes,
  });
  signIn();
  const socket = new FakeSocket();
  const createSocket = () => socket;
  render(<MePage createSocket={createSocket} />);
  act(() => socket.serverConnect());
  await waitFor(() => expect(socket.subscribes).toHaveLength(3));
  for (const period of ['today', 'week', 'month'] as const) {
    act(() => socket.answer(period, snapshot(period, 1, boardRows(BOARDS[period]), `${period}:k:all`)));
  }
  await screen.findByText('Call: under 30 s, 0 points');
  return { socket, calls };
}

const aroundNames = () =>
  screen
    .getAllByTestId('around-row')
    .map((li) => li.querySelector('.me-around-name')?.firstChild?.textContent);

describe('/me', () => {
  it('asks a signed-out visitor to sign in, and opens nothing live', () => {
    const calls = fakeFetch({});
    render(<MePage createSocket={() => new FakeSocket()} />);
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Sign out' })).toBeNull();
    expect(calls).toEqual([]);
  });

  it('shows my rank and points today, this week and this month', async () => {
    const { socket } = await renderSignedIn();
    expect(socket.subscribes.map((s) => s.subscription)).toEqual([
      { period: 'today' },
      { period: 'week' },
      { period: 'month' },
    ]);
    const today = screen.getByTestId('tile-today');
    expect(today.getAttribute('aria-pressed')).toBe('true');
    expect(within(today).getByText('#4')).toBeTruthy();
    expect(within(today).getByText('of 8')).toBeTruthy();
    expect(within(today).getByText('700 points')).toBeTruthy();
    expect(within(screen.getByTestId('tile-week')).getByText('#8')).toBeTruthy();
    expect(within(screen.getByTestId('tile-month')).getByText('1,000 points')).toBeTruthy();
    expect(screen.getByText('Hi, Анна Петрова')).toBeTruthy();
  });

  it('shows the five places around me with my row highlighted, shifting at the ends', async () => {
    await renderSignedIn({
      'GET /api/reps/anna/breakdown?period=week': { status: 200, body: breakdown('week', []) },
    });
    expect(aroundNames()).toEqual(['Rep b2', 'Rep b3', 'Анна Петрова', 'Rep b5', 'Rep b6']);
    const mine = screen.getAllByTestId('around-row')[2];
    expect(mine.getAttribute('aria-current')).toBe('true');
    expect(mine.className).toContain('me-around-mine');

    fireEvent.click(screen.getByTestId('tile-week'));
    expect(aroundNames()).toEqual(['Rep b5', 'Rep b6', 'Rep b7', 'Rep b8', 'Анна Петрова']);
    expect(await screen.findByText('Nothing here yet.')).toBeTruthy();
  });

  it('shows progress to the next tier, every missing item and its payout', async () => {
    await renderSignedIn();
    const tier = screen.getByTestId('tier');
    expect(within(tier).getByText('Now: Silver')).toBeTruthy();
    expect(within(tier).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('88');
    expect(within(tier).getByText('8,760 of 10,000 points')).toBeTruthy();
    expect(within(tier).getByText('For Gold you still need:')).toBeTruthy();
    expect(
      within(tier)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['1,240 points', '1 more won deal', 'lead conversion 10% of 15%']);
    expect(within(tier).getByText('Bonus for Gold: RUB 40,000')).toBeTruthy();
  });

  it('says so at the top tier', async () => {
    const top = breakdown('today', TODAY_ITEMS);
    top.tierProgress = { ...top.tierProgress, current: { name: 'Gold', payout: 4_000_000 }, next: null };
    await renderSignedIn({ 'GET /api/reps/anna/breakdown?period=today': { status: 200, body: top } });
    expect(within(screen.getByTestId('tier')).getByText('You are at the top tier: Gold.')).toBeTruthy();
  });

  it("meters today's caps and explains each line item, newest first", async () => {
    await renderSignedIn();
    const caps = screen.getByTestId('caps');
    expect(within(caps).getByText('calls: cap reached, quality counts now')).toBeTruthy();
    expect(within(caps).getByText('e-mails: 14 of 60 points')).toBeTruthy();
    const items = screen
      .getAllByTestId('line-item')
      .map((li) => li.querySelector('.me-item-text')?.textContent);
    expect(items).toEqual(['Call: cap reached, 0 points', 'Call: under 30 s, 0 points', 'Call: 12 points']);
    // Times in the org's zone (Moscow by default).
    expect(screen.getAllByTestId('line-item')[0].querySelector('time')?.textContent).toBe('12:00');
  });

  it('shows the newest 50 line items of a month and the rest on request', async () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      lineItem({
        eventId: `m${i}`,
        occurredAt: new Date(Date.UTC(2026, 10, 1 + (i % 25), 8, i)).toISOString(),
      }),
    );
    await renderSignedIn({
      'GET /api/reps/anna/breakdown?period=month': { status: 200, body: breakdown('month', many) },
    });
    fireEvent.click(screen.getByTestId('tile-month'));
    await waitFor(() => expect(screen.getAllByTestId('line-item')).toHaveLength(50));
    // Grouped by the day in the org's zone, newest first.
    expect(screen.getAllByTestId('line-item')[0].querySelector('time')?.textContent).toBe('11:49');
    const days = screen.getAllByTestId('line-item-day').map((li) => li.textContent);
    expect(days.slice(0, 2)).toEqual(['Wednesday, November 25', 'Tuesday, November 24']);
    fireEvent.click(screen.getByRole('button', { name: 'Show 10 more' }));
    expect(screen.getAllByTestId('line-item')).toHaveLength(60);
    expect(screen.queryByRole('button', { name: /more/ })).toBeNull();
  });

  it('reads my breakdown again about a second after a delta changes my row', async () => {
    let read = 0;
    const { socket, calls } = await renderSignedIn({
      'GET /api/reps/anna/breakdown?period=today': () => {
        read += 1;
        const items =
          read === 1
            ? TODAY_ITEMS
            : [
                ...TODAY_ITEMS,
                lineItem({
                  eventId: 'e4',
                  occurredAt: '2026-11-25T10:00:00Z',
                  type: 'deal_won',
                  points: 250,
                }),
              ];
        return { status: 200, body: breakdown('today', items, read === 1) };
      },
    });
    const reads = () => calls.filter((c) => c.includes('breakdown?period=today')).length;
    expect(reads()).toBe(1);
    // Someone else's row changes: nothing to read.
    act(() =>
      socket.fire('board:delta', {
        key: 'today:k:all',
        seq: 2,
        rows: [row('b8', 'Rep b8', 10, { rank: 8 })],
        removed: [],
      }),
    );
    // Mine does, twice in a burst: one read.
    act(() =>
      socket.fire('board:delta', {
        key: 'today:k:all',
        seq: 3,
        rows: [row('anna', 'Анна Петрова', 900)],
        removed: [],
      }),
    );
    act(() =>
      socket.fire('board:delta', {
        key: 'today:k:all',
        seq: 4,
        rows: [row('anna', 'Анна Петрова', 950)],
        removed: [],
      }),
    );
    expect(within(screen.getByTestId('tile-today')).getByText('#2')).toBeTruthy();
    expect(await screen.findByText('Deal won: 250 points', {}, { timeout: 3000 })).toBeTruthy();
    expect(reads()).toBe(2);
    expect(screen.getByText('calls: 120 of 300 points')).toBeTruthy();
  });

  it('keeps trying when the API fails, and says so meanwhile', async () => {
    jest.useFakeTimers();
    try {
      let read = 0;
      fakeFetch({
        'GET /api/reps/anna/breakdown?period=today': () =>
          ++read === 1
            ? { status: 503, body: { error: { code: 'INTERNAL', message: 'down', details: [] } } }
            : { status: 200, body: breakdown('today', TODAY_ITEMS) },
      });
      signIn();
      render(<MePage createSocket={() => new FakeSocket()} />);
      await act(async () => {
        await jest.advanceTimersByTimeAsync(100);
      });
      expect(
        within(screen.getByTestId('caps')).getByText('Could not load your points. Trying again…'),
      ).toBeTruthy();
      await act(async () => {
        await jest.advanceTimersByTimeAsync(5_000);
      });
      expect(read).toBe(2);
      expect(screen.getByText('Call: under 30 s, 0 points')).toBeTruthy();
      expect(screen.queryByText(/Could not load/)).toBeNull();
    } finally {
      jest.useRealTimers();
    }
  });

  it('speaks Russian', async () => {
    useLocaleStore.setState({ locale: 'ru' });
    fakeFetch({
      'GET /api/reps/anna/breakdown?period=today': { status: 200, body: breakdown('today', TODAY_ITEMS) },
    });
    signIn();
    const socket = new FakeSocket();
    render(<MePage createSocket={() => socket} />);
    act(() => socket.serverConnect());
    act(() => socket.answer('today', snapshot('today', 1, boardRows(BOARDS.today), 'today:k:all')));
    expect(await screen.findByText('Звонок: короче 30 с, 0 очков')).toBeTruthy();
    expect(screen.getByText('звонки: лимит на сегодня исчерпан, теперь важнее качество')).toBeTruthy();
    expect(screen.getByText('ещё 1 выигранная сделка')).toBeTruthy();
    expect(within(screen.getByTestId('tile-today')).getByText('4')).toBeTruthy();
    expect(within(screen.getByTestId('tile-today')).getByText('место из 8')).toBeTruthy();
    expect(screen.getByText(/^Бонус за Gold: 40\s000\s₽$/)).toBeTruthy();
  });

  it('signs out back to the login form', async () => {
    await renderSignedIn();
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(screen.getByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(useSessionStore.getState().token).toBeNull();
  });

  it('tells a login without a rep that there is nothing to show', () => {
    fakeFetch({});
    useSessionStore.setState({ token: 'tok-admin', user: { ...ANNA, role: 'admin', repId: null } });
    render(<MePage createSocket={() => new FakeSocket()} />);
    expect(screen.getByText(/not linked to a rep/)).toBeTruthy();
  });
});
