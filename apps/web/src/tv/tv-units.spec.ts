import { initialsOf } from './avatar.js';
import { readDisplayToken, takeDisplayToken } from './display-token.js';
import { rowsThatFit } from './layout.js';
import { parseRotation } from './rotation.js';

describe('parseRotation', () => {
  it('rotates through the listed periods every N seconds', () => {
    expect(parseRotation('?rotate=today,week,month&every=30')).toEqual({
      boards: [{ period: 'today' }, { period: 'week' }, { period: 'month' }],
      everyMs: 30_000,
    });
  });

  it('takes teams per item or for all, and ignores what it does not know', () => {
    expect(parseRotation('?rotate=week:t1,month,bogus,month&team=t2').boards).toEqual([
      { period: 'week', team: 't1' },
      { period: 'month', team: 't2' },
    ]);
  });

  it('takes any board scope per item or for all: most improved, tenure brackets, teams', () => {
    expect(
      parseRotation('?rotate=month:improved,month:tenure:0-3m,week:team:t9,month:all,quarter').boards,
    ).toEqual([
      { period: 'month', scope: 'improved' },
      { period: 'month', scope: 'tenure:0-3m' },
      { period: 'week', team: 't9' },
      { period: 'month' },
      { period: 'quarter' },
    ]);
    expect(parseRotation('?rotate=today,month&scope=tenure:2y-plus').boards).toEqual([
      { period: 'today', scope: 'tenure:2y-plus' },
      { period: 'month', scope: 'tenure:2y-plus' },
    ]);
    expect(parseRotation('?period=week&scope=improved').boards).toEqual([
      { period: 'week', scope: 'improved' },
    ]);
  });

  it('shows one board by default, the month, and never rotates faster than every 5 s', () => {
    expect(parseRotation('')).toEqual({ boards: [{ period: 'month' }], everyMs: 30_000 });
    expect(parseRotation('?period=today&every=1')).toEqual({ boards: [{ period: 'today' }], everyMs: 5_000 });
  });
});

describe('rowsThatFit', () => {
  it('fits the same rows at 1920x1080 and 3840x2160', () => {
    expect(rowsThatFit(1920, 1080, 5)).toEqual({ visible: 5, strip: false });
    expect(rowsThatFit(1920, 1080, 40)).toEqual(rowsThatFit(3840, 2160, 40));
    const fit = rowsThatFit(1920, 1080, 40);
    expect(fit.strip).toBe(true);
    expect(fit.visible).toBeGreaterThanOrEqual(7);
  });
});

describe('initialsOf', () => {
  it('takes the first letter of the first and last word, in any script', () => {
    expect(initialsOf('Анна Петрова')).toBe('АП');
    expect(initialsOf('José María López')).toBe('JL');
    expect(initialsOf('  madonna ')).toBe('M');
    expect(initialsOf('王 小明')).toBe('王小');
    expect(initialsOf('')).toBe('?');
  });
});

describe('readDisplayToken', () => {
  it('remembers the token from the URL, so a reload without it still works', () => {
    expect(readDisplayToken('?token=abc', window.localStorage)).toBe('abc');
    expect(readDisplayToken('', window.localStorage)).toBe('abc');
    expect(readDisplayToken('?token=def', window.localStorage)).toBe('def');
    window.localStorage.clear();
    expect(readDisplayToken('', window.localStorage)).toBeNull();
  });
});

describe('takeDisplayToken', () => {
  it('takes the token out of the address bar once remembered, keeping the other parameters', () => {
    window.history.replaceState({ kept: 1 }, '', '/tv?period=week&token=dsp_secret&lang=ru#x');
    const before = window.history.length;
    expect(takeDisplayToken(window, window.localStorage)).toBe('dsp_secret');
    expect(window.location.pathname + window.location.search + window.location.hash).toBe(
      '/tv?period=week&lang=ru#x',
    );
    expect(window.history.state).toEqual({ kept: 1 });
    // Replaced, not pushed: no history entry holds the token.
    expect(window.history.length).toBe(before);
    // A reload (or a second call) finds it remembered.
    expect(takeDisplayToken(window, window.localStorage)).toBe('dsp_secret');
    expect(window.location.search).toBe('?period=week&lang=ru');
  });

  it('leaves the token in the URL when the device cannot remember it, so a reload still works', () => {
    window.history.replaceState(null, '', '/tv?token=dsp_secret');
    const broken = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(takeDisplayToken(window, broken)).toBe('dsp_secret');
    expect(window.location.search).toBe('?token=dsp_secret');
    window.history.replaceState(null, '', '/tv');
    expect(takeDisplayToken(window, window.localStorage)).toBeNull();
  });
});
