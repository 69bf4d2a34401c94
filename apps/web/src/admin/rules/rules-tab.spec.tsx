import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { PreviewResponse, RuleSetView } from '@leaderboard/contracts';
import { useSessionStore } from '../../session/session-store.js';
import { fakeApi } from '../../test-support/fake-api.js';
import { RulesTab } from './rules-tab.js';
import { SPEC_EXAMPLE } from '../../test-support/spec-example.js';

const PUBLISHED: RuleSetView = {
  id: '11111111-1111-4111-8111-111111111111',
  version: 1,
  status: 'published',
  document: SPEC_EXAMPLE,
  effectiveFrom: '1970-01-01T00:00:00.000Z',
  publishedAt: '2026-11-01T00:00:00.000Z',
  createdAt: '2026-11-01T00:00:00.000Z',
};

const DRAFT: RuleSetView = {
  ...PUBLISHED,
  id: '22222222-2222-4222-8222-222222222222',
  version: null,
  status: 'draft',
  effectiveFrom: null,
  publishedAt: null,
  createdAt: '2026-11-28T10:00:00.000Z',
};

const PREVIEW: PreviewResponse = {
  from: '2026-11-01T00:00:00.000Z',
  to: '2026-11-29T00:00:00.000Z',
  currency: 'RUB',
  rows: [
    {
      repId: 'r1',
      name: 'Анна Смирнова',
      now: { points: 5200, milliPoints: 5200000, rank: 1, tier: 'Silver', payout: 1500000 },
      draft: { points: 4100, milliPoints: 4100000, rank: 2, tier: 'Bronze', payout: 500000 },
    },
    {
      repId: 'r2',
      name: 'Bob Stone',
      now: { points: 4800, milliPoints: 4800000, rank: 2, tier: 'Bronze', payout: 500000 },
      draft: { points: 4800, milliPoints: 4800000, rank: 1, tier: 'Bronze', payout: 500000 },
    },
  ],
};

function signIn() {
  useSessionStore.setState({
    token: 'tok',
    user: { id: 'u1', email: 'boss@example.com', role: 'manager', repId: null },
  });
}

const ok = { status: 200, body: { ok: true, problems: [] } };

