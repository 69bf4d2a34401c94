import type { CapUsage, TierShortfall } from '@leaderboard/contracts';
import { row } from '../test-support/fake-socket.js';
import { windowAround } from './around-me.js';
import { newestFirst } from './me-line-items.js';
import { capMeterText, lineItemText, shortfallText } from './texts.js';
import { lineItem as item } from '../test-support/line-item.js';

const rows = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((id, i) =>
  row(id, id.toUpperCase(), 100 - i, { rank: i + 1 }),
);
const ids = (list: readonly { repId: string }[]) => list.map((r) => r.repId).join('');

describe('windowAround', () => {
  it('shows two above, me and two below in the middle of the board', () => {
    expect(ids(windowAround(rows, 'd'))).toBe('bcdef');
  });

  it('shifts the window at the top and at the bottom so it still shows five', () => {
    expect(ids(windowAround(rows, 'a'))).toBe('abcde');
    expect(ids(windowAround(rows, 'b'))).toBe('abcde');
    expect(ids(windowAround(rows, 'g'))).toBe('defgh');
    expect(ids(windowAround(rows, 'h'))).toBe('defgh');
  });

  it('shows the whole board when it is short, and nothing when I am not on it', () => {
    expect(ids(windowAround(rows.slice(0, 3), 'c'))).toBe('abc');
    expect(windowAround(rows, 'zz')).toEqual([]);
  });
});

const points = (more: number): TierShortfall => ({
  what: 'points',
  have: 8_760_000,
  need: { gte: 10_000_000 },
  more,
});
const deals = (have: number, need: number): TierShortfall => ({
  what: 'dealsWon',
  have,
  need: { gte: need },
  more: need - have,
});
const conversion = (have: number | null): TierShortfall => ({
  what: 'leadConversionPct',
  have,
  need: { gte: 15 },
  more: null,
});

describe('shortfallText', () => {
  it('says what is missing in English, with plural forms', () => {
    expect(shortfallText('en', points(1_240_000))).toBe('1,240 points');
    expect(shortfallText('en', points(1_000))).toBe('1 point');
    expect(shortfallText('en', points(400))).toBe('1 point'); // a fraction still takes one more point
    expect(shortfallText('en', deals(2, 3))).toBe('1 more won deal');
    expect(shortfallText('en', deals(1, 3))).toBe('2 more won deals');
    expect(shortfallText('en', conversion(10))).toBe('lead conversion 10% of 15%');
    expect(shortfallText('en', conversion(12.345))).toBe('lead conversion 12.3% of 15%');
    expect(shortfallText('en', conversion(null))).toBe('no leads yet');
    expect(shortfallText('en', { what: 'demosHeld', have: 0, need: { gte: 2 }, more: 2 })).toBe(
      '2 more demos held',
    );
  });

  it('says it in Russian, with the three plural forms', () => {
    expect(shortfallText('ru', points(1_240_000))).toBe('ещё 1\u00a0240 очков');
    expect(shortfallText('ru', points(21_000))).toBe('ещё 21 очко');
    expect(shortfallText('ru', points(3_000))).toBe('ещё 3 очка');
    expect(shortfallText('ru', deals(2, 3))).toBe('ещё 1 выигранная сделка');
    expect(shortfallText('ru', deals(1, 3))).toBe('ещё 2 выигранные сделки');
    expect(shortfallText('ru', deals(0, 5))).toBe('ещё 5 выигранных сделок');
    expect(shortfallText('ru', conversion(10))).toBe('конверсия лидов 10\u00a0% из 15\u00a0%');
    expect(shortfallText('ru', conversion(null))).toBe('пока нет лидов');
    expect(shortfallText('ru', { what: 'callsConnected', have: 8, need: { gte: 10 }, more: 2 })).toBe(
      'ещё 2 состоявшихся звонка',
    );
  });

  it('reads an unusual gate as "what: have of need"', () => {
    expect(shortfallText('en', { what: 'dealsWon', have: 4, need: { lte: 2 }, more: null })).toBe(
      'won deals: 4 of 2',
    );
  });
});

const cap = (used: number, reached = false): CapUsage => ({
  category: 'calls',
  day: '2026-11-25',
  capMilliPoints: 300_000,
  usedMilliPoints: used,
  reached,
});

