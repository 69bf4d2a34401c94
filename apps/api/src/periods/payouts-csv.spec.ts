import type { PayoutView } from '@leaderboard/contracts';
import { csvField, formatMinor, payoutsCsv } from './payouts-csv.js';

function payout(overrides: Partial<PayoutView>): PayoutView {
  return {
    id: 'p',
    periodKey: '2026-10',
    repId: 'r',
    repKey: 'anna',
    name: 'Анна',
    tier: 'Gold',
    milliPoints: 0,
    points: 0,
    rank: 1,
    amount: 0,
    currency: 'RUB',
    lineItems: [],
    status: 'pending',
    approvalsRequired: 1,
    approvals: [],
    ...overrides,
  };
}

describe('payroll CSV', () => {
  it('formats minor units in the currency named: two digits for RUB, none for JPY, signs kept', () => {
    expect(formatMinor(4_000_000, 'RUB')).toBe('40000.00');
    expect(formatMinor(5, 'EUR')).toBe('0.05');
    expect(formatMinor(-11_850_000, 'RUB')).toBe('-118500.00');
    expect(formatMinor(1500, 'JPY')).toBe('1500');
    expect(formatMinor(9_007_199_254_740_991, 'USD')).toBe('90071992547409.91');
  });

  it('quotes commas, quotes and line breaks, and neutralises formulas in names only', () => {
    expect(csvField('Ivanov, Boris')).toBe('"Ivanov, Boris"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('-500', false)).toBe('-500');
  });

  it('one line per payout with status and approvals, CRLF, a byte-order mark', () => {
    const csv = payoutsCsv([
      payout({ amount: 4_150_000, status: 'approved', approvalsRequired: 1, approvals: [approval()] }),
      payout({ repKey: 'boris', name: '@boris', tier: null, amount: -25_050 }),
    ]);
    expect(csv).toBe(
      '\uFEFFperiod,rep_key,rep_name,tier,status,approvals,currency,amount_minor,amount\r\n' +
        '2026-10,anna,Анна,Gold,approved,1/1,RUB,4150000,41500.00\r\n' +
        "2026-10,boris,'@boris,,pending,0/1,RUB,-25050,-250.50\r\n",
    );
  });
});

function approval() {
  return { userId: 'u', name: 'm@example.com', role: 'manager', at: '2026-11-02T10:00:00.000Z' };
}
