import { render, screen, within } from '@testing-library/react';
import type { BurnoutDay, BurnoutRep, BurnoutResponse } from '@leaderboard/contracts';
import { useLocaleStore } from '../../i18n/i18n.js';
import { useSessionStore } from '../../session/session-store.js';
import { BurnoutTab } from './burnout-tab.js';
import { fakeApi } from '../../test-support/fake-api.js';

/** Days 16..22 November 2026 (Monday to Sunday); `at` overrides some of them. */
function week(at: Record<number, Partial<BurnoutDay>> = {}): BurnoutDay[] {
  return [16, 17, 18, 19, 20, 21, 22].map((d) => ({
    day: `2026-11-${d}`,
    workingDay: d < 21,
    caps: [],
    capReached: false,
    afterHoursEvents: 0,
    afterHoursHours: 0,
    capStreak: 0,
    afterHoursStreak: 0,
    ...at[d],
  }));
}

const CALLS_FULL = {
  category: 'calls',
  capMilliPoints: 300_000,
  usedMilliPoints: 300_000,
  attemptedMilliPoints: 420_000,
  reached: true,
};

const ANNA: BurnoutRep = {
  repId: 'r-anna',
  name: 'Анна Смирнова',
  teamId: 't1',
  flagged: true,
  flags: [{ kind: 'cap_streak', category: 'calls', days: 5, threshold: 5 }],
  days: week(
    Object.fromEntries([16, 17, 18, 19, 20].map((d) => [d, { caps: [CALLS_FULL], capReached: true }])),
  ),
};

const BORIS: BurnoutRep = {
  repId: 'r-boris',
  name: 'Boris Petrov',
  teamId: 't1',
  flagged: true,
  flags: [{ kind: 'after_hours_streak', days: 3, threshold: 3 }],
  days: week({
    18: { afterHoursEvents: 1, afterHoursHours: 1 },
    19: { afterHoursEvents: 4, afterHoursHours: 2 },
    20: { afterHoursEvents: 1, afterHoursHours: 1 },
  }),
};

const VERA: BurnoutRep = {
  repId: 'r-vera',
  name: 'Vera',
  teamId: 't2',
  flagged: false,
  flags: [],
  days: week(),
};

function report(reps: BurnoutRep[]): BurnoutResponse {
  return {
    from: '2026-11-16',
    to: '2026-11-22',
    timezone: 'Europe/Moscow',
    thresholds: { capStreakDays: 5, afterHoursStreakDays: 3 },
    reps,
  };
}

describe('burnout tab', () => {
  beforeEach(() => {
    useSessionStore.setState({
      token: 'tok',
      user: { id: 'u1', email: 'boss@example.com', role: 'manager', repId: null },
    });
  });

  it('lists flagged reps first with their reasons in words, and a grid of days', async () => {
    const calls = fakeApi({ 'GET /api/burnout': { status: 200, body: report([ANNA, BORIS, VERA]) } });
    render(<BurnoutTab />);
    expect(await screen.findByText('2 reps show signs of overload')).toBeTruthy();
    expect(calls.map((c) => c.key)).toEqual(['GET /api/burnout']);
    expect(screen.getByText(/after 5 working days in a row at a daily cap, or 3 days in a row/)).toBeTruthy();

    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual([
      'Анна Смирнова5 days in a row at the calls cap',
      'Boris Petrovafter hours 3 days in a row',
      'VeraNo overload',
    ]);
    // One column per day, the weekday and date in the header.
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['Rep', 'Mon 16', 'Tue 17', 'Wed 18', 'Thu 19', 'Fri 20', 'Sat 21', 'Sun 22']);

    // Anna's Monday: the cap, in points, in the cell's label.
    const anna = rows[0].querySelectorAll('td');
    expect(anna).toHaveLength(7);
    expect(anna[0].getAttribute('aria-label')).toBe('2026-11-16; calls: 300 of 300 points (cap reached)');
    expect(anna[0].className).toContain('is-capped');
    expect(anna[5].getAttribute('aria-label')).toBe('2026-11-21; day off');
    // Boris's Thursday: 4 events in 2 hours after hours.
    const boris = rows[1].querySelectorAll('td');
    expect(boris[3].textContent).toBe('2h');
    expect(boris[3].getAttribute('aria-label')).toBe('2026-11-19; after hours: 4 events in 2 h');
    expect(boris[0].textContent).toBe('');
  });

  it('says so when nobody is flagged', async () => {
    fakeApi({ 'GET /api/burnout': { status: 200, body: report([VERA]) } });
    render(<BurnoutTab />);
    expect(await screen.findByText('Nobody shows signs of overload.')).toBeTruthy();
  });

  it('speaks Russian, plural forms included', async () => {
    useLocaleStore.setState({ locale: 'ru' });
    const mixed: BurnoutRep = {
      ...ANNA,
      flags: [
        { kind: 'cap_streak', category: null, days: 6, threshold: 5 },
        { kind: 'after_hours_streak', days: 3, threshold: 3 },
      ],
    };
    fakeApi({ 'GET /api/burnout': { status: 200, body: report([mixed, VERA]) } });
    render(<BurnoutTab />);
    expect(await screen.findByText('У 1 менеджера признаки перегрузки')).toBeTruthy();
    expect(screen.getByText('6 рабочих дней подряд на лимите')).toBeTruthy();
    expect(screen.getByText('после работы 3 дня подряд')).toBeTruthy();
    expect(screen.getByText('Перегрузки нет')).toBeTruthy();
  });

  it("shows the API's answer when it refuses", async () => {
    fakeApi({
      'GET /api/burnout': {
        status: 400,
        body: { error: { code: 'VALIDATION_FAILED', message: 'to must not be before from', details: [] } },
      },
    });
    render(<BurnoutTab />);
    expect((await screen.findByRole('alert')).textContent).toBe('to must not be before from');
  });
});
