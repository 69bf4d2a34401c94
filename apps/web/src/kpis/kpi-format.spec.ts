import type { KpiBenchmark, KpiValue } from '@leaderboard/contracts';
import {
  benchmarkNote,
  benchmarkValueText,
  formatDuration,
  formatKpiValue,
  kpiName,
  outcomeText,
  periodLabel,
  reasonText,
  scalarOf,
  withScalar,
} from './kpi-format.js';

/** Intl groups with no-break spaces; the tests compare with plain ones. */
const plain = (text: string): string => text.replace(/\s/g, ' ');

describe('KPI values in words', () => {
  it('shows counts grouped, basis points as percentages with up to two decimals', () => {
    expect(formatKpiValue('en', { kind: 'count', count: 1234 })).toBe('1,234');
    expect(plain(formatKpiValue('ru', { kind: 'count', count: 1234 }))).toBe('1 234');
    // 1234 bp = 12.34 %; -750 bp = -7.5 %; 10000 bp = 100 %.
    expect(formatKpiValue('en', { kind: 'percent', bp: 1234 })).toBe('12.34%');
    expect(formatKpiValue('en', { kind: 'percent', bp: -750 })).toBe('-7.5%');
    expect(formatKpiValue('en', { kind: 'percent', bp: 10_000 })).toBe('100%');
    expect(plain(formatKpiValue('ru', { kind: 'percent', bp: 1234 }))).toBe('12,34 %');
  });

  it('shows minor units as money in their own currency', () => {
    // 15,000,000 kopecks = 150,000 roubles; 1,250,050 kopecks = 12,500.50; 999 cents = $9.99.
    expect(plain(formatKpiValue('en', { kind: 'money', amount: 15_000_000, currency: 'RUB' }))).toBe(
      'RUB 150,000',
    );
    expect(plain(formatKpiValue('en', { kind: 'money', amount: 1_250_050, currency: 'RUB' }))).toBe(
      'RUB 12,500.50',
    );
    expect(formatKpiValue('en', { kind: 'money', amount: 999, currency: 'USD' })).toBe('$9.99');
    expect(plain(formatKpiValue('ru', { kind: 'money', amount: 15_000_000, currency: 'RUB' }))).toBe(
      '150 000 ₽',
    );
  });

  it('shows seconds in the two largest units that are not zero', () => {
    expect(formatDuration('en', 45)).toBe('45 sec');
    expect(formatDuration('en', 270)).toBe('4 min 30 sec'); // 4 x 60 + 30
    expect(formatDuration('en', 3_600)).toBe('1 hr');
    expect(formatDuration('en', 3_605)).toBe('1 hr'); // the seconds are below the two largest units
    expect(formatDuration('en', 90_061)).toBe('1 day 1 hr'); // 86,400 + 3,600 + 60 + 1
    expect(formatDuration('en', 0)).toBe('0 sec');
    expect(formatKpiValue('en', { kind: 'duration', seconds: 900 })).toBe('15 min');
    expect(plain(formatKpiValue('ru', { kind: 'duration', seconds: 270 }))).toBe('4 мин 30 с');
  });

  it('shows per-day rates from thousandths, points with the rank', () => {
    expect(formatKpiValue('en', { kind: 'rate', milli: 2500 })).toBe('2.5 a day');
    expect(formatKpiValue('ru', { kind: 'rate', milli: 2500 })).toBe('2,5 в день');
    expect(formatKpiValue('en', { kind: 'points', points: 1240, milliPoints: 1_240_000, rank: 3 })).toBe(
      '1,240 pts, #3',
    );
    expect(formatKpiValue('en', { kind: 'points', points: 1240, milliPoints: 1_240_000, rank: null })).toBe(
      '1,240 pts',
    );
  });

  it('lists a breakdown item by item, an unknown key and a null item in words', () => {
    const value: KpiValue = {
      kind: 'breakdown',
      items: [
        {
          key: 'call',
          count: 2,
          value: { kind: 'money', amount: 15_000_000, currency: 'RUB' },
          reason: null,
        },
        { key: 'unknown', count: 1, value: null, reason: 'MIXED_CURRENCIES' },
      ],
    };
    expect(plain(formatKpiValue('en', value, 'salesByChannel'))).toBe(
      'call: RUB 150,000 · not stated: mixed currencies',
    );
  });
});