describe('rule set editor', () => {
  it('opens the version in effect and shows a validation problem next to its field', async () => {
    signIn();
    const calls = fakeApi({
      'GET /api/rulesets': { status: 200, body: [DRAFT, PUBLISHED] },
      'POST /api/rulesets/validate': (body) => {
        const points = (body as { document: { rules: { call: { points: unknown } } } }).document.rules.call
          .points;
        return typeof points === 'number'
          ? ok
          : {
              status: 200,
              body: { ok: false, problems: [{ path: 'rules.call.points', message: 'must be a number' }] },
            };
      },
    });
    render(<RulesTab />);
    const call = await screen.findByRole('article', { name: /Call/ });
    const points = within(call).getByLabelText('Points');
    expect((points as HTMLInputElement).value).toBe('10');
    fireEvent.change(points, { target: { value: 'ten' } });

    const field = call.querySelector('[data-path="rules.call.points"]') as HTMLElement;
    await waitFor(() => expect(within(field).getByText('must be a number')).toBeTruthy());
    expect(points.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('status', { name: '' }).textContent).toBe('1 problem');
    const validated = calls.filter((c) => c.key === 'POST /api/rulesets/validate');
    expect(validated.at(-1)?.body).toMatchObject({ document: { rules: { call: { points: 'ten' } } } });
  });

  it('keeps JSON and form in step and lists problems by path in JSON mode', async () => {
    signIn();
    fakeApi({
      'GET /api/rulesets': { status: 200, body: [PUBLISHED] },
      'POST /api/rulesets/validate': {
        status: 200,
        body: { ok: false, problems: [{ path: 'tiers[0].payout', message: 'must be >= 0' }] },
      },
    });
    render(<RulesTab />);
    await screen.findByRole('article', { name: /Call/ });
    fireEvent.change(within(screen.getByRole('article', { name: 'Bronze' })).getByLabelText('Payout (RUB)'), {
      target: { value: '-1' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'JSON' }));
    const json = screen.getByLabelText('Rule set as JSON') as HTMLTextAreaElement;
    expect(JSON.parse(json.value).tiers[0].payout).toBe(-100);
    const problems = await screen.findByRole('list', { name: 'Problems' });
    expect(problems.textContent).toBe('tiers[0].payout: must be >= 0');

    const edited = { ...SPEC_EXAMPLE, name: 'Q4 push' };
    fireEvent.change(json, { target: { value: JSON.stringify(edited) } });
    fireEvent.click(screen.getByRole('button', { name: 'Form' }));
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('Q4 push');
  });

  it('previews a saved draft against past weeks and highlights what changes', async () => {
    signIn();
    const calls = fakeApi({
      'GET /api/rulesets': { status: 200, body: [DRAFT, PUBLISHED] },
      'POST /api/rulesets/validate': ok,
      [`POST /api/rulesets/${DRAFT.id}/preview`]: { status: 200, body: PREVIEW },
    });
    render(<RulesTab />);
    await screen.findByRole('article', { name: /Call/ });
    fireEvent.change(screen.getByLabelText('Version'), { target: { value: DRAFT.id } });
    fireEvent.click(screen.getByRole('button', { name: 'Preview' }));

    const table = await screen.findByRole('table');
    const preview = calls.find((c) => c.key.endsWith('/preview'));
    const window = preview?.body as { from: string; to: string };
    expect((Date.parse(window.to) - Date.parse(window.from)) / 86_400_000).toBe(28);
    // Whole days of the org's calendar (Moscow midnight is 21:00 UTC).
    expect(window.from).toMatch(/T21:00:00\.000Z$/);
    const rows = within(table).getAllByRole('row').slice(1);
    // Sorted by the draft's ranks: Bob moves to first.
    expect(rows[0].textContent).toContain('Bob Stone');
    expect(rows[0].className).toBe('has-change');
    const anna = rows[1];
    expect(anna.textContent).toContain('5,200 → 4,100');
    expect(anna.textContent).toContain('Silver → Bronze');
    expect(anna.textContent).toMatch(/RUB\s?15,000 → RUB\s?5,000/);
    expect(anna.querySelectorAll('.is-changed')).toHaveLength(4);
    expect(screen.getByText(/2 reps change, 1 change tier/)).toBeTruthy();
  });

  it('saves edits to a published version as a new draft, then publishes it with effectiveFrom', async () => {
    signIn();
    const saved: RuleSetView = { ...DRAFT, document: { ...SPEC_EXAMPLE, name: 'Q4' } };
    const calls = fakeApi({
      'GET /api/rulesets': { status: 200, body: [PUBLISHED] },
      'POST /api/rulesets/validate': ok,
      'POST /api/rulesets': { status: 201, body: saved },
      [`POST /api/rulesets/${DRAFT.id}/publish`]: {
        status: 200,
        body: { ...saved, status: 'published', version: 2, effectiveFrom: '2026-12-01T00:00:00.000Z' },
      },
    });
    render(<RulesTab />);
    fireEvent.change(await screen.findByLabelText('Name'), { target: { value: 'Q4' } });
    await waitFor(() => expect(screen.getByText('No problems')).toBeTruthy());

    const when = screen.getByLabelText('Effective from');
    fireEvent.change(when, { target: { value: '2020-01-01T09:00' } });
    expect(screen.getByText(/This is in the past: every event since/)).toBeTruthy();
    fireEvent.change(when, { target: { value: '2099-12-01T00:00' } });
    expect(screen.queryByText(/This is in the past/)).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Publish…' }));
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Yes, publish' }));
    });
    await waitFor(() => expect(calls.some((c) => c.key.endsWith('/publish'))).toBe(true));
    const create = calls.find((c) => c.key === 'POST /api/rulesets');
    expect(create?.body).toMatchObject({ document: { name: 'Q4' } });
    const publish = calls.find((c) => c.key.endsWith('/publish'));
    // Midnight in the org's time zone (Moscow, UTC+3), whatever the browser's.
    expect(publish?.body).toEqual({ effectiveFrom: '2099-11-30T21:00:00.000Z' });
    expect(await screen.findByText('Published.')).toBeTruthy();
  });
});
