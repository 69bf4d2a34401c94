import { relativeTime } from './relative-time.js';

const NOW = Date.parse('2026-12-04T12:00:00Z');

describe('relativeTime', () => {
  it('says how long ago, in the unit that reads best, in both languages', () => {
    expect(relativeTime('en', '2026-12-04T11:55:00Z', NOW)).toBe('5 minutes ago');
    expect(relativeTime('ru', '2026-12-04T11:55:00Z', NOW)).toBe('5 минут назад');
    expect(relativeTime('en', '2026-12-04T09:00:00Z', NOW)).toBe('3 hours ago');
    expect(relativeTime('en', '2026-12-02T12:00:00Z', NOW)).toBe('2 days ago');
    expect(relativeTime('en', '2026-12-04T12:00:00Z', NOW)).toBe('now');
  });
});