describe('KPI null reasons', () => {
  it('says why a KPI has no value, naming the input a KPI needs', () => {
    expect(reasonText('en', 'cac', 'MISSING_INPUT')).toBe('needs spend entered');
    expect(reasonText('en', 'quotaAttainment', 'MISSING_INPUT')).toBe('needs a target');
    expect(reasonText('en', 'avgProfitMargin', 'MISSING_INPUT')).toBe('needs direct costs entered');
    expect(reasonText('en', 'leadConversion', 'ZERO_DENOMINATOR')).toBe('no denominator');
    expect(reasonText('en', 'avgPurchaseValue', 'NO_DATA')).toBe('no data');
    expect(reasonText('en', 'pipelineValue', 'MIXED_CURRENCIES')).toBe('mixed currencies');
    expect(reasonText('en', 'cac', 'NOT_APPLICABLE')).toBe('not for this scope');
    expect(reasonText('ru', 'cac', 'MISSING_INPUT')).toBe('нужно ввести расходы');
    expect(reasonText('ru', 'avgPurchaseValue', 'NO_DATA')).toBe('нет данных');
  });

  it('gives the value or the reason, never NaN', () => {
    expect(outcomeText('en', 'churnRate', { value: null, reason: 'ZERO_DENOMINATOR' })).toBe(
      'no denominator',
    );
    expect(outcomeText('en', 'churnRate', { value: { kind: 'percent', bp: 500 }, reason: null })).toBe('5%');
  });
});

describe('KPI names, benchmarks and periods', () => {
  it('names every KPI in both languages', () => {
    expect(kpiName('en', 'avgPurchaseValue')).toBe('Average purchase value');
    expect(kpiName('ru', 'avgPurchaseValue')).toBe('Средний чек');
  });

  it('shows a SPEC benchmark with its direction and where it comes from', () => {
    const open: KpiBenchmark = {
      id: 'cold-email-open',
      op: 'gte',
      value: { kind: 'percent', bp: 3000 },
      note: 'Cold e-mail 30/30/50: at least 30% opened',
    };
    const speed: KpiBenchmark = {
      id: 'speed-to-lead',
      op: 'lte',
      value: { kind: 'duration', seconds: 900 },
      note: 'Leads answered within 15 minutes convert several times better',
    };
    expect(benchmarkValueText('en', open)).toBe('≥ 30%');
    expect(benchmarkValueText('en', speed)).toBe('≤ 15 min');
    expect(benchmarkNote('en', open)).toBe('cold e-mail 30/30/50: at least 30% opened');
    expect(benchmarkNote('ru', speed)).toBe('лиды с ответом за 15 минут конвертируются в разы лучше');
  });

  it('labels periods on a chart axis in the org time zone', () => {
    // 1 November 2026, Moscow midnight, is 31 October 21:00 UTC.
    const november = {
      periodKey: '2026-11',
      from: '2026-10-31T21:00:00.000Z',
      to: '2026-11-30T21:00:00.000Z',
    };
    expect(periodLabel('en', 'month', november, 'Europe/Moscow')).toBe('Nov 2026');
    expect(periodLabel('en', 'month', november, 'UTC')).toBe('Oct 2026');
    const q4 = { periodKey: '2026-Q4', from: '2026-09-30T21:00:00.000Z', to: '2026-12-31T21:00:00.000Z' };
    expect(periodLabel('en', 'quarter', q4, 'Europe/Moscow')).toBe('Q4 2026');
    const week = {
      periodKey: '2026-11-16',
      from: '2026-11-15T21:00:00.000Z',
      to: '2026-11-22T21:00:00.000Z',
    };
    expect(periodLabel('en', 'week', week, 'Europe/Moscow')).toBe('Nov 16');
  });

  it('plots the integers the API sends and formats ticks of the same kind', () => {
    const money: KpiValue = { kind: 'money', amount: 250_000, currency: 'USD' };
    expect(scalarOf(money)).toBe(250_000);
    expect(withScalar(money, 100_000)).toEqual({ kind: 'money', amount: 100_000, currency: 'USD' });
    expect(scalarOf({ kind: 'percent', bp: 1234 })).toBe(1234);
    expect(scalarOf({ kind: 'breakdown', items: [] })).toBeNull();
    expect(scalarOf(null)).toBeNull();
  });
});
