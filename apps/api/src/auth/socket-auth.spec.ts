import { tokenFromHandshake } from './socket-auth.js';

describe('tokenFromHandshake', () => {
  it.each([
    ['auth.token', { auth: { token: 'dsp_abc' } }, 'dsp_abc'],
    ['auth.token with a Bearer-less JWT', { auth: { token: ' eyJ.a.b ' } }, 'eyJ.a.b'],
    [
      'auth.token wins over the header',
      { auth: { token: 'a' }, headers: { authorization: 'Bearer b' } },
      'a',
    ],
    ['Authorization header', { headers: { authorization: 'Bearer int_x' } }, 'int_x'],
    [
      'empty auth.token falls back to the header',
      { auth: { token: '' }, headers: { authorization: 'Bearer c' } },
      'c',
    ],
    ['non-string auth.token', { auth: { token: 42 } }, null],
    ['nothing', {}, null],
  ])('%s', (_label, handshake, expected) => {
    expect(tokenFromHandshake(handshake)).toBe(expected);
  });
});
