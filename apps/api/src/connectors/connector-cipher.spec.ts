import { ConnectorCipher, sameSecret } from './connector-cipher.js';

describe('ConnectorCipher', () => {
  const cipher = new ConnectorCipher({ connectorKey: Buffer.alloc(32, 1) });
  const credentials = { secret: 'url-secret', values: { clientSecret: 'hubspot-secret' } };

  it('opens what it sealed, and the stored bytes do not hold the plaintext', () => {
    const sealed = cipher.seal(credentials);
    expect(cipher.open(sealed)).toEqual(credentials);
    expect(sealed.data.toString('latin1')).not.toContain('hubspot-secret');
    expect(cipher.seal(credentials).iv).not.toEqual(sealed.iv);
  });

  it('refuses ciphertext that was altered or sealed with another key', () => {
    const sealed = cipher.seal(credentials);
    const altered = { ...sealed, data: Buffer.from(sealed.data) };
    altered.data[0] ^= 1;
    expect(() => cipher.open(altered)).toThrow();
    expect(() => new ConnectorCipher({ connectorKey: Buffer.alloc(32, 2) }).open(sealed)).toThrow();
  });
});

describe('sameSecret', () => {
  it('is true only for the same text', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abd', 'abc')).toBe(false);
    expect(sameSecret('ab', 'abc')).toBe(false);
  });
});
