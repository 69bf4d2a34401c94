import { detectLocale, translate, useLocaleStore } from './i18n.js';
import { formatMoney, formatPoints, formatRange, formatTime } from './format.js';

const nbsp = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('i18n', () => {
  it('takes the first browser language it speaks, else Russian', () => {
    expect(detectLocale(['de-DE', 'en-GB', 'ru'])).toBe('en');
    expect(detectLocale(['ru-RU'])).toBe('ru');
    expect(detectLocale(['fr-FR'])).toBe('ru');
  });

  it('fills parameters and picks Russian plural forms', () => {
    expect(translate('en', 'board.asOf', { time: '14:05' })).toBe('as of 14:05');
    expect(translate('ru', 'board.more', { count: 1 })).toBe('и ещё 1 менеджер');
    expect(translate('ru', 'board.more', { count: 3 })).toBe('и ещё 3 менеджера');
    expect(translate('ru', 'board.more', { count: 5 })).toBe('и ещё 5 менеджеров');
    expect(translate('en', 'board.more', { count: 5 })).toBe('and 5 more reps');
  });

  it('remembers the switch on this device', () => {
    useLocaleStore.getState().setLocale('ru');
    expect(useLocaleStore.getState().locale).toBe('ru');
    expect(window.localStorage.getItem('leaderboard.locale')).toBe('ru');
  });
});

describe('formatting through Intl', () => {
  it('formats minor units of the org currency', () => {
    expect(nbsp(formatMoney('ru', 1_500_000_00, 'RUB'))).toBe('1 500 000 ₽');
    expect(nbsp(formatMoney('en', 1_234_56, 'RUB'))).toBe('RUB 1,234.56');
    expect(nbsp(formatMoney('en', 500, 'JPY'))).toBe('¥500');
  });

  it('formats points and times in the org time zone', () => {
    expect(nbsp(formatPoints('ru', 12345))).toBe('12 345');
    expect(formatTime('en', '2026-11-25T09:05:00Z', 'Europe/Moscow')).toBe('12:05');
    expect(
      nbsp(formatRange('en', '2026-10-31T21:00:00Z', '2026-11-30T21:00:00Z', 'Europe/Moscow', 'month')),
    ).toBe('November 2026');
  });
});