describe('capMeterText', () => {
  it('shows used of cap in points until the cap is reached', () => {
    expect(capMeterText('en', cap(120_500))).toBe('calls: 120 of 300 points');
    expect(capMeterText('ru', cap(120_500))).toBe('звонки: 120 из 300 очков');
  });

  it('says the cap is reached and quality counts now', () => {
    expect(capMeterText('en', cap(300_000, true))).toBe('calls: cap reached, quality counts now');
    expect(capMeterText('ru', cap(300_000, true))).toBe(
      'звонки: лимит на сегодня исчерпан, теперь важнее качество',
    );
    expect(capMeterText('en', { ...cap(60_000, true), category: 'chats' })).toBe(
      'chats: cap reached, quality counts now',
    );
  });
});

describe('lineItemText', () => {
  it('explains a short call that earned nothing', () => {
    const short = item({
      factors: [{ rule: 'weights[0]: durationSec lt 30', factor: 0 }],
      reasons: ['durationSec lt 30: x0'],
      milliPoints: 0,
      points: 0,
    });
    expect(lineItemText('en', short)).toBe('Call: under 30 s, 0 points');
    expect(lineItemText('ru', short)).toBe('Звонок: короче 30 с, 0 очков');
  });

  it('names the call length and the deal amount it is about', () => {
    const short = item({
      attributes: { durationSec: 12, outcome: 'connected' },
      factors: [{ rule: 'weights[0]: durationSec lt 30', factor: 0 }],
      milliPoints: 0,
      points: 0,
    });
    expect(lineItemText('en', short)).toBe('Call 12 s: under 30 s, 0 points');
    expect(lineItemText('ru', short)).toBe('Звонок 12 с: короче 30 с, 0 очков');
    const won = item({
      type: 'deal_won',
      cap: null,
      attributes: { amount: 5_000_000, currency: 'RUB' },
      milliPoints: 700_000,
      points: 700,
    });
    expect(lineItemText('en', won)).toMatch(/^Deal won RUB\s?50,000: 700 points$/);
    expect(lineItemText('en', { ...won, attributes: { amount: 5_000_000 } })).toBe('Deal won: 700 points');
  });

  it('names the weights that scaled the points', () => {
    const good = item({
      factors: [{ rule: 'weights[1]: outcome eq connected and scriptFollowed eq true', factor: 1.2 }],
      milliPoints: 12_000,
      points: 12,
    });
    expect(lineItemText('en', good)).toBe('Call: connected, by the script ×1.2, 12 points');
    expect(lineItemText('ru', good)).toBe('Звонок: дозвонились, по скрипту ×1,2, 12 очков');
    const lead = item({
      type: 'lead_responded',
      factors: [{ rule: 'weights[1]: responseMinutes gt 1440', factor: 0.5 }],
      points: 10,
    });
    expect(lineItemText('en', lead)).toBe('Lead answered: answered after 24 h ×0.5, 10 points');
    const late = item({ factors: [{ rule: 'workingHours.outsideFactor', factor: 0 }], points: 0 });
    expect(lineItemText('en', late)).toBe('Call: outside working hours, 0 points');
    const odd = item({ type: 'deal_won', factors: [{ rule: 'weights[0]: region in [EU, US]', factor: 2 }] });
    expect(lineItemText('en', odd)).toBe('Deal won: region ∈ [EU, US] ×2, 10 points');
  });

  it('says when the cap took the points or the event was voided', () => {
    const capped = item({ capped: 10_000, milliPoints: 0, points: 0, reasons: ['cap "calls" reached'] });
    expect(lineItemText('en', capped)).toBe('Call: cap reached, 0 points');
    expect(lineItemText('ru', capped)).toBe('Звонок: лимит исчерпан, 0 очков');
    const voided = item({ type: 'deal_won', voided: true, milliPoints: 0, points: 0, reasons: ['voided'] });
    expect(lineItemText('en', voided)).toBe('Deal won: voided, 0 points');
    expect(lineItemText('ru', voided)).toBe('Сделка выиграна: аннулировано, 0 очков');
    const correction = item({ type: 'void', cap: null, points: 0, reasons: ['voids crm/x0'] });
    expect(lineItemText('en', correction)).toBe('Correction: cancels an earlier event, 0 points');
  });

  it('keeps an unknown type readable', () => {
    expect(lineItemText('en', item({ type: 'webinar', points: 0, reasons: ['no rule for webinar'] }))).toBe(
      'webinar: no points for this kind of event, 0 points',
    );
  });
});

describe('newestFirst', () => {
  it('orders line items newest first', () => {
    const list = newestFirst([
      item({ eventId: 'a', occurredAt: '2026-11-25T09:00:00Z' }),
      item({ eventId: 'b', occurredAt: '2026-11-25T11:00:00Z' }),
      item({ eventId: 'c', occurredAt: '2026-11-25T10:00:00+03:00' }),
    ]);
    expect(list.map((i) => i.eventId)).toEqual(['b', 'a', 'c']);
  });
});
